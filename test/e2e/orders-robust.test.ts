/**
 * Importing orders whose data does not fit ISOF's columns, one order that ISOF refuses, and the
 * customer look-ups, end to end: GraphQL over HTTP, the real server on a temporary SQLite file, the
 * IdoSell sandbox on loopback. SQLite ignores column lengths (SQL Server would fail the statement
 * with error 8016), so the stored values' lengths are asserted.
 */
import { expectSchemaCleanAfterEach, startTestApp, type TestApp } from '../helpers/app.js';
import { IsofCustomer, IsofOrder, IsofOrderLine } from '../../src/isof/entities.js';
import { OrderImportEntity } from '../../src/orders/order-import.entity.js';
import type { NewSandboxOrder } from '../../src/sandbox/server.js';

const OPERATOR = 'operator-secret-robust-0123456789';
const ADMIN = 'admin-secret-robust-0123456789abc';
const DAY = 24 * 3600_000;

let app: TestApp;
let shopId: string;

const gql = (q: string, vars: Record<string, unknown> = {}, key = OPERATOR) => app.gql(q, vars, { key });
const IMPORT = `mutation($input: ImportOrdersInput!) { importOrders(input: $input) { id status total succeeded failed skipped error } }`;
const ITEMS = `query($id: ID!) { syncRun(id: $id) { items { edges { node { ref outcome errorCode message detail } } } } }`;

async function items(runId: string) {
  const r = await gql(ITEMS, { id: runId });
  expect(r.errors).toBeUndefined();
  return (r.data.syncRun.items.edges as { node: { ref: string; outcome: string; errorCode: string | null; message: string | null; detail: string | null } }[]).map((e) => e.node);
}

function window(startDaysAgo: number) {
  const from = new Date(Date.now() - startDaysAgo * DAY);
  return { from: from.toISOString(), to: new Date(from.getTime() + DAY - 1000).toISOString(), at: (h: number) => new Date(from.getTime() + h * 3600_000) };
}
const add = (o: NewSandboxOrder) => app.sandbox!.addOrder(o).orderSerialNumber;
const repo = <T extends object>(e: new () => T) => app.services.ds.getRepository(e);
const importedNumber = (serial: number) => `IDO/${shopId}/${serial}`;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `isof:operator:${OPERATOR},boss:admin:${ADMIN}` } });
  const shops = await gql('{ shops { id name } }');
  shopId = shops.data.shops.find((s: { name: string }) => s.name === 'Sklep demo (sandbox)').id;
});
expectSchemaCleanAfterEach(() => app);
afterAll(async () => {
  await app?.close();
});

