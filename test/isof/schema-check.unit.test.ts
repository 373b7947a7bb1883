/**
 * The comparison of ISOF's tables with the entities, on INFORMATION_SCHEMA rows written as SQL
 * Server returns them; what is expected comes from TypeORM's metadata on the SQL Server driver.
 */
import { MssqlRecorder } from '../helpers/mssql-recorder.js';
import { goodRows } from './information-schema.fixture.js';
import type { InformationSchemaColumnRow, TriggerRow } from '../../src/isof/schema-readers.js';

process.env.DB_TYPE = 'mssql';
const { DataSource } = await import('typeorm');
const { ENTITIES } = await import('../../src/modules.js');
const { compareSchema, expectedSchema } = await import('../../src/isof/schema-check.js');
const { fromInformationSchema, readMssqlSchema } = await import('../../src/isof/schema-readers.js');
delete process.env.DB_TYPE;

// Only the metadata is needed here: the stand-in answers the login's database and default schema, as initialize() asks them.
const rec = new MssqlRecorder({ database: 'ISOF', schema: 'dbo' });
const ds = new DataSource({ type: 'mssql', driver: rec.driver, host: 'isof.invalid', database: 'ISOF', username: 'u', password: 'p', entities: [...ENTITIES] });
await ds.initialize();
afterAll(() => ds.destroy());
const expected = expectedSchema(ds);

type Edit = Partial<InformationSchemaColumnRow>;
function check(edits: Record<string, Edit | null> = {}, triggers: TriggerRow[] = [], extra: InformationSchemaColumnRow[] = []) {
  const rows = goodRows().flatMap((r) => {
    const key = `${r.TABLE_NAME}.${r.COLUMN_NAME}`;
    if (edits[key] === null || edits[r.TABLE_NAME] === null) return [];
    return [{ ...r, ...edits[key] }];
  });
  return compareSchema(expected, fromInformationSchema('isof', [...rows, ...extra], triggers));
}
const only = (r: ReturnType<typeof check>) => r.problems.map((p) => ({ table: p.table, column: p.column, severity: p.severity }));

