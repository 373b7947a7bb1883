/**
 * Stopping the real server: `node dist/src/main.js` as a child process, as `npm start` runs it (not
 * NODE_ENV=test, so nothing of Apollo's or ours is switched off for tests), sent SIGTERM or SIGINT.
 *
 * For the mid-run cases the sandbox runs here, in the test process, slowed by its latency (or
 * hanging), and the child (SANDBOX=off) exports to it through a shop created over GraphQL: the
 * sandbox's call log (arrival times) is then compared with the moment the child closed the run and
 * freed its lock, read from the SQLite file after the child has exited.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { childServerEnv } from '../helpers/test-env.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const GRACE_MS = 1500;
/** The bound the issue sets: every case exits within the grace time plus 2 s. */
const EXIT_BOUND_MS = GRACE_MS + 2000;
const SANDBOX_KEY = 'test-sandbox-key-0123456789';

interface Server {
  child: ChildProcess;
  dir: string;
  url: string;
  sandboxUrl: string | null;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

const started: Server[] = [];

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-idosell-stop-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: childServerEnv(dir, {
      SANDBOX_PORT: '0',
      // The shops these tests create point at a sandbox on loopback.
      IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'true',
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      IDOSELL_BACKOFF_BASE_MS: '5',
      IDOSELL_BACKOFF_MAX_MS: '50',
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  const server: Server = { child, dir, url: '', sandboxUrl: null, output: () => out, exited };
  started.push(server);
  const end = Date.now() + 60_000;
  for (;;) {
    const m = /GraphQL:\s+(http:\/\/\S+)/.exec(out);
    if (m && out.includes('Access:')) {
      server.url = m[1]!;
      server.sandboxUrl = /Sandbox:\s+IdoSell stand-in at (http:\/\/\S+)/.exec(out)?.[1] ?? null;
      return server;
    }
    if (child.exitCode !== null || Date.now() > end) throw new Error(`the server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function gql(s: Server, query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: await res.json() };
}

/** Sends the signal and answers how long the process took to exit, and how. */
async function stop(s: Server, signal: NodeJS.Signals): Promise<{ ms: number; code: number | null }> {
  const sent = Date.now();
  s.child.kill(signal);
  const e = await s.exited;
  return { ms: e.at - sent, code: e.code };
}

interface RunRow { id: number; status: string; succeeded: number; processed: number; failed: number; finished_at: string | null; error: string | null }

function readDb(s: Server) {
  const db = new Database(path.join(s.dir, 'isof.sqlite'), { readonly: true });
  try {
    const runs = db.prepare('SELECT id, status, succeeded, processed, failed, finished_at, error FROM idosell_sync_runs ORDER BY id').all() as RunRow[];
    const locks = db.prepare('SELECT * FROM idosell_sync_locks').all();
    const items = (runId: number, outcome: string) => (db.prepare('SELECT COUNT(*) AS n FROM idosell_sync_run_items WHERE run_id = ? AND outcome = ?').get(runId, outcome) as { n: number }).n;
    const counted = runs.map((r) => ({ ...r, succeededItems: items(r.id, 'SUCCEEDED'), failedItems: items(r.id, 'FAILED') }));
    return { runs: counted, locks };
  } finally {
    db.close();
  }
}

/** TypeORM writes SQLite datetimes as UTC "YYYY-MM-DD HH:MM:SS.SSS". */
function dbTime(text: string): number {
  return new Date(`${text.replace(' ', 'T')}Z`).getTime();
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const EXPORT = 'mutation($input: ExportProductsInput!) { exportProducts(input: $input) { id status total processed succeeded failed error } }';

beforeAll(() => {
  // The tests run the compiled server, as `npm start` does.
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
}, 180_000);

afterEach(async () => {
  for (const s of started.splice(0)) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
    fs.rmSync(s.dir, { recursive: true, force: true });
  }
});

describe('idle', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s with the sandbox off: exits at once with code 0', async (signal) => {
    const s = await startServer();
    const { ms, code } = await stop(s, signal);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(EXIT_BOUND_MS);
    expect(s.output()).toContain('"msg":"stopped"');
  });

  test.each(['SIGTERM', 'SIGINT'] as const)('%s with the embedded sandbox on: exits with code 0 and the sandbox port is closed', async (signal) => {
    const s = await startServer({ SANDBOX: 'on' });
    const port = Number(new URL(s.sandboxUrl!).port);
    expect(await portOpen(port)).toBe(true);
    const { ms, code } = await stop(s, signal);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(EXIT_BOUND_MS);
    expect(await portOpen(port)).toBe(false);
  });
});

describe('after an export to the embedded sandbox (keep-alive connections open on both sides)', () => {
  test.each(['SIGTERM', 'SIGINT'] as const)('%s: exits with code 0, the run SUCCEEDED and no lock is left', async (signal) => {
    const s = await startServer({ SANDBOX: 'on' });
    const r = await gql(s, EXPORT, { input: { shopId: '1', productIds: ['1', '2', '3'], wait: true } });
    expect(r.body.data.exportProducts.status).toBe('SUCCEEDED');
    const port = Number(new URL(s.sandboxUrl!).port);
    const { ms, code } = await stop(s, signal);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(EXIT_BOUND_MS);
    expect(await portOpen(port)).toBe(false);
    const db = readDb(s);
    expect(db.runs.map((x) => x.status)).toEqual(['SUCCEEDED']);
    expect(db.locks).toEqual([]);
  });
});

describe('mid-run, against a slow sandbox in this process', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ apiKey: SANDBOX_KEY, recordBodies: false, validateResponses: false });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  async function serverWithShop(): Promise<{ s: Server; shopId: string }> {
    const s = await startServer();
    const created = await gql(s, 'mutation($i: CreateShopInput!) { createShop(input: $i) { id } }', {
      i: { name: 'Sklep testowy', apiUrl: sandbox.url, apiKey: SANDBOX_KEY, idosellStockId: 1, languageId: 'pol' },
    });
    expect(created.body.errors).toBeUndefined();
    return { s, shopId: created.body.data.createShop.id };
  }
  const productCalls = () => sandbox.calls.filter((c) => c.path === '/products/products');

  /** The run closed INTERRUPTED with what the shop confirmed, its lock freed, and no call reached the shop after that. */
  function expectInterruptedCleanly(s: Server) {
    const db = readDb(s);
    expect(db.runs).toHaveLength(1);
    const run = db.runs[0]!;
    expect(run.status).toBe('INTERRUPTED');
    expect(run.error).toMatch(/server was stopped/);
    expect(run.succeeded).toBe(run.succeededItems);
    expect(run.failedItems).toBe(0);
    expect(db.locks).toEqual([]);
    const freedAt = dbTime(run.finished_at!);
    const last = Math.max(...sandbox.calls.map((c) => c.at));
    expect(last).toBeLessThanOrEqual(freedAt);
    return run;
  }

  test('SIGTERM without a waiting client: the run stops sending, closes INTERRUPTED with its confirmed items, then the lock is freed', async () => {
    const { s, shopId } = await serverWithShop();
    sandbox.setFaults({ latencyMs: 300 });
    const r = await gql(s, EXPORT, { input: { shopId } });
    expect(r.body.data.exportProducts.status).toMatch(/QUEUED|RUNNING/);
    await until('the first product call', () => productCalls().length > 0);
    const { ms, code } = await stop(s, 'SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(EXIT_BOUND_MS);
    const run = expectInterruptedCleanly(s);
    // The calls in flight at the signal were awaited (300 ms < the grace) and their products recorded.
    expect(run.succeeded).toBeGreaterThan(0);
    expect(run.processed).toBeLessThan(550);
  });

  test('SIGINT with a client waiting on exportProducts(wait: true): the client gets HTTP 200 with the run INTERRUPTED before the process exits', async () => {
    const { s, shopId } = await serverWithShop();
    sandbox.setFaults({ latencyMs: 300 });
    const waiting = gql(s, EXPORT, { input: { shopId, wait: true } }).then((a) => ({ ...a, at: Date.now() }));
    await until('the first product call', () => productCalls().length > 0);
    const { ms, code } = await stop(s, 'SIGINT');
    const answer = await waiting;
    expect(code).toBe(0);
    expect(ms).toBeLessThan(EXIT_BOUND_MS);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.exportProducts.status).toBe('INTERRUPTED');
    expect(answer.body.data.exportProducts.error).toMatch(/server was stopped/);
    expect(answer.at).toBeLessThanOrEqual((await s.exited).at);
    const run = expectInterruptedCleanly(s);
    expect(answer.body.data.exportProducts.succeeded).toBe(run.succeeded);
  });

  test('SIGTERM while calls hang longer than the grace time: they are cut after it, and the process still exits in time', async () => {
    const { s, shopId } = await serverWithShop();
    sandbox.script({ kind: 'hang', path: '/products/products', times: 1000 });
    const waiting = gql(s, EXPORT, { input: { shopId, wait: true } });
    await until('the first product call', () => productCalls().length > 0);
    const { ms, code } = await stop(s, 'SIGTERM');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(EXIT_BOUND_MS);
    // It waited for the calls in flight for the grace time before cutting them.
    expect(ms).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect((await waiting).body.data.exportProducts.status).toBe('INTERRUPTED');
    const run = expectInterruptedCleanly(s);
    // Nothing was confirmed, and what was cut is not recorded as failed: the next run checks those codes.
    expect(run.succeeded).toBe(0);
    expect(run.processed).toBe(0);
    expect(s.output()).toContain('calls still in flight after the grace time are cut');
  });

  test('SIGTERM with a subscriber following the running export: it gets the run INTERRUPTED, the subscription completes, the socket closes 1001, the process exits 0', async () => {
    const { s, shopId } = await serverWithShop();
    sandbox.setFaults({ latencyMs: 300 });
    const r = await gql(s, EXPORT, { input: { shopId } });
    const id = r.body.data.exportProducts.id;
    await until('the first product call', () => productCalls().length > 0);
    const states: string[] = [];
    let completed = false;
    let closed: { code: number; reason: string } | undefined;
    // Not lazy: the client keeps its socket until the server closes it (a lazy one closes it itself once nothing is subscribed).
    const client = createClient({
      url: s.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: false, retryAttempts: 0,
      // The close at shutdown is what this test expects; the client would print it as an error.
      onNonLazyError: () => undefined,
      on: { closed: (e) => (closed = { code: (e as { code: number }).code, reason: String((e as { reason: string }).reason) }) },
    });
    try {
      client.subscribe({ query: 'subscription($id: ID!) { syncRunUpdated(id: $id) { status } }', variables: { id } }, {
        next: (v: any) => states.push(v.data.syncRunUpdated.status),
        error: (e) => states.push(`error: ${JSON.stringify(e)}`),
        complete: () => (completed = true),
      });
      await until('the first state', () => states.length > 0);
      const { ms, code } = await stop(s, 'SIGTERM');
      expect(code).toBe(0);
      expect(ms).toBeLessThan(EXIT_BOUND_MS);
      await until('the socket to close', () => closed !== undefined);
      expect(closed).toEqual({ code: 1001, reason: 'server is shutting down' });
      expect(completed).toBe(true);
      expect(states[0]).toBe('RUNNING');
      expect(states.at(-1)).toBe('INTERRUPTED');
      expectInterruptedCleanly(s);
    } finally {
      await client.dispose();
    }
  });

  test('a second signal exits at once', async () => {
    const { s, shopId } = await serverWithShop();
    sandbox.script({ kind: 'hang', path: '/products/products', times: 1000 });
    await gql(s, EXPORT, { input: { shopId } });
    await until('the first product call', () => productCalls().length > 0);
    const sent = Date.now();
    s.child.kill('SIGTERM');
    await until('the shutdown to begin', () => s.output().includes('shutting down'));
    s.child.kill('SIGINT');
    const e = await s.exited;
    expect(e.code).toBe(130);
    expect(e.at - sent).toBeLessThan(GRACE_MS);
    expect(s.output()).toContain('second signal: exiting at once');
  });
});
