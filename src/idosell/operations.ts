/**
 * Every IdoSell call the connector makes, with whether it is safe to send again when its answer
 * is lost. The README's table is this list.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Operation {
  /** A short name for logs and messages. */
  name: string;
  method: HttpMethod;
  /** The path after /api/admin/v6. */
  path: string;
  /** Repeating it after a lost answer cannot do harm (reads, absolute writes, edits by id). */
  safeToRetry: boolean;
  /** A search: faultCode 2 in the answer means "nothing found". */
  search?: boolean;
}

export const OPS = {
  productsAdd: { name: 'product create (PUT /products/products, add)', method: 'PUT', path: '/products/products', safeToRetry: false },
  productsEdit: { name: 'product update (PUT /products/products, edit)', method: 'PUT', path: '/products/products', safeToRetry: true },
  productsSearch: { name: 'product search (POST /products/products/search)', method: 'POST', path: '/products/products/search', safeToRetry: true, search: true },
  stockQuantity: { name: 'stock update (PUT /products/stockQuantity)', method: 'PUT', path: '/products/stockQuantity', safeToRetry: true },
  productsImages: { name: 'picture upload (PUT /products/images)', method: 'PUT', path: '/products/images', safeToRetry: true },
  ordersSearch: { name: 'order search (POST /orders/orders/search)', method: 'POST', path: '/orders/orders/search', safeToRetry: true, search: true },
  ordersPut: { name: 'order status update (PUT /orders/orders)', method: 'PUT', path: '/orders/orders', safeToRetry: true },
  paymentForms: { name: 'payment forms (GET /payments/forms)', method: 'GET', path: '/payments/forms', safeToRetry: true },
  shopsData: { name: 'shop data (GET /system/shopsData)', method: 'GET', path: '/system/shopsData', safeToRetry: true },
} as const satisfies Record<string, Operation>;
