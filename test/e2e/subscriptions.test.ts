/**
 * Subscription.syncRunUpdated over GraphQL over WebSocket (graphql-ws, `ws` in Node), against two
 * real server instances on ONE SQLite file: instance 1 (keyless, the embedded sandbox slowed by its
 * latency) runs the export; instance 2 (API keys, no sandbox) serves the subscriptions, so what the
 * subscriber sees comes from the database, not from the memory of the process that runs the export.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { SyncRunEntity } from '../../src/sync-runs/sync-run.entities.js';

const ADMIN = 'admin-secret-0123456789abcdef';
const VIEWER = 'viewer-secret-0123456789abcdef';
const POLL_MS = 100;
const RUN_FIELDS = 'id status total processed succeeded failed startedAt finishedAt';
const WATCH = `subscription($id: ID!) { syncRunUpdated(id: $id) { ${RUN_FIELDS} } }`;

let dir: string;
let exporter: TestApp;
let watcher: TestApp;
const clients: Client[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-idosell-subs-'));
  exporter = await startTestApp({ dir, captureLogs: true, env: { SANDBOX: 'on', RUN_PROGRESS_LOG_SECONDS: '1' } });
  watcher = await startTestApp({
    dir,
    env: {
      API_KEYS: `boss:admin:${ADMIN},watcher:viewer:${VIEWER}`,
      SUBSCRIPTION_POLL_MS: String(POLL_MS),
      SUBSCRIPTIONS_PER_CONNECTION: '2',
      GRAPHQL_MAX_DEPTH: '4',
    },
  });
}, 60_000);

afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});

afterAll(async () => {
  await watcher?.close();
  await exporter?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Closed { code: number; reason: string }

function client(app: TestApp, connectionParams?: Record<string, unknown>, onClosed?: (c: Closed) => void): Client {
  const c = createClient({
    url: app.graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    on: { closed: (e) => onClosed?.({ code: (e as { code: number }).code, reason: String((e as { reason: string }).reason) }) },
  });
  clients.push(c);
  return c;
}

/** Everything a subscription yields until it completes (or its error / close event, thrown). */
async function collect(c: Client, query: string, variables: Record<string, unknown>, onValue?: (v: any) => void): Promise<any[]> {
  const values: any[] = [];
  for await (const v of c.iterate({ query, variables })) {
    values.push(v);
    onValue?.(v);
  }
  return values;
}

/** A run row as another instance would have written it: RUNNING, alive, owned elsewhere. */
async function runningRowElsewhere(): Promise<number> {
  const repo = watcher.services.ds.getRepository(SyncRunEntity);
  const row = await repo.save(repo.create({
    kind: 'SYNC_STOCK', shopId: 1, status: 'RUNNING', dryRun: false, triggeredBy: 'test', params: '{}', owner: 'another-instance',
    createdAt: new Date(), startedAt: new Date(), heartbeatAt: new Date(), total: 10, processed: 0, succeeded: 0, failed: 0, skipped: 0,
  }));
  return row.id;
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a subscriber on instance 2 follows a mass export running on instance 1: growing progress, the final SUCCEEDED state, then completion', async () => {
  exporter.sandbox!.setFaults({ latencyMs: 400 });
  const started = await exporter.gql('mutation { exportProducts(input: { shopId: "1" }) { id status } }');
  expect(started.errors).toBeUndefined();
  const id = started.data.exportProducts.id;
  // The run is executing in instance 1's engine, and instance 2's is idle: what it serves comes from the database.
  expect(started.data.exportProducts.status).toMatch(/QUEUED|RUNNING/);

  const values = await collect(client(watcher, { Authorization: `Bearer ${VIEWER}` }), WATCH, { id });
  const runs = values.map((v) => {
    expect(v.errors).toBeUndefined();
    return v.data.syncRunUpdated;
  });
  const processed = runs.map((r) => r.processed);
  expect(runs.every((r) => r.id === id)).toBe(true);
  // Several updates while it ran, processed never stepping back and growing over them.
  const whileRunning = runs.filter((r) => r.status === 'RUNNING');
  expect(new Set(whileRunning.map((r) => r.processed)).size).toBeGreaterThanOrEqual(2);
  expect(processed).toEqual([...processed].sort((a, b) => a - b));
  // The last one is the final state, and it is the only finished one: then the subscription completed.
  const last = runs.at(-1);
  expect(last.status).toBe('SUCCEEDED');
  expect(last.finishedAt).not.toBeNull();
  expect(last.processed).toBe(last.total);
  expect(last.total).toBeGreaterThan(100);
  expect(runs.filter((r) => r.finishedAt !== null)).toHaveLength(1);

  // Point 6: the run logged its progress with the run, kind, shop, counts, rate and time left.
  const raw = exporter.logs.filter((l) => l.includes('"msg":"run progress"') && JSON.parse(l).runId === Number(id));
  // Each key once: the run's logger names the run, the line adds only what it lacks.
  for (const l of raw) for (const key of ['runId', 'kind', 'shopId', 'shop']) expect(l.split(`"${key}":`)).toHaveLength(2);
  const lines = raw.map((l) => JSON.parse(l));
  expect(lines.length).toBeGreaterThanOrEqual(2);
  for (const l of lines) {
    expect(l).toMatchObject({ kind: 'EXPORT_PRODUCTS', shopId: 1, shop: 'Sklep demo (sandbox)', total: last.total });
    expect(l.processed).toBeGreaterThan(0);
    expect(l.ratePerSecond).toBeGreaterThan(0);
    expect(typeof l.etaSeconds).toBe('number');
  }
}, 120_000);

