/**
 * Every write goes through `inTransaction`. On SQL Server it is a plain transaction on a pooled
 * connection. On SQLite, TypeORM shares ONE connection between all callers, so two transactions
 * started at once would nest (the second becomes a savepoint of the first) and a write made while
 * another caller's transaction is open would commit or roll back with it: writes are therefore
 * queued, one transaction at a time, per data source.
 *
 * A transaction that loses a deadlock (SQL Server error 1205: the server rolled it back and says
 * "rerun the transaction"), waits longer than its lock timeout (1222), or finds SQLite's file locked
 * by another process (SQLITE_BUSY) is run again from the start, up to TX_ATTEMPTS times in all, after
 * a short jittered pause so that the two losers of a deadlock do not meet again. So the function
 * passed in MUST be safe to run again: it only works through the manager it is given (everything it
 * wrote was rolled back), and it calls no shop, sends nothing, and changes nothing outside the
 * database that a second run would repeat (a run's `ctx.record(items, m)` goes last in it: it undoes
 * its counts when its own write fails). Any other error, and a failure of the COMMIT, is not retried.
 */
import type { DataSource, EntityManager } from 'typeorm';

/** Attempts of one transaction in all (the first and two retries). */
export const TX_ATTEMPTS = 3;
/** The pause before retry n (1-based) is between base * 2^(n-1) and twice that, in milliseconds. */
const BACKOFF_BASE_MS = 20;

const queues = new WeakMap<DataSource, Promise<unknown>>();

/** SQL Server's "chosen as deadlock victim" and "lock request time out period exceeded". */
const MSSQL_RETRYABLE = new Set([1205, 1222]);
const SQLITE_BUSY = /^SQLITE_(BUSY|LOCKED)/;

/**
 * Whether an error is a lost deadlock or a lock timeout, looking through the wrappers: TypeORM's
 * QueryFailedError keeps the driver's error in `driverError`; mssql's RequestError copies tedious's
 * `number` and keeps tedious's error in `originalError`; some wrap in `cause`.
 */
export function isRetryableLockError(err: unknown): boolean {
  const seen = new Set<unknown>();
  let queue: unknown[] = [err];
  while (queue.length) {
    const next: unknown[] = [];
    for (const e of queue) {
      if (!e || typeof e !== 'object' || seen.has(e)) continue;
      seen.add(e);
      const o = e as { number?: unknown; code?: unknown; message?: unknown; driverError?: unknown; originalError?: unknown; cause?: unknown };
      if (typeof o.number === 'number' && MSSQL_RETRYABLE.has(o.number)) return true;
      if (typeof o.code === 'string' && SQLITE_BUSY.test(o.code)) return true;
      if (typeof o.message === 'string' && /\bdatabase (table )?is locked\b/.test(o.message)) return true;
      next.push(o.driverError, o.originalError, o.cause);
    }
    queue = next;
  }
  return false;
}

const pause = (attempt: number): Promise<void> => {
  const base = BACKOFF_BASE_MS * 2 ** (attempt - 1);
  return new Promise((resolve) => setTimeout(resolve, base + Math.random() * base));
};

/**
 * Runs the transaction, again after a lock error thrown while `work` was running. An error of the
 * COMMIT itself (work had run to its end) is not retried: the caller's in-memory effects (a run's
 * counts, recorded by `ctx.record` as its last statement) would then happen twice.
 */
async function withRetry<T>(begin: (work: (m: EntityManager) => Promise<T>) => Promise<T>, work: (m: EntityManager) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let ranToEnd = false;
    try {
      return await begin(async (m) => {
        const result = await work(m);
        ranToEnd = true;
        return result;
      });
    } catch (err) {
      if (ranToEnd || attempt >= TX_ATTEMPTS || !isRetryableLockError(err)) throw err;
      await pause(attempt);
    }
  }
}

/** Runs `work` in one transaction; see the file comment: `work` must be safe to run again. */
export function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'mssql') return withRetry((w) => ds.transaction('READ COMMITTED', w), work);
  const previous = queues.get(ds) ?? Promise.resolve();
  // The retries happen inside this caller's turn of the queue: nobody else's write slips in between.
  const next = previous.catch(() => undefined).then(() => withRetry((w) => ds.transaction(w), work));
  queues.set(ds, next.catch(() => undefined));
  return next;
}
