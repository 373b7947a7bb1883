/** The IdoSell connector's public surface. */
export { IdosellClient, resolveBaseUrl, MAX_IMAGE_CHARS_PER_CALL } from './client.js';
export type {
  ShopConnection,
  IdosellClientOptions,
  RequestHook,
  RequestParts,
  ProductUpsertResult,
  StockUpdate,
  ImagesUpdate,
  StatusUpdate,
  OrdersQuery,
  PaymentForm,
  ShopsInfo,
  ServerLoad,
} from './client.js';
export type { ProductUpsert, ProductPrices } from './products.js';
export { PRICE_FIELDS, IDOSELL_PRICE_FIELDS, type IdosellPriceFieldName } from './products.js';
export type { IdosellOrder, IdosellOrderLine, IdosellAddress } from './orders.js';
export { IDOSELL_ORDER_STATUSES, type IdosellOrderStatus } from './orders.js';
export { callError, type ItemResult } from './results.js';
export * from './errors.js';
export { OPS, type Operation } from './operations.js';
export { formatWarsaw, parseWarsaw, SHOP_TIME_ZONE } from './warsaw-time.js';
export { decodeXError } from './x-error.js';
export { MAX_ITEMS_PER_CALL } from './batching.js';
