/**
 * Column types that mean the same on SQL Server and on SQLite. Entities and migrations both use
 * these, so that one migration serves both databases.
 *
 * SQL Server: strings are nvarchar (parameters bind as nvarchar, so no implicit conversion on
 * indexed columns), timestamps are datetime2 (datetime rounds to ~3 ms), booleans are bit,
 * bytes are varbinary(max).
 */
import { readDbType } from '../config.js';

/**
 * Chosen from DB_TYPE when this file is loaded, by the same rule as loadConfig: the entities'
 * decorators read `T` as their classes are defined, before any config object exists.
 */
export const isMssql = readDbType(process.env) === 'mssql';

export const T = {
  string: 'nvarchar',
  text: isMssql ? 'nvarchar' : 'text',
  textLength: isMssql ? 'MAX' : undefined,
  bool: isMssql ? 'bit' : 'boolean',
  datetime: isMssql ? 'datetime2' : 'datetime',
  blob: isMssql ? 'varbinary' : 'blob',
  blobLength: isMssql ? 'MAX' : undefined,
  int: 'int',
  decimal: 'decimal',
  /** "Now" in UTC as a column default: SQLite's datetime('now') is UTC; SQL Server's getdate() is not. */
  utcNow: isMssql ? 'SYSUTCDATETIME()' : "datetime('now')",
} as const;

/** Decimal columns come back as number (SQLite) or string (SQL Server): we keep strings. */
export const decimalTransformer = (scale: number) => ({
  to: (value: string | number | null | undefined) => (value === null || value === undefined ? value : String(value)),
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value).toFixed(scale)),
});

/** A decimal quantity that the API shows as a number. */
export const quantityTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};
