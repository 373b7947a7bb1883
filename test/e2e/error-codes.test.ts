/**
 * The codes Apollo Server 5 answers by itself, as this server configures it, asked of the running
 * server over HTTP: each is in the errors list (common/errors.ts) with the HTTP status it comes with.
 * Persisted queries are on (an unknown hash is PERSISTED_QUERY_NOT_FOUND), which is why the list has no
 * PERSISTED_QUERY_NOT_SUPPORTED; introspection off answers GRAPHQL_VALIDATION_FAILED.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { API_ERROR_CODES, type ApiErrorCode } from '../../src/common/errors.js';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seed: false, env: { GRAPHQL_INTROSPECTION: 'false' } });
});
afterAll(() => app.close());

async function ask(init: { method?: string; url?: string; body?: unknown; headers?: Record<string, string> }) {
  const res = await fetch(init.url ?? app.graphqlUrl, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: res.status, code: body.errors?.[0]?.extensions?.code, message: body.errors?.[0]?.message ?? '' };
}

function expectListed(answer: { status: number; code?: string }, code: ApiErrorCode) {
  expect(answer.code).toBe(code);
  expect(API_ERROR_CODES[code].http).toContain(String(answer.status));
}

test.each([
  ['GRAPHQL_PARSE_FAILED', 'query text that is not GraphQL', { body: { query: '{ shops { id ' } }],
  ['GRAPHQL_VALIDATION_FAILED', 'a field the schema lacks', { body: { query: '{ noSuchField }' } }],
  ['GRAPHQL_VALIDATION_FAILED', 'introspection while it is off', { body: { query: '{ __schema { types { name } } }' } }],
  ['OPERATION_RESOLUTION_FAILURE', 'two operations and no operationName', { body: { query: 'query A { shops { id } } query B { shops { name } }' } }],
  ['PERSISTED_QUERY_NOT_FOUND', 'a persisted query hash the server does not hold', { body: { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } } }],
  ['BAD_REQUEST', 'a body without a query', { body: { variables: {} } }],
  ['BAD_USER_INPUT', 'a required variable left out', { body: { query: 'query($id: ID!) { shop(id: $id) { id } }' } }],
] as const)('%s: %s', async (code, _what, init) => {
  expectListed(await ask(init), code);
});

test('BAD_REQUEST: a mutation sent by GET (405) and a GET without a preflight header', async () => {
  const url = new URL(app.graphqlUrl);
  url.searchParams.set('query', 'mutation { deleteStatusMapping(id: "1") }');
  const mutation = await ask({ method: 'GET', url: url.toString(), headers: { 'apollo-require-preflight': 'true' } });
  expectListed(mutation, 'BAD_REQUEST');
  url.searchParams.set('query', '{ shops { id } }');
  const noPreflight = await ask({ method: 'GET', url: url.toString(), headers: { 'content-type': 'text/plain' } });
  expectListed(noPreflight, 'BAD_REQUEST');
  expect(noPreflight.message).toMatch(/Cross-Site Request Forgery|preflight/i);
});
