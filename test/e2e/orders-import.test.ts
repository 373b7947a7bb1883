/**
 * The import screen (shopOrders) and importOrders, end to end: GraphQL over HTTP, the real server
 * on a temporary SQLite file, the IdoSell sandbox on loopback. Assertions on database rows and on
 * what the sandbox received.
 */
import { expectSchemaCleanAfterEach, startTestApp, type TestApp } from '../helpers/app.js';
import { IsofCustomer, IsofOrder, IsofOrderLine, IsofPaymentMethod } from '../../src/isof/entities.js';
import { OrderImportEntity } from '../../src/orders/order-import.entity.js';
import { SyncRunEntity } from '../../src/sync-runs/sync-run.entities.js';
import { periodRange } from '../../src/orders/period.js';
import { OrderPeriod } from '../../src/orders/period.js';
import type { NewSandboxOrder } from '../../src/sandbox/server.js';

const VIEWER = 'viewer-secret-orders-0123456789';
const OPERATOR = 'operator-secret-orders-0123456789';
const ADMIN = 'admin-secret-orders-0123456789ab';
const DAY = 24 * 3600_000;

let app: TestApp;
let shopId: string;

const gql = (q: string, vars: Record<string, unknown> = {}, key = OPERATOR) => app.gql(q, vars, { key });

const SHOP_ORDERS = `query($input: ShopOrdersInput!) { shopOrders(input: $input) {
  orderSerialNumber status imported incomplete unknownProductCodes problem paymentFormName totalGross lineCount isofOrder { id number } } }`;
const IMPORT = `mutation($input: ImportOrdersInput!) { importOrders(input: $input) { id status total succeeded failed skipped error } }`;
const ITEMS = `query($id: ID!) { syncRun(id: $id) { id status items { edges { node { ref outcome errorCode message detail } } } } }`;

async function items(runId: string) {
  const r = await gql(ITEMS, { id: runId });
  expect(r.errors).toBeUndefined();
  return (r.data.syncRun.items.edges as { node: { ref: string; outcome: string; errorCode: string | null; message: string | null; detail: string | null } }[]).map((e) => e.node);
}

/** A window far before the demo orders (which are within the last 30 days), one per test. */
function window(startDaysAgo: number) {
  const from = new Date(Date.now() - startDaysAgo * DAY);
  return { from, to: new Date(from.getTime() + DAY - 1000), at: (h: number) => new Date(from.getTime() + h * 3600_000) };
}

function add(o: NewSandboxOrder) {
  return app.sandbox!.addOrder(o).orderSerialNumber;
}

const repo = <T extends object>(e: new () => T) => app.services.ds.getRepository(e);
const importedNumber = (serial: number) => `IDO/${shopId}/${serial}`;

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `dash:viewer:${VIEWER},isof:operator:${OPERATOR},boss:admin:${ADMIN}` } });
  const shops = await gql('{ shops { id name } }');
  shopId = shops.data.shops.find((s: { name: string }) => s.name === 'Sklep demo (sandbox)').id;
});
expectSchemaCleanAfterEach(() => app);
afterAll(async () => {
  expect(app.schemaChecked()).toBeGreaterThan(0);
  await app?.close();
});

