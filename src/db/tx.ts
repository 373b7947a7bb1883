/**
 * Every write goes through `inTransaction`. On SQL Server it is a plain transaction on a pooled
 * connection. On SQLite, TypeORM shares ONE connection between all callers, so two transactions
 * started at once would nest (the second becomes a savepoint of the first) and a write made while
 * another caller's transaction is open would commit or roll back with it: writes are therefore
 * queued, one transaction at a time, per data source.
 */
import type { DataSource, EntityManager } from 'typeorm';

const queues = new WeakMap<DataSource, Promise<unknown>>();

export function inTransaction<T>(ds: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'mssql') return ds.transaction('READ COMMITTED', work);
  const previous = queues.get(ds) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => ds.transaction(work));
  queues.set(ds, next.catch(() => undefined));
  return next;
}
