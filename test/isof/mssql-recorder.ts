/**
 * A minimal stand-in for the `mssql` package, for these tests only (part R of issue 11 builds the full
 * one): TypeORM's `driver` option takes it. It keeps mssql's real module (TYPES, sql.NVarChar ...) and
 * replaces the pool, the transactions and the requests with recorders, so that `initialize()` and the
 * migrations run with no server. `answer` gives the rows a statement returns (none by default).
 */
import { createRequire } from 'node:module';

export interface Recorded {
  sql: string;
  params: unknown[];
}

export type Answer = (sql: string, params: unknown[]) => Record<string, unknown>[] | undefined;

export function mssqlRecorder(answer: Answer = () => undefined) {
  const real = createRequire(import.meta.url)('mssql') as Record<string, unknown>;
  const statements: Recorded[] = [];

  class Transaction {
    begin(_level: unknown, cb?: (err?: Error) => void) { (typeof _level === 'function' ? _level : cb)?.(); }
    commit(cb: (err?: Error) => void) { cb(); }
    rollback(cb: (err?: Error) => void) { cb(); }
  }
  class ConnectionPool {
    constructor(readonly options: unknown) {}
    on() { return this; }
    connect(cb: (err?: Error) => void) { setImmediate(() => cb()); return this; }
    close(cb: (err?: Error) => void) { cb(); }
    transaction() { return new Transaction(); }
  }
  class Request {
    private readonly params: unknown[] = [];
    input(_name: string, typeOrValue: unknown, value?: unknown) { this.params.push(arguments.length > 2 ? value : typeOrValue); }
    async query(sql: string) {
      statements.push({ sql, params: this.params });
      const rows = answer(sql, this.params) ?? [];
      return { recordset: rows, rowsAffected: [rows.length] };
    }
  }
  const driver = Object.assign(Object.create(real) as object, { ConnectionPool, Request, Transaction });
  return { driver, statements };
}
