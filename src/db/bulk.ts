/**
 * Many rows per statement, built from the entities' metadata (so no table or column name is
 * written here) and bound as the driver wants them: `?` on SQLite, typed `@n` parameters on SQL
 * Server (nvarchar, datetime2, decimal(p,s) from the column, not guessed from the JS value).
 *
 * TypeORM's query builder spends more time than the database on a multi-row INSERT or a CASE
 * UPDATE with thousands of parameters; the runs write thousands of item rows and export records,
 * so they go through these. Every statement stays under SQL Server's limits (chunk.ts).
 */
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import { SAFE_PARAMS, chunk, rowsPerInsert } from '../common/chunk.js';

interface Binder {
  bind(column: ColumnMetadata, value: unknown): string;
  params: unknown[];
}

/** SQLite column types whose values bind as they are (no transformer, no conversion by the driver). */
const SQLITE_AS_IS = new Set(['nvarchar', 'varchar', 'text', 'int', 'integer', 'decimal']);
const asIs = new WeakMap<ColumnMetadata, boolean>();

function binder(m: EntityManager): Binder {
  const driver = m.connection.driver as unknown as {
    preparePersistentValue(value: unknown, column: ColumnMetadata): unknown;
    createParameter(name: string, index: number): string;
    parametrizeValue?: (column: ColumnMetadata, value: unknown) => unknown;
  };
  const sqlite = m.connection.options.type === 'better-sqlite3';
  const params: unknown[] = [];
  // Rows of a batch often share one Date (a batch's timestamp): convert it once per column.
  const dates = new Map<ColumnMetadata, { value: Date; prepared: unknown }>();
  const prepare = (column: ColumnMetadata, value: unknown) => {
    if (!(value instanceof Date)) return driver.preparePersistentValue(value, column);
    const seen = dates.get(column);
    if (seen && seen.value.getTime() === value.getTime()) return seen.prepared;
    const prepared = driver.preparePersistentValue(value, column);
    dates.set(column, { value, prepared });
    return prepared;
  };
  // On SQLite a string, number or null of a plain column is bound as it is: the driver's
  // preparation would hand it back unchanged, and thousands of values go through here per run.
  const direct = (column: ColumnMetadata, value: unknown): boolean => {
    if (!sqlite || (value !== null && typeof value !== 'string' && typeof value !== 'number')) return false;
    let plain = asIs.get(column);
    if (plain === undefined) {
      plain = !column.transformer && typeof column.type === 'string' && SQLITE_AS_IS.has(column.type);
      asIs.set(column, plain);
    }
    return plain;
  };
  return {
    params,
    bind(column, value) {
      if (direct(column, value)) params.push(value);
      else {
        const prepared = prepare(column, value);
        params.push(driver.parametrizeValue ? driver.parametrizeValue(column, prepared) : prepared);
      }
      return driver.createParameter(column.propertyName, params.length - 1);
    },
  };
}

function columnsOf(m: EntityManager, target: EntityTarget<ObjectLiteral>, props: string[]): ColumnMetadata[] {
  const meta = m.connection.getMetadata(target);
  return props.map((p) => {
    const c = meta.findColumnWithPropertyName(p);
    if (!c) throw new Error(`${meta.name} has no column for property ${p}`);
    return c;
  });
}

/** "schema.table" escaped part by part. */
function tableName(m: EntityManager, path: string): string {
  return path.split('.').map((part) => m.connection.driver.escape(part)).join('.');
}

/** INSERT ... VALUES (...), (...) of rows that all set the same properties. */
export async function bulkInsert<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, rows: Partial<T>[]): Promise<void> {
  if (!rows.length) return;
  const props = Object.keys(rows[0]!);
  const columns = columnsOf(m, target, props);
  const meta = m.connection.getMetadata(target);
  const esc = (n: string) => m.connection.driver.escape(n);
  const table = tableName(m, meta.tablePath);
  const head = `INSERT INTO ${table} (${columns.map((c) => esc(c.databaseName)).join(', ')}) VALUES `;
  for (const part of chunk(rows, rowsPerInsert(columns.length))) {
    const b = binder(m);
    let sql = head;
    for (let r = 0; r < part.length; r++) {
      const row = part[r] as ObjectLiteral;
      sql += r === 0 ? '(' : ', (';
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) sql += ', ';
        sql += b.bind(columns[c]!, row[columns[c]!.propertyName]);
      }
      sql += ')';
    }
    await m.query(sql, b.params);
  }
}

/**
 * UPDATE ... SET col = CASE key WHEN k1 THEN v1 ... END WHERE key IN (...) AND <fixed>: one
 * statement per chunk of rows, each row setting the same properties by its key.
 */
export async function bulkUpdate<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  key: keyof T & string,
  rows: Partial<T>[],
  fixed: Partial<T> = {},
): Promise<void> {
  if (!rows.length) return;
  const meta = m.connection.getMetadata(target);
  const esc = (n: string) => m.connection.driver.escape(n);
  const [keyColumn] = columnsOf(m, target, [key]);
  const varying = columnsOf(m, target, Object.keys(rows[0]!).filter((p) => p !== key));
  const fixedProps = Object.keys(fixed);
  const fixedColumns = columnsOf(m, target, fixedProps);
  // Each row binds its key once per varying column plus once in the IN list.
  const perRow = 2 * varying.length + 1;
  const size = Math.max(1, Math.floor((SAFE_PARAMS - fixedColumns.length) / perRow));
  for (const part of chunk(rows, Math.min(size, 1000))) {
    const b = binder(m);
    const sets = varying.map((c) => {
      const whens = part.map((r) => `WHEN ${b.bind(keyColumn!, r[key])} THEN ${b.bind(c, (r as ObjectLiteral)[c.propertyName])}`);
      return `${esc(c.databaseName)} = CASE ${esc(keyColumn!.databaseName)} ${whens.join(' ')} END`;
    });
    for (const c of fixedColumns) sets.push(`${esc(c.databaseName)} = ${b.bind(c, (fixed as ObjectLiteral)[c.propertyName])}`);
    const keys = part.map((r) => b.bind(keyColumn!, r[key]));
    await m.query(`UPDATE ${tableName(m, meta.tablePath)} SET ${sets.join(', ')} WHERE ${esc(keyColumn!.databaseName)} IN (${keys.join(', ')})`, b.params);
  }
}
