/** The GraphQL API over ISOF's data, end to end over HTTP on a temporary SQLite file. */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { IsofOrder, IsofOrderLine } from '../../src/isof/entities.js';
import { ShopEntity } from '../../src/shops/shop.entity.js';
import { PaymentMethodMappingEntity } from '../../src/mappings/mapping.entities.js';

const SHOP_KEY = 'idosell-secret-key-ABCDEF-123456';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ captureLogs: true });
});
afterAll(async () => {
  await app.close();
});

const CREATE = `mutation($input: CreateShopInput!) { createShop(input: $input) { id name apiUrl hasApiKey idosellStockId languageId active } }`;

async function shopCount() {
  return app.services.ds.getRepository(ShopEntity).count();
}

describe('shops', () => {
  test('create, read and update a shop; the API key is write-only', async () => {
    const r = await app.gql(CREATE, { input: { name: 'Sklep testowy', apiUrl: 'https://sklep.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
    expect(r.errors).toBeUndefined();
    const shop = r.data.createShop;
    expect(shop).toMatchObject({
      name: 'Sklep testowy', apiUrl: 'https://sklep.example.com/api/admin/v6', hasApiKey: true, idosellStockId: 1,
      languageId: 'pol', active: true,
    });
    const read = await app.gql(`query($id: ID!) { shop(id: $id) { id name hasApiKey } shops { id } }`, { id: shop.id });
    expect(read.data.shop).toEqual({ id: shop.id, name: 'Sklep testowy', hasApiKey: true });
    const asked = await app.gql(`query($id: ID!) { shop(id: $id) { apiKey } }`, { id: shop.id });
    expect(asked.status).toBe(400);
    expect(asked.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const stored = await app.services.ds.getRepository(ShopEntity).findOneByOrFail({ id: Number(shop.id) });
    expect(stored.apiKeyEnc).not.toContain(SHOP_KEY);
    expect((await app.services.shops.connection(stored.id)).apiKey).toBe(SHOP_KEY);

    const upd = await app.gql(`mutation($id: ID!, $input: UpdateShopInput!) { updateShop(id: $id, input: $input) { idosellStockId active languageId } }`,
      { id: shop.id, input: { idosellStockId: 3, active: false, languageId: 'eng' } });
    expect(upd.data.updateShop).toEqual({ idosellStockId: 3, active: false, languageId: 'eng' });
    expect(JSON.stringify(app.logs)).not.toContain(SHOP_KEY);
  });

  test.each([
    ['a malformed URL', { apiUrl: 'not a url' }, 'apiUrl'],
    ['an ftp URL', { apiUrl: 'ftp://sklep.example.com' }, 'https://'],
    ['a negative stockId', { idosellStockId: -1 }, 'idosellStockId'],
    ['a bad language', { languageId: 'polski' }, 'languageId'],
    ['an empty key', { apiKey: '' }, 'apiKey'],
  ])('%s is BAD_USER_INPUT and writes nothing', async (_label, patch, words) => {
    const before = await shopCount();
    const r = await app.gql(CREATE, { input: { name: `Zły sklep ${Math.random()}`, apiUrl: 'https://a.example.com', apiKey: SHOP_KEY, saveWithoutTest: true, ...patch } });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toContain(words);
    expect(await shopCount()).toBe(before);
  });

  test('a duplicate name is CONFLICT; an unknown id is NOT_FOUND', async () => {
    await app.gql(CREATE, { input: { name: 'Duplikat', apiUrl: 'https://d.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
    const again = await app.gql(CREATE, { input: { name: 'Duplikat', apiUrl: 'https://d.example.com', apiKey: SHOP_KEY, saveWithoutTest: true } });
    expect(again.errors![0]!.extensions!.code).toBe('CONFLICT');
    expect(again.errors![0]!.message).toMatch(/already exists/);
    const missing = await app.gql(`mutation { updateShop(id: "99999", input: { name: "x" }) { id } }`);
    expect(missing.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const badId = await app.gql(`{ shop(id: "abc") { id } }`);
    expect(badId.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('catalogue', () => {
  test('products page with cursors, prices, stocks summed over warehouses', async () => {
    const q = `query($after: String) { products(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id code name vatRate hasImage totalStock stocks { warehouse { code } quantity } prices { priceType { name } net gross currency } } } } }`;
    const p1 = await app.gql(q);
    expect(p1.errors).toBeUndefined();
    const conn = p1.data.products;
    expect(conn.totalCount).toBeGreaterThanOrEqual(500);
    expect(conn.edges).toHaveLength(2);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    const p2 = await app.gql(q, { after: conn.pageInfo.endCursor });
    expect(Number(p2.data.products.edges[0].node.id)).toBeGreaterThan(Number(conn.edges[1].node.id));
    for (const { node } of [...conn.edges, ...p2.data.products.edges]) {
      const sum = node.stocks.reduce((a: number, s: { quantity: number }) => a + s.quantity, 0);
      expect(node.totalStock).toBeCloseTo(sum, 6);
      expect(node.prices.length).toBeGreaterThanOrEqual(2);
      for (const price of node.prices) expect(price.gross).toMatch(/^\d+\.\d{2}$/);
    }
  });

  test('search with Polish diacritics, codes filter, bounded first, damaged cursor', async () => {
    const all = await app.gql(`{ products(first: 500) { edges { node { code name } } } }`);
    const withDiacritic = all.data.products.edges.map((e: any) => e.node).find((n: any) => /[ąćęłńóśźż]/i.test(n.name));
    expect(withDiacritic).toBeDefined();
    const word = withDiacritic.name.split(' ').find((w: string) => /[ąćęłńóśźż]/i.test(w));
    const found = await app.gql(`query($s: String) { products(filter: { search: $s }, first: 500) { edges { node { name } } } }`, { s: word });
    expect(found.data.products.edges.length).toBeGreaterThan(0);
    for (const e of found.data.products.edges) expect(e.node.name).toContain(word);
    const codes = await app.gql(`{ products(filter: { codes: ["TOW-00001", "TOW-00003"] }) { totalCount edges { node { code } } } }`);
    expect(codes.data.products.edges.map((e: any) => e.node.code)).toEqual(['TOW-00001', 'TOW-00003']);
    for (const first of [0, 501]) {
      const r = await app.gql(`query($f: Int) { products(first: $f) { totalCount } }`, { f: first });
      expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toContain('between 1 and 500');
    }
    const bad = await app.gql(`{ products(after: "garbage") { totalCount } }`);
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });

  test('warehouses, price types, payment methods', async () => {
    const r = await app.gql(`{ warehouses { code name } priceTypes { id name } paymentMethods { name } }`);
    expect(r.data.warehouses).toHaveLength(3);
    expect(r.data.priceTypes.length).toBeGreaterThanOrEqual(2);
    expect(r.data.paymentMethods.map((p: any) => p.name)).toEqual(expect.arrayContaining(['Przelew', 'Za pobraniem', 'Karta płatnicza', 'BLIK']));
  });
});

describe('orders', () => {
  test('ISOF orders with lines, customer, payment method, status and totals', async () => {
    const r = await app.gql(`{ orders(first: 5) { totalCount edges { node { number orderedAt status totalGross currency incomplete source { orderId }
      customer { name } paymentMethod { name } lines { code name quantity unitPriceGross vatRate foreign product { code } } } } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.orders.totalCount).toBeGreaterThan(0);
    for (const { node } of r.data.orders.edges) {
      expect(node.source).toBeNull();
      expect(node.lines.length).toBeGreaterThan(0);
      const sum = node.lines.reduce((a: number, l: any) => a + Math.round(Number(l.unitPriceGross) * 100 * l.quantity), 0);
      expect(Math.round(Number(node.totalGross) * 100)).toBe(sum);
      for (const l of node.lines) expect(l.product.code).toBe(l.code);
    }
  });

  test('a period filter keeps orders inside it', async () => {
    const all = await app.gql(`{ orders(first: 500) { totalCount edges { node { orderedAt } } } }`);
    const dates = all.data.orders.edges.map((e: any) => e.node.orderedAt).sort();
    const mid = dates[Math.floor(dates.length / 2)];
    const r = await app.gql(`query($from: DateTimeISO) { orders(first: 500, filter: { from: $from }) { totalCount edges { node { orderedAt } } } }`, { from: mid });
    expect(r.errors).toBeUndefined();
    expect(r.data.orders.totalCount).toBe(dates.filter((d: string) => d >= mid).length);
    expect(r.data.orders.totalCount).toBeLessThan(all.data.orders.totalCount);
    for (const e of r.data.orders.edges) expect(e.node.orderedAt >= mid).toBe(true);
  });

  test('from after to is BAD_USER_INPUT', async () => {
    const r = await app.gql(`{ orders(filter: { from: "2026-11-30T00:00:00Z", to: "2026-11-01T00:00:00Z" }) { totalCount } }`);
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('mappings', () => {
  let shopId: string;
  beforeAll(async () => {
    const r = await app.gql(CREATE, { input: { name: 'Sklep mapowań', apiUrl: 'https://m.example.com/api/admin/v6', apiKey: SHOP_KEY, saveWithoutTest: true } });
    shopId = r.data.createShop.id;
  });

  test('payment method mapping: validated, set, read, deleted', async () => {
    const count = () => app.services.ds.getRepository(PaymentMethodMappingEntity).count();
    const before = await count();
    const bad = await app.gql(`mutation($s: ID!) { setPaymentMethodMapping(input: { shopId: $s, paymentMethodId: "9999", idosellPaymentFormName: "PayU" }) { id } }`, { s: shopId });
    expect(bad.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(bad.errors![0]!.message).toContain('Payment method 9999');
    const noShop = await app.gql(`mutation { setPaymentMethodMapping(input: { shopId: "9999", paymentMethodId: "1", idosellPaymentFormName: "PayU" }) { id } }`);
    expect(noShop.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(await count()).toBe(before);

    const methods = (await app.gql(`{ paymentMethods { id name } }`)).data.paymentMethods;
    const przelew = methods.find((m: any) => m.name === 'Przelew');
    const set = await app.gql(`mutation($s: ID!, $p: ID!) { setPaymentMethodMapping(input: { shopId: $s, paymentMethodId: $p, idosellPaymentFormName: " PayU " }) { id idosellPaymentFormName paymentMethod { name } shop { id } } }`, { s: shopId, p: przelew.id });
    expect(set.data.setPaymentMethodMapping).toMatchObject({ idosellPaymentFormName: 'PayU', paymentMethod: { name: 'Przelew' }, shop: { id: shopId } });
    // Setting the same form again (any case) replaces, not duplicates.
    const blik = methods.find((m: any) => m.name === 'BLIK');
    const again = await app.gql(`mutation($s: ID!, $p: ID!) { setPaymentMethodMapping(input: { shopId: $s, paymentMethodId: $p, idosellPaymentFormName: "payu" }) { id paymentMethod { name } } }`, { s: shopId, p: blik.id });
    expect(again.data.setPaymentMethodMapping.id).toBe(set.data.setPaymentMethodMapping.id);
    const read = await app.gql(`query($s: ID!) { shop(id: $s) { paymentMethodMappings { idosellPaymentFormName paymentMethod { name } } } }`, { s: shopId });
    expect(read.data.shop.paymentMethodMappings).toEqual([{ idosellPaymentFormName: 'payu', paymentMethod: { name: 'BLIK' } }]);
    const del = await app.gql(`mutation($id: ID!) { deletePaymentMethodMapping(id: $id) }`, { id: set.data.setPaymentMethodMapping.id });
    expect(del.data.deletePaymentMethodMapping).toBe(true);
    const delAgain = await app.gql(`mutation($id: ID!) { deletePaymentMethodMapping(id: $id) }`, { id: set.data.setPaymentMethodMapping.id });
    expect(delAgain.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  test('status and price mappings are validated against what exists', async () => {
    const badIdosell = await app.gql(`mutation($s: ID!) { setStatusMapping(input: { shopId: $s, isofStatus: "Nowe", idosellStatus: "shipped" }) { id } }`, { s: shopId });
    expect(badIdosell.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(badIdosell.errors![0]!.message).toContain('packed');
    const badIsof = await app.gql(`mutation($s: ID!) { setStatusMapping(input: { shopId: $s, isofStatus: "Nieznany", idosellStatus: "new" }) { id } }`, { s: shopId });
    expect(badIsof.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(badIsof.errors![0]!.message).toContain('Nowe');
    const ok = await app.gql(`mutation($s: ID!) { setStatusMapping(input: { shopId: $s, isofStatus: "Wysłane", idosellStatus: "finished" }) { isofStatus idosellStatus } }`, { s: shopId });
    expect(ok.data.setStatusMapping).toEqual({ isofStatus: 'Wysłane', idosellStatus: 'finished' });

    const types = (await app.gql(`{ priceTypes { id name } }`)).data.priceTypes;
    const badType = await app.gql(`mutation($s: ID!) { setPriceMapping(input: { shopId: $s, priceTypeId: "999", idosellPriceField: WHOLESALE }) { id } }`, { s: shopId });
    expect(badType.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const price = await app.gql(`mutation($s: ID!, $t: ID!) { setPriceMapping(input: { shopId: $s, priceTypeId: $t, idosellPriceField: WHOLESALE }) { idosellPriceField priceType { name } } }`, { s: shopId, t: types[1].id });
    expect(price.data.setPriceMapping).toEqual({ idosellPriceField: 'WHOLESALE', priceType: { name: types[1].name } });
    const read = await app.gql(`query($s: ID!) { shop(id: $s) { priceMappings { idosellPriceField } statusMappings { idosellStatus } lastRun(kind: EXPORT_PRODUCTS) { id } } }`, { s: shopId });
    expect(read.data.shop).toEqual({ priceMappings: [{ idosellPriceField: 'WHOLESALE' }], statusMappings: [{ idosellStatus: 'finished' }], lastRun: null });
  });
});

describe('DataLoaders keep the statement count flat', () => {
  async function statements(query: string): Promise<number> {
    app.counter.reset();
    const r = await app.gql(query);
    expect(r.errors).toBeUndefined();
    return app.counter.reset();
  }

  test('products(first: N) { prices stocks exports } costs the same for 20 and 200', async () => {
    const q = (n: number) => `{ products(first: ${n}) { edges { node { code totalStock hasImage prices { priceType { name } gross } stocks { warehouse { name } quantity } exports { shop { name } lastSentStock } } } } }`;
    const small = await statements(q(20));
    const large = await statements(q(200));
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(10);
  });

  test('orders(first: N) with lines, customer and products costs the same for 10 and 100', async () => {
    const ds = app.services.ds;
    const template = await ds.getRepository(IsofOrder).find({ take: 1, order: { id: 'ASC' } });
    const lines = await ds.getRepository(IsofOrderLine).findBy({ orderId: template[0]!.id });
    for (let i = 0; i < 110; i++) {
      const { id: _id, ...o } = template[0]!;
      const saved = await ds.getRepository(IsofOrder).save({ ...o, number: `TEST/${i}` });
      await ds.getRepository(IsofOrderLine).save(lines.map(({ id: _l, ...l }) => ({ ...l, orderId: saved.id })));
    }
    const q = (n: number) => `{ orders(first: ${n}) { edges { node { number status customer { name email } paymentMethod { name } source { orderId } lines { code product { name totalStock } } } } } }`;
    const small = await statements(q(10));
    const large = await statements(q(100));
    expect(large).toBe(small);
  });
});

describe('unexpected errors', () => {
  test('answer INTERNAL_SERVER_ERROR without SQL or stack, and are logged in full', async () => {
    await app.services.ds.query('ALTER TABLE MAGAZYNY RENAME TO MAGAZYNY_OFF');
    try {
      const r = await app.gql(`{ warehouses { name } }`);
      const err = r.errors![0]!;
      expect(err.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
      expect(JSON.stringify(r)).not.toMatch(/MAGAZYNY|SQLITE|stack|at .*\.ts/i);
      const reference = err.extensions!.reference as string;
      const logged = app.logs.find((l) => l.includes(reference));
      expect(logged).toMatch(/MAGAZYNY/);
    } finally {
      await app.services.ds.query('ALTER TABLE MAGAZYNY_OFF RENAME TO MAGAZYNY');
    }
  });
});

describe('HTTP', () => {
  test('health and readiness', async () => {
    const h = await fetch(`${app.url}/healthz`);
    expect(h.status).toBe(200);
    const r = await fetch(`${app.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ready' });
  });

  test('batched operations, too deep and too many aliases are refused with a coded 400 before running', async () => {
    const batch = await fetch(app.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ query: '{ shops { id } }' }, { query: '{ shops { id } }' }]) });
    expect(batch.status).toBe(400);
    const deep = await app.gql(`{ products { edges { node { exports { shop { lastRun(kind: SYNC_STOCK) { shop { priceMappings { shop { statusMappings { shop { id } } } } } } } } } } } }`);
    expect(deep.status).toBe(400);
    expect(deep.errors![0]!.extensions!.code).toBe('QUERY_TOO_DEEP');
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: shops { id }`).join(' ');
    const many = await app.gql(`{ ${aliases} }`);
    expect(many.status).toBe(400);
    expect(many.errors![0]!.extensions!.code).toBe('TOO_MANY_ALIASES');
    const costly = await app.gql(`{ a: products(first: 500) { edges { node { prices { gross } stocks { quantity } } } } b: products(first: 500) { edges { node { prices { gross } stocks { quantity } exports { lastSentStock } } } } c: syncRuns(first: 500) { edges { node { items(first: 500) { edges { node { id } } } } } } }`);
    expect(costly.status).toBe(400);
    expect(costly.errors![0]!.extensions!.code).toBe('QUERY_TOO_COSTLY');
  });

  test('a body over the limit is refused with a coded error', async () => {
    const big = 'x'.repeat(1_100_000);
    const r = await fetch(app.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ shops { id } } # ${big}` }) });
    expect(r.status).toBe(413);
    expect(((await r.json()) as any).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
