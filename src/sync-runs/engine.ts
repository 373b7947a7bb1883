/**
 * One run engine for the four operations: open (record the run and take the per-(shop, kind)
 * lock in the database, run-lock.ts), plan, apply (the operation's work, recording each item), close.
 *
 * Each operation registers once by its kind (`register`), with its parameters as data: the JSON a
 * run is opened with is all its work reads besides what `prepare` looks up from the shop id, so a
 * run can be started again later from its kind and stored params (`operation(kind)`).
 *
 * Stopping a run (cancelSyncRun, or a shutdown) goes in two stages, through two AbortSignals the
 * operation hands to its connector (RunContext.calls): `stop` at once (no IdoSell call starts after
 * it; the operation plans no more pages), then `abort` after the grace time (calls still in flight
 * are cut). The run is closed only once its work has settled, so no call is in flight when its
 * lock is freed; the close is one conditional update (still active, still ours), so nothing
 * overwrites a run another instance took over or somebody else closed.
 */
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { BadInputError, DomainError, NotFoundError, ShuttingDownError } from '../common/errors.js';
import type { ItemErrorCode } from '../common/item-codes.js';
import type { Logger } from '../common/logger.js';
import { NO_RUN_OBSERVER, type RunObserver } from '../common/telemetry.js';
import { fitText } from '../common/text.js';
import { inTransaction } from '../db/tx.js';
import { bulkInsert } from '../db/bulk.js';
import type { CallSignals } from '../idosell/index.js';
import { ACTIVE, RunLock, type OpenRun } from './run-lock.js';
import {
  SyncLockEntity, SyncRunEntity, SyncRunItemEntity, lockKindOf, type SyncItemOutcomeName, type SyncKindName,
} from './sync-run.entities.js';
import type { ProgressLogs } from './progress-log.js';
import { RunStoppedError, runOutcome, type StopReason } from './run-outcome.js';

/** The lengths of idosell_sync_run_items.ref and .error_code (the column-bounds test checks them against the entity). */
export const ITEM_REF_MAX = 100;
export const ITEM_ERROR_CODE_MAX = 60;

export interface ItemRecord {
  ref: string;
  outcome: SyncItemOutcomeName;
  /** One of the list in common/item-codes.ts (the README's "Item error codes"). */
  errorCode?: ItemErrorCode | null;
  message?: string | null;
  detail?: unknown;
}

/** What an operation sees while it runs. */
export interface RunContext {
  readonly run: SyncRunEntity;
  readonly dryRun: boolean;
  readonly logger: Logger;
  /**
   * Aborts when the run is cancelled or the server stops: plan no more work (check it between
   * pages, e.g. `ctx.signal.throwIfAborted()`). Same as `calls.stop`.
   */
  readonly signal: AbortSignal;
  /** For the connector (`client.withSignals(ctx.calls)`): every IdoSell call of the run must see them. */
  readonly calls: CallSignals;
  /**
   * True once a call failed in a way the next ones would repeat (CallSignals.halt): the run stops
   * (its `signal` aborts) and ends FAILED with that one error. Items whose call failed that way are
   * not recorded: the run's error counts them with the items not tried.
   */
  readonly halted: boolean;
  setTotal(total: number): Promise<void>;
  /** Records outcomes; pass the manager of a transaction to commit them with the operation's own writes. */
  record(items: ItemRecord[], manager?: EntityManager): Promise<void>;
}

/**
 * One kind of run. `P` is its parameters, stored as the run's JSON `params`: `process` reads only
 * them and what `prepare` answers, so the kind and the stored params are enough to run it again.
 */
export interface RunOperation<P extends object, R> {
  readonly kind: SyncKindName;
  /** What the work needs besides its params, looked up from the shop id before the run opens (the shop and its client). */
  prepare(shopId: number): Promise<R>;
  process(ctx: RunContext, params: P, prepared: R): Promise<void>;
}

export interface StartRun<P extends object, R> {
  shopId: number;
  caller: Caller;
  params: P;
  dryRun: boolean;
  /** Answer once the run has closed, rather than as soon as it is open. */
  wait: boolean;
  /** What `prepare` answers, when the caller has just read it (so it is not read twice). */
  prepared?: R;
}

/** A registered operation: starts its runs. */
export interface RunQueue<P extends object, R> {
  readonly kind: SyncKindName;
  // Method syntax on purpose: the engine's table holds queues of every kind as RunQueue<object, unknown>.
  start(s: StartRun<P, R>): Promise<SyncRunEntity>;
}

