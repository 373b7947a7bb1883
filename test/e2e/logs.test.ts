/**
 * The JSON log lines a run and a request leave: the real server with its logs captured, runs against
 * the sandbox on loopback, and the run engine on the app's SQLite file for the levels of a failure.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createLogger } from '../../src/common/logger.js';
import { BadInputError } from '../../src/common/errors.js';
import { RunEngine } from '../../src/sync-runs/engine.js';

const OPERATOR = 'operator-secret-0123456789abcdef';
const VIEWER = 'viewer-secret-0123456789abcdef';
const EXPORT = 'mutation($input: ExportProductsInput!) { exportProducts(input: $input) { id status total succeeded failed error } }';
const IMPORT = 'mutation($input: ImportOrdersInput!) { importOrders(input: $input) { id status error } }';
const PINO = { info: 30, warn: 40, error: 50 };

let app: TestApp;
let shopId: string;
let shopName: string;

/** The keys of a flat JSON object's raw text, in order, duplicates kept (JSON.parse would drop them). */
function rawKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"(\s*:)?|[{}[\]]/g)) {
    if (m[0] === '{' || m[0] === '[') depth++;
    else if (m[0] === '}' || m[0] === ']') depth--;
    else if (m[2] && depth === 1) keys.push(m[1]!);
  }
  return keys;
}
const parsed = () => app.logs.map((raw) => ({ raw, j: JSON.parse(raw) as Record<string, any> }));

beforeAll(async () => {
  app = await startTestApp({ captureLogs: true, env: { SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR},dash:viewer:${VIEWER}` } });
  const shops = await app.gql('{ shops { id name } }', {}, { key: VIEWER });
  ({ id: shopId, name: shopName } = shops.data.shops[0]);
});
afterAll(async () => {
  await app?.close();
});

test('every connector line of a run carries the run id and the shop once; every line of the run its id', async () => {
  const products = await app.gql('{ products(first: 2) { edges { node { id } } } }', {}, { key: VIEWER });
  const productIds = products.data.products.edges.map((e: any) => e.node.id);
  // The lines before are the start-up's (the demo shop's connection test, no run).
  const from = app.logs.length;
  const callsBefore = app.sandbox!.calls.length;
  // One retried call, so the connector's warn line is among them too.
  app.sandbox!.script({ kind: '503', path: '/orders/orders/search', times: 1 });
  const exp = await app.gql(EXPORT, { input: { shopId, productIds, wait: true } }, { key: OPERATOR });
  expect(exp.errors).toBeUndefined();
  const imp = await app.gql(IMPORT, { input: { shopId, period: 'LAST_7_DAYS', wait: true } }, { key: OPERATOR });
  expect(imp.errors).toBeUndefined();
  const runIds = [Number(exp.data.exportProducts.id), Number(imp.data.importOrders.id)];

  const connector = parsed().slice(from).filter(({ j }) => typeof j.op === 'string');
  expect(connector.filter(({ j }) => j.msg === 'IdoSell call').length).toBe(app.sandbox!.calls.length - callsBefore);
  expect(connector.some(({ j }) => j.msg === 'IdoSell call will be retried' && j.level === PINO.warn)).toBe(true);
  for (const { raw, j } of connector) {
    const keys = rawKeys(raw);
    expect(keys.filter((k) => k === 'shop')).toEqual(['shop']);
    expect(keys.filter((k) => k === 'runId')).toEqual(['runId']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(j.shop).toBe(shopName);
    expect(runIds).toContain(j.runId);
  }
  // The engine's own lines of those runs carry the run id, its kind and the shop's id.
  for (const id of runIds) {
    const lines = parsed().filter(({ j }) => j.runId === id);
    expect(lines.map(({ j }) => j.msg)).toEqual(expect.arrayContaining(['run started', 'run finished']));
    for (const { raw, j } of lines) {
      const keys = rawKeys(raw);
      expect(new Set(keys).size).toBe(keys.length);
      expect(j.shopId).toBe(Number(shopId));
    }
  }
});

test('a FAILED run says so at warn, never info', async () => {
  const products = await app.gql('{ products(first: 1) { edges { node { id } } } }', {}, { key: VIEWER });
  app.sandbox!.script({ kind: 'itemFault', path: '/products/products', itemIndexes: [0], faultCode: 7, faultString: 'Niepoprawna cena produktu', times: 3 });
  const exp = await app.gql(EXPORT, { input: { shopId, productIds: [products.data.products.edges[0].node.id], wait: true, force: true } }, { key: OPERATOR });
  expect(exp.errors).toBeUndefined();
  expect(exp.data.exportProducts.status).toBe('FAILED');
  const finished = parsed().filter(({ j }) => j.runId === Number(exp.data.exportProducts.id) && j.msg === 'run finished');
  expect(finished).toHaveLength(1);
  expect(finished[0]!.j.level).toBe(PINO.warn);
  expect(finished[0]!.j.status).toBe('FAILED');
  expect(finished[0]!.j.error).toMatch(/All 1 items failed/);
});

test('a run failing on a DomainError finishes at warn, on an unexpected error at error', async () => {
  const lines: string[] = [];
  const logger = createLogger('info', { write(chunk: string) { lines.push(...String(chunk).split('\n').filter(Boolean)); return true; } } as unknown as NodeJS.WritableStream);
  // A second engine on the app's database, with its own operation, so the work can fail at will.
  const engine = new RunEngine(app.services.ds, logger, { heartbeatMs: 1000, staleAfterMs: 60000, graceMs: 1000 });
  const queue = engine.register<{ fail: 'domain' | 'unexpected' }, null>({
    kind: 'SYNC_STATUSES',
    prepare: async () => null,
    process: async (_ctx, p) => {
      if (p.fail === 'domain') throw new BadInputError('The shop has no status mapping; add one with setStatusMapping.');
      throw new TypeError('x is undefined');
    },
  });
  const caller = { name: 'test', role: 'operator' as const };
  const domain = await queue.start({ shopId: Number(shopId), caller, params: { fail: 'domain' }, dryRun: false, wait: true });
  const unexpected = await queue.start({ shopId: Number(shopId), caller, params: { fail: 'unexpected' }, dryRun: false, wait: true });
  expect([domain.status, unexpected.status]).toEqual(['FAILED', 'FAILED']);
  const finished = (id: number) => lines.map((l) => JSON.parse(l)).find((j) => j.runId === id && j.msg === 'run finished');
  expect(finished(domain.id)).toMatchObject({ level: PINO.warn, status: 'FAILED' });
  expect(finished(unexpected.id)).toMatchObject({ level: PINO.error, status: 'FAILED' });
});

test('a request line names the error codes it answered', async () => {
  const forbidden = await app.gql(EXPORT, { input: { shopId, wait: true } }, { key: VIEWER });
  expect(forbidden.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  const requestId = forbidden.headers.get('x-request-id');
  const line = parsed().find(({ j }) => j.msg === 'graphql request' && j.requestId === requestId);
  expect(line?.j).toMatchObject({ caller: 'dash', operationType: 'mutation', errors: 1, codes: ['FORBIDDEN'] });
  const ok = await app.gql('{ shops { id } }', {}, { key: VIEWER });
  const okLine = parsed().find(({ j }) => j.msg === 'graphql request' && j.requestId === ok.headers.get('x-request-id'));
  expect(okLine?.j).toMatchObject({ operationType: 'query', errors: 0, codes: [] });
});