describe('values longer than their ISOF columns', () => {
  test('a 300-character customer name, emoji names and a 60-character foreign code are cut to the column, whole characters only, and the item says so', async () => {
    const w = window(200);
    const longName = `Firma ${'Ż'.repeat(294)}`;
    const emojiName = '🍕'.repeat(200); // 400 UTF-16 units
    const longCode = `OBCY-${'X'.repeat(55)}`;
    const s = add({
      addDate: w.at(1), clientEmail: 'bardzo.dluga.nazwa@example.pl',
      billing: { firstName: 'Jan', lastName: 'Nowak', firm: longName, city: 'C'.repeat(150) },
      lines: [
        { productCode: 'TOW-00080', productName: emojiName, productOrderPrice: 10 },
        { productCode: longCode, productName: 'Gadżet', productOrderPrice: 5 },
      ],
    });
    const run = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [s], includeIncomplete: true, wait: true } });
    expect(run.errors).toBeUndefined();
    expect(run.data.importOrders).toMatchObject({ status: 'SUCCEEDED', succeeded: 1 });

    const order = await repo(IsofOrder).findOneOrFail({ where: { number: importedNumber(s) }, relations: { customer: true } });
    const customer = order.customer!;
    expect(customer.name).toHaveLength(255);
    expect(customer.name).toBe(`${longName.slice(0, 254)}…`);
    expect(customer.city).toHaveLength(100);
    const lines = await repo(IsofOrderLine).find({ where: { orderId: order.id }, order: { lineNo: 'ASC' } });
    // 127 emoji are 254 units; the 128th would be split at unit 255, so it is left out whole.
    expect(lines[0]!.name).toBe(`${'🍕'.repeat(127)}…`);
    expect(lines[0]!.name.length).toBeLessThanOrEqual(255);
    expect(lines[1]).toMatchObject({ code: `${longCode.slice(0, 49)}…`, foreign: true });
    for (const text of [customer.name, customer.city!, lines[0]!.name, lines[1]!.code]) expect(LONE_SURROGATE.test(text)).toBe(false);

    const [item] = await items(run.data.importOrders.id);
    expect(item!.message).toMatch(/Cut to fit ISOF's columns: customer name cut to 255 characters, customer city cut to 100 characters, delivery name cut to 255 characters, delivery city cut to 100 characters, line 1 name cut to 255 characters, line 2 code cut to 50 characters\.$/);
    const detail = JSON.parse(item!.detail!);
    expect(detail.cut).toEqual(['line 1 name cut to 255 characters', 'line 2 code cut to 50 characters']);
    // The sandbox delivers to the billing address when the order gives none: the delivery fields are cut too.
    expect(detail.customer.cut).toEqual(['customer name cut to 255 characters', 'customer city cut to 100 characters', 'delivery name cut to 255 characters', 'delivery city cut to 100 characters']);
    expect(customer.deliveryName).toHaveLength(255);
  });

  test('a dry run says what would be cut', async () => {
    const w = window(210);
    const s = add({ addDate: w.at(1), clientEmail: 'sucha.dluga@example.pl', billing: { firstName: 'Ala', lastName: 'K', firm: 'F'.repeat(300) }, lines: [{ productCode: 'TOW-00081' }] });
    const run = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [s], dryRun: true, wait: true } });
    const [item] = await items(run.data.importOrders.id);
    expect(item!.message).toBe(`Would import order ${s} as ISOF order ${importedNumber(s)}. Cut to fit ISOF's columns: customer name cut to 255 characters, delivery name cut to 255 characters.`);
    expect(JSON.parse(item!.detail!).customer).toMatchObject({ new: true, name: `${'F'.repeat(254)}…` });
  });
});

describe('one order refused by ISOF', () => {
  test('is that order\'s FAILED item with a sentence; the other orders of the run are imported', async () => {
    const w = window(220);
    const serials = [1, 2, 3].map((h) => add({ addDate: w.at(h), clientEmail: `trigger.${h}@example.pl`, lines: [{ productCode: 'TOW-00082', productOrderPrice: 10 }] }));
    const refused = serials[1]!;
    // An ISOF trigger that refuses this one order (as an installation's own rule might), made in the test database.
    await app.services.ds.query(`CREATE TRIGGER "TR_TEST_REFUSE" BEFORE INSERT ON "ZAMOWIENIA" WHEN NEW."NUMER" = '${importedNumber(refused)}'
      BEGIN SELECT RAISE(ABORT, 'ISOF refuses this order: the customer is blocked'); END`);
    try {
      const run = await gql(IMPORT, { input: { shopId, from: w.from, to: w.to, wait: true } });
      expect(run.errors).toBeUndefined();
      expect(run.data.importOrders).toMatchObject({ status: 'PARTIALLY_FAILED', total: 3, succeeded: 2, failed: 1, error: null });
      const its = await items(run.data.importOrders.id);
      const failed = its.find((i) => i.ref === String(refused))!;
      expect(failed).toMatchObject({ outcome: 'FAILED', errorCode: 'ISOF_WRITE_FAILED' });
      expect(failed.message).toMatch(new RegExp(`^Order ${refused} could not be written into ISOF \\(.*ISOF refuses this order: the customer is blocked\\); nothing of it was written\\. Fix the cause`));
      for (const s of [serials[0]!, serials[2]!]) expect(await repo(IsofOrder).countBy({ number: importedNumber(s) })).toBe(1);
      expect(await repo(IsofOrder).countBy({ number: importedNumber(refused) })).toBe(0);
      expect(await repo(OrderImportEntity).countBy({ orderSerialNumber: refused })).toBe(0);
      // Its new customer was rolled back with it.
      expect(await repo(IsofCustomer).countBy({ email: 'trigger.2@example.pl' })).toBe(0);
    } finally {
      await app.services.ds.query('DROP TRIGGER "TR_TEST_REFUSE"');
    }
    const again = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [refused], wait: true } });
    expect(again.data.importOrders).toMatchObject({ status: 'SUCCEEDED', succeeded: 1 });
  });
});

