/**
 * Schedules through the API (roles, validation, Shop.schedules without N+1) and the scheduler driven
 * by a passed clock: a due schedule starts the run a person would, triggeredBy "scheduler"; a missed
 * window gives one run; a CONFLICT skips the due time; the scheduled import's window; shutdown.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ScheduleEntity } from '../../src/schedules/schedule.entity.js';
import { IMPORT_OVERLAP_MINUTES, nextDueAfter } from '../../src/schedules/scheduler.js';
import { SyncRunEntity } from '../../src/sync-runs/sync-run.entities.js';
import { periodRange, DEFAULT_PERIOD } from '../../src/orders/period.js';

const ADMIN = 'admin-secret-000000000000000001';
const VIEWER = 'viewer-secret-00000000000000001';
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `ops:admin:${ADMIN},watch:viewer:${VIEWER}` } });
});
afterAll(() => app.close());

const SET = `mutation($i: ScheduleInput!) { setSchedule(input: $i) { id kind everyMinutes enabled includeIncomplete nextRunAt shop { id } lastRun { id } } }`;
const set = (i: Record<string, unknown>, key = ADMIN) => app.gql(SET, { i }, { key });
const schedules = () => app.services.ds.getRepository(ScheduleEntity);
const runs = () => app.services.ds.getRepository(SyncRunEntity);
const MIN = 60_000;

afterEach(async () => {
  await app.services.engine.drain();
  await schedules().clear();
});

test('setSchedule creates, then replaces, the one schedule of a shop and kind; schedules and Shop.schedules read it', async () => {
  const before = Date.now();
  const first = await set({ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 30 });
  expect(first.errors).toBeUndefined();
  expect(first.data.setSchedule).toMatchObject({ kind: 'SYNC_STOCK', everyMinutes: 30, enabled: true, includeIncomplete: false, shop: { id: '1' }, lastRun: null });
  expect(Date.parse(first.data.setSchedule.nextRunAt) - before).toBeGreaterThanOrEqual(30 * MIN);
  const again = await set({ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 60, enabled: false });
  expect(again.data.setSchedule).toMatchObject({ id: first.data.setSchedule.id, everyMinutes: 60, enabled: false, nextRunAt: null });
  await set({ shopId: '1', kind: 'IMPORT_ORDERS', everyMinutes: 15, includeIncomplete: true });
  expect(await schedules().count()).toBe(2);

  const read = await app.gql(`{ schedules(shopId: "1") { kind everyMinutes } shops { id schedules { kind } } }`, {}, { key: VIEWER });
  expect(read.errors).toBeUndefined();
  expect(read.data.schedules).toEqual([{ kind: 'IMPORT_ORDERS', everyMinutes: 15 }, { kind: 'SYNC_STOCK', everyMinutes: 60 }]);
  expect(read.data.shops[0].schedules.map((s: any) => s.kind)).toEqual(['IMPORT_ORDERS', 'SYNC_STOCK']);
});

test('Shop.schedules and Schedule.lastRun are batched: the statements do not grow with the number of shops', async () => {
  for (let i = 0; i < 6; i++) {
    const shop = await app.services.shops.create({ name: `Sklep ${i} ${Date.now()}`, apiUrl: app.sandbox!.url, apiKey: 'k'.repeat(20), idosellStockId: 1, languageId: 'pol', saveWithoutTest: true });
    await set({ shopId: String(shop.id), kind: 'SYNC_STATUSES', everyMinutes: 5 });
  }
  const someRuns = await runs().find({ take: 6 });
  let n = 0;
  for (const s of await schedules().find()) await schedules().update({ id: s.id }, { lastRunId: someRuns[n++ % someRuns.length]?.id ?? null });
  const q = `{ shops { id schedules { id lastRun { id } shop { id } } } }`;
  app.counter.reset();
  const res = await app.gql(q, {}, { key: VIEWER });
  expect(res.errors).toBeUndefined();
  const statements = app.counter.reset();
  // shops, their schedules, the schedules' shops, their last runs: one statement each, whatever the count.
  expect(res.data.shops.length).toBeGreaterThanOrEqual(7);
  expect(statements).toBeLessThanOrEqual(4);
});

test('bad input answers BAD_USER_INPUT with a sentence and writes nothing; unknown ids NOT_FOUND; writing needs admin', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ shopId: '1', kind: 'LINK_PRODUCTS', everyMinutes: 60 }, /LINK_PRODUCTS cannot be scheduled/],
    [{ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 0 }, /everyMinutes must be a whole number of minutes from 1 to 1440/],
    [{ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 1441 }, /from 1 to 1440/],
    [{ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 10, includeIncomplete: true }, /includeIncomplete applies to IMPORT_ORDERS only/],
  ];
  for (const [input, message] of cases) {
    const res = await set(input);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(message);
  }
  expect(await schedules().count()).toBe(0);
  const noShop = await set({ shopId: '999', kind: 'SYNC_STOCK', everyMinutes: 10 });
  expect(noShop.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const noSchedule = await app.gql(`mutation { deleteSchedule(id: "999") }`, {}, { key: ADMIN });
  expect(noSchedule.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  const viewer = await set({ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 10 }, VIEWER);
  expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(await schedules().count()).toBe(0);

  const made = await set({ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 10 });
  const del = await app.gql(`mutation($id: ID!) { deleteSchedule(id: $id) }`, { id: made.data.setSchedule.id }, { key: ADMIN });
  expect(del.data.deleteSchedule).toBe(true);
  expect(await schedules().count()).toBe(0);
});

test('a due schedule starts the run a person would, triggeredBy "scheduler"; Schedule.lastRun shows it; not due: nothing', async () => {
  const made = await set({ shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 10 });
  const due = new Date(made.data.setSchedule.nextRunAt);
  expect((await app.services.scheduler.tick(new Date(due.getTime() - 1000))).started).toEqual([]);

  const report = await app.services.scheduler.tick(due);
  expect(report.started).toHaveLength(1);
  await app.services.engine.drain();
  const run = (await runs().findOneBy({ id: report.started[0]!.runId }))!;
  expect(run).toMatchObject({ kind: 'SYNC_STOCK', shopId: 1, triggeredBy: 'scheduler', status: 'SUCCEEDED', dryRun: false });
  const row = (await schedules().findOneBy({ id: Number(made.data.setSchedule.id) }))!;
  expect(row.nextRunAt.getTime()).toBe(due.getTime() + 10 * MIN);
  const read = await app.gql(`{ schedules { lastRun { id triggeredBy status } } }`, {}, { key: VIEWER });
  expect(read.data.schedules[0].lastRun).toEqual({ id: String(run.id), triggeredBy: 'scheduler', status: 'SUCCEEDED' });
  // The same due time again (this instance's clock, or another's): already claimed, nothing starts.
  expect((await app.services.scheduler.tick(due)).started).toEqual([]);
});

test('after a missed window the next due time is the next future multiple: one run, no catch-up burst', async () => {
  const made = await set({ shopId: '1', kind: 'SYNC_STATUSES', everyMinutes: 15 });
  const due = new Date(made.data.setSchedule.nextRunAt);
  const hoursLater = new Date(due.getTime() + 5 * 60 * MIN + 7 * MIN);
  const report = await app.services.scheduler.tick(hoursLater);
  expect(report.started).toHaveLength(1);
  expect((await app.services.scheduler.tick(hoursLater)).started).toHaveLength(0);
  const row = (await schedules().findOneBy({ id: Number(made.data.setSchedule.id) }))!;
  expect(row.nextRunAt.getTime()).toBe(due.getTime() + 21 * 15 * MIN);
  expect(nextDueAfter(due, 15, due).getTime()).toBe(due.getTime() + 15 * MIN);
});

test('a due run that finds the same kind going is skipped, and nextRunAt has moved on; a disabled schedule starts nothing', async () => {
  const made = await set({ shopId: '1', kind: 'EXPORT_PRODUCTS', everyMinutes: 20 });
  const due = new Date(made.data.setSchedule.nextRunAt);
  // A run of the same kind going on another live instance: its run row and its lock row.
  const busy = await runs().save(runs().create({
    kind: 'EXPORT_PRODUCTS', shopId: 1, status: 'RUNNING', dryRun: false, triggeredBy: 'ops', params: '{}', owner: 'elsewhere',
    createdAt: new Date(), heartbeatAt: new Date(), startedAt: new Date(), finishedAt: null, error: null,
  }));
  await app.services.ds.query(`INSERT INTO idosell_sync_locks (shop_id, kind, run_id, acquired_at) VALUES (1, 'EXPORT_PRODUCTS', ?, ?)`, [busy.id, new Date().toISOString()]);
  try {
    const report = await app.services.scheduler.tick(due);
    expect(report.started).toEqual([]);
    expect(report.skipped).toEqual([{ scheduleId: Number(made.data.setSchedule.id), reason: 'already running' }]);
    const row = (await schedules().findOneBy({ id: Number(made.data.setSchedule.id) }))!;
    expect(row.nextRunAt.getTime()).toBe(due.getTime() + 20 * MIN);
    expect(await runs().countBy({ triggeredBy: 'scheduler', kind: 'EXPORT_PRODUCTS', status: 'FAILED' })).toBe(0);
  } finally {
    await app.services.ds.query(`DELETE FROM idosell_sync_locks WHERE run_id = ?`, [busy.id]);
    await runs().update({ id: busy.id }, { status: 'SUCCEEDED', finishedAt: new Date() });
  }
  await set({ shopId: '1', kind: 'EXPORT_PRODUCTS', everyMinutes: 20, enabled: false });
  expect((await app.services.scheduler.tick(new Date(due.getTime() + 24 * 60 * MIN))).due).toBe(0);
});

test(`a scheduled import takes the default period first, then the orders since the previous scheduled import started minus ${IMPORT_OVERLAP_MINUTES} minutes`, async () => {
  const made = await set({ shopId: '1', kind: 'IMPORT_ORDERS', everyMinutes: 60 });
  const due = new Date(made.data.setSchedule.nextRunAt);
  const first = await app.services.scheduler.tick(due);
  await app.services.engine.drain();
  const run1 = (await runs().findOneBy({ id: first.started[0]!.runId }))!;
  expect(JSON.parse(run1.params!)).toEqual({ includeIncomplete: false, from: periodRange(DEFAULT_PERIOD, due).from.toISOString(), to: due.toISOString() });
  expect(['SUCCEEDED', 'PARTIALLY_FAILED']).toContain(run1.status);

  await set({ shopId: '1', kind: 'IMPORT_ORDERS', everyMinutes: 60, includeIncomplete: true });
  const due2 = (await schedules().findOneByOrFail({ id: Number(made.data.setSchedule.id) })).nextRunAt;
  const second = await app.services.scheduler.tick(due2);
  await app.services.engine.drain();
  const run2 = (await runs().findOneBy({ id: second.started[0]!.runId }))!;
  expect(run2.triggeredBy).toBe('scheduler');
  expect(JSON.parse(run2.params!)).toEqual({
    includeIncomplete: true, from: new Date(run1.startedAt!.getTime() - IMPORT_OVERLAP_MINUTES * MIN).toISOString(), to: due2.toISOString(),
  });
});

test('a shutdown stops the scheduler first: after close() no due time is read or claimed and no run starts', async () => {
  const other = await startTestApp({ env: { SANDBOX: 'on', SCHEDULER: 'on', SCHEDULER_TICK_SECONDS: '3600' } });
  let closed = false;
  try {
    const made = await other.gql(SET, { i: { shopId: '1', kind: 'SYNC_STOCK', everyMinutes: 5 } });
    await other.close();
    closed = true;
    // The database is closed too: a tick that still ran would throw rather than answer nothing.
    const report = await other.services.scheduler.tick(new Date(made.data.setSchedule.nextRunAt));
    expect(report).toEqual({ due: 0, started: [], skipped: [], lost: 0 });
  } finally {
    if (!closed) await other.close();
  }
});

test('with SCHEDULER on, croner ticks on its own (SCHEDULER_TICK_SECONDS) and starts a due run', async () => {
  const other = await startTestApp({ env: { SANDBOX: 'on', SCHEDULER: 'on', SCHEDULER_TICK_SECONDS: '1' } });
  try {
    const made = await other.gql(SET, { i: { shopId: '1', kind: 'SYNC_STATUSES', everyMinutes: 5 } });
    await other.services.ds.getRepository(ScheduleEntity).update({ id: Number(made.data.setSchedule.id) }, { nextRunAt: new Date(Date.now() - 1000) });
    const deadline = Date.now() + 20_000;
    let found = 0;
    while (!found && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      found = await other.services.ds.getRepository(SyncRunEntity).countBy({ triggeredBy: 'scheduler', kind: 'SYNC_STATUSES' });
    }
    expect(found).toBe(1);
  } finally {
    await other.close();
  }
});
