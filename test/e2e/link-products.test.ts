/**
 * Connecting a shop that already sells: linkShopProducts, and the first export's look-up by code.
 * GraphQL over HTTP, the real server, the sandbox on loopback holding a live shop's base.
 */
import { expectSchemaCleanAfterEach, startTestApp, type TestApp } from '../helpers/app.js';
import { IsofProduct } from '../../src/isof/entities.js';
import { ProductExportEntity } from '../../src/products/product-export.entity.js';
import { LISTED_CODES, SUMMARY_REF } from '../../src/products/link-products.service.js';
import { addShopProduct } from '../../src/sandbox/products.js';
import { SyncRunEntity } from '../../src/sync-runs/sync-run.entities.js';

const OPERATOR = 'operator-secret-0123456789abcdef';
const VIEWER = 'viewer-secret-0123456789abcdef';
let app: TestApp;
let shopId: string;

const RUN = `id kind status dryRun total processed succeeded failed skipped error`;
const LINK = `mutation($input: LinkShopProductsInput!) { linkShopProducts(input: $input) { ${RUN} } }`;
const EXPORT = `mutation($input: ExportProductsInput!) { exportProducts(input: $input) { ${RUN} } }`;
const ITEMS = `query($id: ID!, $o: SyncItemOutcome) { syncRun(id: $id) { items(outcome: $o, first: 500) { totalCount edges { node { ref outcome errorCode message detail } } } } }`;

/** Foreign products in the shop (no ISOF code): more than one page of 100 with the rest of the base. */
const FOREIGN = 150;

let bySize: IsofProduct; // in the shop by its size code
let byDisplayed: IsofProduct; // in the shop by its displayed code only
let duplicated: IsofProduct; // on two shop products
let absent: IsofProduct; // not in the shop
let shopIds: { bySize: number; byDisplayed: number; dup: [number, number] };

async function gqlOk(query: string, variables?: Record<string, unknown>, key = OPERATOR) {
  const r = await app.gql(query, variables, { key });
  expect(r.errors).toBeUndefined();
  return r.data;
}
/** The run's items by ref (per outcome, the first 500 of each: the SKIPPED ones of a whole catalogue are more). */
async function items(runId: string): Promise<Map<string, { outcome: string; errorCode: string | null; message: string; detail: any }> & { total: number }> {
  const out = Object.assign(new Map(), { total: 0 });
  for (const o of ['SUCCEEDED', 'FAILED', 'SKIPPED']) {
    const page = (await gqlOk(ITEMS, { id: runId, o })).syncRun.items;
    out.total += page.totalCount;
    for (const { node } of page.edges as { node: any }[]) out.set(node.ref, { ...node, detail: node.detail ? JSON.parse(node.detail) : null });
  }
  return out;
}
const searchCalls = () => app.sandbox!.calls.filter((c) => c.path === '/products/products/search');
const writeCalls = (method?: string) =>
  app.sandbox!.calls.filter((c) => c.path === '/products/products' && (method ? c.method === method : c.method === 'PUT' || c.method === 'POST'));
