/**
 * /metrics over real HTTP: the real server on a SQLite file, a real export and import against the
 * sandbox on loopback, then a scrape read as Prometheus text. The rule for callers off this machine
 * is a pure function (metricsAccess), tested here without a second network interface.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { metricsAccess } from '../../src/metrics/access.js';
import type { ApiKeyConfig } from '../../src/config.js';

const VIEWER = 'viewer-secret-0123456789abcdef';
const OPERATOR = 'operator-secret-0123456789abcdef';
const EXPORT = 'mutation($input: ExportProductsInput!) { exportProducts(input: $input) { id status total succeeded failed error } }';
const IMPORT = 'mutation($input: ImportOrdersInput!) { importOrders(input: $input) { id status total succeeded failed skipped error } }';

let app: TestApp;
let shopId: string;

/** Every sample of a scrape: `name{labels} value`, labels parsed. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}
function sum(text: string, name: string, where: Record<string, string> = {}): number {
  return samples(text, name).filter((s) => Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}
async function scrape(headers: Record<string, string> = {}, url = app.url) {
  const res = await fetch(`${url}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), auth: res.headers.get('www-authenticate') };
}

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `dash:viewer:${VIEWER},isof:operator:${OPERATOR}` } });
  const shops = await app.gql('{ shops { id name } }', {}, { key: VIEWER });
  shopId = shops.data.shops[0].id;
});
afterAll(async () => {
  await app?.close();
});

describe('/metrics', () => {
  test('after a real export and import: runs, items, durations, IdoSell calls with statuses and latencies, retries, 429s and Retry-After waits', async () => {
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(sum(before.text, 'isof_idosell_runs_started_total')).toBe(0);

    const products = await app.gql('{ products(first: 3) { edges { node { id } } } }', {}, { key: VIEWER });
    const productIds = products.data.products.edges.map((e: any) => e.node.id);
    // One 429 with Retry-After: 0 on the first product call: retried at once, counted as a wait of 0 s.
    app.sandbox!.script({ kind: '429', path: '/products/products', retryAfterS: 0, times: 1 });
    const exp = await app.gql(EXPORT, { input: { shopId, productIds, wait: true } }, { key: OPERATOR });
    expect(exp.errors).toBeUndefined();
    expect(exp.data.exportProducts.status).toBe('SUCCEEDED');
    const imp = await app.gql(IMPORT, { input: { shopId, period: 'LAST_7_DAYS', wait: true } }, { key: OPERATOR });
    expect(imp.errors).toBeUndefined();
    const importStatus: string = imp.data.importOrders.status;

    const m = await scrape();
    expect(m.status).toBe(200);
    expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const t = m.text;
    expect(t).toMatch(/^# HELP isof_idosell_runs_started_total .+/m);
    expect(t).toMatch(/^# HELP isof_idosell_idosell_call_duration_seconds .+/m);
    // Runs by kind, shop (its id) and status.
    expect(sum(t, 'isof_idosell_runs_started_total', { kind: 'EXPORT_PRODUCTS', shop: shopId })).toBe(1);
    expect(sum(t, 'isof_idosell_runs_started_total', { kind: 'IMPORT_ORDERS', shop: shopId })).toBe(1);
    expect(sum(t, 'isof_idosell_runs_finished_total', { kind: 'EXPORT_PRODUCTS', shop: shopId, status: 'SUCCEEDED' })).toBe(1);
    expect(sum(t, 'isof_idosell_runs_finished_total', { kind: 'IMPORT_ORDERS', shop: shopId, status: importStatus })).toBe(1);
    // Items by outcome, as the runs recorded them.
    expect(sum(t, 'isof_idosell_run_items_total', { kind: 'EXPORT_PRODUCTS', shop: shopId, outcome: 'SUCCEEDED' })).toBe(exp.data.exportProducts.succeeded);
    expect(sum(t, 'isof_idosell_run_items_total', { kind: 'IMPORT_ORDERS', shop: shopId }))
      .toBe(imp.data.importOrders.succeeded + imp.data.importOrders.failed + imp.data.importOrders.skipped);
    // The run-duration histogram has one observation per run.
    expect(sum(t, 'isof_idosell_run_duration_seconds_count', { kind: 'EXPORT_PRODUCTS', status: 'SUCCEEDED' })).toBe(1);
    expect(sum(t, 'isof_idosell_run_duration_seconds_bucket', { kind: 'EXPORT_PRODUCTS', status: 'SUCCEEDED', le: '+Inf' })).toBe(1);
    // IdoSell calls: by operation name (no URL, no ids) and HTTP status; the sandbox saw each attempt.
    const calls = samples(t, 'isof_idosell_idosell_calls_total');
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => !/http|\?|\d{3,}\//.test(c.labels.operation!))).toBe(true);
    expect(sum(t, 'isof_idosell_idosell_calls_total')).toBe(app.sandbox!.calls.length);
    expect(sum(t, 'isof_idosell_idosell_calls_total', { status: '429' })).toBe(1);
    expect(calls.some((c) => c.labels.status === '200' && /order search/i.test(c.labels.operation!))).toBe(true);
    expect(sum(t, 'isof_idosell_idosell_call_duration_seconds_count')).toBe(app.sandbox!.calls.length);
    expect(sum(t, 'isof_idosell_idosell_call_duration_seconds_sum')).toBeGreaterThan(0);
    expect(sum(t, 'isof_idosell_idosell_calls_in_flight')).toBe(0);
    expect(sum(t, 'isof_idosell_idosell_rate_limited_total')).toBe(1);
    expect(sum(t, 'isof_idosell_idosell_retries_total')).toBe(1);
    expect(sum(t, 'isof_idosell_idosell_retry_after_waits_total')).toBe(1);
    expect(samples(t, 'isof_idosell_idosell_retry_after_wait_seconds_total').length).toBe(1);
    // Node's own process metrics, under the same prefix.
    expect(sum(t, 'isof_idosell_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples(t, 'isof_idosell_nodejs_heap_size_used_bytes').length).toBe(1);
  });

  test('GraphQL requests are counted by operation type and error code ("none" when ok)', async () => {
    const codes = () => scrape().then((m) => m.text);
    const before = await codes();
    const forbidden = await app.gql(EXPORT, { input: { shopId, wait: true } }, { key: VIEWER });
    expect(forbidden.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const bad = await app.gql('{ products(first: -1) { totalCount } }', {}, { key: VIEWER });
    const badCode = bad.errors![0]!.extensions!.code as string;
    expect(badCode).toBe('BAD_USER_INPUT');
    const unparsable = await app.gql('{ shops { id ', {}, { key: VIEWER });
    expect(unparsable.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
    await app.gql('{ shops { id } }', {}, { key: VIEWER });
    const after = await codes();
    const delta = (where: Record<string, string>) => sum(after, 'isof_idosell_graphql_requests_total', where) - sum(before, 'isof_idosell_graphql_requests_total', where);
    expect(delta({ operation_type: 'mutation', code: 'FORBIDDEN' })).toBe(1);
    expect(delta({ operation_type: 'query', code: 'BAD_USER_INPUT' })).toBe(1);
    expect(delta({ operation_type: 'unknown', code: 'GRAPHQL_PARSE_FAILED' })).toBe(1);
    expect(delta({ operation_type: 'query', code: 'none' })).toBe(1);
  });

  test('from loopback without a key; with a key, any role; a wrong key is 401 with a sentence', async () => {
    expect((await scrape()).status).toBe(200);
    const withKey = await scrape({ authorization: `Bearer ${VIEWER}` });
    expect(withKey.status).toBe(200);
    expect(withKey.text).toContain('isof_idosell_runs_started_total');
    const wrong = await scrape({ authorization: 'Bearer not-a-key-of-this-server' });
    expect(wrong.status).toBe(401);
    expect(wrong.auth).toBe('Bearer');
    expect(wrong.text).toMatch(/The API key is not valid\. Send "Authorization: Bearer <secret>"/);
    // A loopback peer that names another host (DNS rebinding) needs a key too.
    const port = new URL(app.url).port;
    const res = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port, path: '/metrics', headers: { host: `evil.example:${port}` } }, (r) => { r.resume(); resolve(r.statusCode!); });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(res).toBe(401);
  });
});

describe('metricsAccess (the rule /metrics applies to req.socket.remoteAddress)', () => {
  const keys: ApiKeyConfig[] = [{ name: 'dash', role: 'viewer', secret: VIEWER }, { name: 'boss', role: 'admin', secret: 'admin-secret-0123456789' }];
  const at = (remoteAddress: string | undefined, authorization?: string, host = 'localhost:4000') => metricsAccess({ remoteAddress, host, authorization }, keys, '0.0.0.0');

  test('loopback addresses read without a key', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.3.2.1']) expect(at(a)).toEqual({ ok: true });
  });
  test('any other address needs a valid key of any role', () => {
    for (const a of ['10.0.0.5', '192.168.1.20', '::ffff:10.1.1.1', 'fe80::1', undefined]) {
      const r = at(a);
      expect(r).toMatchObject({ ok: false, status: 401 });
      expect(!r.ok && r.message).toMatch(/needs an API key: send "Authorization: Bearer <secret>"/);
      expect(at(a, `Bearer ${VIEWER}`)).toEqual({ ok: true });
      expect(at(a, 'Bearer admin-secret-0123456789')).toEqual({ ok: true });
      expect(at(a, 'Bearer wrong-wrong-wrong-wrong')).toMatchObject({ ok: false, status: 401 });
    }
  });
  test('without API_KEYS, only this machine: 403 saying so', () => {
    const r = metricsAccess({ remoteAddress: '10.0.0.5', host: 'server:4000', authorization: undefined }, [], '0.0.0.0');
    expect(r).toMatchObject({ ok: false, status: 403 });
    expect(!r.ok && r.message).toMatch(/no API_KEYS configured, so its metrics are readable only from this machine/);
    expect(metricsAccess({ remoteAddress: '127.0.0.1', host: '127.0.0.1:4000', authorization: undefined }, [], '0.0.0.0')).toEqual({ ok: true });
  });
});

describe('METRICS=off', () => {
  test('/metrics answers 404 with a sentence, from loopback too, and the app keeps no registry', async () => {
    const off = await startTestApp({ seed: false, env: { METRICS: 'off' } });
    try {
      const r = await scrape({}, off.url);
      expect(r.status).toBe(404);
      expect(r.text).toMatch(/Metrics are off on this server \(METRICS=off\)/);
      expect(off.metrics).toBeNull();
    } finally {
      await off.close();
    }
  });
});
