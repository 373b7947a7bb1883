/**
 * The dashboard example (examples/dashboard), in a real Chromium against the demo: an export and an
 * import with failures are run through the API, and the page, given a viewer key, must show the
 * shop, the same counts as the API, the chart's bars, a failed item's message, and follow a run it
 * finds running to its end through the subscription (WebSocket frames counted, no polling), with no
 * request leaving this machine and no CSP violation. Then, through a proxy on loopback that refuses
 * every WebSocket Upgrade, the page must say it falls back to polling and still follow a run to its end.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { explorerCsp } from '../../src/explorer/explorer.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/chromium.js';

const VIEWER = 'dashboard-viewer-secret-0123456789';
const OPERATOR = 'dashboard-operator-secret-0123456789';

let app: TestApp;
let browser: Browser;
let shopId: string;

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `dash:viewer:${VIEWER},isof:operator:${OPERATOR}` } });
  browser = (await launchChromium()).browser;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The dashboard never showed ${what}.`);
}

/** The answer's data, or a failure that shows the errors. */
async function ok(res: Promise<{ data?: any; errors?: unknown[] }>): Promise<any> {
  const r = await res;
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}

function runRow(page: Page, kind: string) {
  return page.locator(`.shop[data-shop-id="${shopId}"] tr[data-kind="${kind}"]`);
}

test('the page is served under the strict CSP, and GRAPHQL_EXPLORER=false turns it off', async () => {
  const res = await fetch(`${app.url}/examples/dashboard`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-security-policy')).toBe(explorerCsp(new URL(app.url).host));
  const html = await res.text();
  expect(html).not.toMatch(/<script>|style=|https?:\/\//);
  // graphql-ws's browser build, from the explorer's assets, by the installed version (cached for a year).
  const ws = /src="(\/explorer\/assets\/graphql-ws\.min\.js\?v=[^"]+)"/.exec(html)?.[1];
  expect(ws).toBeDefined();
  expect((await fetch(`${app.url}${ws}`)).status).toBe(200);
  const off = await startTestApp({ env: { GRAPHQL_EXPLORER: 'false' }, seed: false });
  try {
    expect((await fetch(`${off.url}/examples/dashboard/dashboard.js`)).status).toBe(404);
  } finally {
    await off.close();
  }
});

test('shows shops, last runs with the API counts, the chart, failed items, and follows a running run', async () => {
  const op = { key: OPERATOR };
  const shop = (await ok(app.gql('{ shops { id name } }', {}, op))).shops[0];
  shopId = shop.id;
  const productIds = (await ok(app.gql('{ products(first: 2) { edges { node { id } } } }', {}, op))).products.edges.map((e: any) => e.node.id);
  const exp = await ok(app.gql('mutation($s: ID!, $p: [ID!]) { exportProducts(input: { shopId: $s, productIds: $p, wait: true }) { id status total succeeded } }', { s: shopId, p: productIds }, op));
  expect(exp.exportProducts.status).toBe('SUCCEEDED');
  const imp = await ok(app.gql('mutation($s: ID!) { importOrders(input: { shopId: $s, period: LAST_30_DAYS, wait: true }) { id status succeeded failed skipped items(outcome: FAILED) { edges { node { ref message } } } } }', { s: shopId }, op));
  const importRun = imp.importOrders;
  expect(importRun.failed).toBeGreaterThan(0);
  const failedMessage: string = importRun.items.edges[0].node.message;

  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const problems: string[] = [];
  const requests: string[] = [];
  let follows = 0;
  // Every syncRunUpdated result the page received over its WebSockets, and the sockets' addresses.
  const pushed: { status: string; processed: number }[] = [];
  const sockets: string[] = [];
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    ws.on('framereceived', (f) => {
      const m = JSON.parse(String(f.payload));
      if (m.type === 'next' && m.payload.data?.syncRunUpdated) pushed.push(m.payload.data.syncRunUpdated);
    });
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('request', (r) => {
    requests.push(r.url());
    if ((r.postData() ?? '').includes('query Follow')) follows += 1;
  });
  try {
    await page.goto(`${app.url}/examples/dashboard`);
    await page.fill('#key', VIEWER);
    await page.click('button[type="submit"]');
    await page.locator(`.shop[data-shop-id="${shopId}"] h2`).waitFor();
    expect(await page.locator(`.shop[data-shop-id="${shopId}"] h2`).innerText()).toBe(shop.name);

    const row = runRow(page, 'IMPORT_ORDERS');
    expect(await row.locator('.failed').innerText()).toBe(String(importRun.failed));
    expect(await row.locator('.succeeded').innerText()).toBe(String(importRun.succeeded));
    expect(await row.locator('.skipped').innerText()).toBe(String(importRun.skipped));
    expect(await runRow(page, 'EXPORT_PRODUCTS').locator('.total').innerText()).toBe(String(exp.exportProducts.total));
    // The chart has the import's red bar with its count.
    const bar = page.locator(`.shop[data-shop-id="${shopId}"] rect[data-run-id="${importRun.id}"][data-outcome="FAILED"]`);
    expect(await bar.getAttribute('data-count')).toBe(String(importRun.failed));
    expect(await page.locator(`.shop[data-shop-id="${shopId}"] rect.bar`).count()).toBeGreaterThanOrEqual(2);

    await row.locator('button.link').click();
    await until('the failed items', async () => (await page.locator('#failed').innerText()).includes(failedMessage));

    // A mass export started now, slowed by the sandbox's latency so that it is still running when the
    // page looks, is found running and followed until it ends.
    app.sandbox!.setFaults({ latencyMs: 400 });
    const started = await ok(app.gql('mutation($s: ID!) { exportProducts(input: { shopId: $s, force: true }) { id status } }', { s: shopId }, op));
    const runId: string = started.exportProducts.id;
    await until('nothing (the run never started)', async () => (await ok(app.gql(`{ syncRun(id: "${runId}") { status } }`, {}, op))).syncRun.status === 'RUNNING');
    await page.click('#refresh');
    await until('the run being followed live', async () => pushed.length >= 2);
    expect(await page.locator('#follow').getAttribute('data-mode')).toBe('live');
    expect(await page.locator('#follow-mode').innerText()).toContain('live (WebSocket subscription)');
    app.sandbox!.setFaults({ latencyMs: 0 });
    const final = await until(`the run followed to its end (pushed: ${pushed.length})`, async () => {
      const status = await page.locator('#follow').getAttribute('data-status');
      return status && !['RUNNING', 'QUEUED'].includes(status) ? status : undefined;
    });
    const api = await ok(app.gql(`{ syncRun(id: "${runId}") { status processed total } }`, {}, { key: VIEWER }));
    expect(final).toBe(api.syncRun.status);
    expect(await page.locator('#follow').innerText()).toContain(`Run #${runId} (EXPORT_PRODUCTS): ${api.syncRun.status}, ${api.syncRun.processed} of ${api.syncRun.total}`);
    // Followed through the subscription, not by asking: its last pushed state is the run's end.
    expect(follows).toBe(0);
    expect(pushed[pushed.length - 1]).toMatchObject({ status: api.syncRun.status, processed: api.syncRun.processed });
    expect(new Set(sockets)).toEqual(new Set([`${app.url.replace(/^http/, 'ws')}/graphql`]));
    // The key was not remembered: nothing in storage.
    expect(await page.evaluate(() => JSON.stringify((globalThis as any).localStorage))).not.toContain(VIEWER);
  } finally {
    await context.close();
  }
  expect(problems).toEqual([]);
  expect(requests.filter((u) => !u.startsWith(app.url))).toEqual([]);
});

