/**
 * The connector against the local IdoSell sandbox over real HTTP on 127.0.0.1: retries, Retry-After,
 * resets, hangs, partial results, refused keys and scopes. Every request the connector sends is
 * checked strictly against IdoSell's published schema; any violation fails the test.
 */
import { Writable } from 'node:stream';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { IdosellClient, type IdosellClientOptions } from '../../src/idosell/client.js';
import type { IdosellClientConfig } from '../../src/config.js';
import { IdosellAuthError, IdosellRateLimitedError, IdosellScopeError, IdosellUnavailableError } from '../../src/idosell/errors.js';
import { callError } from '../../src/idosell/results.js';
import type { ProductUpsert } from '../../src/idosell/products.js';
import { strictSchemaHook, type StrictSchemaHook } from '../../src/idosell/testing.js';
import { createLogger } from '../../src/common/logger.js';

const KEY = 'connector-test-key-0123456789abcdef';

const config: IdosellClientConfig = {
  connectTimeoutMs: 1000,
  requestTimeoutMs: 400,
  retries: 4,
  backoffBaseMs: 5,
  backoffMaxMs: 40,
  retryAfterMaxS: 2,
  concurrency: 4,
  allowPrivateAddresses: true,
};

let sandbox: Sandbox;
let schema: StrictSchemaHook;
let waits: number[];
let logLines: string[];

function client(overrides: Partial<IdosellClientConfig> = {}, key = KEY, opts: IdosellClientOptions = {}): IdosellClient {
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  return new IdosellClient({ apiUrl: sandbox.url, apiKey: key, name: 'Sklep testowy' }, { ...config, ...overrides }, {
    onRequest: schema.hook,
    // Record the waits instead of sleeping them: the test asserts what was waited, quickly.
    sleep: async (ms) => {
      waits.push(ms);
    },
    logger: createLogger('debug', logStream),
    ...opts,
  });
}

const product = (n: number, extra: Partial<ProductUpsert> = {}): ProductUpsert => ({
  code: `TOW-${String(n).padStart(5, '0')}`,
  name: `Produkt ${n} zażółć`,
  description: 'Opis krótki',
  languageId: 'pol',
  vatRate: 23,
  prices: { retailGross: '19.99', wholesaleGross: '15.00' },
  stock: { stockId: 1, quantity: n % 7 },
  ...extra,
});

const callsTo = (method: string, path: string) => sandbox.calls.filter((c) => c.method === method && c.path === path);

beforeAll(async () => {
  sandbox = await startSandbox({
    keys: [
      { key: KEY, scopes: ['products:rw', 'orders:rw', 'payments:r', 'system:r'] },
      { key: 'read-only-key-0123456789abcdef', scopes: ['products:r', 'orders:r', 'payments:r', 'system:r'] },
    ],
    demo: true,
  });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  schema = strictSchemaHook();
  waits = [];
  logLines = [];
  sandbox.clearScript();
  sandbox.resetCalls();
});

afterEach(() => {
  // Every request of every test went through the strict schema check, and none broke it.
  expect(schema.violations).toEqual([]);
  expect(schema.checked()).toBeGreaterThan(0);
  // The shop's key never appears in a log line.
  for (const line of logLines) expect(line).not.toContain(KEY);
});

