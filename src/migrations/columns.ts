/**
 * Column builders for the migrations. They only shorten `TableColumnOptions`; every type comes
 * from `T` (src/db/column-types.ts), so one migration gives SQL Server nvarchar / datetime2 / bit /
 * varbinary(MAX) / nvarchar(MAX) and SQLite its own equivalents.
 *
 * Defaults are written as SQL literals, the form TypeORM reads back from the database: a string
 * default 'PLN' is `"'PLN'"`, a boolean is `1` / `0`.
 */
import { Table, type QueryRunner, type TableColumnOptions, type TableOptions } from 'typeorm';
import { T } from '../db/column-types.js';

type Extra = Partial<Omit<TableColumnOptions, 'name' | 'type'>>;

/** An identity (auto-increment) integer primary key. */
export function idColumn(name: string): TableColumnOptions {
  return { name, type: T.int, isPrimary: true, isGenerated: true, generationStrategy: 'increment' };
}

export function intColumn(name: string, extra: Extra = {}): TableColumnOptions {
  return { name, type: T.int, isNullable: false, ...extra };
}

export function stringColumn(name: string, length: number, extra: Extra = {}): TableColumnOptions {
  return { name, type: T.string, length: String(length), isNullable: false, ...extra };
}

/** Unbounded text: nvarchar(MAX) on SQL Server, text on SQLite. */
export function textColumn(name: string, extra: Extra = {}): TableColumnOptions {
  return { name, type: T.text, ...(T.textLength ? { length: T.textLength } : {}), isNullable: true, ...extra };
}

export function decimalColumn(name: string, precision: number, scale: number, extra: Extra = {}): TableColumnOptions {
  return { name, type: T.decimal, precision, scale, isNullable: false, ...extra };
}

export function boolColumn(name: string, defaultValue: boolean): TableColumnOptions {
  return { name, type: T.bool, isNullable: false, default: defaultValue ? '1' : '0' };
}

export function datetimeColumn(name: string, extra: Extra = {}): TableColumnOptions {
  return { name, type: T.datetime, isNullable: false, ...extra };
}

/** varbinary(MAX) on SQL Server, blob on SQLite. */
export function blobColumn(name: string, extra: Extra = {}): TableColumnOptions {
  return { name, type: T.blob, ...(T.blobLength ? { length: T.blobLength } : {}), isNullable: true, ...extra };
}

/** A string literal default, quoted as SQL wants it. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * A Table whose column types are spelled as this database's driver spells them (SQLite wants
 * `integer` for an identity key, SQL Server `int`), the same normalisation TypeORM applies to the
 * entities' columns.
 */
export function portableTable(queryRunner: QueryRunner, options: TableOptions): Table {
  const driver = queryRunner.connection.driver;
  return new Table({
    ...options,
    columns: (options.columns ?? []).map((c) => ({ ...c, type: driver.normalizeType({ type: c.type }) })),
  });
}
