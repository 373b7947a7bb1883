/**
 * The HTTP edge, with raw node:http and node:net clients on loopback: the Host rule of the keyless
 * mode, suggestions hidden in production, bodies the server does not read, and node's own
 * timeouts and connection cap.
 */
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { startTestApp, type TestApp } from '../helpers/app.js';

const VIEWER = 'viewer-secret-0123456789abcdef';
const ADMIN = 'admin-secret-0123456789abcdef';
const API_KEYS = `dashboard:viewer:${VIEWER},integrator:admin:${ADMIN}`;
const SHOPS = JSON.stringify({ query: '{ shops { id } }' });

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } | null;
}

function portOf(app: TestApp): number {
  return Number(new URL(app.url).port);
}

/** One request on its own connection, with exactly the headers given (Host included). */
function request(
  app: TestApp,
  opts: { method?: string; path?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: portOf(app), method: opts.method ?? 'POST', path: opts.path ?? '/graphql', headers: opts.headers ?? {}, agent: false, setHost: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: RawAnswer['json'];
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = null;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function json(host: string, extra: Record<string, string> = {}): Record<string, string> {
  return { host, 'content-type': 'application/json', ...extra };
}

/** A raw connection: everything it receives, and when it closed. */
function connect(port: number): Promise<{ socket: net.Socket; received: () => string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => { data += c; });
    socket.on('error', () => undefined);
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now())));
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** When the connection closed, or 0 if it is still open after `ms`. */
async function closedWithin(closed: Promise<number>, ms: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const giveUp = new Promise<number>((r) => { timer = setTimeout(() => r(0), ms); });
  try {
    return await Promise.race([closed, giveUp]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(what: string, check: () => boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Log lines at error level or carrying a stack trace. */
function errorLines(app: TestApp): string[] {
  return app.logs.filter((l) => l.includes('"level":50') || l.includes('"level":60') || l.includes('"stack"'));
}

describe('without API_KEYS, only loopback Host names are served', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  test('a DNS-rebinding Host gets 403 FORBIDDEN with a sentence, and no data', async () => {
    const port = portOf(app);
    for (const host of [`rebind.attacker.example:${port}`, 'rebind.attacker.example', `localhost.attacker.example:${port}`, `127.0.0.1.nip.io:${port}`, `0.0.0.0:${port}`]) {
      const r = await request(app, { headers: json(host), body: SHOPS });
      expect({ host, status: r.status }).toEqual({ host, status: 403 });
      expect(r.json!.data).toBeUndefined();
      expect(r.json!.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(r.json!.errors![0]!.message).toContain(`http://localhost:${port}`);
      expect(r.json!.errors![0]!.message).toContain('API_KEYS');
    }
  });

  test('the explorer and its assets are refused the same way; health and readiness stay open', async () => {
    const host = `rebind.attacker.example:${portOf(app)}`;
    const page = await request(app, { method: 'GET', headers: { host, accept: 'text/html' } });
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('graphiql');
    const asset = await request(app, { method: 'GET', path: '/explorer/assets/explorer.js', headers: { host } });
    expect(asset.status).toBe(403);
    const get = await request(app, { method: 'GET', path: '/graphql?query=%7Bshops%7Bid%7D%7D', headers: { host, 'apollo-require-preflight': '1' } });
    expect(get.status).toBe(403);
    expect((await request(app, { method: 'GET', path: '/healthz', headers: { host } })).status).toBe(200);
    expect((await request(app, { method: 'GET', path: '/readyz', headers: { host } })).status).toBe(200);
  });

  test('localhost, 127.0.0.1 and [::1] are served, with or without a port, in any case', async () => {
    const port = portOf(app);
    for (const host of ['localhost', `localhost:${port}`, `LocalHost:${port}`, '127.0.0.1', `127.0.0.1:${port}`, '[::1]', `[::1]:${port}`, `[::1]:8080`]) {
      const r = await request(app, { headers: json(host), body: SHOPS });
      expect({ host, status: r.status, data: r.json!.data }).toEqual({ host, status: 200, data: { shops: [] } });
    }
  });

  test('a request without a Host header is refused', async () => {
    // HTTP/1.1 without Host is refused by node itself (400); HTTP/1.0 allows it, so the check must.
    const c = await connect(portOf(app));
    c.socket.write(`POST /graphql HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(SHOPS)}\r\n\r\n${SHOPS}`);
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 403 /);
    expect(c.received()).toContain('no Host header');
    expect(c.received()).not.toContain('"data"');
  });
});

describe('with API_KEYS, any Host name is served (the key is the check)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false, env: { API_KEYS } });
  });
  afterAll(() => app.close());

  test('a named host with a key is answered', async () => {
    const r = await request(app, { headers: json('middleware.example.com', { authorization: `Bearer ${VIEWER}` }), body: SHOPS });
    expect(r.status).toBe(200);
    expect(r.json!.data).toEqual({ shops: [] });
  });
});