describe('retries', () => {
  it('waits what Retry-After asks after a 429, then succeeds', async () => {
    sandbox.script({ method: 'GET', path: '/payments/forms', kind: '429', retryAfterS: 1 });
    const forms = await client().paymentForms();
    expect(forms.map((f) => f.name)).toContain('Przelew');
    expect(callsTo('GET', '/payments/forms').map((c) => c.status)).toEqual([429, 200]);
    expect(waits).toEqual([1000]);
  });

  it('gives a clear error, and sends nothing more, when Retry-After is beyond the bound', async () => {
    sandbox.script({ method: 'GET', path: '/payments/forms', kind: '429', retryAfterS: 90 });
    const err = await client().paymentForms().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdosellRateLimitedError);
    expect((err as Error).message).toMatch(/asks us to wait 90 s .*longer than the 2 s we wait/);
    expect(callsTo('GET', '/payments/forms')).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('retries a 503 three times with jittered backoff, then succeeds', async () => {
    sandbox.script({ method: 'GET', path: '/payments/forms', kind: '503', times: 3 });
    const forms = await client().paymentForms();
    expect(forms.map((f) => f.name)).toContain('Przelew');
    expect(callsTo('GET', '/payments/forms').map((c) => c.status)).toEqual([503, 503, 503, 200]);
    expect(waits).toHaveLength(3);
    waits.forEach((w, n) => {
      expect(w).toBeGreaterThanOrEqual(0);
      expect(w).toBeLessThanOrEqual(Math.min(config.backoffMaxMs, config.backoffBaseMs * 2 ** n));
    });
  });

  it('stops after the configured retries and says the shop did not answer', async () => {
    sandbox.script({ method: 'GET', path: '/payments/forms', kind: '500', times: 10 });
    const err = await client({ retries: 2 }).paymentForms().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdosellUnavailableError);
    expect((err as Error).message).toMatch(/did not answer payment forms .*HTTP 500.* after 3 attempts/);
    expect(callsTo('GET', '/payments/forms')).toHaveLength(3);
  });

  it('retries a safe call whose connection was reset', async () => {
    sandbox.addOrder({ orderSerialNumber: 9001, lines: [{ productCode: 'TOW-00001' }] });
    sandbox.script({ method: 'PUT', path: '/orders/orders', kind: 'reset' });
    const results = await client().setOrderStatuses([{ orderSerialNumber: 9001, orderStatus: 'packed' }]);
    expect(results).toEqual([{ ok: true, value: undefined }]);
    expect(callsTo('PUT', '/orders/orders')).toHaveLength(2);
    expect(sandbox.state.orders.find((o) => o.orderSerialNumber === 9001)!.orderStatus).toBe('packed');
  });

  it('times out a hung call and retries it when it is safe to', async () => {
    await client().upsertProducts([product(901)]);
    sandbox.resetCalls();
    sandbox.script({ method: 'PUT', path: '/products/stockQuantity', kind: 'hang' });
    const results = await client().setStock([{ code: 'TOW-00901', stockId: 1, quantity: 42 }]);
    expect(results).toEqual([{ ok: true, value: undefined }]);
    expect(callsTo('PUT', '/products/stockQuantity').map((c) => c.status)).toEqual([0, 200]); // 0: never answered
    expect(logLines.some((l) => l.includes('no answer within 400 ms'))).toBe(true);
    const p = sandbox.state.products.find((x) => x.sizes.some((s) => s.productSizeCodeExternal === 'TOW-00901'))!;
    expect(p.sizes[0]!.stocks['1']).toBe(42);
  });
});

describe('a product create whose answer was lost', () => {
  it('after a reset, looks the code up and creates only what the shop does not have', async () => {
    sandbox.script({ method: 'PUT', path: '/products/products', kind: 'reset' });
    const results = await client().upsertProducts([product(1001), product(1002)]);
    expect(results.every((r) => r.ok)).toBe(true);
    // pre-create lookup, the lost create, the lookup that resolves it, the one create that counts
    expect(sandbox.calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /products/products/search',
      'PUT /products/products',
      'POST /products/products/search',
      'PUT /products/products',
    ]);
    for (const code of ['TOW-01001', 'TOW-01002']) {
      expect(sandbox.state.products.filter((p) => p.sizes.some((s) => s.productSizeCodeExternal === code))).toHaveLength(1);
    }
  });

  it('when the shop did create it before the answer was lost, takes its id and never sends the create again', async () => {
    sandbox.script({ method: 'PUT', path: '/products/products', kind: 'hang' });
    let shopId = 0;
    const c = client({}, KEY, {
      onRequest: (method, apiPath, req) => {
        schema.hook(method, apiPath, req);
        // The lookup after the lost create: make the shop have done it, as a real shop may have.
        if (apiPath === '/products/products/search' && callsTo('PUT', '/products/products').length === 1 && shopId === 0) {
          shopId = sandbox.state.nextProductId++;
          sandbox.state.products.push({
            productId: shopId,
            fields: { productDisplayedCode: 'TOW-01101' },
            names: { pol: 'x' },
            shortDescriptions: {},
            longDescriptions: {},
            sizes: [{ sizeId: 'uniw', sizePanelName: 'uniwersalny', productSizeCodeExternal: 'TOW-01101', stocks: {} }],
            images: [],
            addedAt: new Date(),
            modifiedAt: new Date(),
            writes: 1,
          });
        }
      },
    });
    const results = await c.upsertProducts([product(1101)]);
    expect(results).toEqual([{ ok: true, value: { productId: shopId, created: true } }]);
    expect(callsTo('PUT', '/products/products')).toHaveLength(1);
    expect(sandbox.state.products.filter((p) => p.sizes.some((s) => s.productSizeCodeExternal === 'TOW-01101'))).toHaveLength(1);
  });

  it('a product already in the shop is edited by id, not created again', async () => {
    const first = await client().upsertProducts([product(1201)]);
    expect(first[0]).toMatchObject({ ok: true, value: { created: true } });
    const again = await client().upsertProducts([product(1201, { name: 'Nowa nazwa' })]);
    expect(again).toEqual([{ ok: true, value: { productId: (first[0] as { value: { productId: number } }).value.productId, created: false, linked: true } }]);
    const matches = sandbox.state.products.filter((p) => p.sizes.some((s) => s.productSizeCodeExternal === 'TOW-01201'));
    expect(matches).toHaveLength(1);
    expect(matches[0]!.names.pol).toBe('Nowa nazwa');
  });
});

