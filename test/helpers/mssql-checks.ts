/**
 * Checks on statements recorded by the mssql stand-in: what SQL Server refuses or silently gets
 * wrong, which SQLite lets through. Each returns sentences naming the problem and the statement.
 */
import type { RecordedStatement } from './mssql-recorder.js';
import { valuesRowCount } from './mssql-recorder.js';

/** SQL Server's hard limit of parameters per request. */
export const MAX_PARAMETERS = 2100;
/** SQL Server's limit of row value expressions in one INSERT ... VALUES. */
export const MAX_VALUES_ROWS = 1000;

/** The statement with string literals, quoted identifiers and bracketed identifiers blanked. */
function code(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"[^"]*"/g, '""').replace(/\[[^\]]*\]/g, '[]');
}

const SQLITE_ONLY: [RegExp, string][] = [
  [/\bLIMIT\s+(?:\d|@)/i, 'LIMIT (SQL Server uses TOP or OFFSET ... FETCH)'],
  [/\|\|/, '|| concatenation (SQL Server uses + or CONCAT)'],
  [/\bdatetime\s*\(\s*''/i, "datetime('now') (SQL Server uses SYSUTCDATETIME())"],
  [/\bIFNULL\s*\(/i, 'IFNULL (SQL Server uses ISNULL or COALESCE)'],
  [/\bINSERT\s+OR\s+(?:REPLACE|IGNORE|ABORT|FAIL|ROLLBACK)\b/i, 'INSERT OR ...'],
  [/\bON\s+CONFLICT\b/i, 'ON CONFLICT'],
  [/\bRETURNING\b/i, 'RETURNING (SQL Server uses OUTPUT)'],
  [/`/, 'backtick quoting'],
  [/\bGLOB\b/i, 'GLOB'],
  [/\bAUTOINCREMENT\b/i, 'AUTOINCREMENT'],
  [/\bPRAGMA\b/i, 'PRAGMA'],
];

/** The table a CREATE / ALTER / DROP statement changes (TABLE name, or the table an INDEX / TRIGGER is ON). */
function ddlTarget(sql: string): string | null {
  if (!/^\s*(?:CREATE|ALTER|DROP)\b/i.test(sql)) return null;
  const ident = String.raw`((?:(?:"[^"]+"|\[[^\]]+\]|\w+)\.)*(?:"[^"]+"|\[[^\]]+\]|\w+))`;
  const table = new RegExp(String.raw`^\s*(?:CREATE|ALTER|DROP)\s+TABLE\s+(?:IF\s+EXISTS\s+)?${ident}`, 'i').exec(sql);
  const on = new RegExp(String.raw`^\s*(?:CREATE|ALTER|DROP)\s+(?:UNIQUE\s+)?(?:(?:NON)?CLUSTERED\s+)?(?:INDEX|TRIGGER)\b[\s\S]*?\bON\s+${ident}`, 'i').exec(sql);
  const name = (table ?? on)?.[1];
  if (!name) return null;
  const last = name.split('.').pop()!;
  return last.replace(/^["[]|["\]]$/g, '');
}

export function checkStatement(s: RecordedStatement, isofTables: readonly string[]): string[] {
  const problems: string[] = [];
  const where = `in: ${s.sql.slice(0, 160)}`;
  const c = code(s.sql);
  if (s.params.length > MAX_PARAMETERS) problems.push(`${s.params.length} parameters, more than SQL Server's ${MAX_PARAMETERS} ${where}`);
  const rows = /^\s*(?:DECLARE [^;]*;\s*)?INSERT\b/i.test(s.sql) ? valuesRowCount(s.sql) : 0;
  if (rows > MAX_VALUES_ROWS) problems.push(`${rows} rows in one INSERT ... VALUES, more than SQL Server's ${MAX_VALUES_ROWS} ${where}`);
  // The clause (OFFSET <n> ROWS), not a variable such as @offset.
  for (const m of c.matchAll(/(?<![@\w])OFFSET\s+(?:@\w+|\d+|\([^)]*\))\s+ROWS?\b/gi)) {
    if (!/\bORDER\s+BY\b/i.test(c.slice(0, m.index))) problems.push(`OFFSET without ORDER BY (SQL Server refuses it) ${where}`);
  }
  for (const [re, what] of SQLITE_ONLY) if (re.test(c)) problems.push(`SQLite-only syntax: ${what} ${where}`);
  for (const p of s.params) {
    if (p.type === 'datetime' || p.type === 'smalldatetime') {
      problems.push(`parameter @${p.name} bound as ${p.declared}, which rounds to 1/300 s (bind datetime2) ${where}`);
    }
    if ((p.type === 'nvarchar' || p.type === 'nchar' || p.type === 'varchar' || p.type === 'char') && typeof p.value === 'string'
      && typeof p.length === 'number' && p.value.length > p.length) {
      problems.push(`parameter @${p.name} is ${p.value.length} UTF-16 units long, bound as ${p.declared}: SQL Server fails the statement (8016/2628) ${where}`);
    }
  }
  const target = ddlTarget(s.sql);
  if (target && isofTables.some((t) => t.toUpperCase() === target.toUpperCase())) {
    problems.push(`changes ISOF's table ${target}: this server must never create, alter or drop ISOF's tables ${where}`);
  }
  return problems;
}

export function checkStatements(statements: readonly RecordedStatement[], isofTables: readonly string[]): string[] {
  return statements.flatMap((s) => checkStatement(s, isofTables));
}

/**
 * One line per distinct statement for the snapshot: parameter numbers, repeated parameter lists,
 * repeated VALUES rows and repeated CASE branches collapse, so that the batch size does not change it.
 */
export function normaliseStatement(sql: string): string {
  let s = sql.replace(/\s+/g, ' ').trim().replace(/@\d+/g, '@p');
  s = s.replace(/@p(?:, @p)+/g, '@p, ...');
  s = s.replace(/WHEN @p THEN @p(?: WHEN @p THEN @p)+/g, 'WHEN @p THEN @p ...');
  s = s.replace(/(\([^()]*\))(?:, \1)+/g, '$1');
  return s;
}

export function snapshotOf(statements: readonly RecordedStatement[]): string {
  const distinct = new Set(statements.map((s) => normaliseStatement(s.sql)));
  return [...distinct].sort().join('\n') + '\n';
}