describe('the ISOF schema comparison', () => {
  test('a matching database has no problem', () => {
    expect(check()).toEqual({ ok: true, schema: 'isof', problems: [] });
  });

  test('a missing table: the whole table, naming the schema looked in and MSSQL_SCHEMA', () => {
    const r = check({ STANY: null });
    expect(only(r)).toEqual([{ table: 'STANY', column: null, severity: 'error' }]);
    expect(r.problems[0]!.message).toMatch(/Table STANY is missing from schema "isof".*MSSQL_SCHEMA.*never creates/);
    expect(r.ok).toBe(false);
  });

  test('a missing column', () => {
    const r = check({ 'TOWARY.JM': null });
    expect(only(r)).toEqual([{ table: 'TOWARY', column: 'JM', severity: 'error' }]);
    expect(r.problems[0]!.message).toMatch(/Column TOWARY\.JM is missing, expected nvarchar\(10\)/);
  });

  test('an incompatible type: int where nvarchar is expected', () => {
    const r = check({ 'ZAMOWIENIA.NUMER': { DATA_TYPE: 'int', CHARACTER_MAXIMUM_LENGTH: null } });
    expect(only(r)).toEqual([{ table: 'ZAMOWIENIA', column: 'NUMER', severity: 'error' }]);
    expect(r.problems[0]!.message).toMatch(/ZAMOWIENIA\.NUMER is int, expected nvarchar\(40\)/);
  });

  test('a string shorter than the entity\'s: a problem where the server writes (8152/2628), none where it only reads', () => {
    const r = check({ 'ZAMOWIENIA_POZYCJE.NAZWA': { CHARACTER_MAXIMUM_LENGTH: 100 }, 'TOWARY.NAZWA': { CHARACTER_MAXIMUM_LENGTH: 100 }, 'ZAMOWIENIA.UWAGI': { CHARACTER_MAXIMUM_LENGTH: 4000 } });
    expect(only(r)).toEqual([
      { table: 'ZAMOWIENIA', column: 'UWAGI', severity: 'error' },
      { table: 'ZAMOWIENIA_POZYCJE', column: 'NAZWA', severity: 'error' },
    ]);
    expect(r.problems[1]!.message).toMatch(/is nvarchar\(100\), expected nvarchar\(255\).*8152\/2628/);
  });

  test('char(n) where nvarchar is expected for a code: trailing spaces', () => {
    const r = check({ 'TOWARY.INDEKS': { DATA_TYPE: 'char', CHARACTER_MAXIMUM_LENGTH: 50 } });
    expect(only(r)).toEqual([{ table: 'TOWARY', column: 'INDEKS', severity: 'error' }]);
    expect(r.problems[0]!.message).toMatch(/TOWARY\.INDEKS is char\(50\), expected nvarchar\(50\).*trailing spaces.*foreign/);
  });

  test('a primary key without IDENTITY in a table the server inserts into (515); a read table is not concerned', () => {
    const r = check({ 'ZAMOWIENIA.ID_ZAMOWIENIA': { IS_IDENTITY: 0 }, 'TOWARY.ID_TOWARU': { IS_IDENTITY: 0 } });
    expect(only(r)).toEqual([{ table: 'ZAMOWIENIA', column: 'ID_ZAMOWIENIA', severity: 'error' }]);
    expect(r.problems[0]!.message).toMatch(/not an IDENTITY column.*515/);
  });

  test('an extra NOT NULL column without a default in a written table (515); with a default, nullable or in a read table: fine', () => {
    const row = (table: string, column: string, e: Edit = {}): InformationSchemaColumnRow => ({
      TABLE_NAME: table, TABLE_TYPE: 'BASE TABLE', COLUMN_NAME: column, DATA_TYPE: 'nvarchar', CHARACTER_MAXIMUM_LENGTH: 20,
      NUMERIC_SCALE: null, IS_NULLABLE: 'NO', COLUMN_DEFAULT: null, IS_IDENTITY: 0, IS_COMPUTED: 0, ...e,
    });
    const r = check({}, [], [
      row('KONTRAHENCI', 'SYMBOL'), row('KONTRAHENCI', 'GRUPA', { COLUMN_DEFAULT: "(N'')" }), row('KONTRAHENCI', 'UWAGI', { IS_NULLABLE: 'YES' }),
      row('TOWARY', 'SYMBOL'),
    ]);
    expect(only(r)).toEqual([{ table: 'KONTRAHENCI', column: 'SYMBOL', severity: 'error' }]);
    expect(r.problems[0]!.message).toMatch(/KONTRAHENCI\.SYMBOL \(nvarchar\(20\)\) is NOT NULL without a default.*515/);
  });

  test('a column the server may write NULL into is NOT NULL without a default (515)', () => {
    const r = check({ 'KONTRAHENCI.EMAIL': { IS_NULLABLE: 'NO' } });
    expect(only(r)).toEqual([{ table: 'KONTRAHENCI', column: 'EMAIL', severity: 'error' }]);
  });

  test('bit columns: char(1) is a problem; tinyint only a warning (the report stays ok)', () => {
    expect(only(check({ 'ZAMOWIENIA_POZYCJE.OBCY': { DATA_TYPE: 'char', CHARACTER_MAXIMUM_LENGTH: 1 } })))
      .toEqual([{ table: 'ZAMOWIENIA_POZYCJE', column: 'OBCY', severity: 'error' }]);
    const r = check({ 'TOWARY.AKTYWNY': { DATA_TYPE: 'tinyint' } });
    expect(only(r)).toEqual([{ table: 'TOWARY', column: 'AKTYWNY', severity: 'warning' }]);
    expect(r.ok).toBe(true);
  });

  test('triggers on a table the server writes: a warning saying what they might do', () => {
    const r = check({}, [{ TABLE_NAME: 'ZAMOWIENIA', TRIGGER_NAME: 'TR_ZAMOWIENIA_NUMERACJA' }, { TABLE_NAME: 'TOWARY', TRIGGER_NAME: 'TR_TOWARY' }]);
    expect(only(r)).toEqual([{ table: 'ZAMOWIENIA', column: null, severity: 'warning' }]);
    expect(r.problems[0]!.message).toMatch(/TR_ZAMOWIENIA_NUMERACJA.*change or reject the rows/);
    expect(r.ok).toBe(true);
  });

  test('the SQL Server reader asks INFORMATION_SCHEMA and sys.triggers in MSSQL_SCHEMA, else SCHEMA_NAME()', async () => {
    const recorder = new MssqlRecorder({ database: 'ISOF', schema: 'dbo' });
    recorder.answer(/AS SCHEMA_NAME$/, [{ SCHEMA_NAME: 'isof' }]);
    recorder.answer(/INFORMATION_SCHEMA\.COLUMNS/, goodRows());
    const { statements } = recorder;
    const mssql = new DataSource({ type: 'mssql', driver: recorder.driver, host: 'isof.invalid', database: 'ISOF', username: 'u', password: 'p', schema: 'isof', entities: [...ENTITIES] });
    await mssql.initialize();
    try {
      const found = await readMssqlSchema(mssql, expected.map((t) => t.name));
      expect(compareSchema(expected, found)).toEqual({ ok: true, schema: 'isof', problems: [] });
    } finally {
      await mssql.destroy();
    }
    const reads = statements.filter((s) => /COALESCE\(@0, SCHEMA_NAME\(\)\)/.test(s.sql));
    expect(reads.map((s) => s.sql.match(/INFORMATION_SCHEMA\.COLUMNS|sys\.triggers|AS SCHEMA_NAME/)?.[0])).toEqual(['AS SCHEMA_NAME', 'INFORMATION_SCHEMA.COLUMNS', 'sys.triggers']);
    for (const s of reads) expect(s.params[0]!.value).toBe('isof');
    expect(reads[1]!.params.slice(1).map((p) => p.value)).toEqual(expected.map((t) => t.name));
  });
});
