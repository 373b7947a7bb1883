import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { buildSchema, getIntrospectionQuery, parse, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import {
  analyzeDocument,
  checkLimits,
  createLimitsPlugin,
  INTROSPECTION_MAX_DEPTH,
  type QueryLimits,
} from '../../src/api/limits.js';

/** Shapes like the API contract: connections with `first` defaults, plain small lists, a recursive type. */
const SDL = /* GraphQL */ `
  type Query {
    products(first: Int = 50, after: String): ProductConnection!
    orders(first: Int, after: String): OrderConnection!
    recent(first: Int = 5): [Product!]!
    shops: [Shop!]!
    category(id: ID!): Category
  }
  type Mutation { ping: String }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type ProductEdge { cursor: String! node: Product! }
  type Product { id: ID! name: String! prices: [Price!]! category: Category }
  type Price { amount: String! currency: String! }
  type OrderConnection { edges: [OrderEdge!]! }
  type OrderEdge { node: Order! }
  type Order { id: ID! }
  type Shop { id: ID! name: String! }
  type Category { id: ID! name: String! parent: Category children: [Category!]! products(first: Int = 50): ProductConnection! }
`;

const schema = buildSchema(SDL);

function measure(query: string, variables?: Record<string, unknown>, operationName?: string | null, defaultListSize?: number) {
  return analyzeDocument(schema, parse(query), variables, operationName, { defaultListSize });
}

const PRODUCT_TREE = 'edges { node { id prices { amount currency } } }'; // node = 1 + 1 + 3 = 5, edges = 6

describe('analyzeDocument', () => {
  it('counts plain fields and small plain lists with a factor of 1', () => {
    expect(measure('{ shops { id name } }')).toMatchObject({ depth: 2, cost: 3, aliases: 0 });
  });

  it('multiplies a connection sub-tree by its literal `first`', () => {
    const m = measure(`{ products(first: 200) { ${PRODUCT_TREE} } }`);
    expect(m).toMatchObject({ depth: 5, cost: 1 + 200 * 6, aliases: 0 });
    expect(m.costliestField).toEqual({ name: 'products', cost: 1201 });
  });

  it('uses the schema default of `first` when the argument is missing', () => {
    expect(measure(`{ products { ${PRODUCT_TREE} } }`).cost).toBe(1 + 50 * 6);
  });

  it('uses defaultListSize for a connection whose `first` has no default', () => {
    expect(measure('{ orders { edges { node { id } } } }').cost).toBe(1 + 50 * 3);
    expect(measure('{ orders { edges { node { id } } } }', undefined, undefined, 10).cost).toBe(1 + 10 * 3);
    expect(measure('{ orders(first: 4) { edges { node { id } } } }', undefined, undefined, 10).cost).toBe(1 + 4 * 3);
  });

  it('multiplies a plain list that has a `first` argument, defaulting from the schema', () => {
    expect(measure('{ recent { id name } }').cost).toBe(1 + 5 * 2);
    expect(measure('{ recent(first: 20) { id name } }').cost).toBe(1 + 20 * 2);
  });

  it('reads `first` from variables, from the variable default, and falls back on null', () => {
    const q = `query Q($n: Int) { products(first: $n) { ${PRODUCT_TREE} } }`;
    expect(measure(q, { n: 7 }).cost).toBe(1 + 7 * 6);
    expect(measure(`query Q($n: Int = 3) { products(first: $n) { ${PRODUCT_TREE} } }`, {}).cost).toBe(1 + 3 * 6);
    expect(measure(q, { n: null }).cost).toBe(1 + 50 * 6);
    expect(measure(q, undefined).cost).toBe(1 + 50 * 6);
  });

  it('follows named and inline fragments for depth, cost and aliases', () => {
    const withFragments = `
      { products(first: 10) { edges { node { ...P } } } }
      fragment P on Product { id ... on Product { prices { amount } } }
    `;
    const inlined = '{ products(first: 10) { edges { node { id prices { amount } } } } }';
    const expected = { depth: 5, cost: 1 + 10 * (1 + (1 + 1 + 2)), aliases: 0 };
    expect(measure(withFragments)).toMatchObject(expected);
    expect(measure(inlined)).toMatchObject(expected);
  });

  it('measures the depth of a recursive type, fragments adding no level of their own', () => {
    expect(measure('{ category(id: 1) { parent { parent { parent { id } } } } }').depth).toBe(5);
    const q = '{ category(id: 1) { ...C } } fragment C on Category { parent { ... on Category { parent { name } } } }';
    expect(measure(q).depth).toBe(4);
  });

  it('counts aliases in the operation and in every use of a fragment', () => {
    const q = `
      { a: shops { id } b: shops { n: name } products { edges { node { ...F } } } more: recent { ...F } }
      fragment F on Product { x: id y: name }
    `;
    // a, b, n, more, and x + y twice (the fragment is used twice)
    expect(measure(q).aliases).toBe(8);
    // aliasing a field to its own name is no alias
    expect(measure('{ shops: shops { id: id } }').aliases).toBe(0);
  });

  it('measures only the chosen operation of a document', () => {
    const doc = `query Small { shops { id } } query Big { products(first: 100) { ${PRODUCT_TREE} } } mutation M { x: ping }`;
    expect(measure(doc, undefined, 'Small')).toMatchObject({ depth: 2, cost: 2 });
    expect(measure(doc, undefined, 'Big')).toMatchObject({ depth: 5, cost: 601 });
    expect(measure(doc, undefined, 'M')).toMatchObject({ depth: 1, cost: 1, aliases: 1 });
    expect(measure(doc, undefined, 'Nope')).toMatchObject({ depth: 0, cost: 0, aliases: 0 });
  });

  it('honours @skip and @include with literals and variables', () => {
    const q = `query Q($yes: Boolean!) {
      shops @skip(if: true) { id }
      products(first: 100) @include(if: $yes) { ${PRODUCT_TREE} }
      ... on Query @include(if: false) { a: shops { id } }
    }`;
    expect(measure(q, { yes: false })).toMatchObject({ depth: 0, cost: 0, aliases: 0 });
    expect(measure(q, { yes: true })).toMatchObject({ depth: 5, cost: 601, aliases: 0 });
  });

  it('counts a negative `first` as an empty page and caps huge products at Number.MAX_SAFE_INTEGER', () => {
    expect(measure(`{ products(first: -5) { ${PRODUCT_TREE} } }`).cost).toBe(1);
    const big = 2147483647;
    const nested = `query Q($n: Int) { products(first: $n) { edges { node { category { products(first: $n) {
      edges { node { category { products(first: $n) { edges { node { id } } } } } } } } } } } }`;
    const m = measure(nested, { n: big });
    expect(m.cost).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number.isSafeInteger(m.cost)).toBe(true);
  });

  it('analyses fragments that expand exponentially without expanding them', () => {
    const levels = 40;
    const defs = ['fragment F0 on Query { a: shops { id } }'];
    for (let i = 1; i <= levels; i++) defs.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
    const m = measure(`{ ...F${levels} } ${defs.join('\n')}`);
    expect(m.aliases).toBe(2 ** levels);
    expect(m.cost).toBe(2 * 2 ** levels);
    expect(m.depth).toBe(2);
  });

  it('exempts __schema / __type subtrees from depth and cost but measures their own depth', () => {
    const m = measure(getIntrospectionQuery());
    expect(m).toMatchObject({ depth: 0, cost: 0, aliases: 0 });
    expect(m.introspectionDepth).toBe(15); // deeper than the default maxDepth of 10: hence the exemption
    expect(INTROSPECTION_MAX_DEPTH).toBe(19);
    expect(m.introspectionDepth).toBeLessThanOrEqual(INTROSPECTION_MAX_DEPTH);
    expect(measure('{ __type(name: "Product") { name fields { name } } shops { id } }')).toMatchObject({
      depth: 2,
      cost: 2,
      introspectionDepth: 3,
    });
    expect(measure('{ __typename }')).toMatchObject({ depth: 1, cost: 1 });
  });
});

