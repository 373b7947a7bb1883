/**
 * Schedules: what the API reads and writes (setSchedule creates or replaces the one schedule of a
 * shop and kind). The scheduler (scheduler.ts) reads them and starts the runs.
 */
import { In, type DataSource } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError, isUniqueViolation } from '../common/errors.js';
import { inTransaction } from '../db/tx.js';
import { ShopEntity } from '../shops/shop.entity.js';
import { SyncRunEntity, type SyncKindName } from '../sync-runs/sync-run.entities.js';
import { ScheduleEntity } from './schedule.entity.js';

/** The kinds a schedule may start; LINK_PRODUCTS is a one-off set-up step, not a recurring run. */
export const SCHEDULABLE_KINDS: readonly SyncKindName[] = ['IMPORT_ORDERS', 'SYNC_STOCK', 'SYNC_STATUSES', 'EXPORT_PRODUCTS'];
export const MIN_EVERY_MINUTES = 1;
/** One day: a longer period is better served by a run started by hand. */
export const MAX_EVERY_MINUTES = 1440;

export interface SetScheduleArgs {
  shopId: number;
  kind: SyncKindName;
  everyMinutes: number;
  enabled: boolean;
  includeIncomplete: boolean;
}

export class ScheduleService {
  constructor(private readonly ds: DataSource, private readonly clock: () => Date = () => new Date()) {}

  /** Every schedule, or one shop's, by shop and kind. */
  list(shopId: number | null): Promise<ScheduleEntity[]> {
    return this.ds.getRepository(ScheduleEntity).find({
      where: shopId === null ? {} : { shopId },
      order: { shopId: 'ASC', kind: 'ASC' },
    });
  }

  /** The schedules of several shops in one statement (Shop.schedules' loader). */
  forShops(shopIds: readonly number[]): Promise<ScheduleEntity[]> {
    return this.ds.getRepository(ScheduleEntity).find({ where: { shopId: In([...shopIds]) }, order: { kind: 'ASC' } });
  }

  /** Runs by id in one statement (Schedule.lastRun's loader). */
  runs(ids: readonly number[]): Promise<SyncRunEntity[]> {
    return this.ds.getRepository(SyncRunEntity).findBy({ id: In([...ids]) });
  }

  /**
   * Creates or replaces the shop's schedule of that kind. The first due time is one period from
   * now, also when an existing schedule is replaced (its period may have changed).
   */
  async set(args: SetScheduleArgs): Promise<ScheduleEntity> {
    if (!SCHEDULABLE_KINDS.includes(args.kind)) {
      throw new BadInputError(`${args.kind} cannot be scheduled: it is a one-off step, start it by hand. Schedulable kinds: ${SCHEDULABLE_KINDS.join(', ')}.`, 'kind');
    }
    if (!Number.isInteger(args.everyMinutes) || args.everyMinutes < MIN_EVERY_MINUTES || args.everyMinutes > MAX_EVERY_MINUTES) {
      throw new BadInputError(`everyMinutes must be a whole number of minutes from ${MIN_EVERY_MINUTES} to ${MAX_EVERY_MINUTES} (one day), got ${args.everyMinutes}.`, 'everyMinutes');
    }
    if (args.includeIncomplete && args.kind !== 'IMPORT_ORDERS') {
      throw new BadInputError(`includeIncomplete applies to IMPORT_ORDERS only; leave it false for ${args.kind}.`, 'includeIncomplete');
    }
    const now = this.clock();
    const values = {
      everyMinutes: args.everyMinutes, enabled: args.enabled, includeIncomplete: args.includeIncomplete,
      nextRunAt: new Date(now.getTime() + args.everyMinutes * 60_000), updatedAt: now,
    };
    try {
      return await inTransaction(this.ds, async (m) => {
        if (!(await m.getRepository(ShopEntity).existsBy({ id: args.shopId }))) throw new NotFoundError('Shop', args.shopId);
        const repo = m.getRepository(ScheduleEntity);
        const existing = await repo.findOneBy({ shopId: args.shopId, kind: args.kind });
        if (existing) {
          await repo.update({ id: existing.id }, values);
          return { ...existing, ...values };
        }
        return repo.save(repo.create({ shopId: args.shopId, kind: args.kind, lastRunId: null, createdAt: now, ...values }));
      });
    } catch (err) {
      // Two setSchedule calls for a new (shop, kind) at the same moment on SQL Server: the unique key keeps one.
      if (isUniqueViolation(err)) throw new ConflictError(`A ${args.kind} schedule for this shop was set at the same moment; send setSchedule again to replace it.`);
      throw err;
    }
  }

  async delete(id: number): Promise<boolean> {
    const res = await inTransaction(this.ds, (m) => m.getRepository(ScheduleEntity).delete({ id }));
    if (!res.affected) throw new NotFoundError('Schedule', id);
    return true;
  }
}
