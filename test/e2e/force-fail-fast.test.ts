/**
 * Issue 12, points 4 to 6, end to end (GraphQL over HTTP, the real server and SQLite file, the
 * sandbox on loopback): `force` on exportProducts and syncStock; fail fast on an unreachable shop,
 * a refused key and a Retry-After beyond the bound; plain item messages with the shop's words in
 * the item's detail.
 */
import net from 'node:net';
import { expectSchemaCleanAfterEach, startTestApp, type TestApp } from '../helpers/app.js';
import { IsofProduct, IsofStock } from '../../src/isof/entities.js';
import { ProductExportEntity } from '../../src/products/product-export.entity.js';
import { SyncRunEntity, SyncRunItemEntity } from '../../src/sync-runs/sync-run.entities.js';
import { DEFAULT_API_KEY } from '../../src/sandbox/server.js';

const OPERATOR = 'operator-secret-0123456789abcdef';
let app: TestApp;
let shopId: string;

const RUN = `id kind status total processed succeeded failed skipped error`;
const EXPORT = `mutation($input: ExportProductsInput!) { exportProducts(input: $input) { ${RUN} } }`;
const STOCK = `mutation($input: SyncStockInput!) { syncStock(input: $input) { ${RUN} } }`;
const ITEMS = `query($id: ID!) { syncRun(id: $id) { items(first: 500) { totalCount edges { node { ref outcome errorCode message detail } } } } }`;

async function gqlOk(query: string, variables?: Record<string, unknown>) {
  const r = await app.gql(query, variables, { key: OPERATOR });
  expect(r.errors).toBeUndefined();
  return r.data;
}
async function items(runId: string) {
  return (await gqlOk(ITEMS, { id: runId })).syncRun.items.edges.map((e: { node: Record<string, string> }) => e.node);
}
async function productIds(codes: string[]): Promise<string[]> {
  const repo = app.services.ds.getRepository(IsofProduct);
  return Promise.all(codes.map(async (code) => String((await repo.findOneByOrFail({ code })).id)));
}
function sandboxProduct(code: string) {
  return app.sandbox!.state.products.find((p) => p.sizes.some((s) => s.productSizeCodeExternal === code));
}
function productWrites() {
  return app.sandbox!.calls.filter((c) => c.path === '/products/products' && (c.method === 'PUT' || c.method === 'POST'));
}
/** A loopback port nothing listens on: taken from the system, then freed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
/** A shop that is down or refuses the key: saved without the connection test, as an integrator may. */
async function extraShop(name: string, apiUrl: string, apiKey: string): Promise<string> {
  return String((await app.services.shops.create({ name, apiUrl, apiKey, saveWithoutTest: true })).id);
}

