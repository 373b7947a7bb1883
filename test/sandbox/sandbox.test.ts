import { validateResponse } from '../../src/idosell/openapi/validator.js';
import { DEFAULT_API_KEY, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { decodeXError } from '../../src/idosell/x-error.js';
import { DEMO_ORDER_COUNT } from '../../src/sandbox/state.js';

const NOW = new Date('2025-06-15T10:00:00Z');
const KEY = 'test-key-full';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(sb: Sandbox, method: string, path: string, opts: { body?: unknown; key?: string | null; query?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (opts.key !== null) headers['X-API-KEY'] = opts.key ?? KEY;
  const res = await fetch(`${sb.url}${path}${opts.query ? `?${opts.query}` : ''}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

function expectSchemaValid(method: string, path: string, a: Answer): void {
  expect(validateResponse(method, path, a.status, a.body)).toEqual([]);
}

function product(code: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    productDisplayedCode: code,
    productSizeCodeExternal: code,
    productVat: 23,
    productVatFree: 'n',
    productRetailPrice: 99.99,
    productNames: { productNamesLangData: [{ langId: 'pol', productName: `Wiertarka ${code}` }] },
    productSizes: [{ sizeId: 'uniw', productStocksData: { productStocksQuantities: [{ stockId: 1, productSizeQuantity: 7 }] } }],
    ...extra,
  };
}

describe('IdoSell sandbox over HTTP', () => {
  let sb: Sandbox;

  beforeEach(async () => {
    sb = await startSandbox({
      demo: true,
      now: () => NOW,
      keys: [
        { key: KEY, scopes: ['products:rw', 'orders:rw', 'payments:r', 'system:r'] },
        { key: 'read-only-key', scopes: ['products:r', 'orders:r'] },
      ],
    });
  });
  afterEach(async () => {
    await sb.close();
  });

  describe('authentication', () => {
    it('answers 401 with an IdoSell-like body and X-Error when the key is missing or wrong', async () => {
      const missing = await call(sb, 'GET', '/system/serverLoad', { key: null });
      expect(missing.status).toBe(401);
      expect((missing.body.errors as { faultString: string }).faultString).toContain('X-API-KEY');
      const wrong = await call(sb, 'GET', '/system/serverLoad', { key: 'nope' });
      expect(wrong.status).toBe(401);
      expect(decodeXError(wrong.headers.get('x-error') ?? '')).toContain('Nieprawidłowy klucz API');
    });

    it('answers 403 naming the missing scope, with the X-Error header double-encoded like IdoSell', async () => {
      const a = await call(sb, 'PUT', '/orders/orders', { key: 'read-only-key', body: { params: { orders: [{ orderSerialNumber: 10001, orderStatus: 'packed' }] } } });
      expect(a.status).toBe(403);
      expect((a.body.errors as { faultString: string }).faultString).toContain('orders:rw');
      const raw = a.headers.get('x-error') ?? '';
      expect(raw).toContain('uprawnieÅ\u0084'); // "ń" read as Latin-1
      expect(decodeXError(raw)).toContain('Brak uprawnień');
      const payments = await call(sb, 'GET', '/payments/forms', { key: 'read-only-key' });
      expect(payments.status).toBe(403);
      expect((payments.body.errors as { faultString: string }).faultString).toContain('payments:r');
    });

    it('lets a read-only key read', async () => {
      expect((await call(sb, 'POST', '/orders/orders/search', { key: 'read-only-key', body: { params: { resultsLimit: 1 } } })).status).toBe(200);
    });

    it('uses the default key when no key is configured', async () => {
      const plain = await startSandbox();
      try {
        expect((await call(plain, 'GET', '/system/serverLoad', { key: DEFAULT_API_KEY })).status).toBe(200);
      } finally {
        await plain.close();
      }
    });
  });

  describe('strict validation', () => {
    it('answers 422 naming an unknown field', async () => {
      const a = await call(sb, 'PUT', '/products/products', { body: { params: { products: [product('TOW-00001', { productVatt: 23 })] } } });
      expect(a.status).toBe(422);
      expect((a.body.errors as { faultString: string }).faultString).toContain('params.products[0].productVatt');
      expect(sb.state.products).toHaveLength(0);
    });

    it('answers 422 when the body is not wrapped in params, and for an unknown query parameter', async () => {
      expect((await call(sb, 'PUT', '/orders/orders', { body: { orders: [] } })).status).toBe(422);
      const q = await call(sb, 'GET', '/payments/forms', { query: 'active=yes' });
      expect(q.status).toBe(422);
      expect((q.body.errors as { faultString: string }).faultString).toContain('query.active');
    });

    it('refuses more than 100 items in one call', async () => {
      const products = Array.from({ length: 101 }, (_, i) => ({ productSizeCodeExternal: `TOW-${i}`, stockId: 1, productSizeQuantity: 1 }));
      const a = await call(sb, 'PUT', '/products/stockQuantity', { body: { params: { products } } });
      expect(a.status).toBe(422);
      expect((a.body.errors as { faultString: string }).faultString).toContain('at most 100');
      expect(sb.calls.at(-1)?.itemCount).toBe(101);
      const ids = Array.from({ length: 101 }, (_, i) => String(i + 1)).join(',');
      expect((await call(sb, 'GET', '/products/products', { query: `productIds=${ids}` })).status).toBe(422);
    });
  });

  describe('products', () => {
    it('creates with PUT all, finds by external and displayed code, edits, and keeps stock and images', async () => {
      const created = await call(sb, 'PUT', '/products/products', { body: { params: { settings: { settingModificationType: 'all' }, products: [product('TOW-00001'), product('TOW-00002')] } } });
      expect(created.status).toBe(200);
      expectSchemaValid('PUT', '/products/products', created);
      const results = (created.body.results as { productsResults: { productId: number; faults: unknown[] }[] }).productsResults;
      expect(results.map((r) => r.faults)).toEqual([[], []]);
      const [id1, id2] = results.map((r) => r.productId);
      expect(id2).toBe((id1 as number) + 1);

      const byExt = await call(sb, 'POST', '/products/products/search', { body: { params: { productParams: [{ productSizeCodeExternal: 'TOW-00002' }] } } });
      expect(byExt.status).toBe(200);
      expectSchemaValid('POST', '/products/products/search', byExt);
      expect((byExt.body.results as { productId: number }[]).map((p) => p.productId)).toEqual([id2]);
      const byDisplayed = await call(sb, 'POST', '/products/products/search', { body: { params: { productParams: [{ productCode: 'TOW-00001' }] } } });
      expect((byDisplayed.body.results as { productId: number }[]).map((p) => p.productId)).toEqual([id1]);

      const again = await call(sb, 'PUT', '/products/products', { body: { params: { settings: { settingModificationType: 'all' }, products: [product('TOW-00001', { productRetailPrice: 120 })] } } });
      expect((again.body.results as { productsResults: { productId: number }[] }).productsResults[0]!.productId).toBe(id1);
      expect(sb.state.products).toHaveLength(2);
      expect(sb.state.products[0]!.fields.productRetailPrice).toBe(120);

      const stock = await call(sb, 'PUT', '/products/stockQuantity', { body: { params: { products: [{ productSizeCodeExternal: 'TOW-00001', stockId: 2, productSizeQuantity: 42.5 }] } } });
      expect(stock.status).toBe(200);
      expectSchemaValid('PUT', '/products/stockQuantity', stock);
      expect(sb.state.products[0]!.sizes[0]!.stocks).toEqual({ '1': 7, '2': 42.5 });

      const picture = Buffer.from('not really a jpeg, but bytes').toString('base64');
      const images = await call(sb, 'PUT', '/products/images', {
        body: {
          params: {
            productsImagesSettings: { productsImagesSourceType: 'base64' },
            productsImages: [{ productIdent: { identValue: 'TOW-00001', productIdentType: 'codeExtern' }, productImages: [{ productImageSource: picture, productImageNumber: 1 }] }],
          },
        },
      });
      expect(images.status).toBe(200);
      expectSchemaValid('PUT', '/products/images', images);
      expect(sb.state.products[0]!.images).toHaveLength(1);
      expect(sb.state.products[0]!.images[0]!.bytes).toBe(Buffer.from(picture, 'base64').length);

      const got = await call(sb, 'GET', '/products/products', { query: `productIds=TOW-00001,${id2}` });
      expect(got.status).toBe(200);
      expectSchemaValid('GET', '/products/products', got);
      const views = got.body.results as { productId: number; productImagesCount: number; productStocksData: { productStocksQuantities: { stockId: number }[] } }[];
      expect(views.map((v) => v.productId)).toEqual([id1, id2]);
      expect(views[0]!.productImagesCount).toBe(1);
      expect(views[0]!.productStocksData.productStocksQuantities.map((q) => q.stockId)).toEqual([1, 2]);
    });

    it('answers 207 with per-item faults: edit of an unknown product, add of an existing one, an unknown stock', async () => {
      await call(sb, 'POST', '/products/products', { body: { params: { products: [{ productSizeCodeExternal: 'TOW-00005', productVat: 8 }] } } });
      expect(sb.state.products).toHaveLength(1);
      const edit = await call(sb, 'PUT', '/products/products', {
        body: { params: { settings: { settingModificationType: 'edit' }, products: [product('TOW-00005'), product('TOW-00404')] } },
      });
      expect(edit.status).toBe(207);
      expectSchemaValid('PUT', '/products/products', edit);
      const faults = (edit.body.results as { productsResults: { faults: { faultCode: string; faultString: string }[] }[] }).productsResults.map((r) => r.faults);
      expect(faults[0]).toEqual([]);
      expect(faults[1]![0]!.faultString).toContain('TOW-00404');
      expect(sb.state.products).toHaveLength(1);

      const add = await call(sb, 'POST', '/products/products', { body: { params: { products: [{ productSizeCodeExternal: 'TOW-00005' }] } } });
      expect(add.status).toBe(207);
      expectSchemaValid('POST', '/products/products', add);

      const stock = await call(sb, 'PUT', '/products/stockQuantity', {
        body: { params: { products: [{ productSizeCodeExternal: 'TOW-00005', stockId: 9, productSizeQuantity: 1 }, { productSizeCodeExternal: 'TOW-00005', stockId: 1, productSizeQuantity: 3 }] } },
      });
      expect(stock.status).toBe(207);
      expectSchemaValid('PUT', '/products/stockQuantity', stock);
      const r = stock.body.results as { faultCode: number; faultString: string }[];
      expect(r[0]!.faultCode).not.toBe(0);
      expect(r[0]!.faultString).toContain('stockId 9');
      expect(r[1]!.faultCode).toBe(0);
      expect(sb.state.products[0]!.sizes[0]!.stocks).toEqual({ '1': 3 });
    });

    it('answers faultCode 2 when a product search finds nothing', async () => {
      const a = await call(sb, 'POST', '/products/products/search', { body: { params: { productParams: [{ productSizeCodeExternal: 'NOPE' }] } } });
      expect(a.status).toBe(207);
      expectSchemaValid('POST', '/products/products/search', a);
      expect((a.body.errors as { faultCode: number }).faultCode).toBe(2);
      expect(a.body.results).toBeUndefined();
    });
  });

  describe('orders', () => {
    it('pages with capital Results, resultsNumberPage as the number of pages, faultCode 2 past the end', async () => {
      const pages: number[] = [];
      for (let page = 0; page < 5; page++) {
        const a = await call(sb, 'POST', '/orders/orders/search', { body: { params: { resultsPage: page, resultsLimit: 10 } } });
        expect(a.status).toBe(200);
        expectSchemaValid('POST', '/orders/orders/search', a);
        expect(a.body.resultsNumberAll).toBe(DEMO_ORDER_COUNT);
        expect(a.body.resultsNumberPage).toBe(Math.ceil(DEMO_ORDER_COUNT / 10));
        expect(a.body.results).toBeUndefined();
        pages.push((a.body.Results as unknown[]).length);
      }
      expect(pages).toEqual([10, 10, 10, 10, DEMO_ORDER_COUNT - 40]);
      const past = await call(sb, 'POST', '/orders/orders/search', { body: { params: { resultsPage: 5, resultsLimit: 10 } } });
      expect(past.status).toBe(207);
      expectSchemaValid('POST', '/orders/orders/search', past);
      expect((past.body.errors as { faultCode: number }).faultCode).toBe(2);
      expect((await call(sb, 'POST', '/orders/orders/search', { body: { params: { resultsLimit: 101 } } })).status).toBe(422);
      expect((await call(sb, 'POST', '/orders/orders/search', { body: { params: { resultsLimit: 0 } } })).status).toBe(422);
    });

    it('filters by a date range in Warsaw time and by serial numbers; faultCode 2 when empty', async () => {
      // 2025-03-30 00:30 UTC is 01:30 in Warsaw (CET, one hour before the switch to summer time).
      const o = sb.addOrder({ addDate: new Date('2025-03-30T00:30:00Z'), payformName: 'BLIK', lines: [{ productCode: 'TOW-00007' }, { productCode: 'OBCY-0001' }] });
      const range = (begin: string, end: string): unknown => ({ params: { ordersRange: { ordersDateRange: { ordersDateType: 'add', ordersDateBegin: begin, ordersDateEnd: end } } } });
      const hit = await call(sb, 'POST', '/orders/orders/search', { body: range('2025-03-30 01:30:00', '2025-03-30 01:30:00') });
      expect(hit.status).toBe(200);
      const found = hit.body.Results as { orderSerialNumber: number; orderDetails: { orderAddDate: string; prepaids: { payformName: string }[]; productsResults: { productCode: string }[] } }[];
      expect(found.map((x) => x.orderSerialNumber)).toEqual([o.orderSerialNumber]);
      expect(found[0]!.orderDetails.orderAddDate).toBe('2025-03-30 01:30:00');
      expect(found[0]!.orderDetails.prepaids[0]!.payformName).toBe('BLIK');
      expect(found[0]!.orderDetails.productsResults.map((l) => l.productCode)).toEqual(['TOW-00007', 'OBCY-0001']);
      const miss = await call(sb, 'POST', '/orders/orders/search', { body: range('2025-03-30 00:30:00', '2025-03-30 00:30:00') });
      expect(miss.status).toBe(207);
      expect((miss.body.errors as { faultCode: number }).faultCode).toBe(2);
      const bad = await call(sb, 'POST', '/orders/orders/search', { body: range('2025-03-30T01:30:00Z', '2025-03-30 02:00:00') });
      expect(bad.status).toBe(422);
      expect((bad.body.errors as { faultString: string }).faultString).toContain('ordersDateBegin');
      const bySerial = await call(sb, 'POST', '/orders/orders/search', { body: { params: { ordersSerialNumbers: [10001, 10003] } } });
      expect((bySerial.body.Results as { orderSerialNumber: number }[]).map((x) => x.orderSerialNumber).sort()).toEqual([10001, 10003]);
    });

    it('changes statuses per order: unknown status and a locked order are per-item faults (207)', async () => {
      const locked = sb.addOrder({ orderStatus: 'new', locked: true, lines: [{ productCode: 'TOW-00001' }] });
      const a = await call(sb, 'PUT', '/orders/orders', {
        body: {
          params: {
            orders: [
              { orderSerialNumber: 10001, orderStatus: 'packed' },
              { orderSerialNumber: 10002, orderStatus: 'shipped' },
              { orderSerialNumber: locked.orderSerialNumber, orderStatus: 'finished' },
              { orderSerialNumber: 99999, orderStatus: 'finished' },
            ],
          },
        },
      });
      expect(a.status).toBe(207);
      expectSchemaValid('PUT', '/orders/orders', a);
      const r = (a.body.results as { ordersResults: { faultCode: number; faultString: string }[] }).ordersResults;
      expect(r.map((x) => x.faultCode === 0)).toEqual([true, false, false, false]);
      expect(r[1]!.faultString).toContain('"shipped"');
      expect(r[2]!.faultString).toContain('locked');
      expect(sb.state.orders.find((o) => o.orderSerialNumber === 10001)!.orderStatus).toBe('packed');
      expect(locked.orderStatus).toBe('new');
    });
  });

  describe('demo content and the remaining operations', () => {
    it('has the demo payment forms and orders, deterministic, within the last 30 days', async () => {
      const forms = await call(sb, 'GET', '/payments/forms');
      expect(forms.status).toBe(200);
      expectSchemaValid('GET', '/payments/forms', forms);
      const names = (forms.body.result as { payment_forms: { name: string }[] }).payment_forms.map((f) => f.name);
      expect(names).toEqual(expect.arrayContaining(['Przelew', 'Za pobraniem', 'Karta płatnicza', 'BLIK', 'PayU']));
      const active = await call(sb, 'GET', '/payments/forms', { query: 'activeOnly=yes' });
      expect((active.body.result as { payment_forms: unknown[] }).payment_forms.length).toBe(names.length - 1);

      const orders = sb.state.orders;
      expect(orders).toHaveLength(DEMO_ORDER_COUNT);
      expect(DEMO_ORDER_COUNT).toBeGreaterThanOrEqual(40);
      for (const o of orders) {
        expect(o.addDate.getTime()).toBeLessThan(NOW.getTime());
        expect(o.addDate.getTime()).toBeGreaterThan(NOW.getTime() - 30 * 24 * 3600 * 1000);
      }
      expect(new Set(orders.map((o) => o.orderStatus)).size).toBeGreaterThanOrEqual(4);
      expect(orders.some((o) => o.lines.length > 1)).toBe(true);
      const foreign = orders.filter((o) => o.lines.some((l) => l.productCode.startsWith('OBCY-')));
      expect(foreign).toHaveLength(Math.floor(DEMO_ORDER_COUNT / 6));
      const known = orders.flatMap((o) => o.lines).filter((l) => !l.productCode.startsWith('OBCY-'));
      expect(known.every((l) => /^TOW-00(\d{3})$/.test(l.productCode) && Number(l.productCode.slice(4)) >= 1 && Number(l.productCode.slice(4)) <= 500)).toBe(true);
      expect(orders.some((o) => o.paymentType === 'cash_on_delivery')).toBe(true);
      expect(orders.some((o) => o.paymentType === 'prepaid')).toBe(true);
      expect(orders.some((o) => o.payformName === 'PayU')).toBe(true);
      expect(orders.some((o) => /[ąćęłńóśźż]/i.test(`${o.billing.firstName} ${o.billing.lastName} ${o.billing.city}`))).toBe(true);
      expect(sb.state.products).toHaveLength(0);

      const again = await startSandbox({ demo: true, now: () => NOW });
      try {
        expect(JSON.stringify(again.state.orders)).toBe(JSON.stringify(orders));
      } finally {
        await again.close();
      }
    });

    it('answers shopsData and serverLoad with schema-valid bodies', async () => {
      const shop = await call(sb, 'GET', '/system/shopsData');
      expect(shop.status).toBe(200);
      expectSchemaValid('GET', '/system/shopsData', shop);
      expect((shop.body.stocks as { stock_id: number }[]).map((s) => s.stock_id)).toEqual([1, 2]);
      sb.state.serverLoad = 'overloaded';
      const load = await call(sb, 'GET', '/system/serverLoad');
      expectSchemaValid('GET', '/system/serverLoad', load);
      expect(load.body.serverLoadStatus).toBe('overloaded');
    });

    it('answers 404 for an operation IdoSell does not have and 501 for one the sandbox does not implement', async () => {
      expect((await call(sb, 'GET', '/products/nothing')).status).toBe(404);
      const unimplemented = await call(sb, 'GET', '/orders/orders', { query: 'ordersSerialNumbers=1' });
      expect(unimplemented.status).toBe(501);
    });
  });
});
