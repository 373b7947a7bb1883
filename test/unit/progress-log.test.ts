/** Progress lines of a running run (sync-runs/progress-log.ts), with the clock driven by the test. */
import { Writable } from 'node:stream';
import { createLogger } from '../../src/common/logger.js';
import { ProgressLogs } from '../../src/sync-runs/progress-log.js';

function setup(everySeconds: number, shopName: string | null | Error = 'Sklep A') {
  const lines: any[] = [];
  const logger = createLogger('info', new Writable({ write(chunk, _enc, cb) { lines.push(...String(chunk).split('\n').filter(Boolean).map((l) => JSON.parse(l))); cb(); } }));
  let now = 1_000_000;
  const logs = new ProgressLogs({ everySeconds, now: () => now });
  logs.nameShopsWith(async () => {
    if (shopName instanceof Error) throw shopName;
    return shopName;
  });
  const progress = logs.start({ id: 42, kind: 'EXPORT_PRODUCTS', shopId: 7 }, logger);
  const counts = (processed: number, total = 1000) => ({ total, processed, succeeded: processed, failed: 0, skipped: 0 });
  return { lines, progress, counts, advance: (ms: number) => (now += ms) };
}

test('a line every N seconds, with run, kind, shop, counts, rate and time left', async () => {
  const { lines, progress, counts, advance } = setup(10);
  advance(5000);
  await progress.update(counts(50));
  expect(lines).toHaveLength(0);
  advance(5000);
  await progress.update(counts(90));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    msg: 'run progress', runId: 42, kind: 'EXPORT_PRODUCTS', shopId: 7, shop: 'Sklep A',
    processed: 90, total: 1000, percent: 9, ratePerSecond: 9, etaSeconds: 101, elapsedSeconds: 10,
  });
  advance(3000);
  await progress.update(counts(95));
  expect(lines).toHaveLength(1);
});

test('or every tenth of the total, whichever comes first; each tenth once', async () => {
  const { lines, progress, counts, advance } = setup(3600);
  advance(1000);
  await progress.update(counts(99));
  await progress.update(counts(100));
  await progress.update(counts(150));
  await progress.update(counts(310));
  expect(lines.map((l) => l.processed)).toEqual([100, 310]);
  await progress.update(counts(1000));
  expect(lines.at(-1)).toMatchObject({ processed: 1000, percent: 100, etaSeconds: 0 });
});

test('no total yet: time alone decides, and the time left is unknown until something is done', async () => {
  const { lines, progress, counts, advance } = setup(1, new Error('database gone'));
  advance(2000);
  await progress.update(counts(0, 0));
  expect(lines[0]).toMatchObject({ processed: 0, total: 0, percent: null, ratePerSecond: 0, etaSeconds: null, shop: null });
});

test('a run over within a second writes no line for its tenths', async () => {
  const { lines, progress, counts, advance } = setup(10);
  advance(300);
  await progress.update(counts(500));
  advance(300);
  await progress.update(counts(1000));
  expect(lines).toHaveLength(0);
});