const RUNS_BY_FILTER = 'query ($f: SyncRunFilter) { syncRuns(filter: $f) { edges { node { id } } } }';
const LAST_RUN = 'query ($k: SyncKind!) { shops { lastRun(kind: $k) { id } } }';

describe('variable errors in production carry no suggestions', () => {
  let prod: TestApp;
  let dev: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ seed: false, env: { NODE_ENV: 'production', API_KEYS } });
    dev = await startTestApp({ seed: false });
  });
  afterAll(async () => {
    await prod.close();
    await dev.close();
  });

  const cases: [string, string, Record<string, unknown>, RegExp][] = [
    ['an enum value typo inside an input variable', RUNS_BY_FILTER, { f: { kind: 'EXPORT_PRODUCT' } }, /Value "EXPORT_PRODUCT" does not exist in "SyncKind" enum/],
    ['an enum value typo as the variable', LAST_RUN, { k: 'SYNC_STOK' }, /Value "SYNC_STOK" does not exist in "SyncKind" enum/],
    ['an unknown input field inside a variable', RUNS_BY_FILTER, { f: { kindd: 'EXPORT_PRODUCTS' } }, /Field "kindd" is not defined by type "SyncRunFilter"/],
  ];

  test.each(cases)('%s: production says what is wrong, without "Did you mean"', async (_name, query, variables, what) => {
    const r = await prod.gql(query, variables, { key: VIEWER });
    expect(r.status).toBe(400);
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(what);
    expect(r.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  test.each(cases)('%s: development keeps the suggestion', async (_name, query, variables, what) => {
    const r = await dev.gql(query, variables);
    expect(r.status).toBe(400);
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toMatch(what);
    expect(r.errors![0]!.message).toMatch(/Did you mean "?(the enum value )?"(EXPORT_PRODUCTS|SYNC_STOCK|kind)"\?/);
  });
});

describe('bodies the server does not read', () => {
  let keyless: TestApp;
  let keyed: TestApp;
  beforeAll(async () => {
    keyless = await startTestApp({ seed: false, captureLogs: true });
    keyed = await startTestApp({ seed: false, captureLogs: true, env: { NODE_ENV: 'production', API_KEYS } });
  });
  afterAll(async () => {
    await keyless.close();
    await keyed.close();
  });

  const auth = { authorization: `Bearer ${VIEWER}` };

  test('Content-Encoding compress gets 415 UNSUPPORTED_MEDIA_TYPE, naming what is accepted, with no stack logged', async () => {
    for (const [app, extra] of [[keyless, {}], [keyed, auth]] as const) {
      const r = await request(app, { headers: json('localhost', { 'content-encoding': 'compress', ...extra }), body: SHOPS });
      expect(r.status).toBe(415);
      expect(r.json!.errors![0]!.extensions!.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(r.json!.errors![0]!.message).toMatch(/Content-Encoding "compress" is not accepted.*UTF-8.*gzip, deflate, br/);
      expect(errorLines(app)).toEqual([]);
    }
  });

  test('a charset other than UTF-8 gets 415 UNSUPPORTED_MEDIA_TYPE, with no stack logged', async () => {
    for (const charset of ['latin1', 'utf-16', 'klingon']) {
      const r = await request(keyless, { headers: json('localhost', { 'content-type': `application/json; charset=${charset}` }), body: SHOPS });
      expect({ charset, status: r.status }).toEqual({ charset, status: 415 });
      expect(r.json!.errors![0]!.extensions!.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(r.json!.errors![0]!.message).toContain(`charset "${charset}" is not accepted`);
    }
    const ok = await request(keyless, { headers: json('localhost', { 'content-type': 'application/json; charset=UTF-8' }), body: SHOPS });
    expect(ok.status).toBe(200);
    expect(errorLines(keyless)).toEqual([]);
    expect(keyless.logs.some((l) => l.includes('"msg":"request body refused"') && l.includes('"status":415'))).toBe(true);
  });

  test('a body that is not JSON gets 415; a compressed body says so and is read', async () => {
    const xml = await request(keyless, { headers: json('localhost', { 'content-type': 'application/xml' }), body: '<query/>' });
    expect(xml.status).toBe(415);
    expect(xml.json!.errors![0]!.extensions!.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(xml.json!.errors![0]!.message).toContain('Content-Type: application/json');
    for (const [encoding, body] of [['gzip', zlib.gzipSync(SHOPS)], ['deflate', zlib.deflateSync(SHOPS)], ['br', zlib.brotliCompressSync(SHOPS)]] as const) {
      const r = await request(keyless, { headers: json('localhost', { 'content-encoding': encoding }), body });
      expect({ encoding, status: r.status, data: r.json!.data }).toEqual({ encoding, status: 200, data: { shops: [] } });
    }
  });

  test('a body that says gzip and is not gets 400 BAD_REQUEST, with no stack logged', async () => {
    const r = await request(keyed, { headers: json('localhost', { 'content-encoding': 'gzip', ...auth }), body: 'not gzip at all' });
    expect(r.status).toBe(400);
    expect(r.json!.errors![0]!.extensions!.code).toBe('BAD_REQUEST');
    expect(r.json!.errors![0]!.message).toMatch(/could not be read/);
    expect(errorLines(keyed)).toEqual([]);
  });

  test('without a key the body is not even read: 401, whatever its encoding', async () => {
    const r = await request(keyed, { headers: json('localhost', { 'content-encoding': 'compress' }), body: SHOPS });
    expect(r.status).toBe(401);
    expect(r.json!.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const bad = await request(keyed, { headers: json('localhost', { 'content-type': 'application/json; charset=latin1' }), body: SHOPS });
    expect(bad.status).toBe(401);
    expect(errorLines(keyed)).toEqual([]);
  });

  test('a client that drops its body half-way leaves one info line, no error or stack', async () => {
    const before = keyless.logs.length;
    const c = await connect(portOf(keyless));
    c.socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":`);
    await sleep(200);
    c.socket.destroy();
    await until('the refusal to be logged', () => keyless.logs.slice(before).some((l) => l.includes('"msg":"request body refused"') && l.includes('request.aborted')));
    expect(errorLines(keyless)).toEqual([]);
  });
});

describe('HTTP timeouts', () => {
  let app: TestApp;
  let slowHeaders: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      captureLogs: true,
      env: { SANDBOX: 'on', HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000' },
    });
    // The request timeout far away, so that only the headers timeout can end the slow headers.
    slowHeaders = await startTestApp({ seed: false, env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '30000' } });
  });
  afterAll(async () => {
    await app.close();
    await slowHeaders.close();
  });

  test('a client that sends its headers a byte at a time gets 408 and is disconnected', async () => {
    const c = await connect(portOf(slowHeaders));
    const started = Date.now();
    const head = 'POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Slow: ';
    c.socket.write(head);
    const trickle = setInterval(() => { if (!c.socket.destroyed) c.socket.write('a'); }, 200);
    try {
      const closedAt = await closedWithin(c.closed, 15000);
      expect(closedAt).toBeGreaterThan(0);
      expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
      // node's default headersTimeout is 60 s, and the request timeout here is 30 s; generous bound for a shared machine.
      expect(closedAt - started).toBeLessThan(10000);
    } finally {
      clearInterval(trickle);
    }
  });

  test('a client that sends its headers at once and its body a byte at a time gets 408 and is disconnected', async () => {
    const c = await connect(portOf(app));
    const started = Date.now();
    c.socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${SHOPS.length}\r\n\r\n`);
    let sent = 0;
    const trickle = setInterval(() => { if (!c.socket.destroyed && sent < SHOPS.length) c.socket.write(SHOPS[sent++]!); }, 250);
    try {
      const closedAt = await closedWithin(c.closed, 15000);
      expect(closedAt).toBeGreaterThan(0);
      expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
      // node's default requestTimeout is 300 s.
      expect(closedAt - started).toBeLessThan(10000);
      expect(sent).toBeLessThan(SHOPS.length);
      // The body parser sees the request aborted: one info line, no error.
      await until('the refusal to be logged', () => app.logs.some((l) => l.includes('"msg":"request body refused"')));
      expect(errorLines(app)).toEqual([]);
    } finally {
      clearInterval(trickle);
    }
  });

  test('the keep-alive timeout is announced and an idle connection is closed', async () => {
    const c = await connect(portOf(app));
    c.socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${SHOPS.length}\r\n\r\n${SHOPS}`);
    await until('the answer', () => c.received().includes('"shops"'));
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(c.received()).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
    const closedAt = await closedWithin(c.closed, 15000);
    expect(closedAt).toBeGreaterThan(0);
  });

  test('the request timeout does not cut an answer that takes longer (a mutation with wait: true)', async () => {
    app.sandbox!.setFaults({ latencyMs: 2000 });
    try {
      const started = Date.now();
      const r = await app.gql('mutation { exportProducts(input: { shopId: "1", productIds: ["1"], wait: true }) { status total } }');
      expect(r.status).toBe(200);
      expect(r.errors).toBeUndefined();
      expect(r.data.exportProducts.total).toBe(1);
      // The answer came later than HTTP_REQUEST_TIMEOUT_MS (1500 ms) after the request arrived.
      expect(Date.now() - started).toBeGreaterThan(1500);
    } finally {
      app.sandbox!.setFaults({ latencyMs: 0 });
    }
  });
});

describe('the connection cap (HTTP_MAX_CONNECTIONS)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false, env: { HTTP_MAX_CONNECTIONS: '2', HTTP_KEEP_ALIVE_TIMEOUT_MS: '60000' } });
  });
  afterAll(() => app.close());

  async function answered(c: Awaited<ReturnType<typeof connect>>): Promise<boolean> {
    c.socket.write(`POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${SHOPS.length}\r\n\r\n${SHOPS}`);
    let closed = false;
    void c.closed.then(() => { closed = true; });
    await until('an answer or the close', () => closed || c.received().includes('"shops"'));
    const outcome = c.received().includes('"shops"');
    return outcome && c.received().startsWith('HTTP/1.1 200 ');
  }

  test('connection N+1 is closed without an answer; once one closes, a new one is served', async () => {
    const first = await connect(portOf(app));
    const second = await connect(portOf(app));
    expect(await answered(first)).toBe(true);
    expect(await answered(second)).toBe(true);
    const third = await connect(portOf(app)).catch(() => null);
    if (third) {
      expect(await answered(third)).toBe(false);
      expect(third.received()).toBe('');
    }
    first.socket.destroy();
    await first.closed;
    // The server notices the closed connection on its own time: retry for a while.
    let served = false;
    for (let i = 0; i < 50 && !served; i++) {
      const next = await connect(portOf(app)).catch(() => null);
      if (next) {
        served = await answered(next);
        next.socket.destroy();
      }
      if (!served) await sleep(100);
    }
    expect(served).toBe(true);
    second.socket.destroy();
  });
});
