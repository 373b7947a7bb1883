/**
 * The explorer runs subscriptions: in a real Chromium, the "Follow a run live" tab is run against a
 * mass export slowed by the sandbox's latency, with the API key typed in the Headers pane (API_KEYS
 * is set, so without it the socket is refused). The result pane must show the run's state more than
 * once, processed growing, and its final status; the key must travel in connection_init; no request
 * or socket may leave this machine and the page's CSP must not be violated.
 */
import type { Browser, Page } from 'playwright-core';
import { explorerCsp } from '../../src/explorer/explorer.js';
import { WALKTHROUGH } from '../../src/explorer/walkthrough.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/chromium.js';

const VIEWER = 'explorer-sub-viewer-secret-0123456789';
const OPERATOR = 'explorer-sub-operator-secret-0123456789';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  // The subscription reads the run's row every 200 ms (1 s by default), so a slowed export shows several states.
  app = await startTestApp({ env: { SANDBOX: 'on', SUBSCRIPTION_POLL_MS: '200', API_KEYS: `dash:viewer:${VIEWER},isof:operator:${OPERATOR}` } });
  browser = (await launchChromium()).browser;
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 60000, show?: () => Promise<string>): Promise<T> {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
    if (show) last = await show().catch(() => '');
  }
  throw new Error(`Never saw ${what}${last ? `; last seen: ${last}` : ""}.`);
}

async function ok(res: Promise<{ data?: any; errors?: unknown[] }>): Promise<any> {
  const r = await res;
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data;
}

function editorText(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((s) => {
    const el = (globalThis as any).document.querySelector(s);
    return el ? (el.CodeMirror.getValue() as string) : null;
  }, selector);
}

const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
const RESULT = '.graphiql-response .CodeMirror';

test('the page allows WebSockets to this host only, and serves graphql-ws from node_modules', async () => {
  const host = new URL(app.url).host;
  const res = await fetch(`${app.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
  const csp = res.headers.get('content-security-policy')!;
  expect(csp).toBe(explorerCsp(host));
  expect(csp.split('; ')).toContain(`connect-src 'self' ws://${host} wss://${host}`);
  expect(csp).not.toMatch(/unsafe-|https?:|\*|ws: |wss: /);
  // A Host that is not a host name gets 'self' only, never text of its own in the policy.
  expect(explorerCsp('evil.example; script-src *')).toContain("connect-src 'self';");
  expect(explorerCsp(undefined)).toContain("connect-src 'self';");
  const html = await res.text();
  const src = /src="(\/explorer\/assets\/graphql-ws\.min\.js\?v=[^"]+)"/.exec(html)?.[1];
  expect(src).toBeDefined();
  const js = await fetch(`${app.url}${src}`);
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(await js.text()).toContain('graphqlWs');
});

test('the "Follow a run live" tab follows a running export to its end, with the key typed in Headers', async () => {
  const op = { key: OPERATOR };
  const shopId: string = (await ok(app.gql('{ shops { id } }', {}, op))).shops[0].id;
  const tab = WALKTHROUGH.findIndex((t) => t.document.startsWith('subscription '));
  expect(tab).toBeGreaterThanOrEqual(0);

  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const requests: string[] = [];
  const sockets: string[] = [];
  const sent: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('websocket', (ws) => {
    sockets.push(ws.url());
    ws.on('framesent', (f) => sent.push(String(f.payload)));
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
  });
  try {
    await page.goto(`${app.url}/graphql`);
    await page.locator(QUERY_EDITOR).waitFor();
    await page.locator('.graphiql-tab').nth(1 + tab).click();
    await until('the live tab', async () => (await editorText(page, QUERY_EDITOR))?.includes('syncRunUpdated(id: "12")'));
    // GraphiQL parses the editor's text shortly after it changes, and only then knows the operation is
    // a subscription (for the WebSocket); a person takes longer than that to reach the run button.
    await page.waitForTimeout(1000);

    // Without a key the socket is refused, and the explorer says why (the server's 4401 reason).
    await page.locator('.graphiql-execute-button').click();
    const result = async () => (await editorText(page, RESULT)) ?? '';
    await until('the refusal without a key', async () => /4401/.test(await result()), 30000, result);

    await page.locator('.graphiql-editor-tool .CodeMirror >> visible=true').click();
    await page.keyboard.type(`{"Authorization": "Bearer ${VIEWER}`);
    // A mass export, slowed so that it is still running when the subscription starts.
    app.sandbox!.setFaults({ latencyMs: 1000 });
    const started = await ok(app.gql('mutation($s: ID!) { exportProducts(input: { shopId: $s, force: true }) { id } }', { s: shopId }, op));
    const runId: string = started.exportProducts.id;
    await page.evaluate(
      ([s, id]) => {
        const cm = (globalThis as any).document.querySelector(s).CodeMirror;
        cm.setValue(cm.getValue().replace('"12"', JSON.stringify(id)));
      },
      [QUERY_EDITOR, runId] as const,
    );
    // Also more than the 300 ms after the last keystroke in Headers that the fetcher (and its WebSocket
    // client) takes to be replaced by one with the key.
    await page.waitForTimeout(1000);
    await page.locator('.graphiql-execute-button').click();

    // Every distinct state the result pane shows, until it shows the run ended.
    const seen: { status: string; processed: number }[] = [];
    const final = await until('the run end in the result pane', async () => {
      const text = (await editorText(page, RESULT)) ?? '';
      let r: { status: string; processed: number } | undefined;
      try {
        r = JSON.parse(text).data?.syncRunUpdated;
      } catch {
        return undefined;
      }
      if (!r) return undefined;
      const last = seen[seen.length - 1];
      if (!last || last.status !== r.status || last.processed !== r.processed) seen.push({ status: r.status, processed: r.processed });
      // Two states seen while it runs are enough: let the rest of the export go at full speed.
      if (seen.filter((s) => s.status === 'RUNNING').length >= 2) app.sandbox!.setFaults({ latencyMs: 0 });
      return ['RUNNING', 'QUEUED'].includes(r.status) ? undefined : r.status;
    }, 120000);
    app.sandbox!.setFaults({ latencyMs: 0 });

    const api = (await ok(app.gql(`{ syncRun(id: "${runId}") { status processed total } }`, {}, op))).syncRun;
    expect(final).toBe(api.status);
    expect(api.status).toBe('SUCCEEDED');
    expect(seen.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.processed).toBeGreaterThanOrEqual(seen[i - 1]!.processed);
    expect(seen[seen.length - 1]!.processed).toBe(api.total);
    expect(seen[0]!.processed).toBeLessThan(api.total);

    // The key went in connection_init, over a socket to this server's /graphql.
    const inits = sent.map((p) => JSON.parse(p)).filter((m) => m.type === 'connection_init');
    expect(inits).toContainEqual({ type: 'connection_init', payload: { Authorization: `Bearer ${VIEWER}` } });
    expect(new Set(sockets)).toEqual(new Set([`${app.url.replace(/^http/, 'ws')}/graphql`]));
  } finally {
    app.sandbox!.setFaults({ latencyMs: 0 });
    await context.close();
  }
  expect(problems).toEqual([]);
  expect([...requests, ...sockets].filter((u) => !/^(https?|wss?):\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]|^data:/.test(u))).toEqual([]);
});
