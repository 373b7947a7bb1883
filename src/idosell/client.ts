/**
 * The IdoSell Admin API v6 connector's front: one client per shop, one method per thing the
 * services do with a shop. Each method hands its transport (transport.ts: the one choke point of
 * every request, retries, limits and stop signals) to the resource file that builds the body and
 * reads the answer (products.ts, stock.ts, images.ts, orders.ts, system.ts).
 */
import type { IdosellClientConfig } from '../config.js';
import { putImages, type ImagesUpdate } from './images.js';
import { searchOrders, setOrderStatuses, type IdosellOrder, type OrdersQuery, type StatusUpdate } from './orders.js';
import { findProductsByCodes, readShopProductCodes, upsertProducts, type ProductUpsert, type ProductUpsertResult, type ShopProductCodes } from './products.js';
import type { ItemResult } from './results.js';
import { setStock, type StockUpdate } from './stock.js';
import { paymentForms, shopsData, type PaymentForm, type ShopsInfo } from './system.js';
import { Transport, type CallSignals, type IdosellClientOptions, type ShopConnection } from './transport.js';

/** The types of the constructor and withSignals, next to the class (the rest: index.ts). */
export type { CallSignals, IdosellClientOptions, ShopConnection } from './transport.js';

export class IdosellClient {
  readonly baseUrl: string;
  readonly shopName: string;
  private readonly t: Transport;

  /** Throws IdosellConfigError for an address or key that cannot be used. */
  constructor(shop: ShopConnection, config: IdosellClientConfig, opts: IdosellClientOptions = {}) {
    this.t = new Transport(shop, config, opts);
    this.baseUrl = this.t.baseUrl;
    this.shopName = this.t.shopName;
  }

  /**
   * This client bound to a run's signals: the same shop, settings, limiter and HTTP agent, but
   * every call checks `stop` before it starts and passes `abort` to the request.
   */
  withSignals(signals: CallSignals): IdosellClient {
    const bound = Object.create(this) as IdosellClient;
    Object.defineProperty(bound, 't', { value: this.t.withSignals(signals), enumerable: false });
    return bound;
  }

  /** Creates or edits products (see products.ts), per item in the caller's order. */
  upsertProducts(items: ProductUpsert[], opts: { lookupBeforeCreate?: boolean } = {}): Promise<ProductUpsertResult[]> {
    return upsertProducts(this.t, items, opts);
  }

  /** The IdoSell product ids carrying each code (more than one: a conflict in the shop); unknown codes are left out. */
  findProductsByCodes(codes: string[]): Promise<Map<string, number[]>> {
    return findProductsByCodes(this.t, codes);
  }

  /** The shop's whole product base as ids and codes, read in pages of 100. */
  readShopProductCodes(): Promise<ShopProductCodes[]> {
    return readShopProductCodes(this.t);
  }

  setStock(items: StockUpdate[]): Promise<ItemResult<void>[]> {
    return setStock(this.t, items);
  }

  putImages(items: ImagesUpdate[]): Promise<ItemResult<void>[]> {
    return putImages(this.t, items);
  }

  searchOrders(query: OrdersQuery): Promise<IdosellOrder[]> {
    return searchOrders(this.t, query);
  }

  setOrderStatuses(items: StatusUpdate[]): Promise<ItemResult<void>[]> {
    return setOrderStatuses(this.t, items);
  }

  paymentForms(): Promise<PaymentForm[]> {
    return paymentForms(this.t);
  }

  shopsData(): Promise<ShopsInfo> {
    return shopsData(this.t);
  }
}
