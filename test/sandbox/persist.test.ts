/** The sandbox's state file: kept across restarts, written safely and soon after changes, a bad file set aside. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { DEMO_ORDER_COUNT } from '../../src/sandbox/state.js';
import { STATE_FILE_VERSION } from '../../src/sandbox/persist.js';

const KEY = 'persist-test-key';
let dir: string;
let file: string;
let sb: Sandbox | undefined;
let warnings: string[];

function start(extra: { saveDelayMs?: number } = {}): Promise<Sandbox> {
  return startSandbox({ apiKey: KEY, demo: true, stateFile: file, onWarning: (m) => warnings.push(m), ...extra });
}

async function send(s: Sandbox, apiPath: string, method: string, params: unknown): Promise<number> {
  const res = await fetch(`${s.url}${apiPath}`, { method, headers: { 'Content-Type': 'application/json', 'X-API-KEY': KEY }, body: JSON.stringify({ params }) });
  await res.text();
  return res.status;
}

const PRODUCT = {
  productDisplayedCode: 'TOW-00001',
  productSizeCodeExternal: 'TOW-00001',
  productVat: 23,
  productVatFree: 'n',
  productRetailPrice: 99.99,
  productNames: { productNamesLangData: [{ langId: 'pol', productName: 'Wiertarka' }] },
  productSizes: [{ sizeId: 'uniw', productStocksData: { productStocksQuantities: [{ stockId: 1, productSizeQuantity: 7 }] } }],
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-state-'));
  file = path.join(dir, 'sandbox-state.json');
  warnings = [];
});
afterEach(async () => {
  await sb?.close();
  sb = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

test('products, stock, orders, statuses, client accounts and counters survive a restart', async () => {
  sb = await start();
  expect(await send(sb, '/products/products', 'PUT', { settings: { settingModificationType: 'all' }, products: [PRODUCT] })).toBe(200);
  const order = sb.addOrder({ clientEmail: 'Ala@Example.pl', lines: [{ productCode: 'TOW-00001' }] });
  expect(await send(sb, '/orders/orders', 'PUT', { orders: [{ orderSerialNumber: order.orderSerialNumber, orderStatus: 'packed' }] })).toBe(200);
  const before = structuredClone(sb.state);
  await sb.close();
  sb = undefined;

  sb = await start();
  expect(warnings).toEqual([]);
  expect(sb.state).toEqual(before);
  expect(sb.state.orders).toHaveLength(DEMO_ORDER_COUNT + 1);
  expect(sb.state.orders.at(-1)!.orderStatus).toBe('packed');
  expect(sb.state.orders[0]!.addDate).toBeInstanceOf(Date);
  // The same e-mail keeps its client id; a new one gets the next id, not one already given.
  const same = sb.addOrder({ clientEmail: 'ala@example.pl', lines: [{ productCode: 'TOW-00002' }] });
  const other = sb.addOrder({ clientEmail: 'nowy@example.pl', lines: [{ productCode: 'TOW-00002' }] });
  expect(same.clientId).toBe(order.clientId);
  expect(new Set(sb.state.orders.map((o) => o.clientId)).size).toBe(new Set(sb.state.orders.map((o) => o.clientEmail.toLowerCase())).size);
  expect(other.orderSerialNumber).toBe(order.orderSerialNumber + 2);
  // A new product continues the id counter.
  expect(await send(sb, '/products/products', 'PUT', { settings: { settingModificationType: 'all' }, products: [{ ...PRODUCT, productDisplayedCode: 'TOW-00002', productSizeCodeExternal: 'TOW-00002' }] })).toBe(200);
  expect(sb.state.products.map((p) => p.productId)).toEqual([before.products[0]!.productId, before.nextProductId]);
});

test('a write is saved soon after it, without waiting for close, through a temporary file', async () => {
  sb = await start({ saveDelayMs: 20 });
  await sb.saveState();
  const empty = fs.readFileSync(file, 'utf8');
  expect(JSON.parse(empty)).toMatchObject({ format: 'idosell-sandbox-state', version: STATE_FILE_VERSION, state: { products: [] } });
  expect(await send(sb, '/products/products', 'PUT', { settings: { settingModificationType: 'all' }, products: [PRODUCT] })).toBe(200);
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline && JSON.parse(fs.readFileSync(file, 'utf8')).state.products.length === 0) await new Promise((r) => setTimeout(r, 10));
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).state.products).toHaveLength(1);
  expect(fs.readdirSync(dir).sort()).toEqual(['sandbox-state.json']);
});

test.each([
  ['not JSON', '{"format": "idosell-sandbox-st', /not valid JSON/],
  ['another format version', JSON.stringify({ format: 'idosell-sandbox-state', version: 99, state: {}, clients: [] }), /format version 99/],
  ['another file', JSON.stringify({ hello: 'world' }), /not a sandbox state file/],
  ['a state without counters', JSON.stringify({ format: 'idosell-sandbox-state', version: STATE_FILE_VERSION, state: { shop: {}, products: [], orders: [], paymentForms: [] }, clients: [] }), /id counters/],
])('%s: a warning, the file moved aside, a fresh demo shop', async (_name, content, why) => {
  fs.writeFileSync(file, content);
  sb = await start();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(why);
  expect(warnings[0]).toContain('starts fresh with the demo content');
  expect(sb.state.products).toEqual([]);
  expect(sb.state.orders).toHaveLength(DEMO_ORDER_COUNT);
  const aside = fs.readdirSync(dir).filter((f) => f.startsWith('sandbox-state.json.corrupt-'));
  expect(aside).toHaveLength(1);
  expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(content);
  expect(fs.existsSync(file)).toBe(false);
  await sb.close();
  sb = undefined;
  expect(JSON.parse(fs.readFileSync(file, 'utf8')).version).toBe(STATE_FILE_VERSION);
});

test('without a state file nothing is written and a restart starts afresh', async () => {
  sb = await startSandbox({ apiKey: KEY, demo: true });
  expect(await send(sb, '/products/products', 'PUT', { settings: { settingModificationType: 'all' }, products: [PRODUCT] })).toBe(200);
  await sb.close();
  sb = await startSandbox({ apiKey: KEY, demo: true });
  expect(sb.state.products).toEqual([]);
  expect(fs.readdirSync(dir)).toEqual([]);
});
