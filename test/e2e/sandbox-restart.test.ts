/**
 * The embedded sandbox keeps its shop in the data folder: the app started twice on the same folder
 * (real SQLite file, real sandbox over HTTP) finds the products it exported still in the shop, so
 * ISOF's export records and the shop stay in step. And production never seeds nor starts the sandbox.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { IsofProduct, IsofStock } from '../../src/isof/entities.js';
import { ShopEntity } from '../../src/shops/shop.entity.js';

const OPERATOR = 'operator-secret-0123456789abcdef';
const API_KEYS = `isof:operator:${OPERATOR}`;
const RUN = `id status total succeeded failed skipped error`;
const EXPORT = `mutation($input: ExportProductsInput!) { exportProducts(input: $input) { ${RUN} } }`;
const STOCK = `mutation($input: SyncStockInput!) { syncStock(input: $input) { ${RUN} } }`;
const FAILED_ITEMS = `query($id: ID!) { syncRun(id: $id) { items(outcome: FAILED, first: 5) { edges { node { ref message } } } } }`;

async function gqlOk(app: TestApp, query: string, variables?: Record<string, unknown>) {
  const r = await app.gql(query, variables, { key: OPERATOR });
  expect(r.errors).toBeUndefined();
  return r.data;
}

describe('a restart on the same data folder keeps the sandbox in step', () => {
  let dir: string;
  let app: TestApp | undefined;
  const start = () => startTestApp({ dir, env: { SANDBOX: 'on', API_KEYS, SANDBOX_STATE_FILE: path.join(dir, 'sandbox-state.json') } });
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-sandbox-restart-'));
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('export, close, start again: the shop still has the products, an export skips them, syncStock succeeds', async () => {
    app = await start();
    const [shop] = (await gqlOk(app, `{ shops { id } }`)).shops;
    const active = await app.services.ds.getRepository(IsofProduct).countBy({ active: true });
    const { exportProducts: first } = await gqlOk(app, EXPORT, { input: { shopId: shop.id, wait: true } });
    expect(first).toMatchObject({ status: 'SUCCEEDED', failed: 0 });
    const inShop = app.sandbox!.state.products.map((p) => [p.productId, p.fields.productDisplayedCode]);
    expect(inShop).toHaveLength(active);
    const orders = app.sandbox!.state.orders.length;
    const nextProductId = app.sandbox!.state.nextProductId;
    await app.close();
    app = undefined;
    expect(fs.existsSync(path.join(dir, 'sandbox-state.json'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'sandbox-state.json.tmp'))).toBe(false);

    app = await start();
    // The same shop (re-pointed at the sandbox's new port), the same products, orders and counters.
    expect((await gqlOk(app, `{ shops { id } }`)).shops).toEqual([shop]);
    expect(app.sandbox!.state.products.map((p) => [p.productId, p.fields.productDisplayedCode])).toEqual(inShop);
    expect(app.sandbox!.state.products[0]!.addedAt).toBeInstanceOf(Date);
    expect(app.sandbox!.state.orders).toHaveLength(orders);
    expect(app.sandbox!.state.nextProductId).toBe(nextProductId);

    app.sandbox!.resetCalls();
    const { exportProducts: again } = await gqlOk(app, EXPORT, { input: { shopId: shop.id, wait: true } });
    expect(again).toMatchObject({ status: 'SUCCEEDED', total: active, skipped: active, succeeded: 0, failed: 0 });
    expect(app.sandbox!.calls.filter((c) => c.path === '/products/products' && c.method !== 'GET')).toHaveLength(0);
    expect(app.sandbox!.state.products).toHaveLength(active);

    // A stock change after the restart reaches the product the shop kept.
    const product = await app.services.ds.getRepository(IsofProduct).findOneByOrFail({ code: String(inShop[0]![1]) });
    await app.services.ds.getRepository(IsofStock).update({ productId: product.id }, { quantity: 7 });
    const warehouses = await app.services.ds.getRepository(IsofStock).countBy({ productId: product.id });
    const { syncStock: stock } = await gqlOk(app, STOCK, { input: { shopId: shop.id, wait: true } });
    const failed = (await gqlOk(app, FAILED_ITEMS, { id: stock.id })).syncRun.items.edges;
    expect(failed).toEqual([]);
    expect(stock).toMatchObject({ status: 'SUCCEEDED', failed: 0 });
    expect(stock.succeeded).toBeGreaterThan(0);
    const kept = app.sandbox!.state.products.find((p) => p.productId === inShop[0]![0])!;
    // The shop's warehouse gets the sum over ISOF's warehouses.
    expect(Object.values(kept.sizes[0]!.stocks)).toContain(7 * warehouses);
  });
});

describe('NODE_ENV=production on SQLite', () => {
  let app: TestApp;
  beforeAll(async () => {
    // '' leaves SEED_DEMO and SANDBOX to their defaults (the helper sets both for other tests).
    app = await startTestApp({ env: { NODE_ENV: 'production', API_KEYS, SEED_DEMO: '', SANDBOX: '' } });
  });
  afterAll(() => app.close());

  test('seeds no demo data and starts no sandbox: ISOF stays empty, no demo shop, no state file', async () => {
    expect(app.config.seedDemo).toBe(false);
    expect(app.sandbox).toBeNull();
    expect(await app.services.ds.getRepository(IsofProduct).count()).toBe(0);
    expect(await app.services.ds.getRepository(ShopEntity).count()).toBe(0);
    expect(fs.existsSync(path.join(app.dir, 'sandbox-state.json'))).toBe(false);
  });
});