const LIMITS: QueryLimits = { maxDepth: 10, maxCost: 50000, maxAliases: 30, maxPageSize: 500 };

describe('checkLimits', () => {
  it('refuses a query too deep with QUERY_TOO_DEEP, naming both numbers', () => {
    const deep = checkLimits({ depth: 14, cost: 1, aliases: 0, introspectionDepth: 0 }, LIMITS);
    expect(deep?.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', http: { status: 400 }, actual: 14, limit: 10 });
    expect(deep?.message).toMatch(/^The query is 14 levels deep; the limit is 10\. Ask for fewer nested fields/);
  });

  describe('a query too costly', () => {
    const costly = checkLimits(
      { depth: 3, cost: 120000, aliases: 0, introspectionDepth: 0, costliestField: { name: 'products', cost: 119000 } },
      LIMITS,
    );

    it('is refused with QUERY_TOO_COSTLY, naming the costliest field', () => {
      expect(costly?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', http: { status: 400 } });
      expect(costly?.message).toMatch(/^The query costs 120000; the limit is 50000\. The costliest part is "products"/);
    });

    it('says what to lower, with the page size limit', () => {
      expect(costly?.message).toContain('Lower `first`');
      expect(costly?.message).toContain('at most 500');
    });
  });

  it('refuses too many aliases with TOO_MANY_ALIASES', () => {
    const aliased = checkLimits({ depth: 2, cost: 40, aliases: 31, introspectionDepth: 0 }, LIMITS);
    expect(aliased?.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', http: { status: 400 } });
    expect(aliased?.message).toMatch(/^The query uses 31 aliased fields; the limit is 30\./);
  });

  it('refuses introspection deeper than its own ceiling with QUERY_TOO_DEEP', () => {
    const deepIntrospection = checkLimits({ depth: 0, cost: 0, aliases: 0, introspectionDepth: INTROSPECTION_MAX_DEPTH + 1 }, LIMITS);
    expect(deepIntrospection?.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(deepIntrospection?.message).toContain('introspection');
  });

  it('lets a query exactly at every limit through', () => {
    expect(checkLimits({ depth: 10, cost: 50000, aliases: 30, introspectionDepth: INTROSPECTION_MAX_DEPTH }, LIMITS)).toBeNull();
  });

  it('refuses a configuration that is not a number', () => {
    expect(() => createLimitsPlugin({ ...LIMITS, maxCost: Number.NaN })).toThrow(/maxCost must be a non-negative number/);
  });
});

describe('createLimitsPlugin in a real Apollo Server 5 behind express 5', () => {
  let server: ApolloServer;
  let httpServer: http.Server;
  let url: string;
  let resolverCalls = 0;

  function resolve(typeName: string, fieldName: string, fn: GraphQLFieldResolver<unknown, unknown>, target: GraphQLSchema) {
    const type = target.getType(typeName) as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    type.getFields()[fieldName]!.resolve = (...args: Parameters<GraphQLFieldResolver<unknown, unknown>>) => {
      resolverCalls++;
      return fn(...args);
    };
  }

  beforeAll(async () => {
    const live = buildSchema(SDL);
    const product = (i: number) => ({ id: `p${i}`, name: `Product ${i}`, prices: [{ amount: '9.99', currency: 'PLN' }], category: null });
    const connection = (_: unknown, args: { first?: number }) => {
      const items = Array.from({ length: Math.min(args.first ?? 50, 3) }, (_x, i) => product(i));
      return { edges: items.map((node) => ({ cursor: node.id, node })), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: items.length };
    };
    resolve('Query', 'products', connection, live);
    resolve('Query', 'shops', () => [{ id: 's1', name: 'Shop one' }], live);
    resolve('Query', 'category', () => ({ id: 'c1', name: 'Root', parent: null, children: [] }), live);
    resolve('Category', 'products', connection, live);

    server = new ApolloServer({ schema: live, introspection: true, plugins: [createLimitsPlugin(LIMITS)] });
    await server.start();
    const app = express();
    app.use('/graphql', express.json(), expressMiddleware(server));
    httpServer = http.createServer(app);
    await new Promise<void>((done) => httpServer.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
  });

  afterAll(async () => {
    await server.stop();
    await new Promise<void>((done) => httpServer.close(() => done()));
  });

  beforeEach(() => {
    resolverCalls = 0;
  });

  async function post(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
    return { status: res.status, body };
  }

  it('refuses a too-deep query with HTTP 400 QUERY_TOO_DEEP before any resolver runs', async () => {
    const query = `{ category(id: 1) { ${'parent { '.repeat(10)}id${' }'.repeat(10)} } }`; // 12 levels
    const { status, body } = await post(query);
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', actual: 12, limit: 10 });
    expect(body.errors![0]!.extensions).not.toHaveProperty('http');
    expect(body.errors![0]!.message).toBe(
      'The query is 12 levels deep; the limit is 10. Ask for fewer nested fields, or fetch the deeper data in a second query.',
    );
    expect(body.data).toBeUndefined();
    expect(resolverCalls).toBe(0);
  });

  it('refuses a too-costly query with HTTP 400 QUERY_TOO_COSTLY before any resolver runs', async () => {
    const query = `query($n: Int) { products(first: $n) { edges { node { category {
      products(first: $n) { edges { node { id } } } } } } } }`;
    const { status, body } = await post(query, { n: 500 });
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', actual: 1 + 500 * (1 + 1 + 1 + (1 + 500 * 3)), limit: 50000 });
    expect(body.errors![0]!.message).toMatch(/^The query costs 752001; the limit is 50000\./);
    expect(resolverCalls).toBe(0);
  });

  it('refuses too many aliases with HTTP 400 TOO_MANY_ALIASES before any resolver runs', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_x, i) => `s${i}: shops { id }`).join(' ')} }`;
    const { status, body } = await post(query);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'TOO_MANY_ALIASES', actual: 31, limit: 30 });
    expect(resolverCalls).toBe(0);
  });

  it('runs a normal query', async () => {
    const query = `{ a: shops { id } products(first: 2) { totalCount ${PRODUCT_TREE} } category(id: 1) { parent { id } } }`;
    const { status, body } = await post(query);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      a: [{ id: 's1' }],
      products: {
        totalCount: 2,
        edges: [0, 1].map((i) => ({ node: { id: `p${i}`, prices: [{ amount: '9.99', currency: 'PLN' }] } })),
      },
      category: { parent: null },
    });
    expect(resolverCalls).toBe(3);
  });

  it('lets the standard introspection query through', async () => {
    const { status, body } = await post(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, schemaDescription: true }));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const types = (body.data!.__schema as { types: Array<{ name: string }> }).types.map((t) => t.name);
    expect(types).toEqual(expect.arrayContaining(['Product', 'ProductConnection', 'Category']));
  });

  it('refuses introspection nested deeper than its own ceiling', async () => {
    // graphql-js's own MaxIntrospectionDepthRule (run by Apollo) stops `fields { type { fields ...` chains;
    // an `ofType` chain passes it, and the limits plugin stops that one.
    const chain = 'ofType { '.repeat(20) + 'name' + ' }'.repeat(20);
    const { status, body } = await post(`{ __schema { types { ${chain} } } }`);
    expect(status).toBe(400);
    expect(body.errors![0]!.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(body.errors![0]!.message).toContain('introspection');
  });
});
