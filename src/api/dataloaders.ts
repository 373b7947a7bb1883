/**
 * Helpers for the per-request DataLoaders each feature module declares (its `loaders`). They are
 * built in the context function for every request, never shared across requests (a loader made once
 * would share its cache across callers). Batches are capped so that an IN (...) list stays far below
 * SQL Server's 2,100 parameters.
 */
import DataLoader from 'dataloader';

export const MAX_BATCH = 1000;

export function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Rows by a foreign id: every id gets its list (empty when none). */
export function many<T>(fetch: (ids: readonly number[]) => Promise<T[]>, key: (row: T) => number) {
  return new DataLoader<number, T[]>(async (ids) => {
    const grouped = groupBy(await fetch(ids), key);
    return ids.map((id) => grouped.get(id) ?? []);
  }, { maxBatchSize: MAX_BATCH });
}

/** One row by id, null when there is none. */
export function one<T>(fetch: (ids: readonly number[]) => Promise<T[]>, key: (row: T) => number) {
  return new DataLoader<number, T | null>(async (ids) => {
    const byId = new Map((await fetch(ids)).map((r) => [key(r), r]));
    return ids.map((id) => byId.get(id) ?? null);
  }, { maxBatchSize: MAX_BATCH });
}

/** A whole small table, read once per request and indexed by id. */
export function table<T extends { id: number }>(fetch: () => Promise<T[]>) {
  let pending: Promise<Map<number, T>> | null = null;
  const all = () => (pending ??= fetch().then((rows) => new Map(rows.map((r) => [r.id, r]))));
  return { all: async () => [...(await all()).values()], get: async (id: number) => (await all()).get(id) ?? null };
}
