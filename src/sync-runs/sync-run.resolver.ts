import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { JsonScalar } from '../api/scalars.js';
import { parseId, parseOptionalId } from '../common/ids.js';
import { checkFirst, decodeCursor, toConnection } from '../common/pagination.js';
import { Shop } from '../shops/shop.types.js';
import type { SyncRunEntity, SyncRunItemEntity } from './sync-run.entities.js';
import {
  DETAIL_DOC, PARAMS_DOC, SyncItemOutcome, SyncKind, SyncRun, SyncRunConnection, SyncRunFilter, SyncRunItem, SyncRunItemConnection,
} from './sync-run.types.js';

const FIRST = 'How many to return: 1 to GRAPHQL_MAX_PAGE_SIZE (500 unless configured); outside: BAD_USER_INPUT.';
const AFTER = 'Read the page after this cursor (pageInfo.endCursor of the previous page); absent: the first page. A cursor this server did not give out: BAD_USER_INPUT.';

/** The stored text is always JSON.stringify output (the engine writes it), so parsing it gives back the value. */
function parsed(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

@Resolver(() => SyncRun)
export class SyncRunResolver {
  @Authorized('viewer')
  @Query(() => SyncRunConnection, { description: 'The runs, newest first, one page at a time (viewer).' })
  async syncRuns(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => SyncRunFilter, { nullable: true, description: 'Which runs; absent: all.' }) filter?: SyncRunFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: `${FIRST} Default 50.` }) first?: number,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after?: string,
  ) {
    const size = checkFirst(first, ctx.services.config.graphql.maxPageSize);
    const page = await ctx.services.runs.runsPage({
      shopId: parseOptionalId(filter?.shopId, 'filter.shopId'),
      kind: filter?.kind,
      status: filter?.status,
    }, size, decodeCursor(after));
    return toConnection(page);
  }

  @Authorized('viewer')
  @Query(() => SyncRun, { nullable: true, description: 'One run by id; null when there is none (viewer). Poll it to follow a run.' })
  syncRun(@Arg('id', () => ID, { description: 'The run id (SyncRun.id). Not a positive whole number: BAD_USER_INPUT.' }) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.runs.get(parseId(id));
  }

  @Authorized('operator')
  @Mutation(() => SyncRun, {
    description: 'Stops a QUEUED or RUNNING run; it ends CANCELLED with what the shop confirmed recorded. Returns the run: CANCELLED when this server ran it; when another server instance runs it, still RUNNING, and that instance stops it within RUN_HEARTBEAT_MS (poll syncRun). Needs the operator role (FORBIDDEN otherwise). Unknown id: NOT_FOUND; a run that has already ended: BAD_USER_INPUT.',
  })
  cancelSyncRun(@Arg('id', () => ID, { description: 'The run id (SyncRun.id).' }) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.engine.cancel(parseId(id), ctx.caller.name);
  }

  @FieldResolver(() => Shop, { description: 'The shop the run works for.' })
  shop(@Root() r: SyncRunEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(r.shopId);
  }

  @FieldResolver(() => JsonScalar, { nullable: true, description: PARAMS_DOC })
  paramsJson(@Root() r: SyncRunEntity): unknown {
    return parsed(r.params);
  }

  @FieldResolver(() => SyncRunItemConnection, { description: 'What the run did, item by item, oldest first, one page at a time.' })
  async items(
    @Root() r: SyncRunEntity,
    @Ctx() ctx: AppContext,
    @Arg('outcome', () => SyncItemOutcome, { nullable: true, description: 'Only items with this outcome (e.g. FAILED for what to fix); absent: all.' }) outcome?: SyncItemOutcome,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100, description: `${FIRST} Default 100.` }) first?: number,
    @Arg('after', () => String, { nullable: true, description: AFTER }) after?: string,
  ) {
    const size = checkFirst(first, ctx.services.config.graphql.maxPageSize, 100);
    const page = await ctx.loaders.items.load({ runId: r.id, outcome: outcome ?? null, first: size, afterId: decodeCursor(after) });
    return toConnection(page);
  }
}

@Resolver(() => SyncRunItem)
export class SyncRunItemResolver {
  @FieldResolver(() => JsonScalar, { nullable: true, description: DETAIL_DOC })
  detailJson(@Root() i: SyncRunItemEntity): unknown {
    return parsed(i.detail);
  }
}

/**
 * Shop.lastRun lives here, with the run history it reads, so that shops/ does not import sync-runs/
 * (sync-runs/ already needs the Shop type for SyncRun.shop: the dependency goes one way).
 */
@Resolver(() => Shop)
export class ShopLastRunResolver {
  @FieldResolver(() => SyncRun, { nullable: true, description: 'The newest run of that kind for this shop. Null when there has been none.' })
  lastRun(@Root() shop: Shop, @Arg('kind', () => SyncKind, { description: 'Which kind of run.' }) kind: SyncKind, @Ctx() ctx: AppContext) {
    return ctx.loaders.lastRun.load({ shopId: shop.id, kind });
  }
}
