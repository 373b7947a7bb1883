/**
 * The comparison of ISOF's real tables with what src/isof/entities.ts expects. Pure: the readers
 * (schema-readers.ts) turn INFORMATION_SCHEMA / sys.* rows (SQL Server) or SQLite's pragmas into
 * `FoundSchema`; what is expected comes from TypeORM's entity metadata (`expectedSchema`), so there
 * is no second hand-written list of ISOF's columns.
 */
import type { DataSource, EntityMetadata } from 'typeorm';
import { ISOF_ENTITIES, ISOF_TABLES } from './entities.js';

/**
 * The ISOF tables this server writes into (the order import: orders, their lines, new customers).
 * A problem in one of them refuses the operations that write it; the other tables are only read.
 */
export const WRITTEN_TABLES: readonly string[] = [ISOF_TABLES.order, ISOF_TABLES.orderLine, ISOF_TABLES.customer];

/** The operations that write ISOF's tables, and which tables each writes. */
export const WRITES: Readonly<Record<'importOrders', readonly string[]>> = { importOrders: WRITTEN_TABLES };

type Family = 'int' | 'decimal' | 'string' | 'bool' | 'datetime' | 'blob';

export interface ExpectedColumn {
  name: string;
  family: Family;
  /** Characters for a string; -1 for MAX (unbounded). */
  length: number | null;
  scale: number | null;
  nullable: boolean;
  /** The primary key the database numbers (IDENTITY). */
  identity: boolean;
}

export interface ExpectedTable {
  name: string;
  columns: ExpectedColumn[];
}

/** A column as the database has it, spelled as SQL Server's INFORMATION_SCHEMA.COLUMNS does. */
export interface FoundColumn {
  name: string;
  /** DATA_TYPE, lower case: int, nvarchar, nchar, bit, decimal, datetime2 ... */
  dataType: string;
  /** CHARACTER_MAXIMUM_LENGTH: characters, -1 for MAX, null for non-strings. */
  maxLength: number | null;
  scale: number | null;
  nullable: boolean;
  hasDefault: boolean;
  identity: boolean;
  computed: boolean;
}

export interface FoundTable {
  name: string;
  /** BASE TABLE or VIEW. */
  type: string;
  columns: FoundColumn[];
  /** Enabled triggers on the table. */
  triggers: string[];
}

export interface FoundSchema {
  /** The schema looked in (MSSQL_SCHEMA or the login's default), or "main" on SQLite. */
  schema: string;
  tables: FoundTable[];
}

export interface IsofSchemaProblemData {
  table: string;
  /** Null for a problem of the whole table. */
  column: string | null;
  message: string;
  /** An error makes the report not ok (and refuses writes to a written table); a warning is only said. */
  severity: 'error' | 'warning';
}

export interface IsofSchemaReportData {
  ok: boolean;
  schema: string;
  problems: IsofSchemaProblemData[];
}

function familyOf(type: string, length: string): Family {
  switch (type.toLowerCase()) {
    case 'int': case 'integer': return 'int';
    case 'decimal': return 'decimal';
    case 'nvarchar': case 'varchar': case 'text': return 'string';
    case 'bit': case 'boolean': return 'bool';
    case 'datetime2': case 'datetime': return 'datetime';
    case 'varbinary': case 'blob': return 'blob';
    default: throw new Error(`The ISOF entities use a column type "${type}"${length ? `(${length})` : ''} that the schema check does not know.`);
  }
}

function expectedColumns(meta: EntityMetadata): ExpectedColumn[] {
  return meta.columns.map((c) => {
    const type = typeof c.type === 'string' ? c.type : 'int';
    const family = familyOf(type, c.length);
    const unbounded = type === 'text' || c.length.toUpperCase() === 'MAX';
    return {
      name: c.databaseName,
      family,
      length: family !== 'string' ? null : unbounded ? -1 : Number(c.length),
      scale: family === 'decimal' ? (c.scale ?? 0) : null,
      nullable: c.isNullable,
      identity: c.isPrimary && c.isGenerated && c.generationStrategy === 'increment',
    };
  });
}

/** What the entities expect, from the data source's metadata of ISOF's entities. */
export function expectedSchema(ds: DataSource): ExpectedTable[] {
  return ISOF_ENTITIES.map((e) => {
    const meta = ds.getMetadata(e);
    return { name: meta.tableName, columns: expectedColumns(meta) };
  });
}

const INT_TYPES = new Set(['int', 'smallint', 'tinyint']);
const COMPATIBLE: Record<Family, Set<string>> = {
  int: INT_TYPES,
  decimal: new Set(['decimal', 'numeric', 'money', 'smallmoney']),
  string: new Set(['nvarchar', 'varchar', 'ntext', 'text']),
  bool: new Set(['bit']),
  datetime: new Set(['datetime2', 'datetime', 'smalldatetime', 'datetimeoffset']),
  blob: new Set(['varbinary', 'image', 'binary']),
};
const FIXED_CHAR = new Set(['nchar', 'char']);

function spell(c: FoundColumn): string {
  if (c.maxLength === null) return c.dataType;
  return `${c.dataType}(${c.maxLength === -1 ? 'MAX' : c.maxLength})`;
}

function spellExpected(c: ExpectedColumn): string {
  switch (c.family) {
    case 'string': return `nvarchar(${c.length === -1 ? 'MAX' : c.length})`;
    case 'int': return 'int';
    case 'decimal': return `decimal with ${c.scale} decimal places`;
    case 'bool': return 'bit';
    case 'datetime': return 'datetime2';
    case 'blob': return 'varbinary(MAX)';
  }
}

