/**
 * A small run of the benchmark harness (bench/harness.ts): 300 products, 20 + 10 orders, latency 0,
 * no load phase, everything in this process. Asserts the result's structure and the exact IdoSell
 * call counts the targets are about; never a timing.
 */
import { formatTable, runBench, type BenchResults } from '../../bench/harness.js';

let r: BenchResults;

beforeAll(async () => {
  r = await runBench({ products: 300, latencyMs: 0, orders: 20, smallOrders: 10, skipLoad: true, compareMemory: false, isolate: false, schedulerShops: 5, schedulerHistory: 500 });
}, 60_000);

const productWrites = (byPath: Record<string, number>) => (byPath['POST /products/products'] ?? 0) + (byPath['PUT /products/products'] ?? 0);

test('the data: 300 products seeded', () => {
  expect(r.seed.products).toBe(300);
});

test('the data: some inactive (the seeded PRNG makes about 3 % inactive)', () => {
  expect(r.seed.inactiveProducts).toBeGreaterThan(0);
});

test('the data: every product not inactive is active', () => {
  expect(r.seed.activeProducts).toBe(300 - r.seed.inactiveProducts);
});

test('mass export: ceil(active/100) product calls, every product succeeded', () => {
  const e = r.phases.exportAll;
  expect(e.error).toBeUndefined();
  expect(productWrites(e.callsByPath)).toBe(Math.ceil(r.seed.activeProducts / 100));
  expect(e.run).toMatchObject({ status: 'SUCCEEDED', total: r.seed.activeProducts, succeeded: r.seed.activeProducts, failed: 0 });
  expect(e.statements).toBeGreaterThan(0);
  expect(e.peakRssMB).toBeGreaterThan(0);
  expect(e.limitMs).toBe(0);
});

test('repeated export with nothing changed: no product call, all skipped', () => {
  const e = r.phases.exportAgain;
  expect(productWrites(e.callsByPath)).toBe(0);
  expect(e.run).toMatchObject({ status: 'SUCCEEDED', skipped: r.seed.activeProducts, succeeded: 0 });
});

test('HTTP floor: as many product calls as the export, each a create the sandbox accepted', () => {
  const f = r.phases.httpFloor;
  expect(f.error).toBeUndefined();
  expect(f.callsByPath).toEqual({ 'PUT /products/products': Math.ceil(r.seed.activeProducts / 100) });
  expect(formatTable(r)).toContain('| HTTP floor (bare got client, same calls)');
});

test('syncStock: K=0 makes no call; K=100 makes one; K=N/10 ceil(K/100)', () => {
  const byK = new Map(r.phases.stock.map((s) => [s.k, s]));
  expect([...byK.keys()]).toEqual([0, 100, 30]);
  expect(byK.get(0)!.calls).toBe(0);
  expect(byK.get(0)!.run).toMatchObject({ status: 'SUCCEEDED', total: 0 });
  expect(byK.get(100)!.calls).toBe(1);
  expect(byK.get(100)!.stockCalls).toBe(1);
  expect(byK.get(100)!.run).toMatchObject({ status: 'SUCCEEDED', succeeded: 100 });
  expect(byK.get(30)!.calls).toBe(1);
  expect(byK.get(30)!.run).toMatchObject({ status: 'SUCCEEDED', succeeded: 30 });
});

test('importOrders: every order imported, per-order figures computed', () => {
  const [big, small] = r.phases.orders;
  expect(big).toMatchObject({ orders: 20, items: 20 });
  expect(small).toMatchObject({ orders: 10, items: 10 });
  for (const o of [big!, small!]) {
    expect(o.error).toBeUndefined();
    expect(o.run).toMatchObject({ status: 'SUCCEEDED', succeeded: o.orders, failed: 0 });
    expect(o.statementsPerOrder).toBeCloseTo(o.statements / o.orders, 1);
  }
});

test('targets and the table: the call-count targets pass; no load or memory figures when left out', () => {
  expect(r.read).toBeNull();
  expect(r.memory).toBeNull();
  const byName = new Map(r.targets.map((t) => [t.figure, t]));
  expect(byName.get('mass export product calls')!.pass).toBe(true);
  expect(byName.get('repeated export product calls')!.pass).toBe(true);
  expect(byName.get('syncStock K=0 stock calls')!.pass).toBe(true);
  expect(byName.get('syncStock K=100 stock calls')!.pass).toBe(true);
  expect([...byName.keys()].some((k) => k.startsWith('mass export time'))).toBe(false);
  const table = formatTable(r);
  expect(table).toContain('| export all');
  expect(table).toContain('N = 300 products');
  expect(r.machine.cores).toBeGreaterThan(0);
});

test('scheduler: one statement per tick with nothing due, and the same count with 0 and 500 runs in history', () => {
  const [few, many] = r.scheduler.figures;
  expect(r.scheduler.schedules).toBe(20);
  expect(few!.historyRuns).toBe(0);
  expect(many!.historyRuns).toBeGreaterThanOrEqual(500);
  expect([few!.nothingDue, many!.nothingDue]).toEqual([1, 1]);
  // The due read, then per schedule its claim and its lastRun write, per shop the scheduled import's window read.
  expect([few!.allDue, many!.allDue]).toEqual([1 + 20 * 2 + 5, 1 + 20 * 2 + 5]);
  expect([few!.started, many!.started]).toEqual([20, 20]);
  expect(r.targets.find((x) => x.figure.startsWith('scheduler statements/tick'))?.pass).toBe(true);
  expect(formatTable(r)).toContain('| scheduler tick, 20 schedules, 0 runs in history');
});
