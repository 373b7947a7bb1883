import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId, parseOptionalId } from '../common/ids.js';
import { Shop } from '../shops/shop.types.js';
import { SyncRun } from '../sync-runs/sync-run.types.js';
import type { ScheduleEntity } from './schedule.entity.js';
import { Schedule, ScheduleInput } from './schedule.types.js';

/** The API's view of a stored schedule: a disabled one has no next due time. */
export function toSchedule(e: ScheduleEntity): Schedule {
  return {
    id: e.id, shopId: e.shopId, kind: e.kind, everyMinutes: e.everyMinutes, enabled: e.enabled,
    includeIncomplete: e.includeIncomplete, nextRunAt: e.enabled ? e.nextRunAt : null, lastRunId: e.lastRunId,
  };
}

@Resolver(() => Schedule)
export class ScheduleResolver {
  @Authorized('viewer')
  @Query(() => [Schedule], { description: "The schedules of one shop, or of every shop when shopId is left out, by shop and kind. Viewer." })
  async schedules(
    @Ctx() ctx: AppContext,
    @Arg('shopId', () => ID, { nullable: true, description: 'Only this shop\'s schedules (an unknown shop has none).' }) shopId?: string | null,
  ): Promise<Schedule[]> {
    return (await ctx.services.schedules.list(parseOptionalId(shopId, 'shopId'))).map(toSchedule);
  }

  @Authorized('admin')
  @Mutation(() => Schedule, {
    description: "Creates or replaces the shop's schedule for that kind (admin). Errors: BAD_USER_INPUT (LINK_PRODUCTS, everyMinutes outside 1..1440, includeIncomplete on a kind other than IMPORT_ORDERS; nothing written), NOT_FOUND (no such shop).",
  })
  async setSchedule(@Arg('input', () => ScheduleInput, { description: 'The shop, the kind of run, its period in minutes (1 to 1,440), whether it is on, and for IMPORT_ORDERS whether incomplete orders are taken.' }) input: ScheduleInput, @Ctx() ctx: AppContext): Promise<Schedule> {
    return toSchedule(await ctx.services.schedules.set({
      shopId: parseId(input.shopId, 'shopId'), kind: input.kind, everyMinutes: input.everyMinutes,
      enabled: input.enabled ?? true, includeIncomplete: input.includeIncomplete ?? false,
    }));
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Deletes a schedule (admin); a run it started goes on. True when deleted; NOT_FOUND when there is no schedule with that id.' })
  deleteSchedule(@Arg('id', () => ID, { description: 'The schedule id (Schedule.id).' }) id: string, @Ctx() ctx: AppContext): Promise<boolean> {
    return ctx.services.schedules.delete(parseId(id));
  }

  @FieldResolver(() => Shop, { description: 'The shop the runs are for.' })
  shop(@Root() s: Schedule, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(s.shopId);
  }

  @FieldResolver(() => SyncRun, { nullable: true, description: "The newest run this schedule started (whatever its status: a failing schedule shows it here and in the shop's lastRun); null before the first." })
  lastRun(@Root() s: Schedule, @Ctx() ctx: AppContext) {
    return s.lastRunId === null ? null : ctx.loaders.scheduleRun.load(s.lastRunId);
  }
}

/** Shop.schedules lives here, with the schedules it reads, so that shops/ does not import schedules/. */
@Resolver(() => Shop)
export class ShopSchedulesResolver {
  @FieldResolver(() => [Schedule], { description: "The shop's automatic runs, by kind (one per kind at most)." })
  async schedules(@Root() shop: Shop, @Ctx() ctx: AppContext): Promise<Schedule[]> {
    return (await ctx.loaders.shopSchedules.load(shop.id)).map(toSchedule);
  }
}