/** Compares one expected column with the one found; returns its problems. */
function compareColumn(table: string, written: boolean, e: ExpectedColumn, f: FoundColumn): IsofSchemaProblemData[] {
  const out: IsofSchemaProblemData[] = [];
  const at = `${table}.${e.name}`;
  const error = (message: string) => out.push({ table, column: e.name, message, severity: 'error' });
  const warning = (message: string) => out.push({ table, column: e.name, message, severity: 'warning' });
  if (e.family === 'string' && FIXED_CHAR.has(f.dataType)) {
    error(`${at} is ${spell(f)}, expected ${spellExpected(e)}: a fixed-length column pads every value with trailing spaces, so codes read from it never equal the shop's (every order line would be "foreign"). Change it to ${spellExpected(e)}, or map a view that RTRIMs it.`);
    return out;
  }
  if (e.family === 'bool' && INT_TYPES.has(f.dataType)) {
    warning(`${at} is ${f.dataType}, expected bit: the server reads 0 as false and any other number as true, and writes 0/1. Make sure ISOF means the same.`);
  } else if (!COMPATIBLE[e.family].has(f.dataType)) {
    error(`${at} is ${spell(f)}, expected ${spellExpected(e)}: the server cannot read or write it as such. Check that src/isof/entities.ts names the right column, or change the column's type.`);
    return out;
  }
  if (e.family === 'string' && written && f.maxLength !== null && f.maxLength !== -1 && (e.length === -1 || f.maxLength < (e.length ?? 0))) {
    error(`${at} is ${spell(f)}, expected ${spellExpected(e)}: the server writes values up to ${e.length === -1 ? 'any length' : `${e.length} characters`}, and a longer one fails the whole insert (SQL Server error 8152/2628). Widen the column to ${spellExpected(e)}.`);
  }
  if (e.family === 'decimal' && f.scale !== null && e.scale !== null && f.scale < e.scale) {
    error(`${at} has ${f.scale} decimal places, expected ${e.scale}: amounts would be rounded. Change it to ${spell(f)} with scale ${e.scale}.`);
  }
  if (e.identity && written && !f.identity) {
    error(`${at} is the primary key but not an IDENTITY column: the server inserts rows without it and expects the database to number them, so every insert fails (SQL Server error 515). Make it IDENTITY, or stop importing into this table.`);
  }
  if (!e.identity && e.nullable && written && !f.nullable && !f.hasDefault) {
    error(`${at} is NOT NULL without a default, expected nullable: the server writes NULL here when the shop gives no value, and that insert fails (SQL Server error 515). Allow NULL or add a default.`);
  }
  if (!e.nullable && f.nullable) {
    warning(`${at} allows NULL, expected NOT NULL: the server assumes it always has a value; a row with NULL here fails the queries that read it. Make sure ISOF always fills it.`);
  }
  return out;
}

/** The problems of ISOF's tables: missing tables and columns, incompatible types, what fails inserts, triggers. */
export function compareSchema(expected: readonly ExpectedTable[], found: FoundSchema): IsofSchemaReportData {
  const problems: IsofSchemaProblemData[] = [];
  const byName = new Map(found.tables.map((t) => [t.name.toLowerCase(), t]));
  for (const e of expected) {
    const written = WRITTEN_TABLES.includes(e.name);
    const t = byName.get(e.name.toLowerCase());
    if (!t) {
      problems.push({
        table: e.name, column: null, severity: 'error',
        message: `Table ${e.name} is missing from schema "${found.schema}": the server ${written ? 'reads and writes' : 'reads'} it. Set MSSQL_SCHEMA to the schema that holds ISOF's tables, or correct the name in src/isof/entities.ts; this server never creates ISOF's tables. If the table is there, the login may lack the right to see its definition (VIEW DEFINITION).`,
      });
      continue;
    }
    if (written && t.type.toUpperCase() === 'VIEW') {
      problems.push({ table: e.name, column: null, severity: 'warning', message: `${e.name} is a view, and the server inserts into it: make sure the view is updatable and the inserts reach ISOF's table.` });
    }
    const columns = new Map(t.columns.map((c) => [c.name.toLowerCase(), c]));
    for (const ec of e.columns) {
      const fc = columns.get(ec.name.toLowerCase());
      if (!fc) {
        problems.push({ table: e.name, column: ec.name, severity: 'error', message: `Column ${e.name}.${ec.name} is missing, expected ${spellExpected(ec)}. Correct the column name in src/isof/entities.ts, or add the column.` });
        continue;
      }
      problems.push(...compareColumn(e.name, written, ec, fc));
    }
    if (!written) continue;
    const known = new Set(e.columns.map((c) => c.name.toLowerCase()));
    for (const fc of t.columns) {
      if (known.has(fc.name.toLowerCase()) || fc.nullable || fc.hasDefault || fc.identity || fc.computed) continue;
      problems.push({
        table: e.name, column: fc.name, severity: 'error',
        message: `${e.name}.${fc.name} (${spell(fc)}) is NOT NULL without a default, and the server does not fill it: every insert into ${e.name} fails (SQL Server error 515). Add a default to the column, or allow NULL.`,
      });
    }
    if (t.triggers.length) {
      problems.push({
        table: e.name, column: null, severity: 'warning',
        message: `${e.name} has trigger(s) ${t.triggers.join(', ')}: they run inside the server's insert transaction and may change or reject the rows, write to other tables, or slow the import. Check what they do before importing orders.`,
      });
    }
  }
  return { ok: problems.every((p) => p.severity !== 'error'), schema: found.schema, problems };
}
