/**
 * The benchmark harness (`npm run bench`, bench/run.ts is the CLI; the smoke test imports runBench).
 *
 * It builds its own data — an SQLite ISOF with N products over 3 warehouses in a temporary folder —
 * starts the IdoSell sandbox on loopback with a fixed latency per call, starts the real server
 * (startApp) and measures each phase as wall time, IdoSell calls (from the sandbox's record),
 * SQL statements (the app's StatementCounter, i.e. TypeORM's logger) and the peak RSS of this
 * process (sampled every 20 ms). Each figure gets its yardstick and target (PASS/MISS), which are
 * reported, never asserted.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import autocannon from 'autocannon';
import got from 'got';
import { loadConfig } from '../src/config.js';
import { startApp, type RunningApp } from '../src/app.js';
import { demoProductCode } from '../src/seed/demo.js';
import { ISOF_TABLES, IsofProduct } from '../src/isof/entities.js';
import { toProductPut } from '../src/idosell/products.js';
import { MAX_ITEMS_PER_CALL } from '../src/idosell/batching.js';
import { chunk } from '../src/common/chunk.js';
import type { Caller } from '../src/common/auth.js';
import type { NewSandboxOrder } from '../src/sandbox/server.js';
import type { SyncRunEntity } from '../src/sync-runs/sync-run.entities.js';
import { startSandboxHost, type CallSummary, type SandboxHost } from './sandbox-host.js';
import { seedHere, seedInChild, type SeedSummary } from './seed.js';
import { schedulerBench, type SchedulerBench } from './scheduler.js';
import { startBaseline } from './baseline.js';

export interface BenchOptions {
  /** Products in the ISOF catalogue (default 10,000). */
  products: number;
  /** Sandbox latency per call in ms (default 20). */
  latencyMs: number;
  /** Seconds of load per read-API measurement (default 10). */
  durationS: number;
  /** Orders in the large import run (default 1,000); the small run has smallOrders (default 200). */
  orders: number;
  smallOrders: number;
  /** Leave out the read-API load phase. */
  skipLoad: boolean;
  /** Also run N=10,000 and N=100,000 in child processes and compare their peak RSS. */
  compareMemory: boolean;
  /** Seed and sandbox in child processes (the CLI); false keeps everything in this process (the smoke test). */
  isolate: boolean;
  /** autocannon connections (default 10). */
  connections: number;
  /** The scheduler's due-time check: shops with a schedule of each of the 4 kinds (default 50), and the larger run history (default 10,000; the other is 0). */
  schedulerShops: number;
  schedulerHistory: number;
  /** Where progress lines go (default: nowhere). */
  progress?: (line: string) => void;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  products: 10_000, latencyMs: 20, durationS: 10, orders: 1000, smallOrders: 200, skipLoad: false, compareMemory: false,
  isolate: true, connections: 10, schedulerShops: 50, schedulerHistory: 10_000,
};

export interface PhaseResult {
  name: string;
  wallMs: number;
  /** Every IdoSell call the sandbox received during the phase. */
  calls: number;
  /** Calls per "METHOD /path". */
  callsByPath: Record<string, number>;
  statements: number;
  peakRssMB: number;
  /** Items the phase handled (products, stock lines, orders). */
  items: number;
  /** The round-trip limit ceil(calls-worth of items / 100) x latency / concurrency, when it applies. */
  limitMs?: number;
  /** wallMs / limitMs. */
  overLimit?: number;
  /** The run's final status and counts, when the phase is a run. */
  run?: { status: string; total: number; succeeded: number; failed: number; skipped: number; error: string | null };
  error?: string;
}

export interface StockPhase extends PhaseResult { k: number; stockCalls: number }
export interface OrdersPhase extends PhaseResult { orders: number; msPerOrder: number; statementsPerOrder: number }

export interface LoadFigure {
  query: string;
  ours: { rps: number; p99Ms: number; errors: number; non2xx: number };
  baseline: { rps: number; p99Ms: number; errors: number; non2xx: number };
  oursOverBaseline: number;
}

export interface StatementsPerRequest {
  query: string;
  bySize: Record<string, number>;
}

