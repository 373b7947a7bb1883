/**
 * The scheduler: every tick (croner, SCHEDULER_TICK_SECONDS) it reads the enabled schedules whose
 * due time has come and starts their runs, as a person would start them, with triggeredBy
 * "scheduler".
 *
 * Exactly one run per due time, whatever the number of server instances on the database: each due
 * time is claimed in the database with one conditional update that moves `next_run_at` on
 * (`... WHERE id = :id AND next_run_at = :due AND enabled`); the instance whose update changed the
 * row starts the run, the others see 0 rows and leave it. Nothing is held in process memory, so an
 * instance that dies after its claim costs that one due time, no more (its run, if opened, is
 * INTERRUPTED and taken over as any run). A due run that finds the same kind already going for the
 * shop (the run lock's CONFLICT) is skipped; the next due time stays as claimed. After a missed
 * window (the servers were down) the next due time is the next future multiple of the period: one
 * run, not a burst of catch-up runs.
 */
import { Cron } from 'croner';
import type { DataSource } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { ConflictError, DomainError, ShuttingDownError } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { inTransaction } from '../db/tx.js';
import type { IsofSchemaService } from '../isof/isof-schema.service.js';
import type { ImportParams } from '../orders/order-import.service.js';
import { DEFAULT_PERIOD, periodRange } from '../orders/period.js';
import type { ExportParams } from '../products/product-export.service.js';
import type { SyncStatusesParams } from '../statuses/status-sync.service.js';
import type { SyncStockParams } from '../stock/stock-sync.service.js';
import type { RunEngine } from '../sync-runs/engine.js';
import { SyncRunEntity, type SyncKindName } from '../sync-runs/sync-run.entities.js';
import { ScheduleEntity } from './schedule.entity.js';

/** Who the runs a schedule starts are recorded as (SyncRun.triggeredBy); operators may start any run. */
export const SCHEDULER_CALLER: Caller = { name: 'scheduler', role: 'operator' };
/**
 * A scheduled import takes the orders added since the previous scheduled import started, minus this
 * much: an order the shop stored with a time a little before that start (clock skew, a slow save)
 * is still seen; one seen twice is recognised as imported and left alone.
 */
export const IMPORT_OVERLAP_MINUTES = 5;
/** Due schedules started per tick at most; the rest are due on the next tick (their claim has not moved them). */
export const MAX_DUE_PER_TICK = 500;

/** The first multiple of the period after `due` that is later than `now` (a missed window gives one run, not a burst). */
export function nextDueAfter(due: Date, everyMinutes: number, now: Date): Date {
  const period = everyMinutes * 60_000;
  const steps = Math.max(1, Math.floor((now.getTime() - due.getTime()) / period) + 1);
  return new Date(due.getTime() + steps * period);
}

export interface TickReport {
  /** Due schedules read. */
  due: number;
  /** Runs started: the schedule and the run it opened. */
  started: { scheduleId: number; runId: number }[];
  /** Due times this instance claimed but did not start a run for, and why. */
  skipped: { scheduleId: number; reason: string }[];
  /** Due times another instance claimed first. */
  lost: number;
}

export interface SchedulerOptions {
  enabled: boolean;
  tickSeconds: number;
}