/**
 * A reverse proxy on loopback that passes HTTP requests to the app and refuses every WebSocket
 * Upgrade, as some proxies do.
 */
async function upgradeDroppingProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const up = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  server.on('upgrade', (_req, socket) => {
    socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

test('behind a proxy that drops the WebSocket Upgrade, the page says so and follows the run by polling', async () => {
  const op = { key: OPERATOR };
  const proxy = await upgradeDroppingProxy(app.url);
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const problems: string[] = [];
  let follows = 0;
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if ((r.postData() ?? '').includes('query Follow')) follows += 1;
  });
  try {
    app.sandbox!.setFaults({ latencyMs: 400 });
    const started = await ok(app.gql('mutation($s: ID!) { exportProducts(input: { shopId: $s, force: true }) { id } }', { s: shopId }, op));
    const runId: string = started.exportProducts.id;
    await until('nothing (the run never started)', async () => (await ok(app.gql(`{ syncRun(id: "${runId}") { status } }`, {}, op))).syncRun.status === 'RUNNING');
    await page.goto(`${proxy.url}/examples/dashboard`);
    await page.fill('#key', VIEWER);
    await page.click('button[type="submit"]');
    await until('the fallback to polling', async () => (await page.locator('#follow').getAttribute('data-mode')) === 'polling');
    expect(await page.locator('#follow-mode').innerText()).toMatch(/every 2 s \(the WebSocket (could not be opened|closed with code \d+); a proxy in between may drop the WebSocket Upgrade\)/);
    await until('the run being followed by polling', async () => follows >= 2);
    app.sandbox!.setFaults({ latencyMs: 0 });
    const final = await until(`the run followed to its end by polling (follows: ${follows})`, async () => {
      const status = await page.locator('#follow').getAttribute('data-status');
      return status && !['RUNNING', 'QUEUED'].includes(status) ? status : undefined;
    });
    const api = await ok(app.gql(`{ syncRun(id: "${runId}") { status processed total } }`, {}, op));
    expect(final).toBe(api.syncRun.status);
    expect(await page.locator('#follow').innerText()).toContain(`Run #${runId} (EXPORT_PRODUCTS): ${api.syncRun.status}, ${api.syncRun.processed} of ${api.syncRun.total}`);
  } finally {
    app.sandbox!.setFaults({ latencyMs: 0 });
    await context.close();
    await proxy.close();
  }
  expect(problems).toEqual([]);
});
