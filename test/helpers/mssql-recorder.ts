/**
 * A recording stand-in for the `mssql` package, given to TypeORM's SQL Server driver through the
 * `driver` data-source option. It keeps mssql's real data types, its real JS-value-to-type map
 * (`map` / `getTypeByValue`, which decide how an untyped parameter such as a Date is declared) and
 * ISOLATION_LEVEL; the pool, the transactions and the requests are recorders: every statement is
 * kept with its parameters and the types they were declared with, and answered with a plausible
 * result (no rows, rows affected, new identity values for INSERT ... OUTPUT). Canned rows can be
 * fed by statement pattern. No server is needed; nothing leaves the process.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The parts of the real mssql module this stand-in reads. */
interface MssqlType { declaration: string; (...args: unknown[]): TypeInstance }
interface TypeInstance { type: MssqlType; length?: number | string; scale?: number; precision?: number }
interface MssqlModule {
  getTypeByValue(value: unknown): MssqlType;
  map: { register(js: unknown, sql: unknown): void };
  DateTime2: MssqlType;
  ISOLATION_LEVEL: Record<string, number>;
  [key: string]: unknown;
}
export const realMssql = require('mssql') as MssqlModule;
const { declare } = require('mssql/lib/datatypes') as { declare(type: MssqlType, o: { length?: number | string; scale?: number; precision?: number }): string };

export interface BoundParameter {
  name: string;
  /** The declaration mssql sends for it, e.g. `nvarchar (60)`, `datetime2 (7)`, `datetime`. */
  declared: string;
  /** The bare type name (`nvarchar`, `datetime`, ...). */
  type: string;
  length?: number;
  value: unknown;
}

export interface RecordedStatement {
  sql: string;
  params: BoundParameter[];
  inTransaction: boolean;
  /** Which transaction it ran in: an index into `MssqlRecorder.transactions`, null outside one. */
  transaction: number | null;
}

export type Row = Record<string, unknown>;
/** Answers a statement with rows, or returns undefined to let the next responder (or the default) answer. */
export type Responder = (sql: string, params: BoundParameter[]) => Row[] | undefined;

export interface RecorderOptions {
  database?: string;
  schema?: string;
  /** Tables `hasTable` finds (ISOF's, on a real ISOF database). Tables created while recording are added. */
  presentTables?: Iterable<string>;
  /** Tables whose written rows are remembered and read back (keepRows). */
  keepRows?: string[];
}