describe('customer look-ups', () => {
  test('a new customer\'s NIP is written digits only and a later order with the NIP written differently finds it by equality', async () => {
    const w = window(230);
    const first = add({ addDate: w.at(1), clientEmail: 'nip.pierwszy@example.pl', billing: { firstName: 'A', lastName: 'B', firm: 'NIP Firma', nip: '999-222-33-44' }, lines: [{ productCode: 'TOW-00083' }] });
    const second = add({ addDate: w.at(2), clientEmail: 'nip.drugi@example.pl', billing: { firstName: 'C', lastName: 'D', firm: 'NIP Firma', nip: 'PL 999 222 33 44' }, lines: [{ productCode: 'TOW-00083' }] });
    const run = await gql(IMPORT, { input: { shopId, from: w.from, to: w.to, wait: true } });
    expect(run.data.importOrders).toMatchObject({ status: 'SUCCEEDED', succeeded: 2 });
    const a = await repo(IsofOrder).findOneOrFail({ where: { number: importedNumber(first) }, relations: { customer: true } });
    const b = await repo(IsofOrder).findOneByOrFail({ number: importedNumber(second) });
    expect(a.customer!.taxId).toBe('9992223344');
    expect(b.customerId).toBe(a.customerId);
  });

  test('the look-ups are plain equalities on the columns (an index can serve them): no LOWER() or REPLACE() on EMAIL or NIP', async () => {
    const sql: string[] = [];
    const w = window(240);
    const s = add({ addDate: w.at(1), clientEmail: 'Rowne.Porownanie@Example.pl', billing: { firstName: 'E', lastName: 'F', nip: '123-000-00-01' }, lines: [{ productCode: 'TOW-00084' }] });
    // The server's own statement logger sees every statement; listen to it for this one run.
    const counter = app.counter;
    const logQuery = counter.logQuery;
    counter.logQuery = (q: string) => {
      sql.push(q);
      logQuery.call(counter, q);
    };
    try {
      const run = await gql(IMPORT, { input: { shopId, orderSerialNumbers: [s], wait: true } });
      expect(run.data.importOrders).toMatchObject({ succeeded: 1 });
    } finally {
      counter.logQuery = logQuery;
    }
    const lookups = sql.filter((q) => /FROM "KONTRAHENCI"/.test(q) && /WHERE/.test(q));
    expect(lookups.some((q) => /"c"\."EMAIL" = \?/.test(q))).toBe(true);
    expect(lookups.some((q) => /"c"\."NIP" = \?/.test(q))).toBe(true);
    expect(lookups.filter((q) => /LOWER\(|REPLACE\(/.test(q))).toEqual([]);
  });
});

describe('shop and mapping values that would not fit their columns are refused', () => {
  const CREATE = `mutation($input: CreateShopInput!) { createShop(input: $input) { id } }`;
  test('an address that grows past 500 characters, a key with non-ASCII letters, a form name longer in lower case: BAD_USER_INPUT, nothing written', async () => {
    const shopsBefore = (await gql('{ shops { id } }', {}, ADMIN)).data.shops.length;
    const host = `${Array.from({ length: 8 }, () => 'a'.repeat(60)).join('.')}.pl`;
    const long = await gql(CREATE, { input: { name: 'Za długi adres', apiUrl: host, apiKey: 'abcdefgh12345678' } }, ADMIN);
    expect(long.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(long.errors![0]!.message).toMatch(/apiUrl: the shop's address becomes 511 characters with https:\/\/ and \/api\/admin\/v6; it may be at most 500/);
    const key = await gql(CREATE, { input: { name: 'Klucz', apiUrl: 'sklep.example.pl', apiKey: 'ąęółżźćń'.repeat(60) } }, ADMIN);
    expect(key.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(key.errors![0]!.message).toMatch(/apiKey must be the IdoSell API key as the shop panel shows it: letters, digits and signs without spaces or accented letters/);
    expect((await gql('{ shops { id } }', {}, ADMIN)).data.shops.length).toBe(shopsBefore);

    const form = await gql(`mutation($input: PaymentMethodMappingInput!) { setPaymentMethodMapping(input: $input) { id } }`,
      { input: { shopId, paymentMethodId: '1', idosellPaymentFormName: 'İ'.repeat(150) } }, ADMIN);
    expect(form.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(form.errors![0]!.message).toMatch(/idosellPaymentFormName must be at most 200 characters also in lower case \(it has 300\)/);
  });
});
