/**
 * The GraphQL explorer, through the real server: its page, its assets and, in a real Chromium
 * driven by playwright-core, a query typed and run by hand, with every request the page makes
 * checked to stay on this machine.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { Browser } from 'playwright-core';
import { explorerCsp } from '../../src/explorer/explorer.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { launchChromium } from '../helpers/chromium.js';
import { WALKTHROUGH } from '../../src/explorer/walkthrough.js';

const VIEWER_SECRET = 'explorer-viewer-secret-0123456789';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** A raw GET, so that paths like `/explorer/assets/../x` reach the server as written. */
function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** True for a URL the browser may load: this server on loopback, or data the page carries itself. */
function staysOnThisMachine(raw: string): boolean {
  const url = new URL(raw);
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return false;
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname);
}

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { API_KEYS: `dashboard:viewer:${VIEWER_SECRET}` } });
});

afterAll(async () => {
  await app?.close();
});

describe('explorer page and assets over HTTP', () => {
  test('GET / sends the browser to the explorer', async () => {
    const res = await rawGet(app.url, '/', { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/graphql');
  });

  test('a browser opening /graphql gets the explorer page, with a self-only CSP and no external URL', async () => {
    const res = await rawGet(app.url, '/graphql', { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toBe(explorerCsp(new URL(app.url).host));
    const directives = csp.split(';').map((d) => d.trim());
    expect(directives).toContain("default-src 'self'");
    expect(directives).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    expect(res.body).toContain('id="explorer-config"');
    expect(res.body).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    expect(res.body).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    expect(res.body).toContain('<title>ISOF ↔ IdoSell</title>');
  });

  test('every asset the page names is served with its content type and a long cache lifetime', async () => {
    const page = await rawGet(app.url, '/graphql', { accept: BROWSER_ACCEPT });
    const refs = [...page.body.matchAll(/(?:src|href)="(\/explorer\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs.map((r) => r.replace(/\?.*$/, '')).sort()).toEqual(
      [
        '/explorer/assets/explorer.css',
        '/explorer/assets/explorer.js',
        '/explorer/assets/graphiql.min.css',
        '/explorer/assets/graphiql.min.js',
        '/explorer/assets/graphql-ws.min.js',
        '/explorer/assets/plugin-explorer.css',
        '/explorer/assets/plugin-explorer.umd.js',
        '/explorer/assets/react-dom.production.min.js',
        '/explorer/assets/react.production.min.js',
      ],
    );
    for (const ref of refs) {
      const res = await rawGet(app.url, ref);
      expect({ ref, status: res.status }).toEqual({ ref, status: 200 });
      const type = ref.includes('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect({ ref, type: res.headers['content-type'] }).toEqual({ ref, type });
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.body.length).toBeGreaterThan(100);
    }
    const graphiqlJs = await rawGet(app.url, '/explorer/assets/graphiql.min.js');
    expect(graphiqlJs.body).toBe(fs.readFileSync('node_modules/graphiql/graphiql.min.js', 'utf8'));
  });

  test.each([
    '/explorer/assets/package.json',
    '/explorer/assets/../package.json',
    '/explorer/assets/..%2F..%2Fpackage.json',
    '/explorer/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    '/explorer/assets/..%5C..%5Cpackage.json',
    '/explorer/assets/__proto__',
    '/explorer/assets/toString',
    '/explorer/assets/graphiql.min.js%00.css',
    '/explorer/assets/react.development.js',
  ])('%s is not served', async (path) => {
    const res = await rawGet(app.url, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('"dependencies"');
  });

  test('a GET with Accept: application/json goes on to the GraphQL handler', async () => {
    const res = await rawGet(app.url, '/graphql', { accept: 'application/json' });
    expect(res.body).not.toContain('explorer-config');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  test('a GraphQL GET query goes on to the GraphQL handler, even from a browser', async () => {
    const query = encodeURIComponent('{ warehouses { name } }');
    const json = await rawGet(app.url, `/graphql?query=${query}`, {
      accept: 'application/json',
      'apollo-require-preflight': 'true',
      authorization: `Bearer ${VIEWER_SECRET}`,
    });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body).data.warehouses).toContainEqual({ name: 'Magazyn główny' });
    const html = await rawGet(app.url, `/graphql?query=${query}`, { accept: BROWSER_ACCEPT });
    expect(html.body).not.toContain('explorer-config');
  });
});

describe('GRAPHQL_EXPLORER=false', () => {
  test('the server serves neither the explorer page nor its assets', async () => {
    const off = await startTestApp({ env: { GRAPHQL_EXPLORER: 'false' }, seed: false });
    try {
      const page = await rawGet(off.url, '/graphql', { accept: BROWSER_ACCEPT });
      expect(page.body).not.toContain('explorer-config');
      const asset = await rawGet(off.url, '/explorer/assets/graphiql.min.js');
      expect(asset.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('explorer in a real browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = (await launchChromium()).browser;
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('a query typed into the explorer runs against the database, with the API key typed in the headers editor, and nothing leaves this machine', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    // Schema fetches (introspection) and whether they carried the key and got a schema back.
    const introspections: { withKey: boolean; gotSchema: boolean }[] = [];
    page.on('response', async (r) => {
      if (!r.url().endsWith('/graphql') || !(r.request().postData() ?? '').includes('__schema')) return;
      const body = await r.text().catch(() => '');
      introspections.push({ withKey: r.request().headers().authorization === `Bearer ${VIEWER_SECRET}`, gotSchema: body.includes('"__schema"') });
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
    });
    try {
      await page.goto(`${app.url}/graphql`);
      const queryEditor = page.locator('.graphiql-query-editor .CodeMirror');
      await queryEditor.waitFor();
      const editorText = (selector: string, index = 0) =>
        page.evaluate(
          ([s, i]) => {
            const el = (globalThis as any).document.querySelectorAll(s)[i];
            return el ? (el.CodeMirror.getValue() as string) : null;
          },
          [selector, index] as const,
        );
      // The default query tells the user where the API key goes; the README's walkthrough follows in tabs.
      expect(await editorText('.graphiql-query-editor .CodeMirror')).toContain('products(first: 5)');
      const tabs = page.locator('.graphiql-tab');
      expect(await tabs.count()).toBe(1 + WALKTHROUGH.length);
      await tabs.nth(2).click();
      expect(await editorText('.graphiql-query-editor .CodeMirror')).toContain(WALKTHROUGH[1]!.document);
      await tabs.nth(0).click();
      // The query builder plugin is there (GraphiQL 3's explorer plugin).
      await page.locator('button[aria-label="Show GraphiQL Explorer"]').waitFor();

      await queryEditor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('{ warehouses { code name } }');
      expect(await editorText('.graphiql-query-editor .CodeMirror')).toBe('{ warehouses { code name } }');
      const result = page.locator('.graphiql-response .result-window');

      // Without a key the server says what to do, and GraphiQL shows it.
      await page.keyboard.press('Control+Enter');
      await waitForText(result, 'An API key is required');

      // The headers editor is open by default; type the key there and run again.
      const headersEditor = page.locator('.graphiql-editor-tool .CodeMirror >> visible=true');
      await headersEditor.click();
      await page.keyboard.type(`{"Authorization": "Bearer ${VIEWER_SECRET}`);
      // Typing the key fetches the schema again, with the key: Docs and autocompletion work at once.
      const deadline = Date.now() + 15000;
      while (!introspections.some((i) => i.withKey && i.gotSchema) && Date.now() < deadline) await page.waitForTimeout(100);
      expect(introspections[0]).toEqual({ withKey: false, gotSchema: false });
      expect(introspections).toContainEqual({ withKey: true, gotSchema: true });
      await page.locator('.graphiql-execute-button').click();
      await waitForText(result, 'Magazyn główny');
      const shown = await result.innerText();
      expect(shown).toContain('MAG-GL');
      expect(shown).not.toContain('An API key is required');
      // The key is in no storage of the page and not in its address.
      const stored = await page.evaluate(() => {
        const g = globalThis as any;
        const dump = (st: any) => Object.keys(st).map((k) => `${k}=${st.getItem(k)}`).join('\n');
        return { local: dump(g.localStorage), session: dump(g.sessionStorage), url: g.location.href as string };
      });
      expect(stored.local).toContain('graphiql:'); // GraphiQL does store its tabs, just not the headers
      for (const where of [stored.local, stored.session, stored.url]) expect(where).not.toContain(VIEWER_SECRET);
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
    expect(requests.filter((u) => !staysOnThisMachine(u))).toEqual([]);
    // The explorer really loaded its parts from this server and talked to /graphql.
    const paths = requests.map((u) => new URL(u).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/graphql', '/explorer/assets/graphiql.min.js', '/explorer/assets/explorer.js']));
    expect(paths.filter((p) => p === '/graphql').length).toBeGreaterThanOrEqual(3); // page, runs (and schema)
  });
});

/** Waits until the locator's text contains `text`, then returns; fails with what it showed instead. */
async function waitForText(locator: import('playwright-core').Locator, text: string): Promise<void> {
  const deadline = Date.now() + 15000;
  let last = '';
  while (Date.now() < deadline) {
    last = await locator.innerText().catch(() => '');
    if (last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The explorer's result pane never showed "${text}"; it showed: ${last.slice(0, 500)}`);
}