export class Scheduler {
  private cron: Cron | null = null;
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ds: DataSource,
    private readonly engine: RunEngine,
    private readonly isofSchema: IsofSchemaService,
    private readonly logger: Logger,
    private readonly opts: SchedulerOptions,
  ) {}

  /** Starts ticking (when SCHEDULER is on). croner's `protect` never lets two ticks of this instance overlap. */
  start(): void {
    if (!this.opts.enabled || this.cron || this.stopped) return;
    this.cron = new Cron('* * * * * *', { interval: this.opts.tickSeconds, protect: true, unref: true }, async () => {
      const tick = this.tick().catch((err) => this.logger.error({ err }, 'scheduler tick failed; the next tick tries again'));
      this.running = tick;
      await tick;
    });
    this.logger.info({ tickSeconds: this.opts.tickSeconds }, 'scheduler started');
  }

  /** Stops first on shutdown: no tick starts, no run starts after this; waits for the tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cron?.stop();
    this.cron = null;
    await this.running;
  }

  /** One due-time check at `now` (public: tests and the benchmark pass their clock). */
  async tick(now: Date = new Date()): Promise<TickReport> {
    const report: TickReport = { due: 0, started: [], skipped: [], lost: 0 };
    if (this.stopped) return report;
    const due = await this.ds.getRepository(ScheduleEntity).createQueryBuilder('s')
      .where('s.enabled = :on AND s.nextRunAt <= :now', { on: true, now })
      .orderBy('s.nextRunAt', 'ASC').addOrderBy('s.id', 'ASC')
      .take(MAX_DUE_PER_TICK).getMany();
    report.due = due.length;
    for (const s of due) {
      if (this.stopped) break;
      if (!(await this.claim(s, now))) {
        report.lost++;
        continue;
      }
      const outcome = await this.startRun(s, now);
      if (typeof outcome === 'number') report.started.push({ scheduleId: s.id, runId: outcome });
      else report.skipped.push({ scheduleId: s.id, reason: outcome });
    }
    return report;
  }

  /** The conditional update: true when this instance moved the due time on (and so owns it). */
  private async claim(s: ScheduleEntity, now: Date): Promise<boolean> {
    const next = nextDueAfter(s.nextRunAt, s.everyMinutes, now);
    const res = await inTransaction(this.ds, (m) => m.getRepository(ScheduleEntity).update(
      { id: s.id, nextRunAt: s.nextRunAt, enabled: true }, { nextRunAt: next },
    ));
    return res.affected === 1;
  }

  /** Starts the claimed run: its id, or why none was started. */
  private async startRun(s: ScheduleEntity, now: Date): Promise<number | string> {
    const log = this.logger.child({ scheduleId: s.id, kind: s.kind, shopId: s.shopId });
    const queue = this.engine.operation(s.kind);
    if (!queue) return `no operation is registered for ${s.kind}`;
    try {
      if (s.kind === 'IMPORT_ORDERS') this.isofSchema.assertWritable('importOrders');
      const params = await this.paramsFor(s, now);
      const run = await queue.start({ shopId: s.shopId, caller: SCHEDULER_CALLER, params, dryRun: false, wait: false });
      await inTransaction(this.ds, (m) => m.getRepository(ScheduleEntity).update({ id: s.id }, { lastRunId: run.id }));
      log.info({ runId: run.id }, 'scheduled run started');
      return run.id;
    } catch (err) {
      if (err instanceof ConflictError) {
        log.info({ details: err.details }, 'scheduled run skipped: the same kind is already going for this shop; the next due time stands');
        return 'already running';
      }
      if (err instanceof ShuttingDownError) return 'server stopping';
      if (err instanceof DomainError) log.warn({ err: { code: err.code, message: err.message } }, 'scheduled run could not start; the next due time stands');
      else log.error({ err }, 'scheduled run could not start on an unexpected error; the next due time stands');
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** The params a person's run of that kind would have (typed by each operation's own params). */
  private async paramsFor(s: ScheduleEntity, now: Date): Promise<object> {
    switch (s.kind) {
      case 'IMPORT_ORDERS':
        return { includeIncomplete: s.includeIncomplete, ...(await this.importWindow(s.shopId, now)) } satisfies ImportParams;
      case 'EXPORT_PRODUCTS':
        return { productIds: null, dryRun: false, force: false } satisfies ExportParams;
      case 'SYNC_STOCK':
        return { dryRun: false, force: false } satisfies SyncStockParams;
      case 'SYNC_STATUSES':
        return {} satisfies SyncStatusesParams;
      default:
        throw new Error(`Kind ${s.kind} cannot be scheduled.`);
    }
  }

  /**
   * Since the previous scheduled import that did its work (SUCCEEDED or PARTIALLY_FAILED) started,
   * minus the overlap; a failed, cancelled or interrupted one does not move the window. The first
   * scheduled import takes the default period.
   */
  private async importWindow(shopId: number, now: Date): Promise<{ from: string; to: string }> {
    const previous = await this.ds.getRepository(SyncRunEntity).createQueryBuilder('r')
      .where('r.shopId = :shopId AND r.kind = :kind AND r.triggeredBy = :by', { shopId, kind: 'IMPORT_ORDERS' satisfies SyncKindName, by: SCHEDULER_CALLER.name })
      .andWhere('r.status IN (:...done)', { done: ['SUCCEEDED', 'PARTIALLY_FAILED'] })
      .orderBy('r.id', 'DESC').take(1).getOne();
    if (!previous) {
      const range = periodRange(DEFAULT_PERIOD, now);
      return { from: range.from.toISOString(), to: now.toISOString() };
    }
    const started = previous.startedAt ?? previous.createdAt;
    const from = Math.min(started.getTime() - IMPORT_OVERLAP_MINUTES * 60_000, now.getTime());
    return { from: new Date(from).toISOString(), to: now.toISOString() };
  }
}