interface ActiveRun {
  run: SyncRunEntity;
  /** Stage one: no call starts, no more work is planned. */
  stop: AbortController;
  /** Stage two, after the grace time: calls in flight are cut. */
  abort: AbortController;
  done: Promise<void>;
}

export interface RunEngineOptions {
  heartbeatMs: number;
  staleAfterMs: number;
  /** How long stopped runs' calls in flight are awaited before they are cut (SHUTDOWN_GRACE_MS). */
  graceMs: number;
  /** Told at each run's start, items and close (the server's metrics). */
  observer?: RunObserver;
  /** Progress lines in the log while a run goes (progress-log.ts). */
  progressLogs?: ProgressLogs;
}


function waitAtMost(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  return Promise.race([p.then(() => true), timeout]).finally(() => clearTimeout(timer));
}

export class RunEngine {
  private readonly lock: RunLock;
  private readonly queues = new Map<SyncKindName, RunQueue<object, unknown>>();
  private readonly active = new Map<number, ActiveRun>();
  private stopping = false;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly opts: RunEngineOptions,
  ) {
    this.lock = new RunLock(ds, logger, opts.staleAfterMs);
  }

  /** Registers the operation of a kind (each service does so once, in its constructor). */
  register<P extends object, R>(op: RunOperation<P, R>): RunQueue<P, R> {
    if (this.queues.has(op.kind)) throw new Error(`Run kind ${op.kind} is registered twice; each kind has one operation.`);
    const queue: RunQueue<P, R> = {
      kind: op.kind,
      start: async (s) => {
        const prepared = s.prepared ?? (await op.prepare(s.shopId));
        return this.start({ kind: op.kind, ...s }, (ctx) => op.process(ctx, s.params, prepared));
      },
    };
    this.queues.set(op.kind, queue);
    return queue;
  }

  /** The registered operation of a kind, to start a run from a stored kind and params. */
  operation(kind: SyncKindName): RunQueue<object, unknown> | undefined {
    return this.queues.get(kind);
  }

  /** At start-up: runs whose process died become INTERRUPTED and their locks are released. */
  recoverInterrupted(): Promise<number[]> {
    return this.lock.recoverInterrupted();
  }

  private async start(s: OpenRun & { wait: boolean }, work: (ctx: RunContext) => Promise<void>): Promise<SyncRunEntity> {
    if (this.stopping) throw new ShuttingDownError();
    const run = await this.lock.open(s);
    const entry: ActiveRun = { run, stop: new AbortController(), abort: new AbortController(), done: Promise.resolve() };
    // A shutdown that began while the run was opened stops it at once: it closes INTERRUPTED and frees its lock.
    if (this.stopping) entry.stop.abort(new RunStoppedError({ kind: 'shutdown' }));
    entry.done = this.execute(entry, work);
    this.active.set(run.id, entry);
    entry.done.finally(() => this.active.delete(run.id)).catch(() => undefined);
    if (s.wait) await entry.done;
    return (await this.ds.getRepository(SyncRunEntity).findOneBy({ id: run.id }))!;
  }

  /** Waits for every run this instance is executing (tests, and the end of a shutdown). */
  async drain(): Promise<void> {
    while (this.active.size) await Promise.allSettled([...this.active.values()].map((a) => a.done));
  }

  /**
   * Stops runs: stage one at once, stage two (calls in flight cut) when they have not settled
   * within the grace time; then waits for them to close.
   */
  private async stopRuns(entries: ActiveRun[], reason: StopReason, graceMs = this.opts.graceMs): Promise<void> {
    for (const e of entries) if (!e.stop.signal.aborted) e.stop.abort(new RunStoppedError(reason));
    const settled = Promise.allSettled(entries.map((e) => e.done));
    if (!(await waitAtMost(settled, graceMs))) {
      const left = entries.filter((e) => this.active.has(e.run.id));
      this.logger.warn({ runs: left.map((e) => e.run.id), graceMs }, 'calls still in flight after the grace time are cut');
      for (const e of left) e.abort.abort(new RunStoppedError(reason));
    }
    await settled;
  }

  /**
   * Shutdown: starts no new run; the running ones stop sending at once, their calls in flight get
   * `graceMs`, then are cut; each run closes INTERRUPTED with what the shop confirmed recorded, and
   * only then frees its lock. Answers the ids of the runs it stopped.
   */
  async shutdown(graceMs = this.opts.graceMs): Promise<number[]> {
    this.stopping = true;
    const entries = [...this.active.values()];
    if (entries.length) this.logger.info({ runs: entries.map((e) => e.run.id) }, 'stopping the running runs');
    await this.stopRuns(entries, { kind: 'shutdown' }, graceMs);
    await this.drain();
    return entries.map((e) => e.run.id);
  }

  /**
   * cancelSyncRun: a QUEUED or RUNNING run. Run here: it is stopped like at shutdown and returned
   * CANCELLED. Run by another live instance: the request is written on the run, whose owner's
   * heartbeat stops it (within RUN_HEARTBEAT_MS). Run by an instance that is gone: closed CANCELLED
   * at once and its lock freed.
   */
  async cancel(id: number, by: string): Promise<SyncRunEntity> {
    const runs = this.ds.getRepository(SyncRunEntity);
    const run = await runs.findOneBy({ id });
    if (!run) throw new NotFoundError('Run', id);
    if (!ACTIVE.includes(run.status)) {
      throw new BadInputError(`Run ${id} has already finished (${run.status}); there is nothing to cancel.`, 'id');
    }
    const mine = this.active.get(id);
    if (mine) {
      this.logger.info({ runId: id, by }, 'run cancelled');
      await this.stopRuns([mine], { kind: 'cancel', by });
    } else if (this.lock.isDead(run, Date.now())) {
      const closed = await inTransaction(this.ds, async (m) => {
        const done = await this.lock.interrupt(m, run, `Cancelled by ${by}; the server that ran it had stopped. Start the run again: it recomputes what is left and does not repeat what the shop confirmed.`, 'CANCELLED');
        if (done) await m.getRepository(SyncLockEntity).delete({ shopId: run.shopId, kind: lockKindOf(run.kind), runId: run.id });
        return done;
      });
      if (closed) this.logger.info({ runId: id, by }, 'run of a stopped server cancelled; its lock freed');
    } else {
      await inTransaction(this.ds, (m) => m.getRepository(SyncRunEntity).update(
        { id, status: In(ACTIVE) }, { cancelRequestedAt: new Date(), cancelledBy: fitText(by, 100).value },
      ));
      this.logger.info({ runId: id, by, owner: run.owner }, 'cancel requested from the instance that runs it');
    }
    return (await runs.findOneBy({ id }))!;
  }

  /** Every heartbeat: says the run is alive, and notices a cancel request or that the run is no longer ours. */
  private async beat(entry: ActiveRun, log: Logger): Promise<void> {
    const { run } = entry;
    const alive = await inTransaction(this.ds, (m) => m.getRepository(SyncRunEntity).update(
      { id: run.id, status: In(ACTIVE), owner: this.lock.owner }, { heartbeatAt: new Date() },
    ));
    if (entry.stop.signal.aborted) return;
    if (!alive.affected) {
      log.warn('the run was taken over or closed by someone else; it stops sending');
      entry.stop.abort(new RunStoppedError({ kind: 'lost' }));
      entry.abort.abort(new RunStoppedError({ kind: 'lost' }));
      return;
    }
    const row = await this.ds.getRepository(SyncRunEntity).findOne({ where: { id: run.id }, select: { id: true, cancelRequestedAt: true, cancelledBy: true } });
    if (row?.cancelRequestedAt) {
      const by = row.cancelledBy ?? 'another server';
      log.info({ by }, 'run cancelled (requested through another instance)');
      void this.stopRuns([entry], { kind: 'cancel', by });
    }
  }

  private async execute(entry: ActiveRun, work: (ctx: RunContext) => Promise<void>): Promise<void> {
    const { run } = entry;
    const log = this.logger.child({ runId: run.id, kind: run.kind, shopId: run.shopId });
    const counts = { total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0 };
    const observer = this.opts.observer ?? NO_RUN_OBSERVER;
    const observed = { kind: run.kind, shopId: run.shopId };
    const began = performance.now();
    const progress = this.opts.progressLogs?.start(run, log);
    const beat = setInterval(() => {
      this.beat(entry, log).catch((err) => log.warn({ err }, 'heartbeat failed'));
    }, this.opts.heartbeatMs);
    beat.unref();

    const ctx: RunContext = {
      run,
      dryRun: run.dryRun,
      logger: log,
      signal: entry.stop.signal,
      calls: {
        stop: entry.stop.signal,
        abort: entry.abort.signal,
        logger: log,
        halt: (err) => {
          if (entry.stop.signal.aborted) return;
          log.warn({ err: { code: err.code, message: err.message } }, 'a call failed in a way every next call would repeat; the run stops');
          entry.stop.abort(new RunStoppedError({ kind: 'halted', error: err }));
        },
      },
      get halted() {
        return entry.stop.signal.aborted && (entry.stop.signal.reason as RunStoppedError).reason.kind === 'halted';
      },
      setTotal: async (total) => {
        counts.total = total;
        await inTransaction(this.ds, (m) => m.getRepository(SyncRunEntity).update({ id: run.id }, { total }));
      },
      record: async (items, manager) => {
        if (!items.length) return;
        const before = { ...counts };
        for (const i of items) {
          counts.processed++;
          if (i.outcome === 'SUCCEEDED') counts.succeeded++;
          else if (i.outcome === 'FAILED') counts.failed++;
          else counts.skipped++;
        }
        if (counts.processed > counts.total) counts.total = counts.processed;
        const write = async (m: EntityManager) => {
          const now = new Date();
          const rows = items.map((i) => ({
            // ref and errorCode carry the shop's words (a code, a fault code): cut to their columns, never failing the write.
            runId: run.id, ref: fitText(i.ref, ITEM_REF_MAX).value, outcome: i.outcome,
            errorCode: fitText(i.errorCode ?? null, ITEM_ERROR_CODE_MAX, true).value as ItemErrorCode | null,
            message: i.message ?? null, detail: i.detail === undefined ? null : JSON.stringify(i.detail), createdAt: now,
          }));
          await bulkInsert(m, SyncRunItemEntity, rows);
          // The counts as they are when this write runs: writes queued out of order never step back.
          await m.getRepository(SyncRunEntity).update({ id: run.id }, { ...counts, heartbeatAt: now });
        };
        try {
          if (manager) await write(manager);
          else await inTransaction(this.ds, write);
          observer.itemsRecorded(observed, { succeeded: counts.succeeded - before.succeeded, failed: counts.failed - before.failed, skipped: counts.skipped - before.skipped });
        } catch (err) {
          Object.assign(counts, before);
          throw err;
        }
        await progress?.update(counts);
      },
    };

    let failure: { err: unknown } | null = null;
    // The level of the "run finished" line: a failure is never info; error only for one we did not expect.
    let unexpected = false;
    try {
      await inTransaction(this.ds, (m) => m.getRepository(SyncRunEntity).update({ id: run.id, status: 'QUEUED' }, { status: 'RUNNING', startedAt: new Date() }));
      log.info('run started');
      observer.runStarted(observed);
      ctx.signal.throwIfAborted();
      await work(ctx);
    } catch (err) {
      failure = { err };
      unexpected = !(err instanceof DomainError) && !entry.stop.signal.aborted;
      if (!entry.stop.signal.aborted) {
        if (err instanceof DomainError) log.warn({ err: { code: err.code, message: err.message } }, 'run failed');
        else log.error({ err }, 'run failed on an unexpected error');
      }
    } finally {
      clearInterval(beat);
    }
    const stopped = entry.stop.signal.aborted ? (entry.stop.signal.reason as RunStoppedError).reason : null;
    const { status, error } = runOutcome(counts, failure, stopped);
    // The work has settled (no call of this run is in flight): close the run and free the lock in one
    // transaction, only while the run is still active and ours.
    try {
      const closed = await inTransaction(this.ds, async (m) => {
        const res = await m.getRepository(SyncRunEntity).update(
          { id: run.id, status: In(ACTIVE), owner: this.lock.owner },
          { status, error, finishedAt: new Date(), ...counts },
        );
        if (!res.affected) return false;
        await m.getRepository(SyncLockEntity).delete({ shopId: run.shopId, kind: lockKindOf(run.kind), runId: run.id });
        return true;
      });
      if (closed) {
        observer.runFinished(observed, status, (performance.now() - began) / 1000);
        const level = unexpected ? 'error' : status === 'SUCCEEDED' || status === 'CANCELLED' ? 'info' : 'warn';
        log[level]({ status, ...counts, ...(error ? { error } : {}) }, 'run finished');
      }
      else log.warn({ status, ...counts }, 'the run was taken over or closed by someone else meanwhile; left as it is, and its lock untouched');
    } catch (err) {
      log.error({ err }, 'could not close the run');
    }
  }
}
