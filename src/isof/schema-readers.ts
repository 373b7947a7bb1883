/**
 * Reading ISOF's tables as the database has them, into `FoundSchema` (schema-check.ts).
 * SQL Server: INFORMATION_SCHEMA (COLUMNS, TABLES, TABLE_CONSTRAINTS/KEY_COLUMN_USAGE) and sys.*
 * (identity, computed columns, triggers), in MSSQL_SCHEMA or else the login's default schema
 * (SCHEMA_NAME()). SQLite (the embedded default): its own pragmas, so that the check answers on the demo too.
 */
import type { DataSource } from 'typeorm';
import type { FoundColumn, FoundSchema, FoundTable } from './schema-check.js';

/** Reads the named tables of ISOF from the database. */
export type SchemaReader = (ds: DataSource, tables: readonly string[]) => Promise<FoundSchema>;

/** A row of `COLUMNS_SQL`, as SQL Server returns it. */
export interface InformationSchemaColumnRow {
  TABLE_NAME: string;
  TABLE_TYPE: string;
  COLUMN_NAME: string;
  DATA_TYPE: string;
  CHARACTER_MAXIMUM_LENGTH: number | null;
  NUMERIC_SCALE: number | null;
  IS_NULLABLE: 'YES' | 'NO';
  COLUMN_DEFAULT: string | null;
  IS_IDENTITY: number | null;
  IS_COMPUTED: number | null;
}

/** A row of `TRIGGERS_SQL`. */
export interface TriggerRow {
  TABLE_NAME: string;
  TRIGGER_NAME: string;
}

function bindMarkers(from: number, count: number): string {
  return Array.from({ length: count }, (_, i) => `@${from + i}`).join(', ');
}

// @0: MSSQL_SCHEMA or NULL (then the login's default schema); @1...: the table names.
const SCHEMA = 'COALESCE(@0, SCHEMA_NAME())';

export function columnsSql(tableCount: number): string {
  return `SELECT c.TABLE_NAME, t.TABLE_TYPE, c.COLUMN_NAME, c.DATA_TYPE, c.CHARACTER_MAXIMUM_LENGTH, c.NUMERIC_SCALE, c.IS_NULLABLE, c.COLUMN_DEFAULT,
  COLUMNPROPERTY(OBJECT_ID(QUOTENAME(c.TABLE_SCHEMA) + '.' + QUOTENAME(c.TABLE_NAME)), c.COLUMN_NAME, 'IsIdentity') AS IS_IDENTITY,
  COLUMNPROPERTY(OBJECT_ID(QUOTENAME(c.TABLE_SCHEMA) + '.' + QUOTENAME(c.TABLE_NAME)), c.COLUMN_NAME, 'IsComputed') AS IS_COMPUTED
FROM INFORMATION_SCHEMA.COLUMNS c
JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE c.TABLE_SCHEMA = ${SCHEMA} AND c.TABLE_NAME IN (${bindMarkers(1, tableCount)})
ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`;
}

export function triggersSql(tableCount: number): string {
  return `SELECT tb.name AS TABLE_NAME, tr.name AS TRIGGER_NAME
FROM sys.triggers tr
JOIN sys.tables tb ON tb.object_id = tr.parent_id
WHERE tr.is_disabled = 0 AND SCHEMA_NAME(tb.schema_id) = ${SCHEMA} AND tb.name IN (${bindMarkers(1, tableCount)})
ORDER BY tb.name, tr.name`;
}

/** The rows SQL Server returns, as `FoundSchema` (pure: the unit tests feed it captured rows). */
export function fromInformationSchema(schema: string, columns: readonly InformationSchemaColumnRow[], triggers: readonly TriggerRow[]): FoundSchema {
  const tables = new Map<string, FoundTable>();
  for (const r of columns) {
    let t = tables.get(r.TABLE_NAME);
    if (!t) tables.set(r.TABLE_NAME, t = { name: r.TABLE_NAME, type: r.TABLE_TYPE, columns: [], triggers: [] });
    t.columns.push({
      name: r.COLUMN_NAME,
      dataType: r.DATA_TYPE.toLowerCase(),
      maxLength: r.CHARACTER_MAXIMUM_LENGTH,
      scale: r.NUMERIC_SCALE,
      nullable: r.IS_NULLABLE === 'YES',
      hasDefault: r.COLUMN_DEFAULT !== null,
      identity: r.IS_IDENTITY === 1,
      computed: r.IS_COMPUTED === 1,
    });
  }
  for (const r of triggers) tables.get(r.TABLE_NAME)?.triggers.push(r.TRIGGER_NAME);
  return { schema, tables: [...tables.values()] };
}

