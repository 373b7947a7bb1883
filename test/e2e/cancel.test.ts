/**
 * cancelSyncRun and the run's conditional close, in process: the real server, a real SQLite file,
 * the sandbox on loopback (slowed by its latency so that a run is mid-way when it is stopped).
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { SyncLockEntity, SyncRunEntity, SyncRunItemEntity } from '../../src/sync-runs/sync-run.entities.js';
import { IsofProduct } from '../../src/isof/entities.js';

const OPERATOR = 'operator-secret-0123456789abcdef';
const VIEWER = 'viewer-secret-0123456789abcdef';
const RUN = 'id kind status total processed succeeded failed skipped error';
const EXPORT = `mutation($input: ExportProductsInput!) { exportProducts(input: $input) { ${RUN} } }`;
const CANCEL = `mutation($id: ID!) { cancelSyncRun(id: $id) { ${RUN} } }`;

let app: TestApp;
let shopId: string;

function productCalls() {
  return app.sandbox!.calls.filter((c) => c.path === '/products/products' && (c.method === 'POST' || c.method === 'PUT'));
}
async function gqlOk(query: string, variables?: Record<string, unknown>, key = OPERATOR) {
  const r = await app.gql(query, variables, { key });
  expect(r.errors).toBeUndefined();
  return r.data;
}
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
const runRow = (id: number | string) => app.services.ds.getRepository(SyncRunEntity).findOneByOrFail({ id: Number(id) });
const lockRows = () => app.services.ds.getRepository(SyncLockEntity).find();

beforeAll(async () => {
  app = await startTestApp({
    env: {
      SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR},dash:viewer:${VIEWER}`,
      SHUTDOWN_GRACE_MS: '3000', RUN_HEARTBEAT_MS: '150', RUN_STALE_AFTER_MS: '60000',
    },
  });
  shopId = (await gqlOk(`{ shops { id } }`)).shops[0].id;
});
afterAll(async () => {
  expect(app.schemaViolations()).toEqual([]);
  await app.close();
});
afterEach(async () => {
  app.sandbox!.setFaults({ latencyMs: 0 });
  await app.services.engine.drain();
});

describe('cancelSyncRun', () => {
  test('mid-run: the run stops sending, ends CANCELLED with its confirmed items, and the next run finishes the rest without duplicates', async () => {
    const active = await app.services.ds.getRepository(IsofProduct).countBy({ active: true });
    app.sandbox!.resetCalls();
    app.sandbox!.setFaults({ latencyMs: 400 });
    const { exportProducts: started } = await gqlOk(EXPORT, { input: { shopId } });
    await until('the first product call', () => productCalls().length > 0);

    const { cancelSyncRun: cancelled } = await gqlOk(CANCEL, { id: started.id });
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.error).toMatch(/^Cancelled by isof; \d+ of \d+ items were done and are recorded\. Start the run again/);
    const row = await runRow(started.id);
    expect(row.finishedAt).not.toBeNull();
    // What the shop confirmed is recorded, and the counts say exactly that.
    const items = app.services.ds.getRepository(SyncRunItemEntity);
    const succeeded = await items.countBy({ runId: Number(started.id), outcome: 'SUCCEEDED' });
    expect(succeeded).toBeGreaterThan(0);
    expect(row.succeeded).toBe(succeeded);
    expect(row.processed).toBe(await items.countBy({ runId: Number(started.id) }));
    expect(row.failed).toBe(0);
    expect(row.processed).toBeLessThan(active);
    expect(await lockRows()).toEqual([]);
    // No IdoSell call reached the shop after the run was closed (and its lock freed).
    const lastArrival = Math.max(...app.sandbox!.calls.map((c) => c.at));
    expect(lastArrival).toBeLessThanOrEqual(row.finishedAt!.getTime());
    const callsAtCancel = app.sandbox!.calls.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(app.sandbox!.calls.length).toBe(callsAtCancel);

    app.sandbox!.setFaults({ latencyMs: 0 });
    const { exportProducts: next } = await gqlOk(EXPORT, { input: { shopId, wait: true } });
    expect(next).toMatchObject({ status: 'SUCCEEDED', failed: 0 });
    const codes = app.sandbox!.state.products.map((p) => p.sizes[0]?.productSizeCodeExternal);
    expect(codes).toHaveLength(active);
    expect(new Set(codes).size).toBe(active);
  });

  test('cancelling a finished run is BAD_USER_INPUT and changes nothing; an unknown id is NOT_FOUND', async () => {
    const { exportProducts: done } = await gqlOk(EXPORT, { input: { shopId, productIds: ['1'], wait: true } });
    expect(done.status).toBe('SUCCEEDED');
    const r = await app.gql(CANCEL, { id: done.id }, { key: OPERATOR });
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toBe(`Run ${done.id} has already finished (SUCCEEDED); there is nothing to cancel.`);
    expect((await runRow(done.id)).status).toBe('SUCCEEDED');
    const missing = await app.gql(CANCEL, { id: '999999' }, { key: OPERATOR });
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  test('a viewer cannot cancel: FORBIDDEN, and the run goes on', async () => {
    app.sandbox!.setFaults({ latencyMs: 300 });
    const { exportProducts: started } = await gqlOk(EXPORT, { input: { shopId, productIds: ['2', '3'] } });
    const r = await app.gql(CANCEL, { id: started.id }, { key: VIEWER });
    expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    await app.services.engine.drain();
    expect((await runRow(started.id)).status).toBe('SUCCEEDED');
  });

  test('a cancel requested through another instance (on the run row) is noticed by the heartbeat of the instance that runs it', async () => {
    app.sandbox!.setFaults({ latencyMs: 300 });
    await app.services.ds.getRepository(IsofProduct).update({ id: 4 }, { name: 'Zmieniona nazwa 4' });
    const { exportProducts: started } = await gqlOk(EXPORT, { input: { shopId, productIds: ['4'] } });
    await app.services.ds.getRepository(SyncRunEntity).update({ id: Number(started.id) }, { cancelRequestedAt: new Date(), cancelledBy: 'dashboard' });
    await app.services.engine.drain();
    const row = await runRow(started.id);
    expect(row.status).toBe('CANCELLED');
    expect(row.error).toMatch(/^Cancelled by dashboard;/);
    expect(await lockRows()).toEqual([]);
  });

  test('a run of another live instance gets a cancel request; a run of a gone instance is CANCELLED at once and its lock freed', async () => {
    const runs = app.services.ds.getRepository(SyncRunEntity);
    const locks = app.services.ds.getRepository(SyncLockEntity);
    const now = new Date();
    const base = { shopId: Number(shopId), status: 'RUNNING' as const, dryRun: false, triggeredBy: 'isof', params: '{}', createdAt: now, startedAt: now, finishedAt: null, total: 10, processed: 0, succeeded: 0, failed: 0, skipped: 0, error: null };
    const live = await runs.save({ ...base, kind: 'SYNC_STOCK' as const, owner: 'other-host:4242:abc', heartbeatAt: now });
    await locks.insert({ shopId: Number(shopId), kind: 'SYNC_STOCK', runId: live.id, acquiredAt: now });
    const gone = await runs.save({ ...base, kind: 'SYNC_STATUSES' as const, owner: 'other-host:4243:abc', heartbeatAt: new Date(Date.now() - 3_600_000) });
    await locks.insert({ shopId: Number(shopId), kind: 'SYNC_STATUSES', runId: gone.id, acquiredAt: now });

    const a = (await gqlOk(CANCEL, { id: String(live.id) })).cancelSyncRun;
    expect(a.status).toBe('RUNNING');
    const liveRow = await runRow(live.id);
    expect(liveRow.cancelledBy).toBe('isof');
    expect(liveRow.cancelRequestedAt).not.toBeNull();
    expect(await locks.countBy({ runId: live.id })).toBe(1);

    const b = (await gqlOk(CANCEL, { id: String(gone.id) })).cancelSyncRun;
    expect(b.status).toBe('CANCELLED');
    expect(b.error).toMatch(/^Cancelled by isof; the server that ran it had stopped/);
    expect(await locks.countBy({ runId: gone.id })).toBe(0);
    // CANCELLED is final: start-up recovery leaves it as it is.
    expect(await app.services.engine.recoverInterrupted()).not.toContain(gone.id);
    expect((await runRow(gone.id)).status).toBe('CANCELLED');
    await locks.delete({ runId: live.id });
    await runs.update({ id: live.id }, { status: 'INTERRUPTED', finishedAt: new Date() });
  });
});

describe('the final status is one conditional update', () => {
  test('a run marked INTERRUPTED by someone else meanwhile is not overwritten by SUCCEEDED', async () => {
    app.sandbox!.setFaults({ latencyMs: 400 });
    await app.services.ds.getRepository(IsofProduct).update({ id: 5 }, { name: 'Zmieniona nazwa 5' });
    const { exportProducts: started } = await gqlOk(EXPORT, { input: { shopId, productIds: ['5'] } });
    await until('the run to be RUNNING', async () => (await runRow(started.id)).status === 'RUNNING');
    await app.services.ds.getRepository(SyncRunEntity).update({ id: Number(started.id) }, { status: 'INTERRUPTED', error: 'marked by another instance', finishedAt: new Date() });
    await app.services.engine.drain();
    const row = await runRow(started.id);
    expect(row.status).toBe('INTERRUPTED');
    expect(row.error).toBe('marked by another instance');
  });

  test('a run taken over by another instance keeps the new holder\'s status and lock', async () => {
    app.sandbox!.setFaults({ latencyMs: 400 });
    await app.services.ds.getRepository(IsofProduct).update({ id: 6 }, { name: 'Zmieniona nazwa 6' });
    const { exportProducts: started } = await gqlOk(EXPORT, { input: { shopId, productIds: ['6'] } });
    const runs = app.services.ds.getRepository(SyncRunEntity);
    const locks = app.services.ds.getRepository(SyncLockEntity);
    // Another instance judged it dead, interrupted it and took the lock for its own run.
    const now = new Date();
    const theirs = await runs.save({
      kind: 'EXPORT_PRODUCTS', shopId: Number(shopId), status: 'RUNNING', dryRun: false, triggeredBy: 'isof', params: '{}',
      owner: 'other-host:4244:abc', createdAt: now, heartbeatAt: now, startedAt: now, finishedAt: null,
      total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, error: null,
    });
    await runs.update({ id: Number(started.id) }, { status: 'INTERRUPTED', error: 'taken over', finishedAt: now });
    await locks.update({ shopId: Number(shopId), kind: 'EXPORT_PRODUCTS' }, { runId: theirs.id });
    await app.services.engine.drain();
    expect((await runRow(started.id)).status).toBe('INTERRUPTED');
    expect(await locks.findBy({ shopId: Number(shopId), kind: 'EXPORT_PRODUCTS' })).toMatchObject([{ runId: theirs.id }]);
    await locks.delete({ runId: theirs.id });
    await runs.update({ id: theirs.id }, { status: 'INTERRUPTED', finishedAt: new Date() });
  });
});

describe('after a stopped mass export', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await startTestApp({ env: { SANDBOX: 'on', SHUTDOWN_GRACE_MS: '3000' } });
  });
  afterAll(async () => {
    expect(fresh.schemaViolations()).toEqual([]);
    await fresh.close();
  });

  test('the next mass export looks the codes up before creating, even after a clean export of one product in between', async () => {
    const sandbox = fresh.sandbox!;
    const ok = async (query: string, variables: Record<string, unknown>) => {
      const r = await fresh.gql(query, variables);
      expect(r.errors).toBeUndefined();
      return r.data;
    };
    const id = (await ok('{ shops { id } }', {})).shops[0].id;
    sandbox.setFaults({ latencyMs: 400 });
    const { exportProducts: stopped } = await ok(EXPORT, { input: { shopId: id } });
    const creates = () => sandbox.calls.filter((c) => c.method === 'PUT' && c.path === '/products/products');
    const deadline = Date.now() + 15000;
    while (creates().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect((await ok(CANCEL, { id: stopped.id })).cancelSyncRun.status).toBe('CANCELLED');
    sandbox.setFaults({ latencyMs: 0 });

    // One product exported cleanly: the newest export is SUCCEEDED, but it vouches for that product only.
    expect((await ok(EXPORT, { input: { shopId: id, productIds: ['1'], wait: true } })).exportProducts.status).toBe('SUCCEEDED');

    sandbox.resetCalls();
    const { exportProducts: next } = await ok(EXPORT, { input: { shopId: id, wait: true } });
    expect(next).toMatchObject({ status: 'SUCCEEDED', failed: 0 });
    const paths = sandbox.calls.map((c) => `${c.method} ${c.path}`);
    const firstSearch = paths.indexOf('POST /products/products/search');
    expect(firstSearch).toBeGreaterThanOrEqual(0);
    expect(firstSearch).toBeLessThan(paths.indexOf('PUT /products/products'));
  });
});