describe('auth', () => {
  test('no key: the socket closes with 4401 and says what to send', async () => {
    let closed: Closed | undefined;
    const c = client(watcher, undefined, (e) => (closed = e));
    await expect(collect(c, WATCH, { id: '1' })).rejects.toBeDefined();
    expect(closed).toEqual({ code: 4401, reason: expect.stringContaining('"Authorization":"Bearer <secret>"') });
  });

  test('a wrong key: the socket closes with 4403', async () => {
    let closed: Closed | undefined;
    const c = client(watcher, { headers: { Authorization: 'Bearer not-a-key-of-this-server' } }, (e) => (closed = e));
    await expect(collect(c, WATCH, { id: '1' })).rejects.toBeDefined();
    expect(closed).toEqual({ code: 4403, reason: expect.stringContaining('not valid') });
  });

  test.each([
    ['{ Authorization }', { Authorization: `Bearer ${VIEWER}` }],
    ['{ authorization }', { authorization: `Bearer ${VIEWER}` }],
    ['{ headers: { Authorization } }', { headers: { Authorization: `Bearer ${VIEWER}` } }],
  ])('a viewer key sent as %s may follow a run; a finished run is sent once, then the subscription completes', async (_shape, params) => {
    const repo = watcher.services.ds.getRepository(SyncRunEntity);
    const finished = await repo.findOneByOrFail({ status: 'SUCCEEDED' });
    const values = await collect(client(watcher, params), WATCH, { id: String(finished.id) });
    expect(values).toHaveLength(1);
    expect(values[0].data.syncRunUpdated).toMatchObject({ id: String(finished.id), status: 'SUCCEEDED' });
  });

  test('keyless instance: a Host other than loopback and a foreign browser Origin are refused at the upgrade; its own origin is let in', async () => {
    const url = exporter.graphqlUrl.replace(/^http/, 'ws');
    const answer = (headers: Record<string, string>) => new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(url, 'graphql-transport-ws', { headers });
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      ws.once('open', () => {
        ws.close();
        resolve(101);
      });
      ws.once('error', (err) => { if (!/Unexpected server response/.test(String(err))) reject(err); });
    });
    const host = new URL(exporter.url).host;
    expect(await answer({ Host: `evil.example:${new URL(exporter.url).port}` })).toBe(403);
    expect(await answer({ Origin: 'http://evil.example' })).toBe(403);
    expect(await answer({ Origin: `http://${host}` })).toBe(101);
    expect(await answer({})).toBe(101);
  });
});

test('an unknown run id answers NOT_FOUND, a malformed one BAD_USER_INPUT', async () => {
  const c = client(watcher, { Authorization: `Bearer ${VIEWER}` });
  const missing = await collect(c, WATCH, { id: '999999' });
  expect(missing).toHaveLength(1);
  expect(missing[0].errors[0].extensions.code).toBe('NOT_FOUND');
  expect(missing[0].errors[0].message).toMatch(/Run 999999 does not exist/);
  const bad = await collect(c, WATCH, { id: 'abc' });
  expect(bad[0].errors[0].extensions.code).toBe('BAD_USER_INPUT');
});