export interface MemoryComparison {
  small: { products: number; peakRssMB: number; stockK0Statements: number | null };
  large: { products: number; peakRssMB: number; stockK0Statements: number | null };
  ratio: number;
}

export interface Target {
  figure: string;
  value: string;
  target: string;
  pass: boolean;
}

export interface BenchResults {
  machine: { node: string; cpu: string; cores: number; ramGiB: number; platform: string };
  options: Omit<BenchOptions, 'progress'>;
  concurrency: number;
  startedAt: string;
  seed: SeedSummary & { activeProducts: number };
  phases: {
    exportAll: PhaseResult;
    exportAgain: PhaseResult;
    /** The export's calls sent by a bare got client: what the sandbox and HTTP cost alone. */
    httpFloor: PhaseResult;
    stock: StockPhase[];
    orders: OrdersPhase[];
  };
  read: { statements: StatementsPerRequest[]; load: LoadFigure[] } | null;
  memory: MemoryComparison | null;
  /** The scheduler's statements per tick, at history sizes 0 and schedulerHistory. */
  scheduler: SchedulerBench;
  /** The highest RSS sampled in any of the middleware's phases (the HTTP floor, the harness's own, does not count). */
  peakRssMB: number;
  targets: Target[];
}

const CALLER: Caller = { name: 'bench', role: 'admin' };
const DAY = 24 * 3600_000;

export const READ_QUERIES = {
  products: (first: number) => `{ products(first: ${first}) { edges { node { code prices { gross } stocks { quantity } exports { lastSentStock } } } } }`,
  syncRuns: (first: number) => `{ syncRuns(first: ${first}) { edges { node { id status items(outcome: FAILED, first: 10) { edges { node { ref message } } } } } } }`,
};

// ------------------------------------------------------------------ measuring

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 102.4) / 10;
}

/** Samples process.memoryUsage().rss every 20 ms; stop() gives the peak in bytes. */
export function sampleRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  timer.unref();
  return { stop() { clearInterval(timer); return Math.max(peak, process.memoryUsage().rss); } };
}

function countCalls(calls: CallSummary[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[`${c.method} ${c.path}`] = (out[`${c.method} ${c.path}`] ?? 0) + 1;
  return out;
}

const productWrites = (p: PhaseResult) => (p.callsByPath['POST /products/products'] ?? 0) + (p.callsByPath['PUT /products/products'] ?? 0);
const stockWrites = (p: PhaseResult) => Object.entries(p.callsByPath).filter(([k]) => k.endsWith(' /products/stockQuantity')).reduce((a, [, n]) => a + n, 0);

function runSummary(r: SyncRunEntity): PhaseResult['run'] {
  return { status: r.status, total: r.total, succeeded: r.succeeded, failed: r.failed, skipped: r.skipped, error: r.error };
}

class Bench {
  peakRss = 0;
  constructor(readonly app: RunningApp, readonly sandbox: SandboxHost, readonly opts: BenchOptions) {}

  /** Runs fn as one measured phase: counters reset before, read after. */
  async phase(name: string, items: number, fn: () => Promise<SyncRunEntity | void>, opts: { middleware: boolean } = { middleware: true }): Promise<PhaseResult> {
    await this.sandbox.resetCalls();
    global.gc?.();
    this.app.counter.reset();
    const rss = sampleRss();
    const t0 = performance.now();
    let run: SyncRunEntity | void = undefined;
    let error: string | undefined;
    try {
      run = await fn();
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const wallMs = performance.now() - t0;
    const statements = this.app.counter.reset();
    const peak = rss.stop();
    // The peak of the middleware's phases only: a harness-only phase (the HTTP floor) does not count.
    if (opts.middleware) this.peakRss = Math.max(this.peakRss, peak);
    const calls = await this.sandbox.calls();
    const result: PhaseResult = {
      name, wallMs: Math.round(wallMs * 10) / 10, calls: calls.length, callsByPath: countCalls(calls), statements, peakRssMB: mb(peak), items,
    };
    if (run) result.run = runSummary(run);
    if (error) result.error = error;
    if (run && run.error && !error) result.error = run.error;
    this.opts.progress?.(`  ${name}: ${result.wallMs} ms, ${result.calls} calls, ${statements} statements${result.error ? ` — ${result.error}` : ''}`);
    return result;
  }
}

function withLimit(p: PhaseResult, batches: number, latencyMs: number, concurrency: number): PhaseResult {
  const limitMs = (batches * latencyMs) / concurrency;
  p.limitMs = Math.round(limitMs * 10) / 10;
  if (limitMs > 0) p.overLimit = Math.round((p.wallMs / limitMs) * 100) / 100;
  return p;
}

// ------------------------------------------------------------------ the phases

/** Adds 1 to one stock row of each of the first k exported products (total stock changes by 1). */
async function changeStock(app: RunningApp, shopId: number, k: number, round: number): Promise<number> {
  if (k === 0) return 0;
  const rows: { id: number }[] = await app.services.ds.query(
    `SELECT MIN(s.ID_STANU) AS id FROM ${ISOF_TABLES.stock} s
       JOIN idosell_product_exports e ON e.product_id = s.ID_TOWARU
      WHERE e.shop_id = ? AND e.idosell_product_id IS NOT NULL
      GROUP BY s.ID_TOWARU ORDER BY s.ID_TOWARU LIMIT ?`, [shopId, k]);
  const ids = rows.map((r) => Number(r.id));
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500);
    await app.services.ds.query(`UPDATE ${ISOF_TABLES.stock} SET ILOSC = ILOSC + ${round} WHERE ID_STANU IN (${part.map(() => '?').join(',')})`, part);
  }
  return ids.length;
}

