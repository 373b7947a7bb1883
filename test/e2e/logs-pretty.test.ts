/**
 * LOG_FORMAT on the built server, as `npm start` runs it: a child process of the compiled
 * src/main.js, its stdout read. Built into a folder of its own, so this test never races another
 * test file compiling dist/ at the same time.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { childServerEnv } from '../helpers/test-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, '.tmp', 'logs-pretty-build');

/** Starts the built server, waits for its banner, stops it with SIGTERM; answers what it printed. */
async function runServer(env: Record<string, string>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-idosell-logs-'));
  const child = spawn(process.execPath, [path.join(OUT, 'src/main.js')], {
    cwd: ROOT,
    env: childServerEnv(dir, { SEED_DEMO: 'false', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const end = Date.now() + 60_000;
    while (!out.includes('middleware is up')) {
      if (child.exitCode !== null || Date.now() > end) throw new Error(`the server did not start:\n${out}\n${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    return out;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT], { cwd: ROOT, stdio: 'pipe' });
}, 180_000);
afterAll(() => {
  fs.rmSync(OUT, { recursive: true, force: true });
});

test('LOG_FORMAT=pretty: human lines (time, level name, message, fields), no JSON', async () => {
  const out = await runServer({ LOG_FORMAT: 'pretty' });
  const logLines = out.split('\n').filter((l) => /^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}\]/.test(l));
  expect(logLines.find((l) => l.includes('applied migrations'))).toMatch(/^\[[^\]]+\] INFO: applied migrations \{.*"migrations":\[/);
  expect(logLines.find((l) => l.includes('shutting down'))).toMatch(/\] INFO: shutting down: .*"signal":"SIGTERM"/);
  expect(out.split('\n').filter((l) => l.startsWith('{'))).toEqual([]);
}, 120_000);

test('without LOG_FORMAT and stdout not a terminal: one JSON object per line', async () => {
  const out = await runServer({});
  const json = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  expect(json.find((j) => j.msg === 'applied migrations')).toMatchObject({ level: 30, service: 'isof-idosell' });
  expect(out).not.toMatch(/\] INFO: /);
}, 120_000);
