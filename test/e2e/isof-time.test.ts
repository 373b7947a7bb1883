/**
 * ISOF's ZAMOWIENIA.DATA holds Warsaw wall-clock time (ISOF_TIMEZONE), end to end on a real SQLite
 * file: what the column holds, what GraphQL reads back, and the orders filter by day, at midnight
 * and on both DST change days. The integration's own timestamps are UTC.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { IsofOrder, IsofOrderStatus } from '../../src/isof/entities.js';
import { ShopEntity } from '../../src/shops/shop.entity.js';
import { formatWarsaw } from '../../src/idosell/warsaw-time.js';

let app: TestApp;
let statusId: number;

beforeAll(async () => {
  app = await startTestApp();
  statusId = (await app.services.ds.getRepository(IsofOrderStatus).find({ order: { id: 'ASC' }, take: 1 }))[0]!.id;
});
afterAll(async () => {
  await app.close();
});

/** Inserts an order the way the import does (query builder insert of the entity's values). */
async function placeOrder(number: string, orderedAt: string): Promise<void> {
  await app.services.ds.createQueryBuilder().insert().into(IsofOrder).values({
    number, orderedAt: new Date(orderedAt), customerId: null, paymentMethodId: null, statusId,
    totalNet: '10.00', totalGross: '12.30', currency: 'PLN', notes: null,
  }).execute();
}

/** The DATA column as stored, bypassing the entity. */
async function storedData(number: string): Promise<string> {
  const rows: Array<{ DATA: string }> = await app.services.ds.query('SELECT DATA FROM ZAMOWIENIA WHERE NUMER = ?', [number]);
  return rows[0]!.DATA;
}

/** Numbers and orderedAt of the orders in [from, to], read over GraphQL. */
async function ordersBetween(from: string, to: string): Promise<Record<string, string>> {
  const r = await app.gql(`query($from: DateTimeISO, $to: DateTimeISO) { orders(first: 500, filter: { from: $from, to: $to }) {
    edges { node { number orderedAt } } } }`, { from, to });
  expect(r.errors).toBeUndefined();
  return Object.fromEntries(r.data.orders.edges.map((e: any) => [e.node.number, e.node.orderedAt]));
}

describe('ZAMOWIENIA.DATA in Europe/Warsaw wall-clock time', () => {
  test('an order placed at 00:30 Warsaw time on New Year is stored as 00:30 on 1 January and read back as the same instant', async () => {
    await placeOrder('TZ/NEWYEAR', '2024-12-31T23:30:00.000Z');
    expect(await storedData('TZ/NEWYEAR')).toBe('2025-01-01 00:30:00.000');
    // 1 January in Warsaw: from its midnight to the last millisecond before the next one.
    expect(await ordersBetween('2024-12-31T23:00:00.000Z', '2025-01-01T22:59:59.999Z')).toEqual({ 'TZ/NEWYEAR': '2024-12-31T23:30:00.000Z' });
    // 31 December in Warsaw does not have it, though in UTC it was still 31 December.
    expect(await ordersBetween('2024-12-30T23:00:00.000Z', '2024-12-31T22:59:59.999Z')).toEqual({});
  });

  test('the last millisecond of a Warsaw day belongs to that day, not the next', async () => {
    await placeOrder('TZ/LASTMS', '2025-02-14T22:59:59.999Z');
    expect(await storedData('TZ/LASTMS')).toBe('2025-02-14 23:59:59.999');
    expect(await ordersBetween('2025-02-13T23:00:00.000Z', '2025-02-14T22:59:59.999Z')).toEqual({ 'TZ/LASTMS': '2025-02-14T22:59:59.999Z' });
    expect(await ordersBetween('2025-02-14T23:00:00.000Z', '2025-02-15T22:59:59.999Z')).toEqual({});
  });

  test('the March change day (23 hours): orders either side of the gap are stored on their clock and found by the day', async () => {
    await placeOrder('TZ/MAR-CET', '2025-03-30T00:30:00.000Z'); // 01:30 CET
    await placeOrder('TZ/MAR-CEST', '2025-03-30T01:30:00.000Z'); // 03:30 CEST
    expect(await storedData('TZ/MAR-CET')).toBe('2025-03-30 01:30:00.000');
    expect(await storedData('TZ/MAR-CEST')).toBe('2025-03-30 03:30:00.000');
    expect(await ordersBetween('2025-03-29T23:00:00.000Z', '2025-03-30T21:59:59.999Z')).toEqual({
      'TZ/MAR-CET': '2025-03-30T00:30:00.000Z', 'TZ/MAR-CEST': '2025-03-30T01:30:00.000Z',
    });
  });

  test('the October change day (25 hours): both passes of 02:30 are stored as 02:30 and read as the first (summer) one', async () => {
    await placeOrder('TZ/OCT-CEST', '2025-10-26T00:30:00.000Z'); // 02:30 CEST
    await placeOrder('TZ/OCT-CET', '2025-10-26T01:30:00.000Z'); // 02:30 CET, an hour later
    expect(await storedData('TZ/OCT-CEST')).toBe('2025-10-26 02:30:00.000');
    expect(await storedData('TZ/OCT-CET')).toBe('2025-10-26 02:30:00.000');
    // ISOF's clock cannot tell them apart; the rule reads both as the earlier instant.
    expect(await ordersBetween('2025-10-25T22:00:00.000Z', '2025-10-26T22:59:59.999Z')).toEqual({
      'TZ/OCT-CEST': '2025-10-26T00:30:00.000Z', 'TZ/OCT-CET': '2025-10-26T00:30:00.000Z',
    });
  });

  test('the demo seed writes its orders as Warsaw wall-clock time, read back as the instants they were', async () => {
    const orders = await app.services.ds.getRepository(IsofOrder).createQueryBuilder('o')
      .where('o.number LIKE :p', { p: 'ZK/%' }).orderBy('o.id').take(25).getMany();
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) expect((await storedData(o.number)).slice(0, 19)).toBe(formatWarsaw(o.orderedAt));
  });
});

describe('the integration tables hold UTC', () => {
  test("a shop's createdAt and updatedAt are the instants of its creation and change", async () => {
    const before = Date.now();
    const created = await app.gql(`mutation { createShop(input: { name: "Sklep czasu", apiUrl: "https://czas.example.com", apiKey: "idosell-secret-key-ABCDEF-123456", saveWithoutTest: true }) {
      id createdAt updatedAt } }`);
    expect(created.errors).toBeUndefined();
    const after = Date.now();
    const { id, createdAt, updatedAt } = created.data.createShop;
    for (const t of [createdAt, updatedAt]) {
      expect(Date.parse(t)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(t)).toBeLessThanOrEqual(after);
    }
    const changed = await app.gql(`mutation($id: ID!) { updateShop(id: $id, input: { active: false }) { createdAt updatedAt } }`, { id });
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateShop.createdAt).toBe(createdAt);
    expect(Date.parse(changed.data.updateShop.updatedAt)).toBeGreaterThanOrEqual(after);
    expect(Date.parse(changed.data.updateShop.updatedAt)).toBeLessThanOrEqual(Date.now());
    const row = await app.services.ds.getRepository(ShopEntity).findOneByOrFail({ id: Number(id) });
    expect(row.updatedAt.toISOString()).toBe(changed.data.updateShop.updatedAt);
  });
});
