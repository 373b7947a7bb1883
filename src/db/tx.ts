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
 *
 * On SQLite a transaction begins IMMEDIATE (it takes the file's write lock at BEGIN), not deferred
 * as TypeORM's BEGIN does: a deferred transaction that reads first and then writes cannot wait for
 * another process's write lock (SQLite answers "database is locked" at once, as waiting could
 * deadlock), so two server instances on one file made a run fail. Taken at BEGIN, the lock is waited
 * for within the busy timeout, and a lost race comes back as what the losing work says (a CONFLICT,
 * a due time already claimed), never as a locked database.
 */
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

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

/** TypeORM's SQLite query runner opens every transaction with this statement (deferred). */
const SQLITE_BEGIN = 'BEGIN TRANSACTION';

/**
 * One SQLite transaction begun with BEGIN IMMEDIATE: TypeORM has no option for it, so this runner's
 * own BEGIN is rewritten (savepoints of nested work and everything else go through unchanged); the
 * rest is what DataSource.transaction does.
 */
async function sqliteImmediate<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const runner: QueryRunner = ds.createQueryRunner();
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, ...rest: unknown[]) =>
    (query as (...a: unknown[]) => Promise<unknown>)(sql === SQLITE_BEGIN ? 'BEGIN IMMEDIATE TRANSACTION' : sql, ...rest)) as QueryRunner['query'];
  try {
    await runner.startTransaction();
    try {
      const result = await work(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    }
  } finally {
    await runner.release();
  }
}

/** Runs `work` in one transaction; see the file comment: `work` must be safe to run again. */
export function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'mssql') return withRetry((w) => ds.transaction('READ COMMITTED', w), work);
  const previous = queues.get(ds) ?? Promise.resolve();
  // The retries happen inside this caller's turn of the queue: nobody else's write slips in between.
  const next = previous.catch(() => undefined).then(() => withRetry((w) => sqliteImmediate(ds, w), work));
  queues.set(ds, next.catch(() => undefined));
  return next;
}