function makeOrders(count: number, products: number, from: Date, offset: number): NewSandboxOrder[] {
  const orders: NewSandboxOrder[] = [];
  const span = DAY - 60_000;
  for (let i = 0; i < count; i++) {
    const n = offset + i;
    const code = (j: number) => demoProductCode(((n * 3 + j * 7919) % products) + 1);
    orders.push({
      orderStatus: 'new',
      addDate: new Date(from.getTime() + Math.floor((i * span) / Math.max(count, 1))),
      clientEmail: `bench.klient${n}@example.pl`,
      payformName: 'Przelew',
      paymentStatus: 'y',
      deliveryCost: 14.99,
      lines: [0, 1, 2].map((j) => ({ productCode: code(j), productQuantity: 1 + ((n + j) % 3), productOrderPrice: 19.99 + j * 10, productVat: 23 })),
    });
  }
  return orders;
}

async function importPhase(b: Bench, shopId: number, name: string, count: number, daysAgo: number, offset: number): Promise<OrdersPhase> {
  const from = new Date(Math.floor((Date.now() - daysAgo * DAY) / DAY) * DAY);
  const to = new Date(from.getTime() + DAY - 1000);
  await b.sandbox.addOrders(makeOrders(count, b.opts.products, from, offset));
  const p = await b.phase(name, count, () => b.app.services.orderImport.importOrders(CALLER, {
    shopId, from, to, includeIncomplete: false, orderSerialNumbers: null, dryRun: false, wait: true,
  }));
  if (!p.error && p.run && p.run.succeeded !== count) {
    p.error = `${p.run.succeeded} of ${count} orders were imported (${p.run.failed} failed, ${p.run.skipped} skipped).`;
  }
  return { ...p, orders: count, msPerOrder: Math.round((p.wallMs / count) * 100) / 100, statementsPerOrder: Math.round((p.statements / count) * 100) / 100 };
}

/**
 * The HTTP floor: as many product calls as the mass export makes, 100 products each (the ISOF
 * catalogue's codes with "-F", so the sandbox creates them, as in the export), built by the
 * connector's own toProductPut and serialized before the clock starts, then sent by a bare got
 * client at the connector's concurrency to the same sandbox. Nothing is read, planned or written:
 * it is what the shop stand-in and the HTTP client cost on this machine, the best the export
 * could reach here.
 */
