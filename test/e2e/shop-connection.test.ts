/**
 * testShopConnection, and createShop/updateShop testing a new address or key before saving it:
 * GraphQL over HTTP to the real server, real sandboxes and small HTTP servers on loopback. No call
 * leaves the machine: the DNS case runs the tester with a lookup that answers "not found" itself.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectSchemaCleanAfterEach, startTestApp, type TestApp } from '../helpers/app.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { ShopEntity } from '../../src/shops/shop.entity.js';
import { ShopConnectionTester } from '../../src/shops/shop-connection.js';
import { createLogger } from '../../src/common/logger.js';
import type { LookupFunction } from '../../src/idosell/address.js';

const ADMIN = 'admin-secret-0123456789abcdef';
const OPERATOR = 'operator-secret-0123456789abcdef';
const FULL_KEY = 'full-key-0123456789abcdef';
const NO_ORDERS_KEY = 'no-orders-key-0123456789';
const NO_SYSTEM_KEY = 'no-system-key-0123456789';

const CREATE = `mutation($input: CreateShopInput!) { createShop(input: $input) { id apiUrl } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateShopInput!) { updateShop(id: $id, input: $input) { id apiUrl } }`;
const TEST = `query($id: ID!) { testShopConnection(shopId: $id) { ok reachable keyAccepted message stocks { id name } languages currency } }`;

let app: TestApp;
let sandbox: Sandbox;
let html: http.Server;
let json: http.Server;
const jsonPaths: string[] = [];
let n = 0;

function listen(handler: http.RequestListener): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const urlOf = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

/** A loopback port nothing listens on: one the system just gave out and took back. */
async function freePort(): Promise<number> {
  const s = await listen(() => {});
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const shopCount = () => app.services.ds.getRepository(ShopEntity).count();
const gql = (q: string, v: Record<string, unknown>, key = ADMIN) => app.gql(q, v, { key });

/** Saves a shop without the test (the flag) and returns testShopConnection's report of it. */
async function reportFor(apiUrl: string, apiKey = FULL_KEY) {
  const created = await gql(CREATE, { input: { name: `Sklep ${++n}`, apiUrl, apiKey, saveWithoutTest: true } });
  expect(created.errors).toBeUndefined();
  const r = await gql(TEST, { id: created.data.createShop.id });
  expect(r.errors).toBeUndefined();
  return r.data.testShopConnection;
}

/** createShop without the flag is refused with BAD_USER_INPUT on `field`, says `words`, and writes nothing. */
async function expectRefused(apiUrl: string, apiKey: string, field: string, words: RegExp) {
  const before = await shopCount();
  const r = await gql(CREATE, { input: { name: `Odmowa ${++n}`, apiUrl, apiKey } });
  expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(r.errors![0]!.extensions!.field).toBe(field);
  expect(r.errors![0]!.message).toMatch(words);
  expect(r.errors![0]!.message).toContain('saveWithoutTest: true');
  expect(await shopCount()).toBe(before);
}

beforeAll(async () => {
  sandbox = await startSandbox({
    keys: [
      { key: FULL_KEY, scopes: ['products:rw', 'orders:rw', 'payments:rw', 'system:rw'] },
      { key: NO_ORDERS_KEY, scopes: ['products:rw', 'payments:r', 'system:r'] },
      { key: NO_SYSTEM_KEY, scopes: ['products:rw', 'orders:rw', 'payments:r'] },
    ],
    demo: true,
  });
  html = await listen((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Mój sklep</title><h1>Witamy</h1>');
  });
  json = await listen((req, res) => {
    jsonPaths.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"status":"ok"}');
  });
  app = await startTestApp({ env: { API_KEYS: `isof:operator:${OPERATOR},boss:admin:${ADMIN}` } });
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
  html?.close();
  json?.close();
});
expectSchemaCleanAfterEach(() => app);