describe('partial results and batching', () => {
  it('sends 250 products in calls of 100/100/50 and reports the faulted ones with the shop code and text', async () => {
    sandbox.script({ method: 'PUT', path: '/products/products', kind: 'itemFault', itemIndexes: [3, 7], faultCode: 8, faultString: 'Nieprawidłowa cena' });
    const items = Array.from({ length: 250 }, (_, i) => product(2000 + i));
    const results = await client().upsertProducts(items);
    const puts = callsTo('PUT', '/products/products');
    expect(puts.map((c) => c.itemCount).sort()).toEqual([100, 100, 50]);
    expect(puts.filter((c) => c.status === 207)).toHaveLength(1);
    const failed = results.map((r, i) => (r.ok ? null : i)).filter((i): i is number => i !== null);
    expect(failed).toHaveLength(2);
    const faultedCall = puts.find((c) => c.status === 207)!;
    const sent = (faultedCall.body as { params: { products: { productDisplayedCode: string }[] } }).params.products;
    expect(failed.map((i) => items[i]!.code)).toEqual([sent[3]!.productDisplayedCode, sent[7]!.productDisplayedCode]);
    expect(results[failed[0]!]).toEqual({ ok: false, code: 'IDOSELL_FAULT_8', message: 'Shop "Sklep testowy": The shop refused this item; its words are in the item\'s detail (shopMessage).', shopMessage: 'Nieprawidłowa cena' });
    // A per-item fault is not retried: nothing was sent twice.
    expect(puts).toHaveLength(3);
    expect(sandbox.state.products.filter((p) => p.sizes.some((s) => /^TOW-02\d{3}$/.test(s.productSizeCodeExternal ?? '')))).toHaveLength(248);
  });

  it('reports a 207 on stock per item, the others succeed', async () => {
    await client().upsertProducts([product(3001), product(3002), product(3003)]);
    sandbox.resetCalls();
    sandbox.script({ method: 'PUT', path: '/products/stockQuantity', kind: 'itemFault', itemIndexes: [1], faultCode: 7, faultString: 'Brak magazynu' });
    const results = await client().setStock([
      { code: 'TOW-03001', stockId: 1, quantity: 5 },
      { code: 'TOW-03002', stockId: 1, quantity: 6 },
      { code: 'TOW-03003', stockId: 2, quantity: 7 },
    ]);
    expect(results[0]).toEqual({ ok: true, value: undefined });
    expect(results[1]).toEqual({ ok: false, code: 'IDOSELL_FAULT_7', message: 'Shop "Sklep testowy": The shop refused this item; its words are in the item\'s detail (shopMessage).', shopMessage: 'Brak magazynu' });
    expect(results[2]).toEqual({ ok: true, value: undefined });
    expect(callsTo('PUT', '/products/stockQuantity')).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('a wrong key (401) is an auth error naming the shop, without the key, and is not retried', async () => {
    const wrong = 'wrong-key-0123456789-secret';
    const c = client({}, wrong);
    const err = await c.paymentForms().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdosellAuthError);
    expect((err as Error).message).toMatch(/Shop "Sklep testowy" refused the API key \(401\)\. The shop said: "Nieprawidłowy klucz API/);
    expect(JSON.stringify({ m: (err as Error).message, d: (err as IdosellAuthError).details, s: (err as Error).stack })).not.toContain(wrong);
    expect(callsTo('GET', '/payments/forms')).toHaveLength(1);

    sandbox.resetCalls();
    const results = await c.upsertProducts([product(4001)], { lookupBeforeCreate: false });
    expect(results[0]).toMatchObject({ ok: false, code: 'IDOSELL_AUTH' });
    expect(callError(results)).toBeInstanceOf(IdosellAuthError);
    for (const line of logLines) expect(line).not.toContain(wrong);
  });

  it('a key without a scope (403) names the scope, and the remaining batches are not sent', async () => {
    const c = client({ concurrency: 1 }, 'read-only-key-0123456789abcdef');
    const items = Array.from({ length: 150 }, (_, i) => ({ code: `TOW-${i}`, stockId: 1, quantity: 1 }));
    const results = await c.setStock(items);
    const first = results[0]!;
    expect(first).toMatchObject({ ok: false, code: 'IDOSELL_SCOPE' });
    const err = callError(results)!;
    expect(err).toBeInstanceOf(IdosellScopeError);
    expect((err as IdosellScopeError).scope).toBe('products:rw');
    expect(err.message).toMatch(/lacks the permission "products:rw"/);
    expect(err.message).toContain('Brak uprawnień');
    expect(results[120]).toMatchObject({ ok: false, code: 'IDOSELL_NOT_SENT' });
    expect(callsTo('PUT', '/products/stockQuantity')).toHaveLength(1);
  });
});

describe('orders', () => {
  it('reads every page of a date range search, Warsaw time, and by serial numbers', async () => {
    const day = new Date('2023-02-10T10:00:00Z');
    for (let i = 0; i < 230; i++) {
      sandbox.addOrder({
        orderSerialNumber: 50000 + i,
        addDate: new Date(day.getTime() + i * 60_000),
        payformName: i % 2 ? 'Przelew' : 'Za pobraniem',
        lines: [{ productCode: 'TOW-00010', productQuantity: 2, productOrderPrice: 12.5 }],
      });
    }
    const c = client();
    const orders = await c.searchOrders({ from: new Date('2023-02-10T00:00:00Z'), to: new Date('2023-02-10T23:59:59Z') });
    expect(orders).toHaveLength(230);
    const searches = callsTo('POST', '/orders/orders/search');
    expect(searches.map((s) => (s.body as { params: { resultsPage: number } }).params.resultsPage)).toEqual([0, 1, 2]);
    const range = (searches[0]!.body as { params: { ordersRange: { ordersDateRange: { ordersDateBegin: string; ordersDateEnd: string } } } }).params.ordersRange.ordersDateRange;
    expect(range).toMatchObject({ ordersDateBegin: '2023-02-10 01:00:00', ordersDateEnd: '2023-02-11 00:59:59' });
    const o = orders.find((x) => x.orderSerialNumber === 50001)!;
    expect(o.placedAt!.toISOString()).toBe('2023-02-10T10:01:00.000Z');
    expect(o.lines[0]).toMatchObject({ code: 'TOW-00010', quantity: 2, unitPriceGross: '12.50' });
    expect(o.paymentFormName).toBe('Przelew');

    sandbox.resetCalls();
    const some = await c.searchOrders({ serialNumbers: [50003, 50004, 99999] });
    expect(some.map((x) => x.orderSerialNumber).sort()).toEqual([50003, 50004]);
  });

  it('reads "nothing found" (faultCode 2) as an empty list', async () => {
    const orders = await client().searchOrders({ from: new Date('2001-01-01T00:00:00Z'), to: new Date('2001-01-02T00:00:00Z') });
    expect(orders).toEqual([]);
    expect(callsTo('POST', '/orders/orders/search')).toHaveLength(1);
  });

  it('reports a refused status change per order', async () => {
    sandbox.addOrder({ orderSerialNumber: 9101, lines: [{ productCode: 'TOW-00001' }] });
    sandbox.addOrder({ orderSerialNumber: 9102, lines: [{ productCode: 'TOW-00001' }], locked: true });
    const results = await client().setOrderStatuses([
      { orderSerialNumber: 9101, orderStatus: 'finished' },
      { orderSerialNumber: 9102, orderStatus: 'finished' },
    ]);
    expect(results[0]).toEqual({ ok: true, value: undefined });
    expect(results[1]).toMatchObject({ ok: false });
    expect((results[1] as { code: string }).code).toMatch(/^IDOSELL_FAULT_\d+$/);
  });
});

describe('shop settings and pictures', () => {
  it('reads shop data and uploads pictures by product id', async () => {
    const c = client();
    const info = await c.shopsData();
    expect(info.stocks.map((s) => s.id)).toEqual([1, 2]);
    const [created] = await c.upsertProducts([product(5001)]);
    const productId = (created as { value: { productId: number } }).value.productId;
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    const results = await c.putImages([{ productId, imagesBase64: [png] }]);
    expect(results).toEqual([{ ok: true, value: undefined }]);
    expect(sandbox.state.products.find((p) => p.productId === productId)!.images).toHaveLength(1);
  });
});
