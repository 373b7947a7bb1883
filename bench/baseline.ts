/**
 * The read API's yardstick: the same two queries answered by a bare graphql-js server — `buildSchema`,
 * hand-written resolvers, `graphql()` on node:http — over the same SQLite file and with the same
 * per-request DataLoaders (the feature modules' loaders) and services. No Apollo, no type-graphql, no
 * auth, no limits: what is left is the floor our server's framework cost is measured against.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';
import type { Services } from '../src/modules.js';
import { createLoaders, type Loaders } from '../src/api/context.js';
import { decodeCursor, toConnection } from '../src/common/pagination.js';
import { money } from '../src/common/money.js';
import type { IsofProduct } from '../src/isof/entities.js';
import type { SyncRunEntity, SyncItemOutcomeName } from '../src/sync-runs/sync-run.entities.js';

const SDL = `
  type Query {
    products(first: Int = 50, after: String): ProductConnection!
    syncRuns(first: Int = 50, after: String): SyncRunConnection!
  }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type ProductEdge { node: Product! cursor: String! }
  type Product { id: ID! code: String! name: String! prices: [Price!]! stocks: [StockLevel!]! exports: [ProductExport!]! }
  type Price { net: String! gross: String! currency: String! priceType: PriceType }
  type PriceType { id: ID! name: String! }
  type StockLevel { quantity: Float! warehouse: Warehouse }
  type Warehouse { id: ID! code: String! name: String! }
  type ProductExport { idosellProductId: Int lastSentStock: Float }
  enum SyncItemOutcome { SUCCEEDED FAILED SKIPPED }
  type SyncRunConnection { edges: [SyncRunEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type SyncRunEdge { node: SyncRun! cursor: String! }
  type SyncRun { id: ID! kind: String! status: String! items(outcome: SyncItemOutcome, first: Int = 100, after: String): SyncRunItemConnection! }
  type SyncRunItemConnection { edges: [SyncRunItemEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type SyncRunItemEdge { node: SyncRunItem! cursor: String! }
  type SyncRunItem { id: ID! ref: String! outcome: String! message: String }
`;

interface Ctx { loaders: Loaders }

export function baselineSchema(services: Services): { schema: GraphQLSchema; rootValue: Record<string, unknown> } {
  const schema = buildSchema(SDL);
  // Field resolvers on the object types; the root fields through rootValue.
  const types = schema.getTypeMap();
  const field = (type: string, name: string, resolve: (src: never, args: never, ctx: Ctx) => unknown) => {
    const t = types[type] as unknown as { getFields(): Record<string, { resolve?: unknown }> };
    t.getFields()[name]!.resolve = (src: never, args: never, ctx: Ctx) => resolve(src, args, ctx);
  };
  field('Product', 'prices', async (p: IsofProduct, _a, ctx) => {
    const prices = await ctx.loaders.prices.load(p.id);
    return Promise.all(prices.map(async (c) => ({ priceType: await ctx.loaders.priceTypes.get(c.priceTypeId), net: money(c.net), gross: money(c.gross), currency: c.currency })));
  });
  field('Product', 'stocks', async (p: IsofProduct, _a, ctx) => {
    const stocks = await ctx.loaders.stocks.load(p.id);
    return Promise.all(stocks.map(async (s) => ({ warehouse: await ctx.loaders.warehouses.get(s.warehouseId), quantity: s.quantity })));
  });
  field('Product', 'exports', (p: IsofProduct, _a, ctx) => ctx.loaders.exports.load(p.id));
  field('SyncRun', 'items', async (r: SyncRunEntity, a: { outcome?: SyncItemOutcomeName; first: number; after?: string }, ctx) => {
    const page = await ctx.loaders.items.load({ runId: r.id, outcome: a.outcome ?? null, first: a.first, afterId: decodeCursor(a.after) });
    return toConnection(page);
  });
  const rootValue = {
    products: async (a: { first: number; after?: string }) => toConnection(await services.catalog.productsPage({}, a.first, decodeCursor(a.after))),
    syncRuns: async (a: { first: number; after?: string }) => toConnection(await services.runs.runsPage({}, a.first, decodeCursor(a.after))),
  };
  return { schema, rootValue };
}

export interface BaselineServer {
  graphqlUrl: string;
  close(): Promise<void>;
}

export async function startBaseline(services: Services): Promise<BaselineServer> {
  const { schema, rootValue } = baselineSchema(services);
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', async () => {
      let body: { query?: string; variables?: Record<string, unknown> };
      try {
        body = JSON.parse(Buffer.concat(parts).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: 'The request body is not JSON; send {"query": "..."}.' }] }));
        return;
      }
      const result = await graphql({
        schema, source: body.query ?? '', rootValue, variableValues: body.variables, contextValue: { loaders: createLoaders(services) } satisfies Ctx,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
