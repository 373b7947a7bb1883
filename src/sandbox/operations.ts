/**
 * The sandbox's Admin API v6 operations: what each one reads, changes in the state and answers.
 * Shapes follow IdoSell's published response schemas (the server checks every answer against
 * them). Requests reach these handlers only after the strict schema validation passed.
 *
 * Quirks reproduced on purpose:
 * - search operations answer 207 with `errors.faultCode = 2` and no result list when nothing is
 *   found (also when `resultsPage` is past the last page); `resultsNumberPage` counts PAGES.
 * - the order search lists orders under `Results` (capital R), the product search under `results`.
 * - batch operations answer per item; any item fault turns the answer into a 207.
 * - a product's `productIndex` is "one of the unique codes": productId, the IAI size code
 *   `<productId>-<sizeId>`, the size's external code or its producer code.
 * Filters of the search operations that the sandbox does not implement are refused with a 422
 * naming them (a real shop would apply them; silently ignoring them would mislead a test).
 *
 * This file is the table of operations (permission module, batch items, handler); the handlers
 * live by resource: products.ts, stock-images.ts, orders.ts, system.ts (shared parts: handlers.ts).
 */
import { putOrders, searchOrders } from './orders.js';
import { getProducts, searchProducts, writeProducts } from './products.js';
import { putImages, putStock } from './stock-images.js';
import { paymentForms, serverLoad, shopsData } from './system.js';
import type { OperationAnswer, OperationContext, Params } from './handlers.js';

export interface OperationDef {
  /** IdoSell permission module the key needs. */
  scope: 'products' | 'orders' | 'payments' | 'system';
  access: 'r' | 'w';
  /** The batch items of a request (counted, capped at MAX_ITEMS, targeted by item faults). */
  items?: (params: Params) => { path: string; list: unknown[] | undefined };
  handle: (ctx: OperationContext, query: Record<string, string>, params: Params) => OperationAnswer;
}

const productsItems = (params: Params): { path: string; list: unknown[] | undefined } => ({ path: 'params.products', list: params.products as unknown[] | undefined });

/** Operations the sandbox implements, keyed "METHOD /path" (path after /api/admin/v6). */
export const OPERATIONS: Record<string, OperationDef> = {
  'PUT /products/products': { scope: 'products', access: 'w', items: productsItems, handle: (ctx, _q, p) => writeProducts(ctx, p, 'put') },
  'POST /products/products': { scope: 'products', access: 'w', items: productsItems, handle: (ctx, _q, p) => writeProducts(ctx, p, 'post') },
  'POST /products/products/search': { scope: 'products', access: 'r', handle: (ctx, _q, p) => searchProducts(ctx, p) },
  'GET /products/products': { scope: 'products', access: 'r', handle: (ctx, q) => getProducts(ctx, q) },
  'PUT /products/stockQuantity': { scope: 'products', access: 'w', items: productsItems, handle: (ctx, _q, p) => putStock(ctx, p) },
  'PUT /products/images': {
    scope: 'products',
    access: 'w',
    items: (p) => ({ path: 'params.productsImages', list: p.productsImages as unknown[] | undefined }),
    handle: (ctx, _q, p) => putImages(ctx, p),
  },
  'POST /orders/orders/search': { scope: 'orders', access: 'r', handle: (ctx, _q, p) => searchOrders(ctx, p) },
  'PUT /orders/orders': { scope: 'orders', access: 'w', items: (p) => ({ path: 'params.orders', list: p.orders as unknown[] | undefined }), handle: (ctx, _q, p) => putOrders(ctx, p) },
  'GET /payments/forms': { scope: 'payments', access: 'r', handle: (ctx, q) => paymentForms(ctx, q) },
  'GET /system/shopsData': { scope: 'system', access: 'r', handle: (ctx) => shopsData(ctx) },
  'GET /system/serverLoad': { scope: 'system', access: 'r', handle: (ctx) => serverLoad(ctx) },
};