test('a working shop: createShop saves it after the test; the report lists warehouses, languages and currency; admin only', async () => {
  const created = await gql(CREATE, { input: { name: 'Sklep działający', apiUrl: sandbox.url, apiKey: FULL_KEY } });
  expect(created.errors).toBeUndefined();
  expect(sandbox.calls.some((c) => c.path === '/system/shopsData')).toBe(true);
  const r = await gql(TEST, { id: created.data.createShop.id });
  expect(r.errors).toBeUndefined();
  expect(r.data.testShopConnection).toEqual({
    ok: true,
    reachable: true,
    keyAccepted: true,
    message: expect.stringContaining('accepted the key; it allows every read the server makes'),
    stocks: [{ id: 1, name: 'Magazyn główny' }, { id: 2, name: 'Magazyn sklepu internetowego' }],
    languages: ['pol'],
    currency: 'PLN',
  });
  expect(r.data.testShopConnection.message).toContain('Warehouses: 1 "Magazyn główny", 2 "Magazyn sklepu internetowego"; languages: pol; currency: PLN.');
  const forbidden = await gql(TEST, { id: created.data.createShop.id }, OPERATOR);
  expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const missing = await gql(TEST, { id: '99999' });
  expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
});

test('a wrong key (401): createShop refuses it, saveWithoutTest saves it, the report says so; updateShop tests a new key', async () => {
  await expectRefused(sandbox.url, 'wrong-key-0123456789', 'apiKey', /not saved: The shop at 127\.0\.0\.1:\d+ refused the API key \(401\)\..*Administration > API/);
  const shopsCalls = sandbox.calls.filter((c) => c.path === '/system/shopsData').length;
  const report = await reportFor(sandbox.url, 'wrong-key-0123456789');
  // One attempt: a refused key is never retried, and the test stops at the first call.
  expect(sandbox.calls.filter((c) => c.path === '/system/shopsData').length).toBe(shopsCalls + 1);
  expect(report).toMatchObject({ ok: false, reachable: true, keyAccepted: false, stocks: [], languages: [], currency: null });
  expect(report.message).toMatch(/refused the API key \(401\).*save it with updateShop\(apiKey\)/);

  // updateShop: the right key is tested and saved; a wrong one is refused and the stored key stays.
  const id = (await app.services.ds.getRepository(ShopEntity).findOneByOrFail({ name: `Sklep ${n}` })).id;
  const fixed = await gql(UPDATE, { id: String(id), input: { apiKey: FULL_KEY } });
  expect(fixed.errors).toBeUndefined();
  expect((await app.services.shops.connection(id)).apiKey).toBe(FULL_KEY);
  const broken = await gql(UPDATE, { id: String(id), input: { apiKey: 'another-wrong-key-0123' } });
  expect(broken.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect(broken.errors![0]!.message).toContain('refused the API key (401)');
  expect((await app.services.shops.connection(id)).apiKey).toBe(FULL_KEY);
  const forced = await gql(UPDATE, { id: String(id), input: { apiKey: 'another-wrong-key-0123', saveWithoutTest: true } });
  expect(forced.errors).toBeUndefined();
  expect((await app.services.shops.connection(id)).apiKey).toBe('another-wrong-key-0123');
  // A change of neither address nor key calls nobody.
  const calls = sandbox.calls.length;
  expect((await gql(UPDATE, { id: String(id), input: { name: `Sklep ${n} bis` } })).errors).toBeUndefined();
  expect(sandbox.calls.length).toBe(calls);
});

test('a key without the orders scope (403): accepted and saved, and the report names the missing permission', async () => {
  const created = await gql(CREATE, { input: { name: 'Sklep bez zamówień', apiUrl: sandbox.url, apiKey: NO_ORDERS_KEY } });
  expect(created.errors).toBeUndefined();
  const r = (await gql(TEST, { id: created.data.createShop.id })).data.testShopConnection;
  expect(r).toMatchObject({ ok: true, reachable: true, keyAccepted: true, currency: 'PLN', languages: ['pol'] });
  expect(r.message).toContain('the key lacks "orders:r" for searching orders (order import). Grant it in the IdoSell panel');
  expect(r.message).not.toContain('products');

  const noSystem = await reportFor(sandbox.url, NO_SYSTEM_KEY);
  expect(noSystem).toMatchObject({ ok: true, keyAccepted: true, stocks: [], languages: [], currency: null });
  expect(noSystem.message).toContain('the key lacks "system:r" for reading the shop settings (system/shopsData)');
});

test('a 5xx is tried once, not retried: the shop answered, the key could not be checked', async () => {
  // One 503 only: a retry would get the shop's answer and save the shop.
  sandbox.script({ path: '/system/shopsData', kind: '503', times: 1 });
  const before = sandbox.calls.filter((c) => c.path === '/system/shopsData').length;
  await expectRefused(sandbox.url, FULL_KEY, 'apiUrl', /answered with an error \(HTTP 503\), so the key could not be checked.*test again in a few minutes/);
  expect(sandbox.calls.filter((c) => c.path === '/system/shopsData').length).toBe(before + 1);
});

test('a port nothing listens on: connection refused', async () => {
  const url = `http://127.0.0.1:${await freePort()}`;
  await expectRefused(url, FULL_KEY, 'apiUrl', /Nothing accepts connections at 127\.0\.0\.1:\d+ \(connection refused\)\. Check the address and port/);
  expect(await reportFor(url)).toMatchObject({ ok: false, reachable: false, keyAccepted: false });
});

test('an address that answers, but not as IdoSell: an HTML page, a 404, JSON of another kind', async () => {
  const notIdosell = /answers, but not as the IdoSell Admin API \(.+\)\. Give the shop's panel domain/;
  await expectRefused(urlOf(html), FULL_KEY, 'apiUrl', notIdosell);
  expect((await reportFor(urlOf(html))).message).toContain('(an answer that is not JSON)');
  // The server's own health check: express answers 404 for /healthz/system/shopsData.
  const own = await reportFor(`${app.url}/healthz`);
  expect(own).toMatchObject({ ok: false, reachable: true, keyAccepted: false });
  expect(own.message).toMatch(notIdosell);
  expect(own.message).toContain('(HTTP 404)');
  const other = await reportFor(urlOf(json));
  expect(other).toMatchObject({ ok: false, reachable: true, keyAccepted: false });
  expect(other.message).toContain('(JSON without the shop data IdoSell sends)');
  // It stops at the shop data: nothing more is sent to a server that is not IdoSell.
  expect(jsonPaths).toEqual(['/api/admin/v6/system/shopsData']);
});

test('https to a server that does not speak TLS: a sentence about the secure connection', async () => {
  const url = urlOf(html).replace('http:', 'https:');
  await expectRefused(url, FULL_KEY, 'apiUrl', /The secure connection to 127\.0\.0\.1:\d+ failed .*does not serve a valid certificate/);
});

test('a name that does not resolve (DNS): the tester with a lookup that answers "not found" itself', async () => {
  // test/setup-env.ts refuses a connection to any host but loopback before its name is looked up,
  // so the name here is "localhost", resolved by the injected lookup (no DNS query is made at all).
  const asked: string[] = [];
  const lookup: LookupFunction = (hostname, _options, callback) => {
    asked.push(hostname);
    callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
  };
  const tester = new ShopConnectionTester(app.config.idosell, createLogger('silent'), undefined, lookup);
  const report = await tester.test({ name: 'Literówka', apiUrl: 'http://localhost:4999', apiKey: FULL_KEY });
  expect(asked).toEqual(['localhost']);
  expect(report).toMatchObject({ ok: false, reachable: false, keyAccepted: false, field: 'apiUrl' });
  expect(report.message).toBe('The name "localhost" could not be found (DNS). Check the spelling of the shop\'s address: the panel domain as IdoSell shows it, e.g. "myshop.idosell.com".');
});
