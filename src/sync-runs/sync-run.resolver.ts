import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId, parseOptionalId } from '../common/ids.js';
import { checkFirst, decodeCursor, toConnection } from '../common/pagination.js';
import { Shop } from '../shops/shop.types.js';
import type { SyncRunEntity } from './sync-run.entities.js';
import { SyncItemOutcome, SyncKind, SyncRun, SyncRunConnection, SyncRunFilter, SyncRunItemConnection } from './sync-run.types.js';

@Resolver(() => SyncRun)
export class SyncRunResolver {
  @Authorized('viewer')
  @Query(() => SyncRunConnection)
  async syncRuns(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => SyncRunFilter, { nullable: true }) filter?: SyncRunFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
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
  @Query(() => SyncRun, { nullable: true })
  syncRun(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.runs.get(parseId(id));
  }

  @Authorized('operator')
  @Mutation(() => SyncRun, { description: "Stops a QUEUED or RUNNING run; it ends CANCELLED with what the shop confirmed recorded." })
  cancelSyncRun(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.engine.cancel(parseId(id), ctx.caller.name);
  }

  @FieldResolver(() => Shop)
  shop(@Root() r: SyncRunEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(r.shopId);
  }

  @FieldResolver(() => SyncRunItemConnection)
  async items(
    @Root() r: SyncRunEntity,
    @Ctx() ctx: AppContext,
    @Arg('outcome', () => SyncItemOutcome, { nullable: true }) outcome?: SyncItemOutcome,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = checkFirst(first, ctx.services.config.graphql.maxPageSize, 100);
    const page = await ctx.loaders.items.load({ runId: r.id, outcome: outcome ?? null, first: size, afterId: decodeCursor(after) });
    return toConnection(page);
  }
}

/**
 * Shop.lastRun lives here, with the run history it reads, so that shops/ does not import sync-runs/
 * (sync-runs/ already needs the Shop type for SyncRun.shop: the dependency goes one way).
 */
@Resolver(() => Shop)
export class ShopLastRunResolver {
  @FieldResolver(() => SyncRun, { nullable: true, description: 'The newest run of that kind for this shop.' })
  lastRun(@Root() shop: Shop, @Arg('kind', () => SyncKind) kind: SyncKind, @Ctx() ctx: AppContext) {
    return ctx.loaders.lastRun.load({ shopId: shop.id, kind });
  }
}
