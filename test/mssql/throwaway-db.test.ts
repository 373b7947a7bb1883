/**
 * The pieces of `npm run test:mssql` that need no server, run through the mssql stand-in: the
 * database names, the settings check, and the statements it would send to create ISOF's tables in
 * a throwaway database and to drop it.
 */
import { MssqlRecorder } from '../helpers/mssql-recorder.js';
import { checkStatements } from '../helpers/mssql-checks.js';
import {
  createThrowawayDatabase, dropRunDatabases, dropThrowawayDatabase, serverSettings, throwawayDatabaseName,
} from '../helpers/mssql-database.js';

/** What the test helpers send, without TypeORM's own look-ups on connecting (current schema / database). */
const sent = (rec: MssqlRecorder) => rec.statements.map((s) => s.sql).filter((s) => !/^SELECT (SCHEMA_NAME|DB_NAME)\(\)/.test(s));

const ENV = { MSSQL_TEST_RUN: 'ab12cd34', MSSQL_HOST: 'sql.test', MSSQL_USER: 'sa', MSSQL_PASSWORD: 'secret' };

async function isofModule() {
  // The entities read DB_TYPE when first loaded: load them as SQL Server sees them, then put it back.
  const previous = process.env.DB_TYPE;
  process.env.DB_TYPE = 'mssql';
  try {
    return await import('../../src/isof/entities.js');
  } finally {
    if (previous === undefined) delete process.env.DB_TYPE;
    else process.env.DB_TYPE = previous;
  }
}

test('database names carry the run prefix and a random suffix', () => {
  expect(throwawayDatabaseName(ENV, 'ff00')).toBe('isof_idosell_test_ab12cd34_ff00');
  expect(throwawayDatabaseName(ENV)).toMatch(/^isof_idosell_test_ab12cd34_[0-9a-f]{8}$/);
  expect(() => throwawayDatabaseName({})).toThrow(/MSSQL_TEST_RUN/);
});

test('missing server settings are named', () => {
  expect(() => serverSettings({ MSSQL_HOST: 'h' })).toThrow('npm run test:mssql needs MSSQL_USER, MSSQL_PASSWORD');
});

test('ISOF tables are created by the test setup, from the ISOF entities, in the new database', async () => {
  const { ISOF_ENTITIES, ISOF_TABLES } = await isofModule();
  const rec = new MssqlRecorder();
  await createThrowawayDatabase(ENV, 'isof_idosell_test_ab12cd34_ff00', ISOF_ENTITIES, rec.driver);
  const sql = sent(rec);
  expect(sql[0]).toBe('CREATE DATABASE [isof_idosell_test_ab12cd34_ff00]');
  for (const table of Object.values(ISOF_TABLES)) expect(sql.some((s) => s.startsWith(`CREATE TABLE "${table}" (`))).toBe(true);
  expect(sql.find((s) => s.startsWith('CREATE TABLE "TOWARY"'))).toMatch(/"ID_TOWARU" int NOT NULL IDENTITY\(1,1\)/);
  // The very statements the render test forbids the server to send: here the test setup sends them.
  expect(checkStatements(rec.statements, Object.values(ISOF_TABLES)).filter((p) => /changes ISOF's table/.test(p)).length).toBeGreaterThanOrEqual(10);
});

test('dropping a database ends its sessions first and checks it exists', async () => {
  const rec = new MssqlRecorder();
  await dropThrowawayDatabase(ENV, 'isof_idosell_test_ab12cd34_ff00', rec.driver);
  expect(sent(rec)).toEqual([
    'IF DB_ID(@0) IS NOT NULL BEGIN ALTER DATABASE [isof_idosell_test_ab12cd34_ff00] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [isof_idosell_test_ab12cd34_ff00]; END',
  ]);
  await expect(dropThrowawayDatabase(ENV, 'x]; DROP DATABASE [ISOF', rec.driver)).rejects.toThrow(/Refusing the database name/);
  expect(sent(rec)).toHaveLength(1);
});

test('the global teardown drops every database of the run still there, and only those', async () => {
  const rec = new MssqlRecorder();
  rec.answer(/FROM "sys"\."databases" WHERE "name" LIKE @0/, (_sql, params) =>
    (params[0]!.value === 'isof[_]idosell[_]test[_]ab12cd34[_]%' ? [{ name: 'isof_idosell_test_ab12cd34_0001' }] : []));
  expect(await dropRunDatabases(ENV, rec.driver)).toEqual(['isof_idosell_test_ab12cd34_0001']);
  expect(rec.statements.at(-1)!.sql).toMatch(/DROP DATABASE \[isof_idosell_test_ab12cd34_0001\]/);
});
