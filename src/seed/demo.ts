/**
 * The demo ISOF content: a Polish shop's catalogue (products with prices in three price types,
 * stock in three warehouses, some pictures), customers, payment methods, order statuses and a
 * month or two of orders entered in ISOF. Used by the embedded default (SEED_DEMO), the sandbox,
 * the tests and the benchmarks.
 *
 * Deterministic: the same `seed` (and `now`) gives the same rows. Seeds only into an empty ISOF
 * product table, in one transaction, with multi-row INSERTs sized by `rowsPerInsert` so that no
 * statement passes SQL Server's 1,000-row / 2,100-parameter limits.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';
import { chunk, rowsPerInsert } from '../common/chunk.js';
import { isUniqueViolation } from '../common/errors.js';
import { fromGrosze, grossFromNet, multiply, sum } from '../common/money.js';
import {
  IsofCustomer, IsofOrder, IsofOrderLine, IsofOrderStatus, IsofPaymentMethod, IsofPrice, IsofPriceType,
  IsofProduct, IsofStock, IsofWarehouse, ISOF_TABLES,
} from '../isof/entities.js';
import {
  DEMO_ORDER_STATUSES, DEMO_PAYMENT_METHODS, DEMO_PRICE_TYPES, DEMO_WAREHOUSES, lineQuantity, orderStatusFor, planCustomers,
  planProducts, stockQuantity,
} from './demo-plan.js';
import { ORDER_NOTES } from './people-words.js';
import { Prng } from '../common/prng.js';
import { zonedWallClock } from '../common/zoned-time.js';
import { isofTimeZone } from '../isof/isof-time.js';

export { demoProductCode, DEMO_ORDER_STATUSES, DEMO_PAYMENT_METHODS, DEMO_PRICE_TYPES, DEMO_WAREHOUSES } from './demo-plan.js';

export interface SeedOptions {
  /** Products TOW-00001 .. (default 600). */
  products?: number;
  /** Orders entered in ISOF (default 30). */
  isofOrders?: number;
  /** Customers (default 80). */
  customers?: number;
  /** Give about one product in five a picture (default true). */
  pictures?: boolean;
  /** The PRNG seed (default 20260101). */
  seed?: number;
  /** "Today" for the orders' dates, which fall in the 60 days before it (default: the current time). */
  now?: Date;
}

export interface SeedResult {
  seeded: boolean;
  products: number;
  inactiveProducts: number;
  pictures: number;
  warehouses: number;
  stockRows: number;
  priceTypes: number;
  prices: number;
  customers: number;
  paymentMethods: number;
  orderStatuses: number;
  isofOrders: number;
  orderLines: number;
}

const EMPTY: SeedResult = {
  seeded: false, products: 0, inactiveProducts: 0, pictures: 0, warehouses: 0, stockRows: 0, priceTypes: 0,
  prices: 0, customers: 0, paymentMethods: 0, orderStatuses: 0, isofOrders: 0, orderLines: 0,
};

/** True when ISOF's product table has no row. */
export async function isIsofEmpty(ds: DataSource | EntityManager): Promise<boolean> {
  return !(await ds.getRepository(IsofProduct).exists());
}

function wholeNumber(name: string, value: number | undefined, def: number, max: number): number {
  const v = value ?? def;
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new RangeError(`Seed option ${name} must be a whole number from 0 to ${max}, got ${String(value)}.`);
  }
  return v;
}

/** Multi-row INSERTs within SQL Server's limits; no entity is reloaded. */
async function insertChunked<E extends ObjectLiteral>(m: EntityManager, entity: EntityTarget<E>, rows: Array<Partial<E>>): Promise<void> {
  if (rows.length === 0) return;
  const columns = m.connection.getMetadata(entity).columns.filter((c) => !c.isGenerated).length;
  for (const part of chunk(rows, rowsPerInsert(columns))) {
    await m.createQueryBuilder().insert().into(entity).values(part as QueryDeepPartialEntity<E>[]).updateEntity(false).execute();
  }
}

/** Inserts the lookup rows whose key is not there yet; returns key -> id of all of them. */
async function ensureLookup<E extends ObjectLiteral & { id: number }>(
  m: EntityManager, entity: EntityTarget<E>, keyOf: (row: Partial<E>) => string, rows: Array<Partial<E>>,
): Promise<{ ids: Map<string, number>; inserted: number }> {
  const existing = await m.getRepository(entity).find();
  const have = new Set(existing.map((e) => keyOf(e)));
  const missing = rows.filter((r) => !have.has(keyOf(r)));
  await insertChunked(m, entity, missing);
  const all = missing.length ? await m.getRepository(entity).find() : existing;
  return { ids: new Map(all.map((e) => [keyOf(e), e.id])), inserted: missing.length };
}

