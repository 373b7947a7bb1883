/** exportProducts and syncStock end to end: GraphQL over HTTP, the real server, the sandbox on loopback. */
import { expectSchemaCleanAfterEach, startTestApp, type TestApp } from '../helpers/app.js';
import { IsofProduct, IsofStock } from '../../src/isof/entities.js';
import { ProductExportEntity } from '../../src/products/product-export.entity.js';
import { SyncLockEntity, SyncRunEntity, SyncRunItemEntity } from '../../src/sync-runs/sync-run.entities.js';

const OPERATOR = 'operator-secret-0123456789abcdef';
const VIEWER = 'viewer-secret-0123456789abcdef';
const ADMIN = 'admin-secret-0123456789abcdef';
let app: TestApp;
let shopId: string;

const RUN = `id kind status dryRun triggeredBy total processed succeeded failed skipped error`;
const EXPORT = `mutation($input: ExportProductsInput!) { exportProducts(input: $input) { ${RUN} } }`;
const STOCK = `mutation($input: SyncStockInput!) { syncStock(input: $input) { ${RUN} } }`;
const ITEMS = `query($id: ID!, $o: SyncItemOutcome) { syncRun(id: $id) { ${RUN} items(outcome: $o, first: 500) { totalCount edges { node { ref outcome errorCode message detail } } } } }`;

