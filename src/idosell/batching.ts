/**
 * IdoSell caps every page and every batch at 100 items. Callers hand over any number of items;
 * these helpers split them into calls and put the per-item answers back in the caller's order.
 */
export const MAX_ITEMS_PER_CALL = 100;

export interface Batch<T> {
  /** Position of each item of this batch in the caller's list. */
  indexes: number[];
  items: T[];
}

/** Splits `items` into batches of at most `size` (1..100), keeping their order. */
export function toBatches<T>(items: readonly T[], size: number = MAX_ITEMS_PER_CALL): Batch<T>[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_ITEMS_PER_CALL) {
    throw new RangeError(`A batch holds 1 to ${MAX_ITEMS_PER_CALL} items, not ${size}.`);
  }
  const batches: Batch<T>[] = [];
  for (let start = 0; start < items.length; start += size) {
    const slice = items.slice(start, start + size);
    batches.push({ items: slice, indexes: slice.map((_, i) => start + i) });
  }
  return batches;
}

/**
 * Like toBatches, but also keeps each batch's total weight (e.g. bytes of base64 pictures) under
 * `maxWeight`. An item heavier than `maxWeight` on its own travels alone.
 */
export function toWeightedBatches<T>(
  items: readonly T[],
  weight: (item: T) => number,
  maxWeight: number,
  size: number = MAX_ITEMS_PER_CALL,
): Batch<T>[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_ITEMS_PER_CALL) {
    throw new RangeError(`A batch holds 1 to ${MAX_ITEMS_PER_CALL} items, not ${size}.`);
  }
  const batches: Batch<T>[] = [];
  let current: Batch<T> = { items: [], indexes: [] };
  let currentWeight = 0;
  items.forEach((item, index) => {
    const w = weight(item);
    if (current.items.length > 0 && (current.items.length >= size || currentWeight + w > maxWeight)) {
      batches.push(current);
      current = { items: [], indexes: [] };
      currentWeight = 0;
    }
    current.items.push(item);
    current.indexes.push(index);
    currentWeight += w;
  });
  if (current.items.length > 0) batches.push(current);
  return batches;
}

/** Puts the answers of each batch back into one array in the caller's order. */
export function mergeBatchResults<T, R>(total: number, batches: readonly Batch<T>[], results: readonly R[][]): R[] {
  const out = new Array<R>(total);
  const filled = new Array<boolean>(total).fill(false);
  batches.forEach((batch, b) => {
    const answers = results[b];
    if (!answers || answers.length !== batch.items.length) {
      throw new Error(`Batch ${b} has ${answers?.length ?? 0} answers for ${batch.items.length} items.`);
    }
    batch.indexes.forEach((index, i) => {
      out[index] = answers[i]!;
      filled[index] = true;
    });
  });
  const missing = filled.indexOf(false);
  if (missing >= 0) throw new Error(`Item ${missing} has no answer.`);
  return out;
}
