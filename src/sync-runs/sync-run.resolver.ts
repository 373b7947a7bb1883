import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context.js';
import { parseId, parseOptionalId } from '../common/ids.js';
import { checkFirst, decodeCursor, toConnection } from '../common/pagination.js';
import { SyncItemOutcome } from '../graphql/enums.js';
import { Shop } from '../shops/shop.types.js';
import type { SyncRunEntity } from './sync-run.entities.js';
import { SyncRun, SyncRunConnection, SyncRunFilter, SyncRunItemConnection } from './sync-run.types.js';

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