function productCalls() {
  return app.sandbox!.calls.filter((c) => c.path === '/products/products' && (c.method === 'PUT' || c.method === 'POST'));
}
function stockCalls() {
  return app.sandbox!.calls.filter((c) => c.path === '/products/stockQuantity');
}
async function gqlOk(query: string, variables?: Record<string, unknown>, key = OPERATOR) {
  const r = await app.gql(query, variables, { key });
  expect(r.errors).toBeUndefined();
  return r.data;
}
async function product(code: string) {
  return app.services.ds.getRepository(IsofProduct).findOneByOrFail({ code });
}
async function setStock(code: string, quantities: number[]) {
  const p = await product(code);
  const repo = app.services.ds.getRepository(IsofStock);
  const rows = await repo.find({ where: { productId: p.id }, order: { warehouseId: 'ASC' } });
  for (const [i, q] of quantities.entries()) {
    const row = rows[i];
    if (row) await repo.update({ id: row.id }, { quantity: q });
    else await repo.insert({ productId: p.id, warehouseId: i + 1, quantity: q });
  }
  for (const extra of rows.slice(quantities.length)) await repo.delete({ id: extra.id });
}

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR},dash:viewer:${VIEWER},boss:admin:${ADMIN}` } });
  const shops = await gqlOk(`{ shops { id name } }`);
  shopId = shops.shops[0].id;
});
expectSchemaCleanAfterEach(() => app);
afterAll(async () => {
  expect(app.schemaChecked()).toBeGreaterThan(0);
  await app.close();
});

describe('exportProducts', () => {
  test('a viewer key cannot start a run', async () => {
    const r = await app.gql(EXPORT, { input: { shopId, wait: true } }, { key: VIEWER });
    expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await app.services.ds.getRepository(SyncRunEntity).count()).toBe(0);
  });

  test('a dry run records what would be sent and sends nothing', async () => {
    const p = await product('TOW-00001');
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(p.id)], dryRun: true, wait: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', dryRun: true, total: 1, succeeded: 1, triggeredBy: 'isof' });
    expect(app.sandbox!.calls).toHaveLength(0);
    expect(await app.services.ds.getRepository(ProductExportEntity).count()).toBe(0);
    const items = (await gqlOk(ITEMS, { id: run.id })).syncRun.items.edges;
    expect(items[0].node.message).toMatch(/Would create/);
    expect(JSON.parse(items[0].node.detail).sent.code).toBe('TOW-00001');
  });

  test('one product card: created in the shop with name, codes, prices, VAT, stock, picture', async () => {
    // TOW-00005 has a picture in the demo data? find one that has.
    const withPicture = await app.services.ds.getRepository(IsofProduct).createQueryBuilder('p')
      .where('p.picture IS NOT NULL').orderBy('p.id').getOneOrFail();
    await setStock(withPicture.code, [2, 3.5, 0]);
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(withPicture.id)], wait: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', total: 1, succeeded: 1, failed: 0 });
    expect(productCalls()).toHaveLength(1);
    const inShop = app.sandbox!.state.products.find((x) => x.sizes.some((s) => s.productSizeCodeExternal === withPicture.code))!;
    expect(inShop).toBeDefined();
    expect(inShop.names.pol).toBe(withPicture.name);
    expect(inShop.fields.productDisplayedCode).toBe(withPicture.code);
    expect(Number(inShop.fields.productVat)).toBe(withPicture.vatRate);
    expect(Number(inShop.fields.productRetailPrice)).toBeGreaterThan(0);
    expect(inShop.sizes[0]!.stocks['1']).toBe(5.5);
    expect(inShop.images).toHaveLength(1);
    const record = await app.services.ds.getRepository(ProductExportEntity).findOneByOrFail({ productId: withPicture.id });
    expect(record).toMatchObject({ idosellProductId: inShop.productId, lastSentStock: 5.5 });
    expect(record.imageHash).toMatch(/^[0-9a-f]{64}$/);
    const view = await gqlOk(`query($id: ID!) { product(id: $id) { exports { shop { id } idosellProductId lastSentStock lastExportedAt } } }`, { id: String(withPicture.id) });
    expect(view.product.exports).toEqual([{ shop: { id: shopId }, idosellProductId: inShop.productId, lastSentStock: 5.5, lastExportedAt: expect.any(String) }]);
  });

  test('mass export: every active product in ceil(n/100) calls; again with nothing changed: all SKIPPED, no product call', async () => {
    const active = await app.services.ds.getRepository(IsofProduct).countBy({ active: true });
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, wait: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', total: active, processed: active, failed: 0 });
    expect(run.succeeded).toBe(active - 1);
    expect(run.skipped).toBe(1);
    expect(productCalls().length).toBe(Math.ceil((active - 1) / 100));
    for (const c of productCalls()) expect(c.itemCount).toBeLessThanOrEqual(100);
    expect(app.sandbox!.state.products).toHaveLength(active);
    const inactive = await app.services.ds.getRepository(IsofProduct).findOneByOrFail({ active: false });
    expect(app.sandbox!.state.products.some((p) => p.fields.productDisplayedCode === inactive.code)).toBe(false);

    const exported = await gqlOk(`query($s: ID!) { products(first: 1, filter: { exportedToShopId: $s }) { totalCount } }`, { s: shopId });
    expect(exported.products.totalCount).toBe(active);
    const none = await gqlOk(`{ products(first: 1, filter: { exportedToShopId: "999" }) { totalCount } }`);
    expect(none.products.totalCount).toBe(0);

    app.sandbox!.resetCalls();
    const { exportProducts: again } = await gqlOk(EXPORT, { input: { shopId, wait: true } });
    expect(again).toMatchObject({ status: 'SUCCEEDED', total: active, skipped: active, succeeded: 0 });
    expect(productCalls()).toHaveLength(0);
  });

  test('a changed product is updated by its IdoSell id, never created twice; the picture is not sent again', async () => {
    const p = await app.services.ds.getRepository(IsofProduct).createQueryBuilder('p').where('p.picture IS NOT NULL').orderBy('p.id').getOneOrFail();
    await app.services.ds.getRepository(IsofProduct).update({ id: p.id }, { name: `${p.name} (nowość)` });
    const before = app.sandbox!.state.products.length;
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, wait: true } });
    expect(run.succeeded).toBe(1);
    expect(app.sandbox!.state.products.length).toBe(before);
    const [call] = productCalls();
    const body = call!.body as any;
    expect(body.params.settings.settingModificationType).toBe('edit');
    expect(body.params.products[0].productId).toBeGreaterThan(0);
    expect(body.params.products[0].productPictures).toBeUndefined();
    const inShop = app.sandbox!.state.products.find((x) => x.productId === body.params.products[0].productId)!;
    expect(inShop.names.pol).toBe(`${p.name} (nowość)`);
  });

  test('price fields come from the mapped ISOF price types', async () => {
    const types = (await gqlOk(`{ priceTypes { id name } }`)).priceTypes;
    await gqlOk(`mutation($s: ID!, $t: ID!) { setPriceMapping(input: { shopId: $s, priceTypeId: $t, idosellPriceField: WHOLESALE }) { id } }`, { s: shopId, t: types[1].id }, ADMIN);
    const p = await product('TOW-00050');
    const prices = await gqlOk(`query($id: ID!) { product(id: $id) { prices { priceType { id } gross } } }`, { id: String(p.id) });
    const gross = (typeId: string) => Number(prices.product.prices.find((x: any) => x.priceType.id === typeId).gross);
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(p.id)], wait: true } });
    expect(run.succeeded).toBe(1);
    const sent = (productCalls()[0]!.body as any).params.products[0];
    expect(sent.productRetailPrice).toBe(gross(types[0].id));
    expect(sent.productWholesalePrice).toBe(gross(types[1].id));
  });

  test('after a server died mid-export, the next run finishes without creating twice', async () => {
    const ds = app.services.ds;
    await gqlOk(EXPORT, { input: { shopId, wait: true } }); // settle the price-mapping change above
    const p = await product('TOW-00060');
    const record = await ds.getRepository(ProductExportEntity).findOneByOrFail({ productId: p.id });
    const inShopBefore = app.sandbox!.state.products.length;
    // The dead server had sent the create and the shop made the product, but the answer never came back:
    // its export record has no IdoSell id yet, and its run is still RUNNING.
    await ds.getRepository(ProductExportEntity).update({ id: record.id }, { idosellProductId: null, fieldsHash: null });
    const now = new Date();
    const ghost = await ds.getRepository(SyncRunEntity).save({
      kind: 'EXPORT_PRODUCTS', shopId: Number(shopId), status: 'RUNNING', dryRun: false, triggeredBy: 'isof', params: '{}',
      owner: `${(await import('node:os')).hostname()}:999998:ghost`, createdAt: now, heartbeatAt: now, startedAt: now,
      finishedAt: null, total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, error: null,
    });
    await ds.getRepository(SyncLockEntity).insert({ shopId: Number(shopId), kind: 'EXPORT_PRODUCTS', runId: ghost.id, acquiredAt: now });
    // A second server instance finds the lock taken by a dead holder: it takes over.
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, wait: true } });
    expect(run.status).toBe('SUCCEEDED');
    expect(run.succeeded).toBe(1);
    expect((await ds.getRepository(SyncRunEntity).findOneByOrFail({ id: ghost.id })).status).toBe('INTERRUPTED');
    expect(app.sandbox!.state.products.length).toBe(inShopBefore);
    expect(app.sandbox!.calls.some((c) => c.path === '/products/products/search')).toBe(true);
    const after = await ds.getRepository(ProductExportEntity).findOneByOrFail({ id: record.id });
    expect(after.idosellProductId).toBe(record.idosellProductId);
  });

  test('unknown product ids are NOT_FOUND and write nothing', async () => {
    const runs = await app.services.ds.getRepository(SyncRunEntity).count();
    const r = await app.gql(EXPORT, { input: { shopId, productIds: ['999999'] } }, { key: OPERATOR });
    expect(r.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(await app.services.ds.getRepository(SyncRunEntity).count()).toBe(runs);
  });

  test('a per-item fault: PARTIALLY_FAILED with the shop message; the next run retries only that product', async () => {
    const codes = ['TOW-00010', 'TOW-00011', 'TOW-00012'];
    const repo = app.services.ds.getRepository(IsofProduct);
    for (const code of codes) {
      const p = await product(code);
      await repo.update({ id: p.id }, { description: `${p.description ?? ''} Nowy opis.` });
    }
    app.sandbox!.script({ path: '/products/products', kind: 'itemFault', itemIndexes: [1], faultCode: 7, faultString: 'Niepoprawna cena produktu' });
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, wait: true } });
    expect(run).toMatchObject({ status: 'PARTIALLY_FAILED', succeeded: 2, failed: 1 });
    const failed = (await gqlOk(ITEMS, { id: run.id, o: 'FAILED' })).syncRun.items.edges;
    expect(failed).toHaveLength(1);
    expect(failed[0].node.ref).toBe('TOW-00011');
    expect(failed[0].node.message).toMatch(/its words are in the item's detail/);
    expect(JSON.parse(failed[0].node.detail).shopMessage).toBe('Niepoprawna cena produktu');
    expect(failed[0].node.errorCode).toBe('IDOSELL_FAULT_7');

    app.sandbox!.resetCalls();
    const { exportProducts: retry } = await gqlOk(EXPORT, { input: { shopId, wait: true } });
    expect(retry).toMatchObject({ status: 'SUCCEEDED', succeeded: 1, failed: 0 });
    const sent = productCalls().flatMap((c) => (c.body as any).params.products.map((x: any) => x.productDisplayedCode));
    expect(sent).toEqual(['TOW-00011']);
  });

  test('a 429 storm: the run still completes', async () => {
    const p = await product('TOW-00020');
    await app.services.ds.getRepository(IsofProduct).update({ id: p.id }, { name: `${p.name} II` });
    app.sandbox!.script({ kind: '429', retryAfterS: 0, times: 3 });
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(p.id)], wait: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', succeeded: 1 });
    expect(app.sandbox!.calls.filter((c) => c.status === 429)).toHaveLength(3);
  });

  test('without wait the run comes back at once and finishes in the background', async () => {
    const p = await product('TOW-00021');
    await app.services.ds.getRepository(IsofProduct).update({ id: p.id }, { name: `${p.name} III` });
    app.sandbox!.setFaults({ latencyMs: 200 });
    try {
      const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(p.id)] } });
      expect(['QUEUED', 'RUNNING']).toContain(run.status);
      const second = await app.gql(EXPORT, { input: { shopId, productIds: [String(p.id)] } }, { key: OPERATOR });
      expect(second.errors![0]!.extensions!.code).toBe('CONFLICT');
      expect(second.errors![0]!.message).toContain(`Run ${run.id}`);
      await app.services.engine.drain();
      const done = (await gqlOk(ITEMS, { id: run.id })).syncRun;
      expect(done.status).toBe('SUCCEEDED');
    } finally {
      app.sandbox!.setFaults({ latencyMs: 0 });
    }
  });
});

describe('syncStock', () => {
  test('sends exactly the products whose stock changed (zero included); again: no call', async () => {
    // Settle whatever earlier tests changed.
    await gqlOk(STOCK, { input: { shopId, wait: true } });
    await setStock('TOW-00030', [7]);
    await setStock('TOW-00031', [0, 0, 0]);
    await setStock('TOW-00032', [1.25, 2]);
    app.sandbox!.resetCalls();
    const { syncStock: run } = await gqlOk(STOCK, { input: { shopId, wait: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', total: 3, succeeded: 3 });
    expect(app.sandbox!.calls).toHaveLength(1);
    const sent = (stockCalls()[0]!.body as any).params.products;
    expect(sent.map((p: any) => [p.productSizeCodeExternal, p.productSizeQuantity]).sort()).toEqual([
      ['TOW-00030', 7], ['TOW-00031', 0], ['TOW-00032', 3.25],
    ]);
    const inShop = app.sandbox!.state.products.find((x) => x.fields.productDisplayedCode === 'TOW-00031')!;
    expect(inShop.sizes[0]!.stocks['1']).toBe(0);

    app.sandbox!.resetCalls();
    const { syncStock: again } = await gqlOk(STOCK, { input: { shopId, wait: true } });
    expect(again).toMatchObject({ status: 'SUCCEEDED', total: 0, processed: 0 });
    expect(app.sandbox!.calls).toHaveLength(0);
  });

  test('a faulted item stays pending and is sent by the next run; dry run sends nothing', async () => {
    await setStock('TOW-00040', [11]);
    await setStock('TOW-00041', [12]);
    app.sandbox!.script({ path: '/products/stockQuantity', kind: 'itemFault', itemIndexes: [0], faultCode: 3, faultString: 'Magazyn zablokowany' });
    const { syncStock: run } = await gqlOk(STOCK, { input: { shopId, wait: true } });
    expect(run).toMatchObject({ status: 'PARTIALLY_FAILED', succeeded: 1, failed: 1 });
    const failed = (await gqlOk(ITEMS, { id: run.id, o: 'FAILED' })).syncRun.items.edges[0].node;
    expect(failed.message).toMatch(/its words are in the item's detail/);
    expect(JSON.parse(failed.detail).shopMessage).toBe('Magazyn zablokowany');

    app.sandbox!.resetCalls();
    const { syncStock: dry } = await gqlOk(STOCK, { input: { shopId, wait: true, dryRun: true } });
    expect(dry).toMatchObject({ status: 'SUCCEEDED', total: 1, dryRun: true });
    expect(app.sandbox!.calls).toHaveLength(0);

    const { syncStock: retry } = await gqlOk(STOCK, { input: { shopId, wait: true } });
    expect(retry).toMatchObject({ status: 'SUCCEEDED', total: 1, succeeded: 1 });
    const sent = (stockCalls()[0]!.body as any).params.products.map((p: any) => p.productSizeCodeExternal);
    expect(sent).toEqual([failed.ref]);
  });

  test('a run left RUNNING by a dead process is INTERRUPTED at start-up and its lock released', async () => {
    const ds = app.services.ds;
    const now = new Date();
    const ghost = await ds.getRepository(SyncRunEntity).save({
      kind: 'SYNC_STOCK', shopId: Number(shopId), status: 'RUNNING', dryRun: false, triggeredBy: 'isof', params: '{}',
      owner: `${(await import('node:os')).hostname()}:999999:ghost`, createdAt: now, heartbeatAt: now, startedAt: now,
      finishedAt: null, total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, error: null,
    });
    await ds.getRepository(SyncLockEntity).insert({ shopId: Number(shopId), kind: 'SYNC_STOCK', runId: ghost.id, acquiredAt: now });
    expect(await app.services.engine.recoverInterrupted()).toEqual([ghost.id]);
    const after = await ds.getRepository(SyncRunEntity).findOneByOrFail({ id: ghost.id });
    expect(after.status).toBe('INTERRUPTED');
    expect(after.error).toMatch(/Start the run again/);
    expect(await ds.getRepository(SyncLockEntity).count()).toBe(0);
    const { syncStock: next } = await gqlOk(STOCK, { input: { shopId, wait: true } });
    expect(next.status).toBe('SUCCEEDED');
  });

  test('a run of an earlier process with our own pid (a restarted container) is INTERRUPTED too', async () => {
    const ds = app.services.ds;
    const now = new Date();
    const ghost = await ds.getRepository(SyncRunEntity).save({
      kind: 'SYNC_STOCK', shopId: Number(shopId), status: 'RUNNING', dryRun: false, triggeredBy: 'isof', params: '{}',
      owner: `${(await import('node:os')).hostname()}:${process.pid}:earlier`, createdAt: now, heartbeatAt: now, startedAt: now,
      finishedAt: null, total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, error: null,
    });
    expect(await app.services.engine.recoverInterrupted()).toEqual([ghost.id]);
  });

  test('shutdown interrupts a run still going after the grace time and releases its lock', async () => {
    await setStock('TOW-00090', [91]);
    app.sandbox!.setFaults({ latencyMs: 400 });
    try {
      const { syncStock: run } = await gqlOk(STOCK, { input: { shopId } });
      const interrupted = await app.services.engine.shutdown(50);
      expect(interrupted).toEqual([Number(run.id)]);
      const row = await app.services.ds.getRepository(SyncRunEntity).findOneByOrFail({ id: Number(run.id) });
      expect(row.status).toBe('INTERRUPTED');
      expect(row.error).toMatch(/server was stopped/);
      expect(await app.services.ds.getRepository(SyncLockEntity).countBy({ runId: Number(run.id) })).toBe(0);
    } finally {
      app.sandbox!.setFaults({ latencyMs: 0 });
      await app.services.engine.drain();
    }
  });

  test('runs and their failed items read through the paginated API', async () => {
    const r = await gqlOk(`{ syncRuns(first: 3, filter: { kind: SYNC_STOCK }) { totalCount pageInfo { hasNextPage endCursor } edges { node { id kind shop { name } items(outcome: FAILED, first: 5) { totalCount edges { node { ref errorCode } } } } } } }`, {}, VIEWER);
    expect(r.syncRuns.totalCount).toBeGreaterThanOrEqual(5);
    expect(r.syncRuns.edges).toHaveLength(3);
    for (const e of r.syncRuns.edges) expect(e.node.kind).toBe('SYNC_STOCK');
    const withFailure = r.syncRuns.edges.map((e: any) => e.node).concat(
      (await gqlOk(`query($a: String) { syncRuns(first: 50, after: $a, filter: { kind: SYNC_STOCK }) { edges { node { items(outcome: FAILED) { totalCount } } } } }`, { a: r.syncRuns.pageInfo.endCursor }, VIEWER)).syncRuns.edges.map((e: any) => e.node),
    ).filter((n: any) => n.items.totalCount > 0);
    expect(withFailure).toHaveLength(1);
    expect(await app.services.ds.getRepository(SyncRunItemEntity).countBy({ outcome: 'FAILED' })).toBeGreaterThanOrEqual(2);
    const last = await gqlOk(`query($s: ID!) { shop(id: $s) { lastRun(kind: SYNC_STOCK) { status } } }`, { s: shopId }, VIEWER);
    // The newest stock run is the one the shutdown above stopped: it stays INTERRUPTED (its work, which
    // went on after the grace time, used to overwrite that with SUCCEEDED).
    expect(last.shop.lastRun.status).toBe('INTERRUPTED');
  });
});
