/**
 * Issue 14 point 3, end to end over HTTP on a real SQLite file with the sandbox shop on loopback:
 * the IdoSell order status list, deleting status and price mappings (admin; unknown id NOT_FOUND,
 * nothing written) and the JSON-typed run fields beside the deprecated strings.
 */
import { startTestApp, type TestApp } from '../helpers/app.js';
import { IDOSELL_ORDER_STATUSES } from '../../src/idosell/index.js';
import { PriceMappingEntity, StatusMappingEntity } from '../../src/mappings/mapping.entities.js';

const VIEWER = 'viewer-secret-0123456789abcdef';
const OPERATOR = 'operator-secret-0123456789abcdef';
const ADMIN = 'admin-secret-0123456789abcdef';

let app: TestApp;
let shopId: string;

async function ok(query: string, variables: Record<string, unknown> = {}, key = ADMIN) {
  const r = await app.gql(query, variables, { key });
  expect(r.errors).toBeUndefined();
  return r.data;
}

beforeAll(async () => {
  app = await startTestApp({ env: { SANDBOX: 'on', API_KEYS: `dash:viewer:${VIEWER},isof:operator:${OPERATOR},boss:admin:${ADMIN}` } });
  shopId = (await ok('{ shops { id } }')).shops[0].id;
});
afterAll(() => app.close());

test('idosellOrderStatuses answers the connector list to a viewer', async () => {
  const data = await ok('{ idosellOrderStatuses }', {}, VIEWER);
  expect(data.idosellOrderStatuses).toEqual([...IDOSELL_ORDER_STATUSES]);
  expect(data.idosellOrderStatuses).toContain('finished');
  const anonymous = await app.gql('{ idosellOrderStatuses }');
  expect(anonymous.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
});

describe.each([
  {
    what: 'status', mutation: 'deleteStatusMapping', entity: StatusMappingEntity, sentence: 'Status mapping',
    set: async () => (await ok(`mutation($s: ID!) { setStatusMapping(input: { shopId: $s, isofStatus: "Nowe", idosellStatus: "new" }) { id } }`, { s: shopId })).setStatusMapping.id as string,
  },
  {
    what: 'price', mutation: 'deletePriceMapping', entity: PriceMappingEntity, sentence: 'Price mapping',
    set: async () => {
      const types = (await ok('{ priceTypes { id } }')).priceTypes;
      return (await ok(`mutation($s: ID!, $t: ID!) { setPriceMapping(input: { shopId: $s, priceTypeId: $t, idosellPriceField: WHOLESALE }) { id } }`, { s: shopId, t: types[0].id })).setPriceMapping.id as string;
    },
  },
])('$mutation', ({ mutation, entity, sentence, set }) => {
  const count = () => app.services.ds.getRepository(entity).count();
  const del = (id: string, key = ADMIN) => app.gql(`mutation($id: ID!) { ${mutation}(id: $id) }`, { id }, { key });

  test('a viewer or an operator is FORBIDDEN and nothing is deleted', async () => {
    const id = await set();
    const before = await count();
    for (const key of [VIEWER, OPERATOR]) {
      const r = await del(id, key);
      expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
      expect(r.errors![0]!.message).toContain('admin role');
    }
    expect(await count()).toBe(before);
  });

  test('an admin deletes the mapping (true); the same id again is NOT_FOUND with a sentence, nothing else deleted', async () => {
    const id = await set();
    const before = await count();
    expect((await del(id)).data![mutation]).toBe(true);
    expect(await count()).toBe(before - 1);
    expect(await app.services.ds.getRepository(entity).existsBy({ id: Number(id) })).toBe(false);

    const again = await del(id);
    expect(again.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(again.errors![0]!.message).toBe(`${sentence} ${id} does not exist. Check the id (list them with the matching query).`);
    expect(await count()).toBe(before - 1);
  });

  test('an id that is not one is BAD_USER_INPUT and deletes nothing', async () => {
    await set();
    const before = await count();
    const r = await del('abc');
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.message).toContain('positive whole numbers');
    expect(await count()).toBe(before);
  });
});

describe('JSON run fields', () => {
  test('SyncRun.paramsJson and SyncRunItem.detailJson are the objects the deprecated strings pack', async () => {
    const product = (await ok('{ products(first: 1) { edges { node { id code } } } }')).products.edges[0].node;
    const started = await ok(`mutation($s: ID!, $p: [ID!]) { exportProducts(input: { shopId: $s, productIds: $p, dryRun: true, wait: true }) { id } }`,
      { s: shopId, p: [product.id] }, OPERATOR);
    const run = (await ok(`query($id: ID!) { syncRun(id: $id) { params paramsJson items { edges { node { detail detailJson } } } } }`,
      { id: started.exportProducts.id }, VIEWER)).syncRun;
    expect(run.paramsJson).toEqual({ productIds: [Number(product.id)], dryRun: true, force: false });
    expect(run.paramsJson).toEqual(JSON.parse(run.params));
    const item = run.items.edges[0].node;
    expect(typeof item.detailJson).toBe('object');
    expect(item.detailJson.sent.code).toBe(product.code);
    expect(item.detailJson).toEqual(JSON.parse(item.detail));
  });

  test('the string fields are deprecated, naming their successors', async () => {
    const data = await ok(`{
      run: __type(name: "SyncRun") { fields(includeDeprecated: true) { name isDeprecated deprecationReason type { name } } }
      item: __type(name: "SyncRunItem") { fields(includeDeprecated: true) { name isDeprecated deprecationReason type { name } } }
    }`);
    const field = (t: { fields: { name: string }[] }, name: string) => t.fields.find((f) => f.name === name);
    expect(field(data.run, 'params')).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('paramsJson') });
    expect(field(data.item, 'detail')).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('detailJson') });
    expect(field(data.run, 'paramsJson')).toMatchObject({ isDeprecated: false, type: { name: 'JSON' } });
    expect(field(data.item, 'detailJson')).toMatchObject({ isDeprecated: false, type: { name: 'JSON' } });
  });
});