const records = () => app.services.ds.getRepository(ProductExportEntity).find({ order: { productId: 'ASC' } });

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR},dash:viewer:${VIEWER}` } });
  shopId = (await gqlOk(`{ shops { id } }`)).shops[0].id;
  const active = await app.services.ds.getRepository(IsofProduct).find({ where: { active: true }, order: { id: 'ASC' }, take: 4 });
  [bySize, byDisplayed, duplicated, absent] = active as [IsofProduct, IsofProduct, IsofProduct, IsofProduct];
  const state = app.sandbox!.state;
  for (let i = 0; i < FOREIGN; i++) addShopProduct(state, { name: `Foreign ${i}`, sizeCode: `FOREIGN-${String(i).padStart(3, '0')}` });
  const a = addShopProduct(state, { name: 'Sold before ISOF', sizeCode: bySize.code, displayedCode: 'SHOP-OWN-1' });
  const b = addShopProduct(state, { name: 'Known by displayed code', displayedCode: byDisplayed.code });
  const d1 = addShopProduct(state, { name: 'Twin 1', sizeCode: duplicated.code });
  const d2 = addShopProduct(state, { name: 'Twin 2', displayedCode: duplicated.code });
  shopIds = { bySize: a.productId, byDisplayed: b.productId, dup: [d1.productId, d2.productId] };
});
expectSchemaCleanAfterEach(() => app);
afterAll(async () => {
  await app.close();
});

describe('linkShopProducts', () => {
  test('a viewer key cannot start it', async () => {
    const r = await app.gql(LINK, { input: { shopId, dryRun: true, wait: true } }, { key: VIEWER });
    expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(await app.services.ds.getRepository(SyncRunEntity).count()).toBe(0);
  });

  test('an unknown shop: a coded error, no run', async () => {
    const r = await app.gql(LINK, { input: { shopId: '999999', wait: true } }, { key: OPERATOR });
    expect(r.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(await app.services.ds.getRepository(SyncRunEntity).count()).toBe(0);
  });

  test('dry run: reads the whole base in pages of 100, reports every item, writes nothing, sends nothing', async () => {
    const activeCount = await app.services.ds.getRepository(IsofProduct).countBy({ active: true });
    app.sandbox!.resetCalls();
    const { linkShopProducts: run } = await gqlOk(LINK, { input: { shopId, dryRun: true, wait: true } });
    expect(run).toMatchObject({ kind: 'LINK_PRODUCTS', status: 'PARTIALLY_FAILED', dryRun: true, total: activeCount + 1, processed: activeCount + 1, failed: 1 });
    expect(run.succeeded).toBe(3); // two products and the summary
    expect(run.skipped).toBe(activeCount - 3);
    // 154 shop products: two pages of 100, and nothing else went to the shop.
    expect(searchCalls()).toHaveLength(2);
    for (const c of searchCalls()) expect((c.body as any).params.resultsLimit).toBe(100);
    expect(app.sandbox!.calls).toHaveLength(2);
    expect(await records()).toEqual([]);

    const got = await items(run.id);
    expect(got.total).toBe(activeCount + 1);
    expect(got.get(bySize.code)).toMatchObject({ outcome: 'SUCCEEDED', message: `Would link to product ${shopIds.bySize}, found by its size code; the next export would update it.` });
    expect(got.get(byDisplayed.code)).toMatchObject({ outcome: 'SUCCEEDED', detail: { idosellProductId: shopIds.byDisplayed, matchedBy: 'displayed code' } });
    const dup = got.get(duplicated.code)!;
    expect(dup).toMatchObject({ outcome: 'FAILED', errorCode: 'DUPLICATE_CODE_IN_SHOP', detail: { idosellProductIds: shopIds.dup } });
    expect(dup.message).toContain(`IdoSell ids ${shopIds.dup.join(', ')}`);
    expect(got.get(absent.code)).toMatchObject({ outcome: 'SKIPPED', message: `Not in the shop: no shop product has code ${absent.code}; the next export creates it.` });
    const summary = got.get(SUMMARY_REF)!;
    expect(summary.outcome).toBe('SUCCEEDED');
    expect(summary.detail.shopProducts).toBe(FOREIGN + 4);
    expect(summary.detail.unmatched.count).toBe(FOREIGN);
    expect(summary.detail.unmatched.codes).toHaveLength(LISTED_CODES);
    expect(summary.detail.unmatched.codes[0]).toBe('FOREIGN-000');
    expect(summary.detail.duplicateCodes).toEqual({ count: 1, codes: [{ code: duplicated.code, idosellProductIds: shopIds.dup }] });
    expect(summary.message).toContain(`${FOREIGN} match no active ISOF product (first 20: FOREIGN-000,`);
  });

  test('real run: links by size and displayed code, never one of twins; again: already linked', async () => {
    const { linkShopProducts: run } = await gqlOk(LINK, { input: { shopId, wait: true } });
    expect(run).toMatchObject({ status: 'PARTIALLY_FAILED', dryRun: false, succeeded: 3, failed: 1 });
    const got = await records();
    expect(got.map((r) => [r.productId, r.idosellProductId, r.fieldsHash, r.imageHash, r.lastSentStock])).toEqual([
      [bySize.id, shopIds.bySize, null, null, null],
      [byDisplayed.id, shopIds.byDisplayed, null, null, null],
    ]);
    expect((await items(run.id)).get(bySize.code)!.message).toBe(`Linked to product ${shopIds.bySize}, found by its size code; the next export updates it.`);

    const { linkShopProducts: again } = await gqlOk(LINK, { input: { shopId, wait: true } });
    expect(again).toMatchObject({ succeeded: 1, failed: 1 });
    expect((await items(again.id)).get(bySize.code)).toMatchObject({ outcome: 'SKIPPED', message: `Already linked to product ${shopIds.bySize}; nothing changed.` });
    expect(await records()).toHaveLength(2);
  });

  test('the next export updates the linked products once (no create, no duplicate), then knows them', async () => {
    const before = app.sandbox!.state.products.length;
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(bySize.id), String(byDisplayed.id)], wait: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', succeeded: 2, failed: 0 });
    expect(writeCalls('POST')).toHaveLength(0);
    expect(writeCalls('PUT')).toHaveLength(1);
    expect(searchCalls()).toHaveLength(0); // known products: edits by id, no look-up
    expect(app.sandbox!.state.products).toHaveLength(before);
    const inShop = app.sandbox!.state.products.find((p) => p.productId === shopIds.bySize)!;
    expect(inShop.names.pol).toBe(bySize.name);
    expect((await items(run.id)).get(bySize.code)!.message).toMatch(new RegExp(`^Updated product ${shopIds.bySize} \\(`));
    const rec = (await records()).find((r) => r.productId === bySize.id)!;
    expect(rec.fieldsHash).toMatch(/^[0-9a-f]{64}$/);

    app.sandbox!.resetCalls();
    const { exportProducts: quiet } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(bySize.id), String(byDisplayed.id)], wait: true } });
    expect(quiet).toMatchObject({ status: 'SUCCEEDED', skipped: 2 });
    expect(app.sandbox!.calls).toHaveLength(0);
  });
});

describe('the first export to a live shop, without linking', () => {
  test('a product already in the shop is linked and updated, not duplicated; a new one is created', async () => {
    const more = await app.services.ds.getRepository(IsofProduct).find({ where: { active: true }, order: { id: 'ASC' }, skip: 4, take: 3 });
    const [sized, displayed, fresh] = more as [IsofProduct, IsofProduct, IsofProduct];
    const state = app.sandbox!.state;
    const s = addShopProduct(state, { name: 'Live by size code', sizeCode: sized.code });
    const d = addShopProduct(state, { name: 'Live by displayed code', displayedCode: displayed.code });
    const before = state.products.length;
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: more.map((p) => String(p.id)), wait: true } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', succeeded: 3, failed: 0 });
    // One look-up for the page of creates; the known codes edited, the new one created.
    expect(searchCalls()).toHaveLength(1);
    expect(state.products).toHaveLength(before + 1);
    expect(state.products.filter((p) => p.sizes.some((z) => z.productSizeCodeExternal === sized.code))).toHaveLength(1);
    const got = await items(run.id);
    expect(got.get(sized.code)).toMatchObject({ message: `Already in the shop as product ${s.productId}: linked and updated.`, detail: { linked: true, created: false } });
    expect(got.get(displayed.code)!.message).toBe(`Already in the shop as product ${d.productId}: linked and updated.`);
    expect(got.get(fresh.code)!.message).toMatch(/^Created in the shop as product \d+\.$/);
    const recs = new Map((await records()).map((r) => [r.productId, r.idosellProductId]));
    expect(recs.get(sized.id)).toBe(s.productId);
    expect(recs.get(displayed.id)).toBe(d.productId);
  });
});

describe('a code on two shop products, without linking', () => {
  test('the export updates neither and creates nothing: FAILED DUPLICATE_CODE_IN_SHOP naming both ids', async () => {
    const [p] = await app.services.ds.getRepository(IsofProduct).find({ where: { active: true }, order: { id: 'DESC' }, take: 1 });
    const state = app.sandbox!.state;
    const a = addShopProduct(state, { name: 'Twin A', sizeCode: p!.code });
    const b = addShopProduct(state, { name: 'Twin B', displayedCode: p!.code, sizeCode: p!.code });
    const before = state.products.length;
    app.sandbox!.resetCalls();
    const { exportProducts: run } = await gqlOk(EXPORT, { input: { shopId, productIds: [String(p!.id)], wait: true } });
    expect(run).toMatchObject({ status: 'FAILED', failed: 1 });
    expect(writeCalls()).toHaveLength(0);
    expect(state.products).toHaveLength(before);
    const got = await items(run.id);
    expect(got.get(p!.code)).toMatchObject({ errorCode: 'DUPLICATE_CODE_IN_SHOP' });
    expect(got.get(p!.code)!.message).toContain(`IdoSell ids ${a.productId}, ${b.productId}`);
  });
});

describe('linking and exporting share one lock', () => {
  test('a link while an export of the same shop is going is CONFLICT naming the export, and the other way round', async () => {
    const some = await app.services.ds.getRepository(IsofProduct).find({ where: { active: true }, order: { id: 'ASC' }, take: 2 });
    for (const p of some) await app.services.ds.getRepository(IsofProduct).update({ id: p.id }, { name: `${p.name} (zmiana)` });
    app.sandbox!.setFaults({ latencyMs: 300 });
    try {
      const { exportProducts: running } = await gqlOk(EXPORT, { input: { shopId, productIds: some.map((p) => String(p.id)) } });
      const refused = await app.gql(LINK, { input: { shopId, dryRun: true } }, { key: OPERATOR });
      expect(refused.errors![0]!.extensions!.code).toBe('CONFLICT');
      expect(refused.errors![0]!.message).toContain(`Run ${running.id} (EXPORT_PRODUCTS) is already going for this shop, and LINK_PRODUCTS waits for it`);
      await app.services.engine.drain();

      const { linkShopProducts: linking } = await gqlOk(LINK, { input: { shopId, dryRun: true } });
      const blocked = await app.gql(EXPORT, { input: { shopId } }, { key: OPERATOR });
      expect(blocked.errors![0]!.extensions!.code).toBe('CONFLICT');
      expect(blocked.errors![0]!.message).toContain(`Run ${linking.id} (LINK_PRODUCTS) is already going`);
    } finally {
      app.sandbox!.setFaults({ latencyMs: 0 });
      await app.services.engine.drain();
    }
  });
});
