import zlib from 'node:zlib';
import { grossFromNet, multiply, sum } from '../../src/common/money.js';
import {
  IsofCustomer, IsofOrder, IsofOrderLine, IsofOrderStatus, IsofPaymentMethod, IsofPrice, IsofPriceType,
  IsofProduct, IsofStock, IsofWarehouse,
} from '../../src/isof/entities.js';
import { applyPendingMigrations } from '../../src/migrations/runner.js';
import { isIsofEmpty, seedDemoIsof, type SeedResult } from '../../src/seed/demo.js';
import { crc32 } from '../../src/seed/png.js';
import { zonedWallClock } from '../../src/common/zoned-time.js';
import { isValidNip } from '../../src/seed/people-words.js';
import { openTempDb, type TempDb } from './temp-db.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads a PNG the way a decoder would: signature, chunks with CRCs, IHDR, IDAT size. */
function decodePng(buf: Buffer): { width: number; height: number } {
  expect([...buf.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + length);
    expect(buf.readUInt32BE(offset + 8 + length)).toBe(crc32(buf.subarray(offset + 4, offset + 8 + length)));
    types.push(type);
    if (type === 'IHDR') {
      expect(length).toBe(13);
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      colourType = data[9];
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types[types.length - 1]).toBe('IEND');
  expect(colourType).toBe(2);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (1 + width * 3));
  return { width, height };
}

let db: TempDb;
let result: SeedResult;

beforeAll(async () => {
  db = await openTempDb('isof-seed-');
  await applyPendingMigrations(db.ds);
  expect(await isIsofEmpty(db.ds)).toBe(true);
  result = await seedDemoIsof(db.ds, { now: NOW });
});
afterAll(async () => {
  await db.cleanup();
});

