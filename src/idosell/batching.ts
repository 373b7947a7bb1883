/**
 * IdoSell caps every page and every batch at 100 items. Callers hand over any number of items;
 * these helpers split them into calls, send them a few at a time, and put the per-item answers
 * back in the caller's order.
 */
import type { IdosellClientConfig } from '../config.js';
import { IdosellError, stopsTheRest } from './errors.js';
import { failedBy, type ItemResult } from './results.js';

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

/**
 * Sends batches with at most `concurrency` at once and answers per item in the caller's order. A
 * batch whose call fails gives every item of it that failure; after a failure that would repeat
 * (key refused, shop down), the batches not yet sent are not sent (IDOSELL_NOT_SENT).
 */
export async function runBatches<T, R>(
  items: readonly T[],
  batches: Batch<T>[],
  sendBatch: (batch: T[]) => Promise<ItemResult<R>[]>,
  shop: { shopName: string; config: Pick<IdosellClientConfig, 'concurrency'> },
): Promise<ItemResult<R>[]> {
  const answers: ItemResult<R>[][] = new Array(batches.length);
  let stop: IdosellError | undefined;
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const b = next++;
      const batch = batches[b]!;
      if (stop) {
        const why = stop;
        answers[b] = batch.items.map(() => ({
          ok: false,
          code: 'IDOSELL_NOT_SENT',
          message: `Not sent to shop "${shop.shopName}" because an earlier call failed: ${why.message}`,
          error: why,
        }));
        continue;
      }
      try {
        answers[b] = await sendBatch(batch.items);
      } catch (err) {
        if (!(err instanceof IdosellError)) throw err;
        if (stopsTheRest(err)) stop = err;
        answers[b] = batch.items.map(() => failedBy(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(shop.config.concurrency, batches.length) }, worker));
  return mergeBatchResults(items.length, batches, answers);
}