beforeAll(async () => {
  // Two connections at once, so a refused key shows how few calls a mass export makes before it stops.
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR}`, IDOSELL_CONCURRENCY: '2', IDOSELL_RETRY_AFTER_MAX_S: '5' } });
  shopId = (await gqlOk(`{ shops { id } }`)).shops[0].id;
});
expectSchemaCleanAfterEach(() => app);
afterAll(async () => {
  await app.close();
});

const CODES = ['TOW-00001', 'TOW-00002', 'TOW-00003'];

describe('force', () => {
  test('exportProducts with force sends unchanged products, restores what the shop changed, records them, and stores force in the params', async () => {
    const ids = await productIds(CODES);
    expect((await gqlOk(EXPORT, { input: { shopId, productIds: ids, wait: true } })).exportProducts.status).toBe('SUCCEEDED');
    // Somebody edits a product in the shop's panel: ISOF still thinks it unchanged.
    sandboxProduct('TOW-00002')!.names.pol = 'Edited in the panel';
    app.sandbox!.resetCalls();
    const plain = (await gqlOk(EXPORT, { input: { shopId, productIds: ids, wait: true } })).exportProducts;
    expect(plain).toMatchObject({ status: 'SUCCEEDED', skipped: 3, succeeded: 0 });
    expect(productWrites()).toHaveLength(0);

    const before = await app.services.ds.getRepository(ProductExportEntity).find({ order: { productId: 'ASC' } });
    const forced = (await gqlOk(EXPORT, { input: { shopId, productIds: ids, wait: true, force: true } })).exportProducts;
    expect(forced).toMatchObject({ status: 'SUCCEEDED', total: 3, succeeded: 3, skipped: 0 });
    expect(productWrites()).toHaveLength(1);
    expect(productWrites()[0]!.itemCount).toBe(3);
    const isofName = (await app.services.ds.getRepository(IsofProduct).findOneByOrFail({ code: 'TOW-00002' })).name;
    expect(sandboxProduct('TOW-00002')!.names.pol).toBe(isofName);
    for (const item of await items(forced.id)) expect(item.message).toMatch(/forced/);
    // Recorded as sent: the export time moved on, the hash and stock are what was sent.
    const after = await app.services.ds.getRepository(ProductExportEntity).find({ order: { productId: 'ASC' } });
    after.forEach((rec, i) => {
      expect(rec.lastExportedAt!.getTime()).toBeGreaterThanOrEqual(before[i]!.lastExportedAt!.getTime());
      expect(rec.fieldsHash).toBe(before[i]!.fieldsHash);
      expect(rec.idosellProductId).toBe(before[i]!.idosellProductId);
    });
    const stored = await app.services.ds.getRepository(SyncRunEntity).findOneByOrFail({ id: Number(forced.id) });
    expect(stored.params).toBe(JSON.stringify({ productIds: ids.map(Number), dryRun: false, force: true }));
    // Without force the params keep their keys in order, force last: a mass export still begins with {"productIds":null,
    const dry = (await gqlOk(EXPORT, { input: { shopId, dryRun: true, wait: true } })).exportProducts;
    expect((await app.services.ds.getRepository(SyncRunEntity).findOneByOrFail({ id: Number(dry.id) })).params)
      .toBe('{"productIds":null,"dryRun":true,"force":false}');
  });

  test('syncStock with force sends the stock of every exported product, changed or not, and records it', async () => {
    app.sandbox!.resetCalls();
    expect((await gqlOk(STOCK, { input: { shopId, wait: true } })).syncStock).toMatchObject({ status: 'SUCCEEDED', total: 0 });
    expect(app.sandbox!.calls.filter((c) => c.path === '/products/stockQuantity')).toHaveLength(0);
    // The shop lost the stock of one product.
    const size = sandboxProduct('TOW-00001')!.sizes[0]!;
    const sent = size.stocks['1'];
    size.stocks['1'] = 9999;
    const exported = await app.services.ds.getRepository(ProductExportEntity).count();
    const run = (await gqlOk(STOCK, { input: { shopId, wait: true, force: true } })).syncStock;
    expect(run).toMatchObject({ status: 'SUCCEEDED', total: exported, succeeded: exported });
    expect(app.sandbox!.calls.filter((c) => c.path === '/products/stockQuantity')).toHaveLength(1);
    expect(size.stocks['1']).toBe(sent);
    const records = await app.services.ds.getRepository(ProductExportEntity).find();
    for (const r of records) expect(r.lastSentStock).toBe(sandboxProduct((await app.services.ds.getRepository(IsofProduct).findOneByOrFail({ id: r.productId })).code)!.sizes[0]!.stocks['1']);
    const stored = await app.services.ds.getRepository(SyncRunEntity).findOneByOrFail({ id: Number(run.id) });
    expect(stored.params).toBe('{"dryRun":false,"force":true}');
  });
});

describe('plain item messages', () => {
  test('a product the shop no longer has: the item says what to do, the shop\'s words are in its detail', async () => {
    const gone = sandboxProduct('TOW-00003')!;
    app.sandbox!.state.products.splice(app.sandbox!.state.products.indexOf(gone), 1);
    const p = await app.services.ds.getRepository(IsofProduct).findOneByOrFail({ code: 'TOW-00003' });
    await app.services.ds.getRepository(IsofStock).update({ productId: p.id }, { quantity: 77 });
    const run = (await gqlOk(STOCK, { input: { shopId, wait: true } })).syncStock;
    expect(run).toMatchObject({ status: 'FAILED', failed: 1 });
    const [item] = await items(run.id);
    expect(item.message).toMatch(/does not have this product .*export it again with force: true/);
    expect(item.message).not.toMatch(/productSizeCodeExternal|No product size/);
    expect(JSON.parse(item.detail).shopMessage).toMatch(/No product size has the code "TOW-00003"/);
  });

  test('a create the shop refuses because the code exists: plain words, no API jargon', async () => {
    // The shop already holds TOW-00010 (added in its panel); ISOF has no export record of it.
    const ids = await productIds(['TOW-00010']);
    const other = (await extraShop('Panel twin', app.sandbox!.url, DEFAULT_API_KEY));
    expect((await gqlOk(EXPORT, { input: { shopId: other, productIds: ids, wait: true } })).exportProducts.status).toBe('SUCCEEDED');
    const run = (await gqlOk(EXPORT, { input: { shopId, productIds: ids, wait: true } })).exportProducts;
    const [item] = await items(run.id);
    if (item.outcome === 'FAILED') {
      expect(item.message).toMatch(/already exists in the shop: run linkShopProducts, or export again/);
      expect(item.message).not.toMatch(/settingModificationType/);
      expect(JSON.parse(item.detail).shopMessage).toMatch(/settingModificationType/);
    } else {
      // An export that looks codes up first links the product instead (issue 12, point 3).
      expect(item.outcome).toBe('SUCCEEDED');
    }
  });
});

describe('fail fast', () => {
  async function massExport(id: string) {
    const started = Date.now();
    const run = (await gqlOk(EXPORT, { input: { shopId: id, wait: true } })).exportProducts;
    return { run, ms: Date.now() - started };
  }

  test('an unreachable shop: the mass export ends FAILED at once with one run-level error and no item per product', async () => {
    const id = await extraShop('Unreachable', `http://127.0.0.1:${await closedPort()}/api/admin/v6`, 'some-key-0123456789');
    const { run, ms } = await massExport(id);
    const active = await app.services.ds.getRepository(IsofProduct).countBy({ active: true });
    expect(active).toBeGreaterThan(400);
    expect(run).toMatchObject({ status: 'FAILED', total: active, processed: 0, failed: 0 });
    expect(run.error).toMatch(/^Shop "Unreachable" did not answer .*connection refused.*Check that the shop's API address is right/i);
    expect(run.error).toContain(`${active} of ${active} items were not sent; run again once that is fixed`);
    expect(await app.services.ds.getRepository(SyncRunItemEntity).countBy({ runId: Number(run.id) })).toBe(0);
    // Bounded by one call's retries (5, backoff under 50 ms here), not one per batch.
    expect(ms).toBeLessThan(5000);
  });

  test('a refused key: a few calls reach the shop, then the run stops with what to do', async () => {
    const id = await extraShop('Wrong key', app.sandbox!.url, 'not-the-sandbox-key-0123');
    app.sandbox!.resetCalls();
    const { run } = await massExport(id);
    expect(run).toMatchObject({ status: 'FAILED', processed: 0, failed: 0 });
    expect(run.error).toMatch(/refused the API key \(401\).*Generate a new key/);
    expect(run.error).toMatch(/were not sent/);
    // At most the calls already under way when the first 401 came back (2 at once, one page in the pipeline).
    expect(app.sandbox!.calls.length).toBeGreaterThan(0);
    expect(app.sandbox!.calls.length).toBeLessThanOrEqual(4);
    expect(await app.services.ds.getRepository(SyncRunItemEntity).countBy({ runId: Number(run.id) })).toBe(0);
  });

  test('a refused key stops syncStock too, with the same one error', async () => {
    const id = await extraShop('Wrong key stock', app.sandbox!.url, 'not-the-sandbox-key-4567');
    const p = await app.services.ds.getRepository(IsofProduct).find({ take: 250, order: { id: 'ASC' } });
    await app.services.ds.getRepository(ProductExportEntity).insert(p.map((x, i) => ({
      shopId: Number(id), productId: x.id, idosellProductId: 5000 + i, lastSentStock: null, fieldsHash: null, imageHash: null,
      lastExportedAt: new Date(), lastStockSentAt: null,
    })));
    app.sandbox!.resetCalls();
    const run = (await gqlOk(STOCK, { input: { shopId: id, wait: true } })).syncStock;
    expect(run).toMatchObject({ status: 'FAILED', processed: 0 });
    expect(run.error).toMatch(/refused the API key \(401\)/);
    expect(app.sandbox!.calls.length).toBeLessThanOrEqual(2);
    expect(await app.services.ds.getRepository(SyncRunItemEntity).countBy({ runId: Number(run.id) })).toBe(0);
  });

  test('a 429 asking for longer than IDOSELL_RETRY_AFTER_MAX_S is not waited for: the run stops', async () => {
    const id = await extraShop('Busy', app.sandbox!.url, DEFAULT_API_KEY);
    app.sandbox!.script({ kind: '429', retryAfterS: 3600, times: 1000 });
    app.sandbox!.resetCalls();
    try {
      const { run, ms } = await massExport(id);
      expect(run).toMatchObject({ status: 'FAILED', processed: 0 });
      expect(run.error).toMatch(/asks us to wait 3600 s .*longer than the 5 s we wait \(IDOSELL_RETRY_AFTER_MAX_S\)/);
      expect(app.sandbox!.calls.length).toBeLessThanOrEqual(4);
      expect(ms).toBeLessThan(5000);
    } finally {
      app.sandbox!.clearScript();
    }
  });
});

describe('fail fast on the other runs', () => {
  test('importOrders with a refused key ends FAILED with the one sentence after one call', async () => {
    const id = await extraShop('Wrong key orders', app.sandbox!.url, 'not-the-sandbox-key-8910');
    app.sandbox!.resetCalls();
    const imp = await gqlOk(`mutation($input: ImportOrdersInput!) { importOrders(input: $input) { ${RUN} } }`, { input: { shopId: id, period: 'LAST_30_DAYS', wait: true } });
    expect(imp.importOrders).toMatchObject({ status: 'FAILED', processed: 0 });
    expect(imp.importOrders.error).toMatch(/^Shop "Wrong key orders" refused the API key \(401\)\..*The run stopped there; run again once that is fixed/);
    expect(app.sandbox!.calls.length).toBe(1);
  });
});