describe('shopOrders (the import screen)', () => {
  test('defaults to the last 7 days, leaving out incomplete orders; includeIncomplete brings them in with their unknown codes', async () => {
    const week = periodRange(OrderPeriod.LAST_7_DAYS, new Date());
    const inWeek = app.sandbox!.state.orders.filter((o) => o.addDate >= week.from && o.addDate <= week.to);
    const isIncomplete = (o: (typeof inWeek)[number]) => o.lines.some((l) => l.productSizeCodeExternal.startsWith('OBCY-'));
    expect(inWeek.length).toBeGreaterThan(3);

    const r = await gql(SHOP_ORDERS, { input: { shopId } });
    expect(r.errors).toBeUndefined();
    const listed = r.data.shopOrders as { orderSerialNumber: number; incomplete: boolean; problem: string | null; paymentFormName: string; unknownProductCodes: string[]; imported: boolean }[];
    expect(listed.map((o) => o.orderSerialNumber).sort()).toEqual(inWeek.filter((o) => !isIncomplete(o)).map((o) => o.orderSerialNumber).sort());
    expect(listed.every((o) => !o.incomplete && !o.imported)).toBe(true);
    for (const o of listed) {
      if (o.paymentFormName === 'PayU') expect(o.problem).toMatch(/Payment form "PayU" of shop "Sklep demo \(sandbox\)" matches no ISOF payment method; add it with setPaymentMethodMapping/);
      else expect(o.problem).toBeNull();
    }

    const all = await gql(SHOP_ORDERS, { input: { shopId, includeIncomplete: true } });
    const withIncomplete = all.data.shopOrders as typeof listed;
    expect(withIncomplete.map((o) => o.orderSerialNumber).sort()).toEqual(inWeek.map((o) => o.orderSerialNumber).sort());
    for (const o of withIncomplete) {
      const shopOrder = inWeek.find((x) => x.orderSerialNumber === o.orderSerialNumber)!;
      expect(o.incomplete).toBe(isIncomplete(shopOrder));
      expect(o.unknownProductCodes).toEqual(shopOrder.lines.map((l) => l.productSizeCodeExternal).filter((c) => c.startsWith('OBCY-')));
    }
  });

  test('a longer period costs the same number of SQL statements (batched lookups)', async () => {
    app.counter.reset();
    const week = await gql(SHOP_ORDERS, { input: { shopId, period: 'LAST_7_DAYS', includeIncomplete: true } });
    const few = app.counter.reset();
    const month = await gql(SHOP_ORDERS, { input: { shopId, period: 'LAST_30_DAYS', includeIncomplete: true } });
    const many = app.counter.reset();
    expect(week.data.shopOrders.length).toBeGreaterThan(0);
    expect(month.data.shopOrders.length).toBeGreaterThan(week.data.shopOrders.length + 15);
    expect(many).toBe(few);
  });

  test('from after to, and a period with dates, are BAD_USER_INPUT and write nothing', async () => {
    const runsBefore = await repo(SyncRunEntity).count();
    const ordersBefore = await repo(IsofOrder).count();
    const from = new Date('2025-06-10T00:00:00Z').toISOString();
    const to = new Date('2025-06-01T00:00:00Z').toISOString();
    const calls = app.sandbox!.calls.length;
    for (const input of [{ shopId, from, to }, { shopId, from: to, to: from, period: 'TODAY' }]) {
      const screen = await gql(SHOP_ORDERS, { input });
      expect(screen.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      const run = await gql(IMPORT, { input: { ...input, wait: true } });
      expect(run.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(run.errors![0]!.message).toMatch(/after "to"|not both/);
    }
    expect(app.sandbox!.calls.length).toBe(calls);
    expect(await repo(SyncRunEntity).count()).toBe(runsBefore);
    expect(await repo(IsofOrder).count()).toBe(ordersBefore);
  });
});

describe('importOrders', () => {
  test('an unmapped payment form fails that order only; after the mapping is added it imports; a re-import duplicates nothing', async () => {
    const w = window(60);
    const known = await repo(IsofCustomer).createQueryBuilder('c').where('c.email IS NOT NULL').orderBy('c.id').getOneOrFail();
    const a = add({
      addDate: w.at(1), payformName: 'Przelew', clientEmail: known.email!.toUpperCase(), deliveryCost: 14.99,
      lines: [{ productCode: 'TOW-00010', productQuantity: 2, productOrderPrice: 12.3, productVat: 23 }, { productCode: 'TOW-00020', productOrderPrice: 100, productVat: 8 }],
    });
    const b = add({ addDate: w.at(2), payformName: 'PayU', lines: [{ productCode: 'TOW-00011', productOrderPrice: 50 }] });
    const c = add({
      addDate: w.at(3), payformName: 'Za pobraniem', clientEmail: 'nowy.klient.import@example.pl', deliveryCost: 0,
      billing: { firstName: 'Ewa', lastName: 'Nowa', firm: 'Nowa Firma sp. z o.o.', nip: '999-111-22-33' },
      lines: [{ productCode: 'TOW-00012', productOrderPrice: 20, productQuantity: 1 }],
    });
    const customersBefore = await repo(IsofCustomer).count();

    const run = await gql(IMPORT, { input: { shopId, from: w.from.toISOString(), to: w.to.toISOString(), wait: true } });
    expect(run.errors).toBeUndefined();
    expect(run.data.importOrders).toMatchObject({ status: 'PARTIALLY_FAILED', total: 3, succeeded: 2, failed: 1, skipped: 0 });
    const its = await items(run.data.importOrders.id);
    const failed = its.find((i) => i.ref === String(b))!;
    expect(failed).toMatchObject({ outcome: 'FAILED', errorCode: 'UNMAPPED_PAYMENT_METHOD' });
    expect(failed.message).toMatch(/Payment form "PayU" of shop "Sklep demo \(sandbox\)" matches no ISOF payment method; add it with setPaymentMethodMapping/);
    expect(await repo(IsofOrder).findOneBy({ number: importedNumber(b) })).toBeNull();
    expect(await repo(OrderImportEntity).findOneBy({ orderSerialNumber: b })).toBeNull();

    // Order A: the known customer (e-mail matched ignoring case), lines, the delivery line, totals, method, default status.
    const orderA = await repo(IsofOrder).findOneOrFail({ where: { number: importedNumber(a) }, relations: { paymentMethod: true, status: true } });
    expect(orderA.customerId).toBe(known.id);
    expect(orderA.paymentMethod!.name).toBe('Przelew');
    expect(orderA.status!.name).toBe('Nowe');
    expect(orderA.totalGross).toBe('139.59'); // 2 x 12.30 + 100.00 + 14.99
    expect(orderA.currency).toBe('PLN');
    const linesA = await repo(IsofOrderLine).find({ where: { orderId: orderA.id }, order: { lineNo: 'ASC' } });
    expect(linesA.map((l) => [l.code, l.quantity, l.unitPriceGross, l.vatRate, l.foreign, l.productId !== null])).toEqual([
      ['TOW-00010', 2, '12.30', 23, false, true],
      ['TOW-00020', 1, '100.00', 8, false, true],
      ['DOSTAWA', 1, '14.99', 23, false, false],
    ]);
    expect(linesA[2]!.name).toBe('Dostawa');
    expect(orderA.totalNet).toBe(await netSum(orderA.id));
    const impA = await repo(OrderImportEntity).findOneByOrFail({ orderSerialNumber: a });
    expect(impA).toMatchObject({ shopId: Number(shopId), isofOrderId: orderA.id, syncedIsofStatus: 'Nowe', lastSentStatus: 'new', incomplete: false, statusSyncedAt: null });

    // Order C: a new customer with the shop's data; no delivery line when delivery is free.
    const orderC = await repo(IsofOrder).findOneOrFail({ where: { number: importedNumber(c) }, relations: { paymentMethod: true, customer: true } });
    expect(orderC.paymentMethod!.name).toBe('Za pobraniem');
    // The NIP is stored digits only, as the customer look-up compares it.
    expect(orderC.customer).toMatchObject({ name: 'Nowa Firma sp. z o.o.', email: 'nowy.klient.import@example.pl', taxId: '9991112233', city: 'Warszawa' });
    expect(await repo(IsofOrderLine).countBy({ orderId: orderC.id })).toBe(1);
    expect(await repo(IsofCustomer).count()).toBe(customersBefore + 1);

    // The imported order reads like one entered in ISOF, with its source.
    const listed = await gql(`query($f: OrderFilter) { orders(filter: $f) { totalCount edges { node { number status incomplete paymentMethod { name }
      source { orderSerialNumber lastSentStatus } lines { code foreign } } } } }`, { f: { shopId } });
    expect(listed.errors).toBeUndefined();
    const nodeA = listed.data.orders.edges.map((e: { node: unknown }) => e.node).find((n: { number: string }) => n.number === importedNumber(a));
    expect(nodeA).toMatchObject({ status: 'Nowe', incomplete: false, paymentMethod: { name: 'Przelew' }, source: { orderSerialNumber: a, lastSentStatus: 'new' } });

    // The screen: B is listed with its problem; with the mapping added, with the last failure's message.
    const screen = async () => (await gql(SHOP_ORDERS, { input: { shopId, from: w.from.toISOString(), to: w.to.toISOString() } })).data.shopOrders;
    const before = await screen();
    expect(before.map((o: { orderSerialNumber: number }) => o.orderSerialNumber)).toEqual([b]);
    const card = (await repo(IsofPaymentMethod).findOneByOrFail({ name: 'Karta płatnicza' })).id;
    const mapped = await gql(`mutation($input: PaymentMethodMappingInput!) { setPaymentMethodMapping(input: $input) { id } }`,
      { input: { shopId, paymentMethodId: String(card), idosellPaymentFormName: 'PayU' } }, ADMIN);
    expect(mapped.errors).toBeUndefined();
    const after = await screen();
    expect(after[0].problem).toBe(`The last import failed: ${failed.message}`);

    const again = await gql(IMPORT, { input: { shopId, from: w.from.toISOString(), to: w.to.toISOString(), wait: true } });
    expect(again.data.importOrders).toMatchObject({ status: 'SUCCEEDED', total: 1, succeeded: 1, failed: 0 });
    const orderB = await repo(IsofOrder).findOneOrFail({ where: { number: importedNumber(b) }, relations: { paymentMethod: true } });
    expect(orderB.paymentMethod!.name).toBe('Karta płatnicza');
    const shown = await gql(SHOP_ORDERS, { input: { shopId, from: w.from.toISOString(), to: w.to.toISOString(), showImported: true } });
    expect(shown.data.shopOrders.map((o: { imported: boolean; problem: string | null; isofOrder: { number: string } }) => [o.imported, o.problem, o.isofOrder.number]))
      .toEqual([a, b, c].map((s) => [true, null, importedNumber(s)]));

    // Re-import, by period and by serial number: nothing is written twice.
    const ordersBefore = await repo(IsofOrder).count();
    const importsBefore = await repo(OrderImportEntity).count();
    const byPeriod = await gql(IMPORT, { input: { shopId, from: w.from.toISOString(), to: w.to.toISOString(), wait: true } });
    expect(byPeriod.data.importOrders).toMatchObject({ status: 'SUCCEEDED', total: 0 });
    const bySerial = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [a, b, c], wait: true } });
    expect(bySerial.data.importOrders).toMatchObject({ status: 'SUCCEEDED', total: 3, skipped: 3, succeeded: 0 });
    expect((await items(bySerial.data.importOrders.id)).every((i) => i.errorCode === 'ALREADY_IMPORTED')).toBe(true);
    expect(await repo(IsofOrder).count()).toBe(ordersBefore);
    expect(await repo(OrderImportEntity).count()).toBe(importsBefore);
    expect(await repo(OrderImportEntity).countBy({ orderSerialNumber: a })).toBe(1);
  });

  test('two imports of the same period started together: one is refused or finds nothing; no order twice', async () => {
    const w = window(70);
    const serials = [add({ addDate: w.at(1), lines: [{ productCode: 'TOW-00031' }] }), add({ addDate: w.at(2), lines: [{ productCode: 'TOW-00032' }] })];
    const input = { shopId, from: w.from.toISOString(), to: w.to.toISOString(), wait: true };
    const results = await Promise.all([gql(IMPORT, { input }), gql(IMPORT, { input })]);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    const ran = results.filter((r) => !r.errors).map((r) => r.data.importOrders);
    expect(refused.length + ran.length).toBe(2);
    for (const r of refused) expect(r.errors![0]!.message).toMatch(/already going for this shop/);
    expect(ran.reduce((n, r) => n + r.succeeded, 0)).toBe(2);
    for (const s of serials) {
      expect(await repo(IsofOrder).countBy({ number: importedNumber(s) })).toBe(1);
      expect(await repo(OrderImportEntity).countBy({ orderSerialNumber: s })).toBe(1);
    }
  });

  test('a duplicate caught by a unique key is SKIPPED and its transaction rolls back (customer, lines, import record)', async () => {
    const w = window(80);
    const s = add({ addDate: w.at(1), clientEmail: 'duplikat.unikalny@example.pl', lines: [{ productCode: 'TOW-00040' }] });
    // ISOF already has an order with the number the import would give (e.g. restored from a backup without its import record).
    const template = await repo(IsofOrder).findOneByOrFail({ number: importedNumber((await repo(OrderImportEntity).find({ order: { id: 'ASC' }, take: 1 }))[0]!.orderSerialNumber) });
    await repo(IsofOrder).insert({ ...template, id: undefined, number: importedNumber(s) });
    const customers = await repo(IsofCustomer).count();
    const lines = await repo(IsofOrderLine).count();
    const run = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [s], wait: true } });
    expect(run.data.importOrders).toMatchObject({ status: 'SUCCEEDED', total: 1, skipped: 1, failed: 0 });
    const [item] = await items(run.data.importOrders.id);
    expect(item).toMatchObject({ outcome: 'SKIPPED', errorCode: 'ALREADY_IMPORTED' });
    expect(item!.message).toMatch(/nothing was written twice/);
    expect(await repo(IsofOrder).countBy({ number: importedNumber(s) })).toBe(1);
    expect(await repo(OrderImportEntity).countBy({ orderSerialNumber: s })).toBe(0);
    expect(await repo(IsofCustomer).count()).toBe(customers);
    expect(await repo(IsofOrderLine).count()).toBe(lines);
  });

  test('incomplete orders: refused by number without includeIncomplete, not listed by period; with it, foreign lines keep the shop data', async () => {
    const w = window(90);
    const s = add({
      addDate: w.at(1),
      lines: [{ productCode: 'TOW-00050', productOrderPrice: 10 }, { productCode: 'OBCY-TEST-1', productName: 'Gadżet reklamowy', productQuantity: 3, productOrderPrice: 19.99, productVat: 8 }],
    });
    const byNumber = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [s], wait: true } });
    expect(byNumber.data.importOrders).toMatchObject({ status: 'FAILED', failed: 1 });
    const [item] = await items(byNumber.data.importOrders.id);
    expect(item).toMatchObject({ outcome: 'FAILED', errorCode: 'UNKNOWN_PRODUCTS' });
    expect(item!.message).toMatch(/OBCY-TEST-1.*includeIncomplete/);
    const range = { from: w.from.toISOString(), to: w.to.toISOString() };
    const byPeriod = await gql(IMPORT, { input: { shopId, ...range, wait: true } });
    expect(byPeriod.data.importOrders).toMatchObject({ status: 'SUCCEEDED', total: 0 });
    expect(await repo(IsofOrder).countBy({ number: importedNumber(s) })).toBe(0);

    const full = await gql(IMPORT, { input: { shopId, ...range, includeIncomplete: true, wait: true } });
    expect(full.data.importOrders).toMatchObject({ status: 'SUCCEEDED', succeeded: 1 });
    const order = await repo(IsofOrder).findOneByOrFail({ number: importedNumber(s) });
    const lines = await repo(IsofOrderLine).find({ where: { orderId: order.id }, order: { lineNo: 'ASC' } });
    expect(lines[1]).toMatchObject({ productId: null, foreign: true, code: 'OBCY-TEST-1', name: 'Gadżet reklamowy', quantity: 3, unitPriceGross: '19.99', vatRate: 8 });
    expect(lines[0]).toMatchObject({ code: 'TOW-00050', foreign: false });
    expect(await repo(OrderImportEntity).findOneByOrFail({ orderSerialNumber: s })).toMatchObject({ incomplete: true });
    const read = await gql(`query($id: ID!) { order(id: $id) { incomplete lines { code foreign product { code } } } }`, { id: String(order.id) });
    expect(read.data.order.incomplete).toBe(true);
    expect(read.data.order.lines[1]).toEqual({ code: 'OBCY-TEST-1', foreign: true, product: null });
  });

  test('dryRun records what it would import and writes no ISOF row', async () => {
    const w = window(100);
    const s = add({ addDate: w.at(1), clientEmail: 'sucha.proba@example.pl', lines: [{ productCode: 'TOW-00060', productOrderPrice: 30, productQuantity: 2 }] });
    const counts = async () => [await repo(IsofOrder).count(), await repo(IsofOrderLine).count(), await repo(IsofCustomer).count(), await repo(OrderImportEntity).count()];
    const before = await counts();
    const run = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [s], dryRun: true, wait: true } });
    expect(run.data.importOrders).toMatchObject({ status: 'SUCCEEDED', succeeded: 1 });
    const [item] = await items(run.data.importOrders.id);
    expect(item!.message).toMatch(/^Would import/);
    const detail = JSON.parse(item!.detail!);
    expect(detail).toMatchObject({
      number: importedNumber(s), customer: { new: true }, paymentMethod: 'Przelew', status: 'Nowe', totalGross: '74.99',
      lines: [{ code: 'TOW-00060', quantity: 2, unitPriceGross: '30.00', foreign: false }, { code: 'DOSTAWA', unitPriceGross: '14.99' }],
    });
    expect(await counts()).toEqual(before);
  });

  test('a viewer key cannot start an import (FORBIDDEN) but can read runs and the screen', async () => {
    const refused = await gql(IMPORT, { input: { shopId, wait: true } }, VIEWER);
    expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const last = await gql(`{ syncRuns(first: 1) { edges { node { id kind } } } }`, {}, VIEWER);
    expect(last.errors).toBeUndefined();
    const id = last.data.syncRuns.edges[0].node.id;
    expect((await gql(ITEMS, { id }, VIEWER)).errors).toBeUndefined();
    expect((await gql(SHOP_ORDERS, { input: { shopId, period: 'TODAY' } }, VIEWER)).errors).toBeUndefined();
    expect((await gql(`query($id: ID!) { shopPaymentForms(shopId: $id) }`, { id: shopId }, VIEWER)).data.shopPaymentForms).toContain('PayU');
  });

  test('the shop\'s client id finds the customer of an earlier import, before e-mail and NIP', async () => {
    const w = window(50);
    const line = [{ productCode: 'TOW-00070', productQuantity: 1, productOrderPrice: 10, productVat: 23 }];
    const first = add({ addDate: w.at(2), payformName: 'Przelew', clientEmail: 'stary.adres@example.pl', billing: { firstName: 'Zenon', lastName: 'Żółkiewski' }, lines: line });
    const second = add({ addDate: w.at(3), payformName: 'Przelew', clientEmail: 'nowy.adres@example.pl', billing: { firstName: 'Zenon', lastName: 'Żółkiewski' }, lines: line });
    const other = add({ addDate: w.at(4), payformName: 'Przelew', clientEmail: 'ktos.inny@example.pl', lines: line });
    for (const o of app.sandbox!.state.orders) if (o.orderSerialNumber === first || o.orderSerialNumber === second) o.clientId = 987654;
    const run = await gql(IMPORT, { input: { shopId, from: w.from.toISOString(), to: w.to.toISOString(), wait: true } });
    expect(run.data.importOrders).toMatchObject({ status: 'SUCCEEDED', succeeded: 3 });
    const customerOf = async (serial: number) => (await repo(IsofOrder).findOneByOrFail({ number: importedNumber(serial) })).customerId;
    expect(await customerOf(second)).toBe(await customerOf(first));
    expect(await customerOf(other)).not.toBe(await customerOf(first));
    const customer = await repo(IsofCustomer).findOneByOrFail({ id: (await customerOf(first))! });
    expect(customer.email).toBe('stary.adres@example.pl');
  });
});

async function netSum(orderId: number): Promise<string> {
  const lines = await repo(IsofOrderLine).findBy({ orderId });
  const grosze = lines.reduce((n, l) => n + Math.round(Number(l.unitPriceNet) * 100 * l.quantity), 0);
  return (grosze / 100).toFixed(2);
}
