/**
 * Two server instances on one SQLite file (two apps, same data folder and secret key): a due time
 * ticked by both at once starts exactly one run; the same kind started through GraphQL on both at
 * the same moment gives one run and one CONFLICT, never a FAILED run or "database is locked".
 *
 * Both apps live in this one process and better-sqlite3 waits for a lock synchronously: when one
 * app's transaction is open across an await and the other begins one, the second waits out the busy
 * timeout (5 s) with the whole thread, then retries (tx.ts). So a round of the tick race can take
 * about 5 s; separate processes do not wait on each other that way. The BEGIN IMMEDIATE that keeps a
 * read-then-write transaction from failing with "database is locked" is proven in test/db/tx.test.ts.
 */
import crypto from 'node:crypto';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ScheduleEntity } from '../../src/schedules/schedule.entity.js';
import { SyncRunEntity } from '../../src/sync-runs/sync-run.entities.js';

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  const SECRET_KEY = crypto.randomBytes(32).toString('hex');
  a = await startTestApp({ env: { SANDBOX: 'on', SECRET_KEY }, captureLogs: true });
  b = await startTestApp({ env: { SECRET_KEY }, dir: a.dir, captureLogs: true });
}, 60_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
});
const runs = () => a.services.ds.getRepository(SyncRunEntity);

test('both instances tick the same due time at once: exactly one run, one claim wins', async () => {
  const made = await a.gql(`mutation { setSchedule(input: { shopId: "1", kind: SYNC_STATUSES, everyMinutes: 10 }) { id nextRunAt } }`);
  expect(made.errors).toBeUndefined();
  const due = new Date(made.data.setSchedule.nextRunAt);
  for (let round = 0; round < 3; round++) {
    const at = new Date(due.getTime() + round * 10 * 60_000);
    const [ra, rb] = await Promise.all([a.services.scheduler.tick(at), b.services.scheduler.tick(at)]);
    expect(ra.started.length + rb.started.length).toBe(1);
    // The other instance either lost the claim or read the schedule after it had moved on.
    for (const r of [ra, rb]) expect(r.started.length + r.lost + (r.due === 0 ? 1 : 0)).toBe(1);
    await Promise.all([a.services.engine.drain(), b.services.engine.drain()]);
  }
  expect(await runs().countBy({ triggeredBy: 'scheduler', kind: 'SYNC_STATUSES' })).toBe(3);
  expect(await runs().countBy({ status: 'FAILED' })).toBe(0);
  await a.services.ds.getRepository(ScheduleEntity).clear();
}, 60_000);

test('both instances start the same kind for the same shop at the same moment: one run and one CONFLICT, no FAILED run, no "database is locked"', async () => {
  const q = `mutation { syncStock(input: { shopId: "1" }) { id } }`;
  for (let round = 0; round < 8; round++) {
    const answers = await Promise.all([a.gql(q), b.gql(q)]);
    const ok = answers.filter((r) => r.data?.syncStock);
    const conflicts = answers.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(answers.flatMap((r) => r.errors ?? []).filter((e) => e.extensions?.code !== 'CONFLICT')).toEqual([]);
    expect(ok.length + conflicts.length).toBe(2);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    await Promise.all([a.services.engine.drain(), b.services.engine.drain()]);
  }
  const failed = await runs().findBy({ status: 'FAILED' });
  const items = failed.length ? await a.services.ds.query('SELECT run_id, error_code, message FROM idosell_sync_run_items WHERE run_id = ?', [failed[0]!.id]) : [];
  expect({ failed: failed.map((r) => [r.id, r.triggeredBy, r.error]), items }).toEqual({ failed: [], items: [] });
  expect([...a.logs, ...b.logs].filter((l) => /database is locked/.test(l))).toEqual([]);
}, 120_000);