/** SQL Server: one statement for the schema's name, one for the columns, one for the triggers. */
export const readMssqlSchema: SchemaReader = async (ds, tables) => {
  const wanted = (ds.driver.options as { schema?: string }).schema ?? null;
  const params = [wanted, ...tables];
  const [{ SCHEMA_NAME: schema }] = await ds.query(`SELECT ${SCHEMA} AS SCHEMA_NAME`, [wanted]) as [{ SCHEMA_NAME: string }];
  const columns = await ds.query(columnsSql(tables.length), params) as InformationSchemaColumnRow[];
  const triggers = await ds.query(triggersSql(tables.length), params) as TriggerRow[];
  return fromInformationSchema(schema, columns, triggers);
};

interface PragmaColumn {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** A SQLite declared type, spelled as SQL Server would (varchar(50) -> nvarchar 50, boolean -> bit ...). */
export function fromSqliteType(declared: string): Pick<FoundColumn, 'dataType' | 'maxLength' | 'scale'> {
  const m = /^\s*([a-z0-9 ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/i.exec(declared);
  const base = (m?.[1] ?? declared).toLowerCase();
  const n = m?.[2] === undefined ? null : Number(m[2]);
  switch (base) {
    case 'integer': case 'int': return { dataType: 'int', maxLength: null, scale: null };
    case 'varchar': case 'nvarchar': case 'character varying': return { dataType: 'nvarchar', maxLength: n ?? -1, scale: null };
    case 'char': case 'nchar': case 'character': return { dataType: 'nchar', maxLength: n ?? 1, scale: null };
    case 'text': return { dataType: 'nvarchar', maxLength: -1, scale: null };
    case 'boolean': return { dataType: 'bit', maxLength: null, scale: null };
    case 'datetime': return { dataType: 'datetime2', maxLength: null, scale: null };
    case 'decimal': case 'numeric': return { dataType: 'decimal', maxLength: null, scale: m?.[3] === undefined ? 0 : Number(m[3]) };
    case 'blob': return { dataType: 'varbinary', maxLength: -1, scale: null };
    default: return { dataType: base, maxLength: null, scale: null };
  }
}

/** SQLite: pragma table_info per table and the triggers in sqlite_master. */
export const readSqliteSchema: SchemaReader = async (ds, tables) => {
  const present = new Set((await ds.query("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')") as { name: string }[]).map((r) => r.name));
  const triggers = await ds.query("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'") as { tbl_name: string; name: string }[];
  const found: FoundTable[] = [];
  for (const name of tables) {
    if (!present.has(name)) continue;
    // A table name cannot be a bound parameter of a pragma; these come from the entities, and are quoted.
    const rows = await ds.query(`PRAGMA table_info("${name.replaceAll('"', '""')}")`) as PragmaColumn[];
    const singleIntegerKey = rows.filter((r) => r.pk > 0).length === 1;
    found.push({
      name,
      type: 'BASE TABLE',
      columns: rows.map((r) => ({
        name: r.name,
        ...fromSqliteType(r.type),
        nullable: r.notnull === 0 && r.pk === 0,
        hasDefault: r.dflt_value !== null,
        // An INTEGER PRIMARY KEY is SQLite's rowid: the database numbers it, as IDENTITY does.
        identity: r.pk > 0 && singleIntegerKey && r.type.toLowerCase() === 'integer',
        computed: false,
      })),
      triggers: triggers.filter((t) => t.tbl_name === name).map((t) => t.name),
    });
  }
  return { schema: 'main', tables: found };
};

export function readerFor(ds: DataSource): SchemaReader {
  return ds.driver.options.type === 'mssql' ? readMssqlSchema : readSqliteSchema;
}
