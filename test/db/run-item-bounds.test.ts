/**
 * The run engine fits what it records to the item columns (ref nvarchar(100), error_code
 * nvarchar(60)): a shop's long fault code or a long product code is cut with a marker, never split
 * inside a surrogate pair, and the item is written. SQLite ignores lengths, so the stored lengths
 * are asserted (on SQL Server a longer value would fail the statement with error 8016 and roll the
 * transaction back, with the confirmed items in it).
 */
import { openTempDb, type TempDb } from './temp-db.js';
import { applyPendingMigrations } from '../../src/migrations/runner.js';
import { createLogger } from '../../src/common/logger.js';
import { faultCodeOf } from '../../src/idosell/results.js';
import { RunEngine, ITEM_ERROR_CODE_MAX, ITEM_REF_MAX } from '../../src/sync-runs/engine.js';
import { SyncRunItemEntity } from '../../src/sync-runs/sync-run.entities.js';

let db: TempDb;
beforeAll(async () => {
  db = await openTempDb('isof-items-');
  await applyPendingMigrations(db.ds);
});
afterAll(() => db.cleanup());

const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

test('a long ref and a shop fault code longer than error_code are cut with "…", whole characters only, and recorded', async () => {
  const engine = new RunEngine(db.ds, createLogger('silent'), { heartbeatMs: 60_000, staleAfterMs: 120_000, graceMs: 0 });
  // A real shop's JSON may carry its fault code as text; the connector makes IDOSELL_FAULT_<code> of it.
  const errorCode = faultCodeOf({ faultCode: `${'9'.repeat(44)}😀${'9'.repeat(20)}`, faultString: 'refused' });
  expect(errorCode.length).toBeGreaterThan(ITEM_ERROR_CODE_MAX);
  // An emoji straddling unit 99/100 of the ref: cutting at 99 units would split it.
  const ref = `${'K'.repeat(98)}😀${'x'.repeat(60)}`;
  const queue = engine.register<object, null>({
    kind: 'SYNC_STOCK',
    prepare: async () => null,
    process: async (ctx) => {
      await ctx.record([
        { ref, outcome: 'FAILED', errorCode, message: 'refused' },
        { ref: 'short', outcome: 'FAILED', errorCode: 'IDOSELL_FAULT_5', message: 'refused' },
      ]);
    },
  });
  const run = await queue.start({ shopId: 1, caller: { name: 'test', role: 'operator' }, params: {}, dryRun: false, wait: true });
  expect(run).toMatchObject({ status: 'FAILED', failed: 2 });
  const items = await db.ds.getRepository(SyncRunItemEntity).find({ where: { runId: run.id }, order: { id: 'ASC' } });
  expect(items.map((i) => [i.ref.length, i.errorCode!.length])).toEqual([[99, 59], [5, 15]]);
  expect(items[0]!.ref).toBe(`${'K'.repeat(98)}…`);
  // Both cut one unit short of the column: the emoji at the cut is left out whole.
  expect(items[0]!.ref.length).toBeLessThanOrEqual(ITEM_REF_MAX);
  expect(items[0]!.errorCode!.length).toBeLessThanOrEqual(ITEM_ERROR_CODE_MAX);
  expect(items[0]!.errorCode).toBe(`IDOSELL_FAULT_${'9'.repeat(44)}…`);
  for (const i of items) expect(lone.test(i.ref) || lone.test(i.errorCode!)).toBe(false);
  expect(items[1]).toMatchObject({ ref: 'short', errorCode: 'IDOSELL_FAULT_5' });
});