async function httpFloor(b: Bench, active: number, concurrency: number): Promise<PhaseResult> {
  const products = await b.app.services.ds.getRepository(IsofProduct).find({
    select: { code: true, name: true, description: true, vatRate: true }, where: { active: true }, order: { id: 'ASC' },
  });
  const bodies = chunk(products, MAX_ITEMS_PER_CALL).map((part) => Buffer.from(JSON.stringify({
    params: {
      settings: { settingModificationType: 'add' },
      products: part.map((p) => toProductPut({
        code: `${p.code}-F`, name: p.name, description: p.description, languageId: 'pol', vatRate: p.vatRate,
        prices: { retailGross: '10.00' }, stock: { stockId: 1, quantity: 1 },
      })),
    },
  })));
  const http = got.extend({ headers: { 'x-api-key': b.sandbox.apiKey, 'content-type': 'application/json' }, retry: { limit: 0 }, throwHttpErrors: false, responseType: 'text' });
  const url = `${b.sandbox.url}/products/products`;
  const p = await b.phase('HTTP floor (bare got client, same calls)', active, async () => {
    let next = 0;
    const worker = async () => {
      while (next < bodies.length) {
        const res = await http.put(url, { body: bodies[next++]! });
        if (res.statusCode !== 200) throw new Error(`The sandbox answered ${res.statusCode} to a floor call: ${res.body.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  }, { middleware: false });
  return withLimit(p, bodies.length, b.opts.latencyMs, concurrency);
}

async function postJson(url: string, query: string): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = await res.json() as { errors?: { message: string }[] };
  if (!res.ok || body.errors) throw new Error(`The read query failed at ${url}: ${body.errors?.[0]?.message ?? `HTTP ${res.status}`}`);
  return body;
}

async function statementsPerRequest(app: RunningApp, name: keyof typeof READ_QUERIES, sizes: number[]): Promise<StatementsPerRequest> {
  const bySize: Record<string, number> = {};
  for (const size of sizes) {
    await postJson(app.graphqlUrl, READ_QUERIES[name](size)); // warm
    app.counter.reset();
    await postJson(app.graphqlUrl, READ_QUERIES[name](size));
    bySize[String(size)] = app.counter.reset();
  }
  return { query: `${name}(first: ${sizes.join(' vs ')})`, bySize };
}

async function load(url: string, query: string, opts: BenchOptions) {
  await postJson(url, query);
  const r = await autocannon({
    url, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }),
    connections: opts.connections, duration: opts.durationS,
  });
  return { rps: Math.round(r.requests.average * 10) / 10, p99Ms: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

// ------------------------------------------------------------------ memory comparison (child processes)

async function childRun(opts: BenchOptions, products: number): Promise<BenchResults> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-bench-child-'));
  const out = path.join(dir, 'results.json');
  try {
    const args = ['--child-out', out, '--products', String(products), '--latency', String(opts.latencyMs),
      '--orders', String(opts.orders), '--small-orders', String(opts.smallOrders), '--skip-load'];
    const child = fork(new URL('./run.js', import.meta.url), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0 || !fs.existsSync(out)) throw new Error(`The memory-comparison run with ${products} products failed (exit code ${code}); look above for its error.`);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResults;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const k0Statements = (r: BenchResults) => r.phases.stock.find((s) => s.k === 0)?.statements ?? null;

// ------------------------------------------------------------------ the run

export async function runBench(partial: Partial<BenchOptions> = {}): Promise<BenchResults> {
  const opts: BenchOptions = { ...DEFAULT_OPTIONS, ...partial };
  const say = (s: string) => opts.progress?.(s);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-bench-'));
  const env: Record<string, string> = {
    NODE_ENV: 'development', DB_TYPE: 'sqlite', DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', SANDBOX: 'off', SANDBOX_PORT: '0',
    SEED_DEMO: 'false', SECRET_KEY: crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'silent',
    IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'true', // the sandbox is on loopback
    // No schedules here, but a tick's read landing inside a measured run would make its statement count vary.
    SCHEDULER: 'off',
    ...(process.env.IDOSELL_CONCURRENCY ? { IDOSELL_CONCURRENCY: process.env.IDOSELL_CONCURRENCY } : {}),
  };
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dir, { recursive: true, force: true })];
  try {
    say(`Seeding an SQLite ISOF with ${opts.products} products in ${dir} ...`);
    const seed = opts.isolate ? await seedInChild(env, opts.products) : await seedHere(env, opts.products);
    const sandbox = await startSandboxHost({ apiKey: `bench-${crypto.randomBytes(8).toString('hex')}`, latencyMs: opts.latencyMs, inProcess: !opts.isolate });
    cleanups.unshift(() => sandbox.close());
    const app = await startApp(loadConfig(env));
    cleanups.unshift(() => app.close());
    const concurrency = app.config.idosell.concurrency;
    const shop = await app.services.shops.create({ name: 'Sklep benchmark', apiUrl: sandbox.url, apiKey: sandbox.apiKey, idosellStockId: 1, languageId: 'pol' });
    const shopId = shop.id;
    const active = seed.products - seed.inactiveProducts;
    const b = new Bench(app, sandbox, opts);

    say(`Export of ${active} active products (latency ${opts.latencyMs} ms, concurrency ${concurrency}):`);
    const exportAll = withLimit(await b.phase('export all', active, () => app.services.productExport.exportProducts(CALLER, { shopId, productIds: null, dryRun: false, wait: true })),
      Math.ceil(active / 100), opts.latencyMs, concurrency);
    const exportAgain = await b.phase('export again, nothing changed', active, () => app.services.productExport.exportProducts(CALLER, { shopId, productIds: null, dryRun: false, wait: true }));

    say('Stock sync:');
    const stock: StockPhase[] = [];
    const ks = [...new Set([0, Math.min(100, active), Math.floor(opts.products / 10)])];
    for (const [i, k] of ks.entries()) {
      const changed = await changeStock(app, shopId, k, i + 1);
      const p = withLimit(await b.phase(`syncStock K=${changed}`, changed, () => app.services.stockSync.syncStock(CALLER, { shopId, dryRun: false, wait: true })),
        Math.ceil(changed / 100), opts.latencyMs, concurrency);
      stock.push({ ...p, k: changed, stockCalls: stockWrites(p) });
    }

    say('Order import:');
    const orders: OrdersPhase[] = [];
    orders.push(await importPhase(b, shopId, `importOrders ${opts.orders}`, opts.orders, 400, 0));
    orders.push(await importPhase(b, shopId, `importOrders ${opts.smallOrders}`, opts.smallOrders, 300, opts.orders));

    // Last of the measured phases: its bodies (all products, serialized up front) stay out of the others' RSS.
    say('HTTP floor:');
    const floor = await httpFloor(b, active, concurrency);

    let read: BenchResults['read'] = null;
    if (!opts.skipLoad) {
      say(`Read API (${opts.durationS} s per measurement, ${opts.connections} connections):`);
      const statements = [await statementsPerRequest(app, 'products', [10, 100]), await statementsPerRequest(app, 'syncRuns', [10, 100])];
      const baseline = await startBaseline(app.services);
      cleanups.unshift(() => baseline.close());
      const loadFigures: LoadFigure[] = [];
      for (const [name, q] of [['products(first: 100)', READ_QUERIES.products(100)], ['syncRuns(first: 50)', READ_QUERIES.syncRuns(50)]] as const) {
        global.gc?.();
        const ours = await load(app.graphqlUrl, q, opts);
        const base = await load(baseline.graphqlUrl, q, opts);
        say(`  ${name}: ours ${ours.rps} req/s (p99 ${ours.p99Ms} ms), baseline ${base.rps} req/s (p99 ${base.p99Ms} ms)`);
        loadFigures.push({ query: name, ours, baseline: base, oursOverBaseline: Math.round((ours.rps / base.rps) * 100) / 100 });
      }
      read = { statements, load: loadFigures };
    }

    let memory: MemoryComparison | null = null;
    if (opts.compareMemory && opts.isolate) {
      say('Memory comparison: N=10,000 and N=100,000 in child processes ...');
      const small = await childRun(opts, 10_000);
      const large = await childRun(opts, 100_000);
      memory = {
        small: { products: 10_000, peakRssMB: small.peakRssMB, stockK0Statements: k0Statements(small) },
        large: { products: 100_000, peakRssMB: large.peakRssMB, stockK0Statements: k0Statements(large) },
        ratio: Math.round((large.peakRssMB / small.peakRssMB) * 100) / 100,
      };
    }

    say(`Scheduler: due-time check, ${opts.schedulerShops} shops x 4 kinds, history 0 and ${opts.schedulerHistory} runs ...`);
    const scheduler = await schedulerBench(opts.schedulerShops, [0, opts.schedulerHistory]);

    const results: BenchResults = {
      machine: machine(),
      options: { ...opts, progress: undefined } as Omit<BenchOptions, 'progress'>,
      concurrency,
      startedAt: new Date().toISOString(),
      seed: { ...seed, activeProducts: active },
      phases: { exportAll, exportAgain, httpFloor: floor, stock, orders },
      read,
      memory,
      scheduler,
      peakRssMB: mb(b.peakRss),
      targets: [],
    };
    delete (results.options as Partial<BenchOptions>).progress;
    results.targets = targets(results);
    return results;
  } finally {
    for (const c of cleanups) await c().catch(() => undefined);
  }
}

export function machine(): BenchResults['machine'] {
  return {
    node: process.version, cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10, platform: `${os.platform()} ${os.release()}`,
  };
}

// ------------------------------------------------------------------ targets and the table

export function targets(r: BenchResults): Target[] {
  const t: Target[] = [];
  const { exportAll, exportAgain, stock, orders } = r.phases;
  const ok = (p: PhaseResult) => !p.error;
  const expCalls = Math.ceil(r.seed.activeProducts / 100);
  const [few, many] = r.scheduler.figures;
  if (few && many) {
    t.push({
      figure: `scheduler statements/tick (nothing due; all due), ${few.historyRuns} vs ${many.historyRuns} runs in history`,
      value: `${few.nothingDue}; ${few.allDue} vs ${many.nothingDue}; ${many.allDue}`, target: 'equal, nothing due = 1',
      pass: few.nothingDue === 1 && few.nothingDue === many.nothingDue && few.allDue === many.allDue,
    });
  }
  if (exportAll.overLimit !== undefined) {
    t.push({ figure: 'mass export time / round-trip limit', value: `${exportAll.overLimit}x`, target: '<= 1.25x', pass: ok(exportAll) && exportAll.overLimit <= 1.25 });
  }
  t.push({ figure: 'mass export product calls', value: String(productWrites(exportAll)), target: `ceil(${r.seed.activeProducts}/100) = ${expCalls}`, pass: ok(exportAll) && productWrites(exportAll) === expCalls });
  t.push({ figure: 'repeated export product calls', value: String(productWrites(exportAgain)), target: '0', pass: ok(exportAgain) && productWrites(exportAgain) === 0 });
  for (const s of stock) {
    t.push({ figure: `syncStock K=${s.k} stock calls`, value: String(s.stockCalls), target: String(Math.ceil(s.k / 100)), pass: ok(s) && s.stockCalls === Math.ceil(s.k / 100) && s.calls === s.stockCalls });
  }
  const k0 = stock.find((s) => s.k === 0);
  if (k0 && r.memory && r.memory.small.stockK0Statements !== null && r.memory.large.stockK0Statements !== null) {
    const { small, large } = r.memory;
    t.push({ figure: 'syncStock K=0 statements, N=10k vs N=100k', value: `${small.stockK0Statements} vs ${large.stockK0Statements}`, target: 'equal', pass: small.stockK0Statements === large.stockK0Statements });
  } else if (k0) {
    t.push({ figure: 'syncStock K=0 statements (no per-product statement)', value: String(k0.statements), target: `< 50, whatever N (N = ${r.seed.products}; --compare-memory compares 10k with 100k)`, pass: ok(k0) && k0.statements < 50 });
  }
  if (r.memory) t.push({ figure: 'peak RSS N=100k / N=10k', value: `${r.memory.ratio}x`, target: '< 1.3x', pass: r.memory.ratio < 1.3 });
  const [big, small] = orders;
  if (big && small) {
    t.push({
      figure: `import statements/order (${big.orders} vs ${small.orders} orders)`, value: `${big.statementsPerOrder} vs ${small.statementsPerOrder}`,
      target: 'constant (large <= small)', pass: ok(big) && ok(small) && big.statementsPerOrder <= small.statementsPerOrder,
    });
  }
  if (r.read) {
    for (const l of r.read.load) t.push({ figure: `${l.query} req/s ours / baseline`, value: `${l.oursOverBaseline}x`, target: '>= 0.5x', pass: l.ours.errors === 0 && l.ours.non2xx === 0 && l.oursOverBaseline >= 0.5 });
    for (const s of r.read.statements) {
      const values = Object.values(s.bySize);
      t.push({ figure: `${s.query} statements/request`, value: values.join(' vs '), target: 'equal', pass: values.every((v) => v === values[0]) });
    }
  }
  return t;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function formatTable(r: BenchResults): string {
  const rows: string[][] = [['figure', 'wall', 'calls', 'SQL', 'peak RSS', 'yardstick']];
  const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
  const phaseRow = (p: PhaseResult, yard: string) => rows.push([p.error ? `${p.name} (FAILED: ${p.error})` : p.name, ms(p.wallMs), String(p.calls), String(p.statements), `${p.peakRssMB} MB`, yard]);
  const limit = (p: PhaseResult) => (p.limitMs !== undefined && p.limitMs > 0 ? `limit ${ms(p.limitMs)}, measured/limit ${p.overLimit}x` : 'limit 0 (latency 0)');
  phaseRow(r.phases.exportAll, limit(r.phases.exportAll));
  phaseRow(r.phases.exportAgain, `${productWrites(r.phases.exportAgain)} product calls`);
  const floor = r.phases.httpFloor;
  phaseRow(floor, `${limit(floor)}; export/floor ${floor.wallMs > 0 ? Math.round((r.phases.exportAll.wallMs / floor.wallMs) * 100) / 100 : '-'}x`);
  for (const s of r.phases.stock) phaseRow(s, s.k === 0 ? `${s.calls} calls` : limit(s));
  for (const o of r.phases.orders) phaseRow(o, `${o.msPerOrder} ms/order, ${o.statementsPerOrder} SQL/order`);
  if (r.read) {
    for (const l of r.read.load) {
      rows.push([`${l.query} under load`, `${l.ours.rps} req/s`, '', '', '', `p99 ${l.ours.p99Ms} ms; baseline ${l.baseline.rps} req/s (p99 ${l.baseline.p99Ms} ms); ours/baseline ${l.oursOverBaseline}x`]);
    }
    for (const s of r.read.statements) rows.push([`${s.query}`, '', '', Object.values(s.bySize).join(' / '), '', 'statements per request by page size']);
  }
  for (const f of r.scheduler.figures) {
    rows.push([`scheduler tick, ${r.scheduler.schedules} schedules, ${f.historyRuns} runs in history`, '', '', `${f.nothingDue} / ${f.allDue}`, '', `statements: nothing due / all due (${f.started} runs started; their own statements not counted)`]);
  }
  if (r.memory) rows.push(['peak RSS, N=10k vs N=100k (child processes)', '', '', '', `${r.memory.small.peakRssMB} / ${r.memory.large.peakRssMB} MB`, `ratio ${r.memory.ratio}x`]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((c, i) => pad(c, widths[i]!)).join(' | ')} |`;
  const out = [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)];
  out.push('');
  const tw = [Math.max(6, ...r.targets.map((x) => x.figure.length)), Math.max(5, ...r.targets.map((x) => x.value.length)), Math.max(6, ...r.targets.map((x) => x.target.length))];
  out.push(`| ${pad('target', tw[0]!)} | ${pad('value', tw[1]!)} | ${pad('wanted', tw[2]!)} | result |`);
  out.push(`|${tw.map((w) => '-'.repeat(w + 2)).join('|')}|--------|`);
  for (const x of r.targets) out.push(`| ${pad(x.figure, tw[0]!)} | ${pad(x.value, tw[1]!)} | ${pad(x.target, tw[2]!)} | ${x.pass ? 'PASS  ' : 'MISS  '} |`);
  out.push('');
  const m = r.machine;
  out.push(`N = ${r.seed.products} products (${r.seed.activeProducts} active), 3 warehouses; sandbox latency ${r.options.latencyMs} ms; IdoSell concurrency ${r.concurrency}; ` +
    `machine: Node ${m.node}, ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.platform}; ${r.startedAt}`);
  return out.join('\n');
}