/** Seeds the demo ISOF content when ISOF's product table is empty; otherwise does nothing. */
export async function seedDemoIsof(ds: DataSource, opts: SeedOptions = {}): Promise<SeedResult> {
  const productCount = wholeNumber('products', opts.products, 600, 1_000_000);
  const orderCount = wholeNumber('isofOrders', opts.isofOrders, 30, 100_000);
  const customerCount = wholeNumber('customers', opts.customers, 80, 1_000_000);
  const withPictures = opts.pictures ?? true;
  const rng = new Prng(opts.seed ?? 20260101);
  const now = opts.now ?? new Date();

  const qr = ds.createQueryRunner();
  let migrated: boolean;
  try {
    migrated = await qr.hasTable(ISOF_TABLES.product);
  } finally {
    await qr.release();
  }
  if (!migrated) {
    throw new Error(`The ISOF table ${ISOF_TABLES.product} does not exist, so there is nowhere to seed the demo data: run "npm run migrate" first.`);
  }
  if (!(await isIsofEmpty(ds))) return { ...EMPTY };

  const products = planProducts(rng, productCount, withPictures);
  const customers = planCustomers(rng, customerCount);

  try {
    return await ds.transaction(async (m) => {
      if (!(await isIsofEmpty(m))) return { ...EMPTY };
      const result: SeedResult = { ...EMPTY, seeded: true };

      // Lookups, each inserted only when missing (matched by name / symbol).
      const warehouses = await ensureLookup(m, IsofWarehouse, (w) => w.code!, DEMO_WAREHOUSES.map((w) => ({ ...w })));
      const priceTypes = await ensureLookup(m, IsofPriceType, (p) => p.name!, DEMO_PRICE_TYPES.map((p) => ({ ...p })));
      const payments = await ensureLookup(m, IsofPaymentMethod, (p) => p.name!, DEMO_PAYMENT_METHODS.map((name) => ({ name })));
      const statuses = await ensureLookup(m, IsofOrderStatus, (s) => s.name!, DEMO_ORDER_STATUSES.map((name, i) => ({ name, sortOrder: i + 1 })));
      result.warehouses = warehouses.inserted;
      result.priceTypes = priceTypes.inserted;
      result.paymentMethods = payments.inserted;
      result.orderStatuses = statuses.inserted;

      // Products.
      await insertChunked(m, IsofProduct, products.map((p) => ({
        code: p.code, name: p.name, description: p.description, vatRate: p.vatRate, unit: p.unit, active: p.active,
        ...(p.picture ? { picture: p.picture } : {}),
      })));
      const idRows: Array<{ id: number; code: string }> = await m.getRepository(IsofProduct).createQueryBuilder('p')
        .select('p.id', 'id').addSelect('p.code', 'code').getRawMany();
      const productId = new Map(idRows.map((r) => [r.code, Number(r.id)]));
      result.products = products.length;
      result.inactiveProducts = products.filter((p) => !p.active).length;
      result.pictures = products.filter((p) => p.picture).length;

      // Prices: retail for every product, wholesale and online for most.
      const retailId = priceTypes.ids.get('Detaliczna')!;
      const wholesaleId = priceTypes.ids.get('Hurtowa')!;
      const onlineId = priceTypes.ids.get('Internetowa')!;
      const prices: Array<Partial<IsofPrice>> = [];
      const price = (productIdValue: number, priceTypeId: number, netGrosze: number, vat: number) => {
        const net = fromGrosze(netGrosze);
        prices.push({ productId: productIdValue, priceTypeId, net, gross: grossFromNet(net, vat), currency: 'PLN' });
      };
      for (const p of products) {
        const id = productId.get(p.code)!;
        price(id, retailId, p.retailNet, p.vatRate);
        if (p.vatRate === 0) {
          price(id, wholesaleId, p.retailNet, 0);
          continue;
        }
        if (rng.chance(0.95)) price(id, wholesaleId, Math.round(p.retailNet * (0.78 + rng.next() * 0.12)), p.vatRate);
        if (rng.chance(0.9)) price(id, onlineId, Math.round(p.retailNet * 0.95), p.vatRate);
      }
      await insertChunked(m, IsofPrice, prices);
      result.prices = prices.length;

      // Stock: the main warehouse holds nearly everything, the others part of the range.
      const stock: Array<Partial<IsofStock>> = [];
      const share: Record<string, number> = { 'MAG-GL': 0.97, 'MAG-WAW': 0.65, 'MAG-KRK': 0.45 };
      for (const p of products) {
        for (const w of DEMO_WAREHOUSES) {
          if (!rng.chance(share[w.code])) continue;
          stock.push({
            productId: productId.get(p.code)!,
            warehouseId: warehouses.ids.get(w.code)!,
            quantity: p.active ? stockQuantity(rng, p.unit) : 0,
          });
        }
      }
      await insertChunked(m, IsofStock, stock);
      result.stockRows = stock.length;

      // Customers, found again by their (unique) e-mail among the rows added now.
      const before = await m.getRepository(IsofCustomer).createQueryBuilder('c').select('MAX(c.id)', 'max').getRawOne<{ max: number | null }>();
      const maxBefore = Number(before?.max ?? 0);
      await insertChunked(m, IsofCustomer, customers);
      const customerRows: Array<{ id: number; email: string }> = await m.getRepository(IsofCustomer).createQueryBuilder('c')
        .select('c.id', 'id').addSelect('c.email', 'email').where('c.id > :maxBefore', { maxBefore }).getRawMany();
      const customerIds = customerRows.map((r) => Number(r.id));
      result.customers = customers.length;

      // Orders entered in ISOF over the last 60 days; only into an empty order table, so that
      // their numbers cannot collide with ISOF's own.
      const activeProducts = products.filter((p) => p.active);
      const ordersExist = await m.getRepository(IsofOrder).exists();
      if (!ordersExist && orderCount > 0 && activeProducts.length > 0 && customerIds.length > 0) {
        const dates = Array.from({ length: orderCount }, () => {
          const d = new Date(now.getTime() - rng.int(0, 60 * 24 * 3600) * 1000);
          d.setUTCMilliseconds(0);
          return d;
        }).sort((a, b) => a.getTime() - b.getTime());
        const perMonth = new Map<string, number>();
        const orders: Array<Partial<IsofOrder>> = [];
        const linesByNumber = new Map<string, Array<Partial<IsofOrderLine>>>();
        for (const orderedAt of dates) {
          // Numbered by ISOF's own calendar (DATA holds its wall-clock time), not by UTC's.
          const wall = zonedWallClock(orderedAt, isofTimeZone());
          const ym = `${wall.year}/${String(wall.month).padStart(2, '0')}`;
          const seq = (perMonth.get(ym) ?? 0) + 1;
          perMonth.set(ym, seq);
          const number = `ZK/${ym}/${String(seq).padStart(4, '0')}`;

          const picked = new Set<number>();
          const lineCount = rng.int(1, Math.min(5, activeProducts.length));
          while (picked.size < lineCount) picked.add(rng.int(0, activeProducts.length - 1));
          const lines: Array<Partial<IsofOrderLine>> = [];
          const lineNets: string[] = [];
          const lineGrosses: string[] = [];
          let lineNo = 0;
          for (const index of picked) {
            const p = activeProducts[index];
            const quantity = lineQuantity(rng, p.unit);
            const unitNet = fromGrosze(p.retailNet);
            const unitGross = grossFromNet(unitNet, p.vatRate);
            lineNets.push(multiply(unitNet, quantity));
            lineGrosses.push(multiply(unitGross, quantity));
            lines.push({
              lineNo: ++lineNo, productId: productId.get(p.code)!, code: p.code, name: p.name, quantity,
              unitPriceNet: unitNet, unitPriceGross: unitGross, vatRate: p.vatRate, foreign: false,
            });
          }
          const ageDays = (now.getTime() - orderedAt.getTime()) / (24 * 3600 * 1000);
          orders.push({
            number,
            orderedAt,
            customerId: rng.pick(customerIds),
            paymentMethodId: payments.ids.get(rng.weighted([
              ['Przelew', 4], ['Za pobraniem', 2], ['Karta płatnicza', 3], ['BLIK', 4], ['Gotówka', 1],
            ] as const))!,
            statusId: statuses.ids.get(orderStatusFor(rng, ageDays))!,
            totalNet: sum(lineNets),
            totalGross: sum(lineGrosses),
            currency: 'PLN',
            notes: rng.chance(0.3) ? rng.pick(ORDER_NOTES) : null,
          });
          linesByNumber.set(number, lines);
        }
        await insertChunked(m, IsofOrder, orders);
        const orderRows: Array<{ id: number; number: string }> = await m.getRepository(IsofOrder).createQueryBuilder('o')
          .select('o.id', 'id').addSelect('o.number', 'number').getRawMany();
        const allLines: Array<Partial<IsofOrderLine>> = [];
        for (const row of orderRows) {
          for (const line of linesByNumber.get(row.number) ?? []) allLines.push({ ...line, orderId: Number(row.id) });
        }
        await insertChunked(m, IsofOrderLine, allLines);
        result.isofOrders = orders.length;
        result.orderLines = allLines.length;
      }
      return result;
    });
  } catch (err) {
    // Another process seeded at the same moment: its data stands, ours is rolled back.
    if (isUniqueViolation(err) && !(await isIsofEmpty(ds))) return { ...EMPTY };
    throw err;
  }
}
