/**
 * The `mssql` package as the SQL Server data source uses it. One change to its defaults: a JS
 * Date bound without a declared type (a query builder's where/having parameter, a raw query's
 * parameter) is declared datetime2, not mssql's default `datetime`, which rounds to 1/300 s, so
 * that 23:59:59.999 would become the next day. Typed parameters (entity columns) already declare
 * datetime2 from the column type.
 */
import { createRequire } from 'node:module';

/** What is used here of the mssql module (or of a stand-in that keeps its data types and type map). */
export interface MssqlPackage {
  map: { register(jsType: unknown, sqlType: unknown): void };
  DateTime2: unknown;
}

/** Registers datetime2 for Date on the given module's type map and returns the module. */
export function withDateTime2<M extends MssqlPackage>(mssql: M): M {
  mssql.map.register(Date, mssql.DateTime2);
  return mssql;
}

/** The installed mssql package, prepared. Loaded only on DB_TYPE=mssql. */
export function mssqlPackage(): MssqlPackage {
  return withDateTime2(createRequire(import.meta.url)('mssql') as MssqlPackage);
}
