/** The IdoSell connector's public surface. */
export { IdosellClient } from './client.js';
export type { ShopConnection, IdosellClientOptions, RequestHook, RequestParts, CallSignals } from './transport.js';
export { resolveBaseUrl } from './address.js';
export { MAX_IMAGE_CHARS_PER_CALL, type ImagesUpdate } from './images.js';
export type { StockUpdate } from './stock.js';
export type { PaymentForm, ShopsInfo } from './system.js';
export type { ProductUpsert, ProductPrices, ProductUpsertResult, ShopProductCodes } from './products.js';
export { PRICE_FIELDS, IDOSELL_PRICE_FIELDS, type IdosellPriceFieldName } from './products.js';
export type { IdosellOrder, IdosellOrderLine, IdosellAddress, OrdersQuery, StatusUpdate } from './orders.js';
export { IDOSELL_ORDER_STATUSES, type IdosellOrderStatus } from './orders.js';
export { callError, type ItemResult } from './results.js';
export * from './errors.js';
export { OPS, type Operation } from './operations.js';
export { formatWarsaw, parseWarsaw, SHOP_TIME_ZONE } from './warsaw-time.js';
export { decodeXError } from './x-error.js';
export { MAX_ITEMS_PER_CALL } from './batching.js';
