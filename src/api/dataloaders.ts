/**
 * Per-request DataLoaders: built in the context function for every request, never shared across
 * requests (a loader made once would share its cache across callers). Batches are capped so that
 * an IN (...) list stays far below SQL Server's 2,100 parameters.
 */
import DataLoader from 'dataloader';
import type { Services } from '../services.js';
import type {
  IsofCustomer, IsofOrder, IsofOrderLine, IsofOrderStatus, IsofPaymentMethod, IsofPrice, IsofPriceType,
  IsofProduct, IsofStock, IsofWarehouse,
} from '../isof/entities.js';
import type { ProductExportEntity } from '../products/product-export.entity.js';
import type { OrderImportEntity } from '../orders/order-import.entity.js';
import type { ShopEntity } from '../shops/shop.entity.js';
import type { PaymentMethodMappingEntity, PriceMappingEntity, StatusMappingEntity } from '../mappings/mapping.entities.js';
import type { ItemsKey } from '../sync-runs/sync-run.service.js';
import type { SyncKindName, SyncRunEntity, SyncRunItemEntity } from '../sync-runs/sync-run.entities.js';
import type { Page } from '../common/pagination.js';

const MAX_BATCH = 1000;

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function many<T>(fetch: (ids: readonly number[]) => Promise<T[]>, key: (row: T) => number) {
  return new DataLoader<number, T[]>(async (ids) => {
    const grouped = groupBy(await fetch(ids), key);
    return ids.map((id) => grouped.get(id) ?? []);
  }, { maxBatchSize: MAX_BATCH });
}

function one<T>(fetch: (ids: readonly number[]) => Promise<T[]>, key: (row: T) => number) {
  return new DataLoader<number, T | null>(async (ids) => {
    const byId = new Map((await fetch(ids)).map((r) => [key(r), r]));
    return ids.map((id) => byId.get(id) ?? null);
  }, { maxBatchSize: MAX_BATCH });
}

/** A whole small table, read once per request and indexed by id. */
function table<T extends { id: number }>(fetch: () => Promise<T[]>) {
  let pending: Promise<Map<number, T>> | null = null;
  const all = () => (pending ??= fetch().then((rows) => new Map(rows.map((r) => [r.id, r]))));
  return { all: async () => [...(await all()).values()], get: async (id: number) => (await all()).get(id) ?? null };
}

export function createLoaders(s: Services) {
  return {
    product: one<IsofProduct>((ids) => s.catalog.productsByIds(ids), (p) => p.id),
    hasImage: new DataLoader<number, boolean>(async (ids) => {
      const set = await s.catalog.productIdsWithPicture(ids);
      return ids.map((id) => set.has(id));
    }, { maxBatchSize: MAX_BATCH }),
    prices: many<IsofPrice>((ids) => s.catalog.pricesFor(ids), (p) => p.productId),
    stocks: many<IsofStock>((ids) => s.catalog.stocksFor(ids), (p) => p.productId),
    exports: many<ProductExportEntity>((ids) => s.catalog.exportsFor(ids), (e) => e.productId),
    warehouses: table<IsofWarehouse>(() => s.catalog.warehouses()),
    priceTypes: table<IsofPriceType>(() => s.catalog.priceTypes()),
    paymentMethods: table<IsofPaymentMethod>(() => s.orders.paymentMethods()),
    statuses: table<IsofOrderStatus>(() => s.orders.statuses()),
    shop: one<ShopEntity>((ids) => s.shops.byIds(ids), (x) => x.id),
    order: one<IsofOrder>((ids) => s.orders.ordersByIds(ids), (o) => o.id),
    lines: many<IsofOrderLine>((ids) => s.orders.linesFor(ids), (l) => l.orderId),
    customer: one<IsofCustomer>((ids) => s.orders.customersByIds(ids), (c) => c.id),
    importOfOrder: one<OrderImportEntity>((ids) => s.orders.importsForOrders(ids), (i) => i.isofOrderId),
    priceMappings: many<PriceMappingEntity>((ids) => s.mappings.priceMappingsFor(ids), (m) => m.shopId),
    paymentMappings: many<PaymentMethodMappingEntity>((ids) => s.mappings.paymentMappingsFor(ids), (m) => m.shopId),
    statusMappings: many<StatusMappingEntity>((ids) => s.mappings.statusMappingsFor(ids), (m) => m.shopId),
    lastRun: new DataLoader<{ shopId: number; kind: SyncKindName }, SyncRunEntity | null, string>(async (keys) => {
      const map = await s.runs.lastRuns(keys);
      return keys.map((k) => map.get(`${k.shopId}:${k.kind}`) ?? null);
    }, { cacheKeyFn: (k) => `${k.shopId}:${k.kind}`, maxBatchSize: MAX_BATCH }),
    items: new DataLoader<ItemsKey, Page<SyncRunItemEntity>, string>((keys) => s.runs.itemPages(keys), {
      cacheKeyFn: (k) => `${k.runId}|${k.outcome ?? ''}|${k.first}|${k.afterId ?? ''}`,
      maxBatchSize: MAX_BATCH,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
