/** `npm run check-isof` (runCheckIsofCommand) on real SQLite files: exit 0 ok, 1 problems, 2 cannot connect. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runCheckIsofCommand } from '../../src/cli/check-isof.js';
import { runMigrateCommand } from '../../src/cli/migrate.js';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-check-cli-')); });
afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

async function run(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCheckIsofCommand({ NODE_ENV: 'test', DB_TYPE: 'sqlite', DATA_DIR: dir, ...env }, (l) => out.push(l), (l) => err.push(l));
  return { code, out, err };
}

test('a database that matches: exit 0 and OK', async () => {
  expect(await runMigrateCommand([], { NODE_ENV: 'test', DB_TYPE: 'sqlite', DATA_DIR: dir }, () => undefined, () => undefined)).toBe(0);
  const r = await run({});
  expect(r).toEqual({ code: 0, out: [expect.stringMatching(/^SQLite file .*isof\.sqlite, schema "main": OK \(0 problem\(s\), 0 warning\(s\)\)\.$/)], err: [] });
});

test('problems: exit 1, each problem printed with what to do; a trigger is a warning', async () => {
  await runMigrateCommand([], { NODE_ENV: 'test', DB_TYPE: 'sqlite', DATA_DIR: dir }, () => undefined, () => undefined);
  const db = new Database(path.join(dir, 'isof.sqlite'));
  db.exec('ALTER TABLE "KONTRAHENCI" RENAME COLUMN "NIP" TO "NIP_UE"');
  db.exec('CREATE TRIGGER "TR_ZAM" AFTER INSERT ON "ZAMOWIENIA" BEGIN SELECT 1; END');
  db.close();
  const r = await run({});
  expect(r.code).toBe(1);
  expect(r.out[0]).toMatch(/PROBLEMS \(1 problem\(s\), 1 warning\(s\)\)/);
  expect(r.out.slice(1)).toEqual([
    expect.stringMatching(/^ {2}\[problem\] KONTRAHENCI\.NIP: Column KONTRAHENCI\.NIP is missing, expected nvarchar\(20\)\./),
    expect.stringMatching(/^ {2}\[warning\] ZAMOWIENIA: ZAMOWIENIA has trigger\(s\) TR_ZAM/),
  ]);
});

test('cannot open the database: exit 2 with the reason', async () => {
  const notAFile = path.join(dir, 'a-folder');
  fs.mkdirSync(notAFile);
  const r = await run({ SQLITE_PATH: notAFile });
  expect(r.code).toBe(2);
  expect(r.out).toEqual([]);
  expect(r.err.join('\n')).toMatch(/^Could not connect to the SQLite file .*a-folder: /);
});

test('an invalid configuration: exit 2', async () => {
  const r = await run({ DB_TYPE: 'mssql' });
  expect(r.code).toBe(2);
  expect(r.err.join('\n')).toMatch(/MSSQL_HOST is required/);
});
