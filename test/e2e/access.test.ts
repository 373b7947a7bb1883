/** API keys and roles; production hardening of the GraphQL edge. */
import { startTestApp, type TestApp } from '../helpers/app.js';

const VIEWER = 'viewer-secret-0123456789abcdef';
const OPERATOR = 'operator-secret-0123456789abcdef';
const ADMIN = 'admin-secret-0123456789abcdef';
const API_KEYS = `dashboard:viewer:${VIEWER},isof:operator:${OPERATOR},integrator:admin:${ADMIN}`;

describe('API keys and roles', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { API_KEYS }, captureLogs: true });
  });
  afterAll(() => app.close());

  test('no key or a wrong key is UNAUTHENTICATED (401)', async () => {
    const none = await app.gql('{ shops { id } }');
    expect(none.status).toBe(401);
    expect(none.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const wrong = await app.gql('{ shops { id } }', {}, { key: 'not-a-key-at-all-000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.errors![0]!.message).toContain('not valid');
  });

  test('a viewer reads but cannot change shops', async () => {
    const read = await app.gql('{ shops { id } warehouses { code } }', {}, { key: VIEWER });
    expect(read.errors).toBeUndefined();
    const write = await app.gql(`mutation { createShop(input: { name: "X", apiUrl: "https://x.example.com", apiKey: "xxxxxxxxxxxx", saveWithoutTest: true }) { id } }`, {}, { key: VIEWER });
    expect(write.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(write.errors![0]!.message).toContain('admin role');
    expect(write.errors![0]!.message).toContain('dashboard');
    const op = await app.gql(`mutation { createShop(input: { name: "X", apiUrl: "https://x.example.com", apiKey: "xxxxxxxxxxxx", saveWithoutTest: true }) { id } }`, {}, { key: OPERATOR });
    expect(op.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await app.gql('{ shops { id } }', {}, { key: ADMIN })).data.shops).toEqual([]);
  });

  test('an admin changes shops; secrets never reach the logs', async () => {
    const r = await app.gql(`mutation { createShop(input: { name: "Sklep admina", apiUrl: "https://a.example.com", apiKey: "shop-key-never-logged-42", saveWithoutTest: true }) { id } }`, {}, { key: ADMIN });
    expect(r.errors).toBeUndefined();
    const all = app.logs.join('\n');
    expect(all).not.toContain('shop-key-never-logged-42');
    for (const k of [VIEWER, OPERATOR, ADMIN]) expect(all).not.toContain(k);
    expect(all).toContain('"caller":"integrator"');
  });
});

describe('production settings', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false, env: { NODE_ENV: 'production', API_KEYS } });
  });
  afterAll(() => app.close());

  test('no field suggestions, no introspection, no explorer', async () => {
    const typo = await app.gql('{ shopz { id } }', {}, { key: VIEWER });
    expect(typo.status).toBe(400);
    expect(typo.errors![0]!.message).not.toMatch(/Did you mean/);
    const intro = await app.gql('{ __schema { types { name } } }', {}, { key: VIEWER });
    expect(intro.errors![0]!.message).toMatch(/introspection/i);
    const page = await fetch(app.graphqlUrl, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).not.toContain('graphiql');
    // No landing page that would pull code from a CDN either.
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
  });
});

describe('the embedded default without API_KEYS', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false });
  });
  afterAll(() => app.close());

  test('answers loopback callers as admin', async () => {
    const r = await app.gql(`mutation { createShop(input: { name: "Lokalny", apiUrl: "https://l.example.com", apiKey: "local-key-123456", saveWithoutTest: true }) { id } }`);
    expect(r.errors).toBeUndefined();
    const intro = await app.gql('{ __schema { queryType { name } } }');
    expect(intro.data.__schema.queryType.name).toBe('Query');
  });
});

describe('with the explorer turned off and SQL logging on', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false, captureLogs: true, env: { GRAPHQL_EXPLORER: 'false', LOG_SQL: 'true' } });
  });

  test('LOG_SQL logs every statement', async () => {
    const before = app.logs.length;
    await app.gql('{ warehouses { code } }');
    expect(app.logs.slice(before).some((l) => l.includes('"sql":"SELECT') && l.includes('MAGAZYNY'))).toBe(true);
  });
  afterAll(() => app.close());

  test('a browser gets no landing page that would load code from a CDN', async () => {
    const page = await fetch(app.graphqlUrl, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
    expect(html).not.toMatch(/apollographql/i);
  });
});