describe('limits', () => {
  test('the HTTP depth limit applies to subscription documents', async () => {
    const c = client(watcher, { Authorization: `Bearer ${ADMIN}` });
    const deep = 'subscription { syncRunUpdated(id: "1") { shop { lastRun(kind: SYNC_STOCK) { shop { id } } } } }';
    const err: any = await collect(c, deep, {}).catch((e) => e);
    expect(err[0].extensions.code).toBe('QUERY_TOO_DEEP');
    expect(err[0].message).toMatch(/levels deep; the limit is 4/);
  });

  test('queries go over HTTP, not WebSocket', async () => {
    const c = client(watcher, { Authorization: `Bearer ${ADMIN}` });
    const err: any = await collect(c, '{ shops { id } }', {}).catch((e) => e);
    expect(err[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/HTTP POST/) });
  });

  test('a subscription sent over HTTP is answered 400 BAD_REQUEST naming the WebSocket address, not a server error', async () => {
    const res = await fetch(watcher.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER}` },
      body: JSON.stringify({ query: 'subscription { syncRunUpdated(id: "1") { id } }' }),
    });
    expect(res.status).toBe(400);
    const body: any = await res.json();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' }, message: expect.stringMatching(/over WebSocket .*ws:\/\/.*\/graphql.*connection_init/) });
  });

  test('at most SUBSCRIPTIONS_PER_CONNECTION at once on one connection; a run changed by another instance is followed until it ends', async () => {
    const id = await runningRowElsewhere();
    const c = client(watcher, { Authorization: `Bearer ${VIEWER}` });
    const seen: any[][] = [[], []];
    const open = [0, 1].map((i) => collect(c, WATCH, { id: String(id) }, (v) => seen[i]!.push(v.data.syncRunUpdated)));
    await until('both subscriptions to get the run', () => seen.every((s) => s.length > 0));
    const third: any = await collect(c, WATCH, { id: String(id) }).catch((e) => e);
    expect(third[0]).toMatchObject({ extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 } });

    const repo = watcher.services.ds.getRepository(SyncRunEntity);
    await repo.update({ id }, { processed: 4, succeeded: 4, heartbeatAt: new Date() });
    await until('the change', () => seen.every((s) => s.some((r) => r.processed === 4)));
    await repo.update({ id }, { status: 'SUCCEEDED', processed: 10, succeeded: 10, finishedAt: new Date() });
    const [a, b] = await Promise.all(open);
    for (const values of [a!, b!]) expect(values.at(-1).data.syncRunUpdated).toMatchObject({ status: 'SUCCEEDED', processed: 10 });
  }, 60_000);

  test('six subscribers of one run share its reads: at most two queries a poll, not one per subscriber', async () => {
    const id = await runningRowElsewhere();
    // Two subscriptions per connection here (SUBSCRIPTIONS_PER_CONNECTION): three connections.
    const conns = [0, 1, 2].map(() => client(watcher, { Authorization: `Bearer ${VIEWER}` }));
    const seen = [0, 0, 0, 0, 0, 0];
    const stops = seen.map((_, i) => conns[i % 3]!.subscribe({ query: WATCH, variables: { id: String(id) } }, {
      next: () => seen[i]!++, error: () => undefined, complete: () => undefined,
    }));
    await until('every first emission', () => seen.every((n) => n > 0));
    const before = watcher.counter.count;
    const started = Date.now();
    await new Promise((r) => setTimeout(r, POLL_MS * 10));
    const polls = (Date.now() - started) / POLL_MS;
    const statements = watcher.counter.count - before;
    for (const stop of stops) stop();
    // Six watches reading on their own would make about six statements a poll.
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(2 * Math.ceil(polls) + 2);
  });

  test('a client that unsubscribes stops the polling at once', async () => {
    const id = await runningRowElsewhere();
    const c = client(watcher, { Authorization: `Bearer ${VIEWER}` });
    let got = 0;
    const stop = c.subscribe({ query: WATCH, variables: { id: String(id) } }, { next: () => got++, error: () => undefined, complete: () => undefined });
    await until('the first emission', () => got > 0);
    stop();
    await new Promise((r) => setTimeout(r, POLL_MS * 2));
    const before = watcher.counter.count;
    await new Promise((r) => setTimeout(r, POLL_MS * 6));
    // Nothing else talks to instance 2 meanwhile: no statement means no poll is left going.
    expect(watcher.counter.count).toBe(before);
  });
});
