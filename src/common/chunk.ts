/**
 * SQL Server caps a statement at 2,100 parameters and an INSERT ... VALUES at 1,000 rows.
 * Every multi-row statement and every IN (...) list goes through these helpers.
 */
export const MSSQL_MAX_PARAMS = 2100;
export const MSSQL_MAX_INSERT_ROWS = 1000;
/** Headroom below 2,100 for parameters TypeORM adds itself. */
export const SAFE_PARAMS = 2000;

/** Rows per INSERT for a table with `columns` bound columns. */
export function rowsPerInsert(columns: number): number {
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError('columns must be a positive integer');
  return Math.max(1, Math.min(MSSQL_MAX_INSERT_ROWS, Math.floor(SAFE_PARAMS / columns)));
}

/** Ids per IN (...) list, leaving `otherParams` for the rest of the statement. */
export function idsPerStatement(otherParams = 0): number {
  return Math.max(1, SAFE_PARAMS - otherParams);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer');
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
