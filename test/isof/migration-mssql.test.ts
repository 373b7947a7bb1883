/**
 * The ISOF-tables migration on SQL Server (TypeORM's real mssql driver over a recording stand-in):
 * it sends no CREATE/ALTER/DROP for an ISOF table, while every table of our own and every look-up
 * is qualified with MSSQL_SCHEMA.
 */
import { mssqlRecorder, type Recorded } from './mssql-recorder.js';

// The entities' column types are chosen from DB_TYPE as their module loads: set it first, import after.
process.env.DB_TYPE = 'mssql';
const { DataSource } = await import('typeorm');
const { ENTITIES } = await import('../../src/modules.js');
const { IsofTables1764547200000, IntegrationTables1764547300000 } = await import('../../src/migrations/index.js');
const { ISOF_TABLES } = await import('../../src/isof/entities.js');
const { applyPendingMigrations } = await import('../../src/migrations/runner.js');
delete process.env.DB_TYPE;

const ISOF = Object.values(ISOF_TABLES);
const DDL = /^\s*(CREATE|ALTER|DROP)\b/i;

/** The login's database is ISOF, its default schema dbo; MSSQL_SCHEMA, when set, must win over it everywhere. */
function loginDefaults(sql: string) {
  if (/SELECT DB_NAME\(\)/i.test(sql)) return [{ db_name: 'ISOF' }];
  if (/SELECT SCHEMA_NAME\(\)/i.test(sql)) return [{ schema_name: 'dbo' }];
  return undefined;
}

async function migrate(schema: string | undefined): Promise<Recorded[]> {
  const { driver, statements } = mssqlRecorder(loginDefaults);
  const ds = new DataSource({
    type: 'mssql', driver, host: 'isof.invalid', database: 'ISOF', username: 'u', password: 'p', schema,
    // The later migrations read back the tables they alter, which this recorder does not answer.
    entities: [...ENTITIES], migrations: [IsofTables1764547200000, IntegrationTables1764547300000], migrationsTableName: 'idosell_migrations',
    options: { encrypt: true, trustServerCertificate: false },
  });
  await ds.initialize();
  try {
    await applyPendingMigrations(ds);
  } finally {
    await ds.destroy();
  }
  return statements;
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
    const isofLookups = statements.filter((s) => /INFORMATION_SCHEMA/i.test(s.sql) && s.params.some((p) => ISOF.includes(p as never)));
    expect(isofLookups).toEqual([]);
  });

  test('MSSQL_SCHEMA qualifies every table it creates and every INFORMATION_SCHEMA look-up', async () => {
    const statements = await migrate('isof');
    const creates = statements.filter((s) => /^\s*CREATE TABLE/i.test(s.sql));
    expect(creates.length).toBeGreaterThan(5);
    for (const s of creates) expect(s.sql).toMatch(/^\s*CREATE TABLE "isof"\."idosell_/);
    for (const s of statements.filter((x) => /REFERENCES/.test(x.sql))) expect(s.sql).not.toMatch(/REFERENCES "(?!isof")/);
    const lookups = statements.filter((s) => /INFORMATION_SCHEMA"?\."?TABLES/i.test(s.sql));
    expect(lookups.length).toBeGreaterThan(0);
    for (const s of lookups) expect(s.params).toContain('isof');
    expect(statements.map((s) => s.sql).join('\n')).not.toMatch(/"dbo"/);
  });

  test('without MSSQL_SCHEMA the tables go to the login\'s default schema (unqualified names)', async () => {
    const statements = await migrate(undefined);
    const creates = statements.filter((s) => /^\s*CREATE TABLE/i.test(s.sql));
    expect(creates.length).toBeGreaterThan(5);
    for (const s of creates) expect(s.sql).toMatch(/^\s*CREATE TABLE "idosell_/);
  });

  test('MSSQL_SCHEMA qualifies the entities\' statements, ISOF\'s tables and ours', async () => {
    const { driver, statements } = mssqlRecorder(loginDefaults);
    const ds = new DataSource({
      type: 'mssql', driver, host: 'isof.invalid', database: 'ISOF', username: 'u', password: 'p', schema: 'isof', entities: [...ENTITIES],
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