describe('the demo ISOF seed', () => {
  test('seeds 600 products TOW-00001..TOW-00600 in order, with Polish names, units and a few inactive', async () => {
    expect(result.seeded).toBe(true);
    expect(await isIsofEmpty(db.ds)).toBe(false);
    const products = await db.ds.getRepository(IsofProduct).find({ order: { id: 'ASC' } });
    expect(products.length).toBeGreaterThanOrEqual(500);
    expect(products).toHaveLength(600);
    expect(result.products).toBe(600);
    expect(products[0].code).toBe('TOW-00001');
    expect(products[499].code).toBe('TOW-00500');
    expect(products[599].code).toBe('TOW-00600');
    expect(products.every((p, i) => p.code === `TOW-${String(i + 1).padStart(5, '0')}`)).toBe(true);

    const diacritics = /[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]/;
    expect(products.filter((p) => diacritics.test(p.name)).length).toBeGreaterThan(100);
    expect(products.filter((p) => p.description && diacritics.test(p.description)).length).toBeGreaterThan(100);
    expect(new Set(products.map((p) => p.unit))).toEqual(new Set(['szt.', 'kg', 'opak.', 'm']));

    const inactive = products.filter((p) => !p.active).length;
    expect(inactive).toBeGreaterThan(0);
    expect(inactive).toBeLessThan(60);
    expect(inactive).toBe(result.inactiveProducts);
  });

  test('uses the VAT rates 23, 8, 5 and 0, mostly 23', async () => {
    const products = await db.ds.getRepository(IsofProduct).find();
    const rates = new Map<number, number>();
    for (const p of products) rates.set(p.vatRate, (rates.get(p.vatRate) ?? 0) + 1);
    expect(new Set(rates.keys())).toEqual(new Set([23, 8, 5, 0]));
    expect(rates.get(23)!).toBeGreaterThan(products.length / 2);
  });

  test('some products have a real PNG picture', async () => {
    const rows = await db.ds.getRepository(IsofProduct).createQueryBuilder('p')
      .addSelect('p.picture').where('p.picture IS NOT NULL').getMany();
    expect(rows.length).toBe(result.pictures);
    expect(rows.length).toBeGreaterThan(60);
    expect(rows.length).toBeLessThan(200);
    const distinct = new Set<string>();
    for (const row of rows) {
      const png = Buffer.from(row.picture!);
      expect(decodePng(png)).toEqual({ width: 32, height: 32 });
      distinct.add(png.toString('base64'));
    }
    expect(distinct.size).toBeGreaterThan(rows.length / 2);
  });

  test('has 3 warehouses and stock per product per warehouse, with zeros, gaps and decimals for kg', async () => {
    const warehouses = await db.ds.getRepository(IsofWarehouse).find({ order: { id: 'ASC' } });
    expect(warehouses.map((w) => [w.code, w.name])).toEqual([
      ['MAG-GL', 'Magazyn główny'], ['MAG-WAW', 'Magazyn Warszawa'], ['MAG-KRK', 'Sklep Kraków'],
    ]);
    const stock = await db.ds.getRepository(IsofStock).find({ relations: { product: true } });
    expect(stock.length).toBe(result.stockRows);
    expect(stock.length).toBeGreaterThan(600);
    expect(stock.length).toBeLessThan(600 * 3); // some rows are missing
    expect(stock.some((s) => s.quantity === 0)).toBe(true);
    const kg = stock.filter((s) => s.product!.unit === 'kg' && s.quantity > 0);
    expect(kg.some((s) => !Number.isInteger(s.quantity))).toBe(true);
    expect(stock.every((s) => s.quantity >= 0)).toBe(true);
  });

  test('prices: Detaliczna first, then Hurtowa and Internetowa; gross = net at the VAT rate, in PLN', async () => {
    const types = await db.ds.getRepository(IsofPriceType).find({ order: { sortOrder: 'ASC' } });
    expect(types.length).toBeGreaterThanOrEqual(2);
    expect(types.map((t) => t.name)).toEqual(['Detaliczna', 'Hurtowa', 'Internetowa']);
    const prices = await db.ds.getRepository(IsofPrice).find({ relations: { product: true } });
    expect(prices.length).toBe(result.prices);
    const retail = prices.filter((p) => p.priceTypeId === types[0].id);
    expect(retail).toHaveLength(600);
    for (const p of prices) {
      expect(p.net).toMatch(/^\d+\.\d{2}$/);
      expect(p.gross).toBe(grossFromNet(p.net, p.product!.vatRate));
      expect(p.currency).toBe('PLN');
      expect(Number(p.net)).toBeGreaterThan(0);
    }
    const wholesale = new Map(prices.filter((p) => p.priceTypeId === types[1].id).map((p) => [p.productId, p]));
    for (const r of retail) {
      const w = wholesale.get(r.productId);
      if (w) expect(Number(w.net)).toBeLessThanOrEqual(Number(r.net));
    }
  });

  test('customers: 80, Polish names, unique e-mails, valid NIPs for companies, addresses with NN-NNN codes', async () => {
    const customers = await db.ds.getRepository(IsofCustomer).find();
    expect(customers).toHaveLength(80);
    expect(new Set(customers.map((c) => c.email)).size).toBe(80);
    for (const c of customers) {
      expect(c.email).toMatch(/^[a-z0-9.-]+@[a-z0-9.-]+\.[a-z]+$/);
      expect(c.postalCode).toMatch(/^\d{2}-\d{3}$/);
      expect(c.deliveryPostalCode).toMatch(/^\d{2}-\d{3}$/);
      expect(c.city).toBeTruthy();
      expect(c.street).toBeTruthy();
      expect(c.deliveryStreet).toBeTruthy();
      expect(c.country).toBe('PL');
      if (c.taxId !== null) expect(isValidNip(c.taxId)).toBe(true);
    }
    const companies = customers.filter((c) => c.taxId !== null);
    expect(companies.length).toBeGreaterThan(10);
    expect(companies.length).toBeLessThan(70);
    expect(customers.some((c) => /[ąćęłńóśźżŁŚŻ]/.test(c.name))).toBe(true);
    expect(customers.some((c) => c.deliveryStreet !== c.street)).toBe(true);
  });

  test('payment methods and order statuses (first status is "Nowe")', async () => {
    const methods = (await db.ds.getRepository(IsofPaymentMethod).find()).map((m) => m.name);
    for (const name of ['Przelew', 'Za pobraniem', 'Karta płatnicza', 'BLIK', 'Gotówka']) expect(methods).toContain(name);
    const statuses = await db.ds.getRepository(IsofOrderStatus).find({ order: { sortOrder: 'ASC' } });
    expect(statuses.map((s) => s.name)).toEqual(['Nowe', 'W realizacji', 'Gotowe do wysyłki', 'Wysłane', 'Zrealizowane', 'Anulowane']);
  });

  test('30 ISOF orders over the last 60 days, numbered ZK/YYYY/MM/NNNN, with 1-5 lines and consistent totals', async () => {
    const orders = await db.ds.getRepository(IsofOrder).find({ relations: { lines: true, customer: true, paymentMethod: true, status: true } });
    expect(orders).toHaveLength(30);
    expect(result.isofOrders).toBe(30);
    const lineCount = await db.ds.getRepository(IsofOrderLine).count();
    expect(lineCount).toBe(result.orderLines);
    const sixtyDaysAgo = NOW.getTime() - 60 * 24 * 3600 * 1000;
    for (const o of orders) {
      expect(o.number).toMatch(/^ZK\/\d{4}\/\d{2}\/\d{4}$/);
      const [, year, month] = o.number.split('/');
      // ISOF's calendar (Europe/Warsaw by default), as DATA holds it.
      const wall = zonedWallClock(o.orderedAt, 'Europe/Warsaw');
      expect(Number(year)).toBe(wall.year);
      expect(Number(month)).toBe(wall.month);
      expect(o.orderedAt.getTime()).toBeGreaterThanOrEqual(sixtyDaysAgo);
      expect(o.orderedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(o.customer).toBeTruthy();
      expect(o.paymentMethod).toBeTruthy();
      expect(o.status).toBeTruthy();
      expect(o.lines!.length).toBeGreaterThanOrEqual(1);
      expect(o.lines!.length).toBeLessThanOrEqual(5);
      expect(o.totalGross).toBe(sum(o.lines!.map((l) => multiply(l.unitPriceGross, l.quantity))));
      expect(o.totalNet).toBe(sum(o.lines!.map((l) => multiply(l.unitPriceNet, l.quantity))));
      for (const l of o.lines!) {
        expect(l.unitPriceGross).toBe(grossFromNet(l.unitPriceNet, l.vatRate));
        expect(l.code).toMatch(/^TOW-\d{5}$/);
        expect(l.productId).not.toBeNull();
        expect(l.foreign).toBe(false);
      }
    }
    // Lines carry the product's own code and name.
    const line = orders[0].lines![0];
    const product = await db.ds.getRepository(IsofProduct).findOneByOrFail({ id: line.productId! });
    expect([line.code, line.name]).toEqual([product.code, product.name]);
    expect(new Set(orders.map((o) => o.number)).size).toBe(30);
    expect(new Set(orders.map((o) => o.status!.name)).size).toBeGreaterThan(1);
  });

  test('a second call seeds nothing', async () => {
    const again = await seedDemoIsof(db.ds, { now: NOW });
    expect(again.seeded).toBe(false);
    expect(again.products).toBe(0);
    expect(await db.ds.getRepository(IsofProduct).count()).toBe(600);
    expect(await db.ds.getRepository(IsofOrder).count()).toBe(30);
    expect(await db.ds.getRepository(IsofCustomer).count()).toBe(80);
  });
});

describe('seed options', () => {
  test('the same seed gives the same data; pictures can be turned off', async () => {
    const a = await openTempDb('isof-seed-a-');
    const b = await openTempDb('isof-seed-b-');
    try {
      await applyPendingMigrations(a.ds);
      await applyPendingMigrations(b.ds);
      const ra = await seedDemoIsof(a.ds, { products: 40, customers: 5, isofOrders: 4, seed: 7, now: NOW });
      const rb = await seedDemoIsof(b.ds, { products: 40, customers: 5, isofOrders: 4, seed: 7, now: NOW, pictures: false });
      expect(ra.products).toBe(40);
      expect(ra.pictures).toBeGreaterThan(0);
      expect(rb.pictures).toBe(0);
      const withPicture = await b.ds.getRepository(IsofProduct).createQueryBuilder('p').where('p.picture IS NOT NULL').getCount();
      expect(withPicture).toBe(0);
      const names = async (t: TempDb) => (await t.ds.getRepository(IsofProduct).find({ order: { id: 'ASC' } })).map((p) => p.name);
      expect(await names(a)).toEqual(await names(b));
      const numbers = async (t: TempDb) => (await t.ds.getRepository(IsofOrder).find({ order: { id: 'ASC' } })).map((o) => [o.number, o.totalGross]);
      expect(await numbers(a)).toEqual(await numbers(b));
      expect(await a.ds.getRepository(IsofOrder).count()).toBe(4);
    } finally {
      await a.cleanup();
      await b.cleanup();
    }
  });

  test('an unmigrated database is refused with a sentence that says what to run', async () => {
    const t = await openTempDb('isof-seed-unmigrated-');
    try {
      await expect(seedDemoIsof(t.ds)).rejects.toThrow('The ISOF table TOWARY does not exist, so there is nowhere to seed the demo data: run "npm run migrate" first.');
    } finally {
      await t.cleanup();
    }
  });

  test('a bad option is refused with a sentence', async () => {
    const t = await openTempDb('isof-seed-bad-');
    try {
      await applyPendingMigrations(t.ds);
      await expect(seedDemoIsof(t.ds, { products: -1 })).rejects.toThrow('Seed option products must be a whole number from 0 to 1000000, got -1.');
      expect(await isIsofEmpty(t.ds)).toBe(true);
    } finally {
      await t.cleanup();
    }
  });
});
