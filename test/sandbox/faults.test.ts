import { validateResponse } from '../../src/idosell/openapi/validator.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

const KEY = 'fault-test-key';

async function put(sb: Sandbox, path: string, params: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${sb.url}${path}`, { method: 'PUT', headers: { 'X-API-KEY': KEY, 'Content-Type': 'application/json' }, body: JSON.stringify({ params }), signal });
}

async function get(sb: Sandbox, path: string): Promise<Response> {
  return fetch(`${sb.url}${path}`, { headers: { 'X-API-KEY': KEY } });
}

function adminUrl(sb: Sandbox, route: string): string {
  return `${sb.url.replace(/\/api\/admin\/v6$/, '')}/__sandbox/${route}`;
}

describe('sandbox fault knobs', () => {
  let sb: Sandbox;
  beforeEach(async () => {
    sb = await startSandbox({ apiKey: KEY, demo: true });
  });
  afterEach(async () => {
    await sb.close();
  });

  it('answers a scripted 429 with Retry-After for the matching call only, then normally', async () => {
    sb.script({ method: 'GET', path: '/system/serverLoad', kind: '429', retryAfterS: 7, times: 2 });
    const other = await get(sb, '/system/shopsData');
    expect(other.status).toBe(200);
    const first = await get(sb, '/system/serverLoad');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(((await first.json()) as { errors: { faultCode: number } }).errors.faultCode).toBe(429);
    expect((await get(sb, '/system/serverLoad')).status).toBe(429);
    expect((await get(sb, '/system/serverLoad')).status).toBe(200);
    expect(sb.calls.map((c) => c.status)).toEqual([200, 429, 429, 200]);
  });

  it('resets the connection without an answer', async () => {
    sb.script({ kind: 'reset' });
    await expect(get(sb, '/system/serverLoad')).rejects.toThrow();
    expect(sb.calls).toHaveLength(1);
    expect(sb.calls[0]!.status).toBe(0);
    expect((await get(sb, '/system/serverLoad')).status).toBe(200);
  });

  it('leaves a hanging call unanswered until the client gives up', async () => {
    sb.script({ kind: 'hang', path: '/system/serverLoad' });
    const pending = get(sb, '/system/serverLoad').then(
      (r) => r,
      (e: unknown) => e,
    );
    while (sb.calls.length === 0) await new Promise((r) => setTimeout(r, 5));
    // the script is used up: the next call is answered while the first one still waits
    expect((await get(sb, '/system/serverLoad')).status).toBe(200);
    expect(sb.calls.map((c) => c.status)).toEqual([0, 200]);
    await sb.close();
    const outcome = await pending;
    expect(outcome).not.toBeInstanceOf(Response);
    expect(String((outcome as { message?: unknown }).message)).toContain('fetch failed');
    sb = await startSandbox({ apiKey: KEY });
  });

  it('answers scripted 500 and 503, and a share of 5xx by rate', async () => {
    sb.script({ kind: '500' }, { kind: '503' });
    expect((await get(sb, '/system/serverLoad')).status).toBe(500);
    expect((await get(sb, '/system/serverLoad')).status).toBe(503);
    sb.setFaults({ rate5xx: 1, status5xx: 500 });
    expect((await get(sb, '/system/serverLoad')).status).toBe(500);
    sb.setFaults({ rate5xx: 0 });
    expect((await get(sb, '/system/serverLoad')).status).toBe(200);
  });

  it('faults the scripted items of a status batch (207) and applies the others', async () => {
    sb.script({ kind: 'itemFault', path: '/orders/orders', itemIndexes: [1], faultCode: 42, faultString: 'Zamówienie jest edytowane przez innego operatora.' });
    const a = sb.addOrder({ orderStatus: 'new', lines: [{ productCode: 'TOW-00001' }] });
    const b = sb.addOrder({ orderStatus: 'new', lines: [{ productCode: 'TOW-00002' }] });
    const res = await put(sb, '/orders/orders', {
      orders: [
        { orderSerialNumber: a.orderSerialNumber, orderStatus: 'packed' },
        { orderSerialNumber: b.orderSerialNumber, orderStatus: 'packed' },
      ],
    });
    expect(res.status).toBe(207);
    const body = (await res.json()) as { results: { ordersResults: { faultCode: number; faultString: string }[] } };
    expect(validateResponse('PUT', '/orders/orders', 207, body)).toEqual([]);
    expect(body.results.ordersResults.map((r) => r.faultCode)).toEqual([0, 42]);
    expect(body.results.ordersResults[1]!.faultString).toBe('Zamówienie jest edytowane przez innego operatora.');
    expect(a.orderStatus).toBe('packed');
    expect(b.orderStatus).toBe('new');
    expect(sb.calls[0]!.itemCount).toBe(2);
  });

  it('faults a share of product items by itemFaultRate, the same ones for the same seed', async () => {
    const products = Array.from({ length: 20 }, (_, i) => ({ productSizeCodeExternal: `TOW-${String(i + 1).padStart(5, '0')}`, productVat: 23 }));
    const faultedIndexes = async (): Promise<number[]> => {
      const res = await put(sb, '/products/products', { settings: { settingModificationType: 'add' }, products });
      const body = (await res.json()) as { results: { productsResults: { faults: unknown[] }[] } };
      expect(validateResponse('PUT', '/products/products', res.status, body)).toEqual([]);
      expect(res.status).toBe(207);
      return body.results.productsResults.flatMap((r, i) => (r.faults.length > 0 ? [i] : []));
    };
    sb.setFaults({ itemFaultRate: 0.5, seed: 99 });
    const first = await faultedIndexes();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(20);
    expect(sb.state.products).toHaveLength(20 - first.length);

    const twin = await startSandbox({ apiKey: KEY, faults: { itemFaultRate: 0.5, seed: 99 } });
    try {
      const res = await put(twin, '/products/products', { settings: { settingModificationType: 'add' }, products });
      const body = (await res.json()) as { results: { productsResults: { faults: unknown[] }[] } };
      expect(body.results.productsResults.flatMap((r, i) => (r.faults.length > 0 ? [i] : []))).toEqual(first);
    } finally {
      await twin.close();
    }
  });

  it('is steered through the admin HTTP routes', async () => {
    const bad = await fetch(adminUrl(sb, 'faults'), { method: 'PUT', body: JSON.stringify({ rate429: 2 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { faultString: string } }).errors.faultString).toContain('rate429');
    const ok = await fetch(adminUrl(sb, 'faults'), { method: 'PUT', body: JSON.stringify({ rate429: 1, retryAfterS: 3 }) });
    expect(ok.status).toBe(200);
    expect(sb.faults.rate429).toBe(1);
    const limited = await get(sb, '/system/serverLoad');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    await fetch(adminUrl(sb, 'faults'), { method: 'PUT', body: JSON.stringify({ rate429: 0, script: [{ kind: '503' }] }) });
    expect((await get(sb, '/system/serverLoad')).status).toBe(503);

    const calls = (await (await fetch(adminUrl(sb, 'calls'))).json()) as { status: number; path: string }[];
    expect(calls.map((c) => [c.path, c.status])).toEqual([
      ['/system/serverLoad', 429],
      ['/system/serverLoad', 503],
    ]);
    expect((await fetch(adminUrl(sb, 'calls'), { method: 'DELETE' })).status).toBe(200);
    expect(sb.calls).toHaveLength(0);

    const state = (await (await fetch(adminUrl(sb, 'state'))).json()) as { orders: unknown[]; paymentForms: unknown[] };
    expect(state.orders).toHaveLength(sb.state.orders.length);
    const added = await fetch(adminUrl(sb, 'orders'), { method: 'POST', body: JSON.stringify({ payformName: 'PayU', lines: [{ productCode: 'OBCY-1' }] }) });
    expect(added.status).toBe(201);
    expect(sb.state.orders.at(-1)!.payformName).toBe('PayU');
  });

  it('refuses a fault knob that does not exist', () => {
    expect(() => sb.setFaults({ rate42: 1 } as never)).toThrow('"rate42" is not a sandbox fault knob');
  });

  it('answers latencyMs after a call arrived, with the work of the call done within that time', async () => {
    sb.setFaults({ latencyMs: 300 });
    const started = performance.now();
    let answeredAt = 0;
    const pending = put(sb, '/products/products', { settings: { settingModificationType: 'add' }, products: [{ productSizeCodeExternal: 'TOW-LAT-1', productVat: 23 }] })
      .then((r) => { answeredAt = performance.now(); return r; });
    // The product is in the shop while the answer is still on its way, as on a real shop's servers.
    while (sb.state.products.length === 0 && answeredAt === 0) await new Promise((r) => setTimeout(r, 5));
    expect(answeredAt).toBe(0);
    expect(sb.state.products).toHaveLength(1);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(answeredAt - started).toBeGreaterThanOrEqual(290);
  });
});
