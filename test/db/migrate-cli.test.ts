import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMigrateCommand } from '../../src/cli/migrate.js';

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-migrate-cli-'));
  env = { NODE_ENV: 'test', DB_TYPE: 'sqlite', DATA_DIR: dir, SQLITE_PATH: path.join(dir, 'cli.sqlite') };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[], e: Record<string, string> = env) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMigrateCommand(args, e, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run migrate', () => {
  test('applies the pending migrations, then finds nothing to apply', async () => {
    const first = await run([]);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toContain('applied 6 migration(s)');
    expect(first.out).toContain('IsofTables1764547200000');
    expect(first.out).toContain('IntegrationTables1764547300000');
    expect(first.out).toContain(env.SQLITE_PATH);
    expect(fs.existsSync(env.SQLITE_PATH)).toBe(true);

    const second = await run([]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('nothing to apply');
  });

  test('--show lists the pending migrations and applies none', async () => {
    const shown = await run(['--show']);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('6 pending migration(s)');
    expect(shown.out).toMatch(/IsofTables1764547200000[\s\S]*IntegrationTables1764547300000[\s\S]*CustomerLinks1764547400000[\s\S]*RunCancelRequest1764547500000[\s\S]*UtcTimestamps1764547600000[\s\S]*Schedules1764547700000/);
    // Nothing was applied: a second --show still lists both.
    expect((await run(['--show'])).out).toContain('6 pending migration(s)');

    await run([]);
    expect((await run(['--show'])).out).toContain('no pending migrations');
  });

  test('--revert undoes the last migration only', async () => {
    expect((await run(['--revert'])).out).toContain('nothing to revert');
    await run([]);
    const reverted = await run(['--revert']);
    expect(reverted.code).toBe(0);
    expect(reverted.out).toContain('reverted Schedules1764547700000');
    const shown = await run(['--show']);
    expect(shown.out).toContain('1 pending migration(s)');
    expect(shown.out).toContain('Schedules1764547700000');
    expect(shown.out).not.toContain('UtcTimestamps1764547600000');
  });

  test('an unknown option fails with exit code 1 and the usage', async () => {
    const r = await run(['--frobnicate']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Unknown option "--frobnicate"');
    expect(r.err).toContain('--show');
  });

  test('a bad setting fails with exit code 1 and names the variable', async () => {
    const r = await run([], { ...env, DB_TYPE: 'oracle' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('DB_TYPE must be one of sqlite, mssql');
  });

  test('a database that cannot be opened fails with exit code 1 and says which', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    const r = await run([], { ...env, SQLITE_PATH: path.join(blocker, 'db.sqlite') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Migration failed: Could not open the SQLite file .*not-a-folder.*Check the DB_TYPE, SQLITE_PATH or MSSQL_\* settings\.$/s);
  });
});
