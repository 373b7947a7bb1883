/**
 * The ISOF-tables migration on SQL Server (TypeORM's real mssql driver over a recording stand-in):
 * it sends no CREATE/ALTER/DROP for an ISOF table, while every table of our own and every look-up
 * is qualified with MSSQL_SCHEMA.
 */
import { MssqlRecorder, type RecordedStatement } from '../helpers/mssql-recorder.js';
import { checkStatements } from '../helpers/mssql-checks.js';

// The entities' column types are chosen from DB_TYPE as their module loads: set it first, import after.
process.env.DB_TYPE = 'mssql';
const { DataSource } = await import('typeorm');
const { ENTITIES } = await import('../../src/modules.js');
const { MIGRATIONS } = await import('../../src/migrations/index.js');
const { ISOF_TABLES } = await import('../../src/isof/entities.js');
const { applyPendingMigrations } = await import('../../src/migrations/runner.js');
delete process.env.DB_TYPE;

const ISOF = Object.values(ISOF_TABLES);
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

const values = (s: RecordedStatement) => s.params.map((p) => p.value);

/**
 * All the migrations on a database where none of ISOF's tables is found (the stand-in's `hasTable`
 * finds only what it was told is present, and nothing here). The login's database is ISOF, its
 * default schema dbo (the stand-in's answers); MSSQL_SCHEMA, when set, must win over it everywhere.
 */
async function migrate(schema: string | undefined): Promise<RecordedStatement[]> {
  const recorder = new MssqlRecorder({ database: 'ISOF', schema: 'dbo', presentTables: [] });
  const ds = new DataSource({
    type: 'mssql', driver: recorder.driver, host: 'isof.invalid', database: 'ISOF', username: 'u', password: 'p', schema,
    entities: [...ENTITIES], migrations: [...MIGRATIONS], migrationsTableName: 'idosell_migrations',
    options: { encrypt: true, trustServerCertificate: false },
  });
  await ds.initialize();
  try {
    await applyPendingMigrations(ds);
  } finally {
    await ds.destroy();
  }
  return recorder.statements;
}

function touchesIsof(sql: string): string | undefined {
  return ISOF.find((t) => new RegExp(`"${t}"`).test(sql));
}

describe('the ISOF-tables migration on SQL Server', () => {
  test('sends no CREATE, ALTER or DROP for an ISOF table (and does not even look for one)', async () => {
    const statements = await migrate('isof');
    const ddl = statements.filter((s) => DDL.test(s.sql));
    expect(ddl.length).toBeGreaterThan(0); // our own tables are created: the recorder saw the DDL
    expect(ddl.filter((s) => touchesIsof(s.sql)).map((s) => s.sql)).toEqual([]);
    const isofLookups = statements.filter((s) => /INFORMATION_SCHEMA/i.test(s.sql) && values(s).some((v) => ISOF.includes(v as never)));
    expect(isofLookups).toEqual([]);
  });

  test('ISOF\'s tables absent on SQL Server: the migrations create none of them (the ISOF-table DDL check fires on nothing)', async () => {
    for (const schema of [undefined, 'isof']) {
      const statements = await migrate(schema);
      // The integration's own tables are created: the check saw DDL, none of it on an ISOF table.
      expect(statements.filter((s) => /^\s*CREATE TABLE/i.test(s.sql)).length).toBeGreaterThan(5);
      expect(checkStatements(statements, ISOF)).toEqual([]);
      expect(statements.filter((s) => DDL.test(s.sql) && touchesIsof(s.sql)).map((s) => s.sql)).toEqual([]);
    }
  });

  test('MSSQL_SCHEMA qualifies every table it creates and every INFORMATION_SCHEMA look-up', async () => {
    const statements = await migrate('isof');
    const creates = statements.filter((s) => /^\s*CREATE TABLE/i.test(s.sql));
    expect(creates.length).toBeGreaterThan(5);
    for (const s of creates) expect(s.sql).toMatch(/^\s*CREATE TABLE "isof"\."idosell_/);
    for (const s of statements.filter((x) => /REFERENCES/.test(x.sql))) expect(s.sql).not.toMatch(/REFERENCES "(?!isof")/);
    const lookups = statements.filter((s) => /INFORMATION_SCHEMA"?\."?TABLES/i.test(s.sql));
    expect(lookups.length).toBeGreaterThan(0);
    // Bound (hasTable) or written as a literal (TypeORM's loadTables before an ALTER TABLE).
    for (const s of lookups) expect(values(s).includes('isof') || /"TABLE_SCHEMA" = 'isof'/.test(s.sql)).toBe(true);
    expect(statements.map((s) => s.sql).join('\n')).not.toMatch(/"dbo"/);
  });

  test('without MSSQL_SCHEMA the tables go to the login\'s default schema (unqualified names)', async () => {
    const statements = await migrate(undefined);
    const creates = statements.filter((s) => /^\s*CREATE TABLE/i.test(s.sql));
    expect(creates.length).toBeGreaterThan(5);
    for (const s of creates) expect(s.sql).toMatch(/^\s*CREATE TABLE "idosell_/);
  });

  test('MSSQL_SCHEMA qualifies the entities\' statements, ISOF\'s tables and ours', async () => {
    const recorder = new MssqlRecorder({ database: 'ISOF', schema: 'dbo' });
    const statements = recorder.statements;
    const ds = new DataSource({
      type: 'mssql', driver: recorder.driver, host: 'isof.invalid', database: 'ISOF', username: 'u', password: 'p', schema: 'isof', entities: [...ENTITIES],
    });
    await ds.initialize();
    try {
      for (const meta of ds.entityMetadatas) {
        await ds.createQueryBuilder().select('1', 'one').from(meta.target, 'x').getRawMany();
        await ds.createQueryBuilder().update(meta.target).set({ [meta.primaryColumns[0]!.propertyName]: 1 }).where('1 = 0').execute();
      }
    } finally {
      await ds.destroy();
    }
    const entitySql = statements.map((s) => s.sql).filter((sql) => /^(SELECT 1|UPDATE)/.test(sql));
    expect(entitySql).toHaveLength(ds.entityMetadatas.length * 2);
    for (const sql of entitySql) expect(sql).toMatch(/(FROM|UPDATE) "isof"\."/);
  });
});