const CREATE_TABLE = /^\s*CREATE TABLE\s+(?:"[^"]*"\.)*"([^"]+)"/i;
const DROP_TABLE = /^\s*DROP TABLE\s+(?:"[^"]*"\.)*"([^"]+)"/i;
const OUTPUT_INSERTED = /OUTPUT\s+((?:INSERTED\."[^"]+"(?:,\s*)?)+)/i;

/** Number of row tuples after VALUES at the top level of an INSERT (0 when there is none). */
export function valuesRowCount(sql: string): number {
  const at = sql.search(/\bVALUES\s*\(/i);
  if (at < 0) return 0;
  let depth = 0;
  let rows = 0;
  let quote: string | null = null;
  for (let i = at + 6; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') {
      if (depth === 0) rows++;
      depth++;
    } else if (ch === ')') depth--;
    else if (depth === 0 && ch !== ',' && !/\s/.test(ch)) break;
  }
  return rows;
}

export class MssqlRecorder {
  readonly statements: RecordedStatement[] = [];
  /** Isolation levels transactions were begun with (`undefined` when none was given). */
  readonly transactions: (string | undefined)[] = [];
  readonly present: Set<string>;
  readonly database: string;
  readonly schema: string;
  /** The config TypeORM built the pool with. */
  poolConfig: Record<string, unknown> | undefined;
  private readonly responders: Responder[] = [];
  private readonly migrations: Row[] = [];
  private nextId = 1000;
  /** Rows written to the tables given to keepRows, by table name (see keepRows). */
  private readonly kept = new Map<string, Row[]>();
  /** The module object to pass as the data source's `driver`. */
  readonly driver: MssqlModule;

  constructor(opts: RecorderOptions = {}) {
    this.database = opts.database ?? 'ISOF';
    this.schema = opts.schema ?? 'dbo';
    this.present = new Set([...(opts.presentTables ?? [])].map((t) => t.toUpperCase()));
    this.driver = this.buildModule();
    for (const t of opts.keepRows ?? []) this.keepRows(t);
  }

  /**
   * Rows for statements matching `pattern`, given by column name (`NAZWA`, `shop_id`): each is
   * answered under the statement's own aliases (`"p"."NAZWA" AS "p_NAZWA"`), as TypeORM reads them.
   */
  answerColumns(pattern: RegExp, rows: Row[] | ((sql: string, params: BoundParameter[]) => Row[] | undefined)): void {
    this.answer(pattern, (sql, params) => {
      const found = typeof rows === 'function' ? rows(sql, params) : rows;
      return found && underAliases(sql, found);
    });
  }

  /** Rows for statements matching `pattern` (checked before the built-in answers, most recent first). */
  answer(pattern: RegExp, rows: readonly object[] | ((sql: string, params: BoundParameter[]) => Row[] | undefined)): void {
    this.responders.unshift((sql, params) => (pattern.test(sql) ? (typeof rows === 'function' ? rows(sql, params) : [...rows] as Row[]) : undefined));
  }

  /**
   * Remembers single-row INSERTs into `table` (column values and the new id), applies UPDATEs by id
   * to them, and answers every SELECT from it with those rows, under the SELECT's own aliases. Of a
   * WHERE clause only `"id" = @n` is evaluated: meant for tables that hold a few rows in a test
   * (shops, runs).
   */
  keepRows(table: string): void {
    this.kept.set(table, []);
    this.responders.push((sql, params) => {
      const from = new RegExp(`^SELECT [\\s\\S]*? FROM (?:"[^"]*"\\.)*"${table}" "([^"]+)"`).exec(sql);
      if (!from) return undefined;
      const byId = new RegExp(`"${from[1]!}"\\."id" = @(\\d+)`).exec(sql);
      const id = byId ? params.find((p) => p.name === byId[1])?.value : undefined;
      const rows = this.kept.get(table)!.filter((row) => id === undefined || Number(row.id) === Number(id));
      return underAliases(sql, rows);
    });
  }

  /** `UPDATE "table" SET "c" = @n, ... WHERE ("id" = @k ...)` on a kept table: the SET applied to row k. */
  private applyUpdate(sql: string, params: BoundParameter[]): void {
    const m = /^UPDATE (?:"[^"]*"\.)*"([^"]+)" SET ([\s\S]*?) WHERE \(?"id" = @(\d+)/.exec(sql);
    const rows = m && this.kept.get(m[1]!);
    if (!m || !rows) return;
    const byName = new Map(params.map((p) => [p.name, p.value]));
    const row = rows.find((r) => Number(r.id) === Number(byName.get(m[3]!)));
    if (!row) return;
    for (const set of m[2]!.matchAll(/"([^"]+)" = @(\d+)/g)) row[set[1]!] = byName.get(set[2]!);
  }

  private remember(sql: string, params: BoundParameter[], ids: Row[]): void {
    const m = /INSERT INTO (?:"[^"]*"\.)*"([^"]+)"/.exec(sql);
    const rows = m && this.kept.get(m[1]!);
    if (!m || !rows || ids.length !== 1) return;
    rows.push({ ...ids[0], created_at: new Date(), updated_at: new Date(), ...insertedValues(sql, params) });
  }

  private respond(sql: string, params: BoundParameter[]): { recordset: Row[]; rowsAffected: number[] } {
    this.applyUpdate(sql, params);
    for (const r of this.responders) {
      const rows = r(sql, params);
      if (rows) return { recordset: rows, rowsAffected: [rows.length] };
    }
    const created = CREATE_TABLE.exec(sql);
    if (created) this.present.add(created[1]!.toUpperCase());
    const dropped = DROP_TABLE.exec(sql);
    if (dropped) this.present.delete(dropped[1]!.toUpperCase());
    if (/^SELECT DB_NAME\(\)/.test(sql)) return one({ db_name: this.database });
    if (/^SELECT SCHEMA_NAME\(\)/.test(sql)) return one({ schema_name: this.schema });
    if (/"INFORMATION_SCHEMA"\."TABLES" WHERE "TABLE_NAME" = @0/.test(sql)) {
      const name = String(params[0]?.value ?? '').toUpperCase();
      return this.present.has(name) ? one({ TABLE_NAME: params[0]!.value, TABLE_SCHEMA: params[1]?.value }) : none();
    }
    // TypeORM's loadTables (before ALTER TABLE): the tables present, with no columns loaded.
    if (/^SELECT DISTINCT "TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME" FROM/.test(sql)) {
      const asked = [...sql.matchAll(/"TABLE_SCHEMA" = '([^']*)' AND "TABLE_NAME" = '([^']*)'/g)];
      const rows = asked.filter((m) => this.present.has(m[2]!.toUpperCase()))
        .map((m) => ({ TABLE_CATALOG: this.database, TABLE_SCHEMA: m[1], TABLE_NAME: m[2] }));
      return { recordset: rows, rowsAffected: [rows.length] };
    }
    // The migrations table: remember what was recorded as applied, so that TypeORM sees it applied.
    if (/^INSERT INTO .*"idosell_migrations"/.test(sql)) {
      this.migrations.push({ id: this.migrations.length + 1, timestamp: params[0]?.value, name: params[1]?.value });
      return { recordset: [], rowsAffected: [1] };
    }
    if (/^SELECT \* FROM .*"idosell_migrations"/.test(sql)) return { recordset: [...this.migrations].reverse(), rowsAffected: [this.migrations.length] };
    const output = OUTPUT_INSERTED.exec(sql);
    if (output && /^\s*(?:DECLARE [^;]*;\s*)?INSERT/i.test(sql)) {
      const columns = [...output[1]!.matchAll(/INSERTED\."([^"]+)"/g)].map((m) => m[1]!);
      // A column the INSERT gave a value comes back with it (dry_run, total ...); the others are
      // generated by the server (the identity): a new id each.
      const given = valuesRowCount(sql) <= 1 ? insertedValues(sql, params) : {};
      const rows = Array.from({ length: Math.max(1, valuesRowCount(sql)) }, () => Object.fromEntries(columns.map((c) => [c, c in given ? given[c] : this.nextId++])));
      this.remember(sql, params, rows);
      return { recordset: rows, rowsAffected: [rows.length] };
    }
    if (/^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql)) return { recordset: [], rowsAffected: [Math.max(1, valuesRowCount(sql))] };
    return none();
  }

  private buildModule(): MssqlModule {
    // The classes below are constructed by TypeORM; they reach this recorder through these closures.
    const record = (statement: RecordedStatement) => this.statements.push(statement);
    const respond = (sql: string, params: BoundParameter[]) => this.respond(sql, params);
    const began = (level: string | undefined) => this.transactions.push(level) - 1;
    const pooled = (config: Record<string, unknown>) => { this.poolConfig = config; };
    class Request {
      private readonly params: BoundParameter[] = [];
      constructor(private readonly parent: { inTransaction?: boolean; id?: number }) {}
      /** Same rules as mssql's Request.input: two arguments means the type comes from the value. */
      input(name: string, typeOrValue: unknown, maybeValue?: unknown): this {
        let type: MssqlType | TypeInstance;
        let value: unknown;
        if (arguments.length === 2) {
          value = typeOrValue;
          type = realMssql.getTypeByValue(value);
        } else {
          type = typeOrValue as MssqlType | TypeInstance;
          value = maybeValue;
        }
        const t: TypeInstance = typeof type === 'function' ? type() : type;
        // TypeORM passes a column's length as text ("60", "MAX"): kept as a number, MAX as none.
        const length = t.length === undefined || t.length === null || !/^\d+$/.test(String(t.length)) ? undefined : Number(t.length);
        this.params.push({ name, declared: declare(t.type, t), type: t.type.declaration, length, value: value ?? null });
        return this;
      }
      async query(sql: string) {
        record({ sql, params: this.params, inTransaction: !!this.parent.inTransaction, transaction: this.parent.id ?? null });
        const { recordset, rowsAffected } = respond(sql, this.params);
        return { recordset, recordsets: [recordset], rowsAffected, output: {} };
      }
    }
    class Transaction {
      inTransaction = true;
      id: number | undefined;
      begin(levelOrCb: number | ((e?: Error) => void), cb?: (e?: Error) => void): void {
        const level = typeof levelOrCb === 'number' ? levelName(levelOrCb) : undefined;
        this.id = began(level);
        (typeof levelOrCb === 'function' ? levelOrCb : cb!)();
      }
      commit(cb: (e?: Error) => void): void { cb(); }
      rollback(cb: (e?: Error) => void): void { cb(); }
      request() { return new Request(this); }
    }
    class ConnectionPool {
      constructor(config: Record<string, unknown>) { pooled(config); }
      on(): this { return this; }
      connect(cb?: (err: Error | null) => void): this {
        if (cb) setImmediate(() => cb(null));
        return this;
      }
      close(cb?: (err: Error | null) => void): Promise<void> {
        cb?.(null);
        return Promise.resolve();
      }
      transaction() { return new Transaction(); }
      request() { return new Request({}); }
    }
    const module: MssqlModule = Object.assign(Object.create(null), realMssql, { ConnectionPool, Transaction, Request });
    return module;
  }
}

function levelName(level: number): string | undefined {
  return Object.entries(realMssql.ISOLATION_LEVEL).find(([, v]) => v === level)?.[0];
}
/** The values a single-row INSERT gives its columns by parameter, by column name. */
function insertedValues(sql: string, params: BoundParameter[]): Row {
  const m = /INSERT INTO (?:"[^"]*"\.)*"[^"]+"\s*\(([^)]*)\)[\s\S]*?VALUES \(([^)]*)\)/.exec(sql);
  if (!m) return {};
  const columns = [...m[1]!.matchAll(/"([^"]+)"/g)].map((c) => c[1]!);
  const values = m[2]!.split(',').map((v) => v.trim());
  const byName = new Map(params.map((p) => [p.name, p.value]));
  const row: Row = {};
  columns.forEach((c, i) => {
    const v = values[i];
    if (v?.startsWith('@')) row[c] = byName.get(v.slice(1));
  });
  return row;
}
/** Rows keyed by column name, under the aliases the statement gives the columns (`"x"."COL" AS "alias"`). */
function underAliases(sql: string, rows: Row[]): Row[] {
  const picks = [...sql.matchAll(/"[^"]+"\."([^"]+)" AS "([^"]+)"/g)];
  return rows.map((row) => Object.fromEntries(picks.map((m) => [m[2]!, row[m[1]!] ?? null])));
}
function one(row: Row) { return { recordset: [row], rowsAffected: [1] }; }
function none() { return { recordset: [] as Row[], rowsAffected: [0] }; }
