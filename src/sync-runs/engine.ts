/**
 * One run engine for the four operations: open (record the run and take the per-(shop, kind)
 * lock in the database), plan, apply (the operation's work, recording each item), close.
 *
 * The lock is a row keyed by (shop, kind): its primary key makes a second holder impossible across
 * processes and server instances. A holder whose process is gone (its heartbeat is stale, or its
 * pid no longer lives on this host) is taken over; its run becomes INTERRUPTED.
 */
import os from 'node:os';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { ConflictError, DomainError, isUniqueViolation } from '../common/errors.js';
import { inTransaction } from '../db/tx.js';
import { bulkInsert } from '../db/bulk.js';
import type { Logger } from '../common/logger.js';
import {
  SyncLockEntity, SyncRunEntity, SyncRunItemEntity, type SyncItemOutcomeName, type SyncKindName, type SyncRunStatusName,
} from './sync-run.entities.js';

export interface ItemRecord {
  ref: string;
  outcome: SyncItemOutcomeName;
  errorCode?: string | null;
  message?: string | null;
  detail?: unknown;
}

/** What an operation sees while it runs. */
export interface RunContext {
  readonly run: SyncRunEntity;
  readonly dryRun: boolean;
  readonly logger: Logger;
  setTotal(total: number): Promise<void>;
  /** Records outcomes; pass the manager of a transaction to commit them with the operation's own writes. */
  record(items: ItemRecord[], manager?: EntityManager): Promise<void>;
}

export type RunWork = (ctx: RunContext) => Promise<void>;

export interface StartRun {
  kind: SyncKindName;
  shopId: number;
  caller: Caller;
  params: Record<string, unknown>;
  dryRun: boolean;
  wait: boolean;
  work: RunWork;
}

const ACTIVE: SyncRunStatusName[] = ['QUEUED', 'RUNNING'];

function describe(err: unknown): string {
  if (err instanceof DomainError) return err.message;
  return 'The run stopped on an unexpected error; it was logged. Start it again; what the shop confirmed is kept.';
}

export class RunEngine {
  readonly owner = `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;
  private readonly active = new Map<number, Promise<void>>();

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly opts: { heartbeatMs: number; staleAfterMs: number },
  ) {}

  /** True when the holder of a run is known to be gone. */
  private isDead(run: SyncRunEntity, now: number): boolean {
    if (!ACTIVE.includes(run.status)) return true;
    if (run.owner === this.owner) return false;
    const [host, pid] = (run.owner ?? '').split(':');
    if (host === os.hostname() && pid) {
      // Our own pid under another owner is an earlier process (a restarted container is pid 1 again).
      if (Number(pid) === process.pid) return true;
      try {
        process.kill(Number(pid), 0);
      } catch {
        return true;
      }
    }
    const beat = (run.heartbeatAt ?? run.createdAt).getTime();
    return now - beat > this.opts.staleAfterMs;
  }

  private async interrupt(m: EntityManager, run: SyncRunEntity, why: string): Promise<void> {
    await m.getRepository(SyncRunEntity).update(
      { id: run.id, status: run.status },
      { status: 'INTERRUPTED', finishedAt: new Date(), error: why },
    );
  }

  /** At start-up: runs whose process died become INTERRUPTED and their locks are released. */
  async recoverInterrupted(): Promise<number[]> {
    const now = Date.now();
    const runs = await this.ds.getRepository(SyncRunEntity).createQueryBuilder('r')
      .where('r.status IN (:...active)', { active: ACTIVE }).getMany();
    const dead = runs.filter((r) => this.isDead(r, now));
    for (const run of dead) {
      await inTransaction(this.ds, async (m) => {
        await this.interrupt(m, run, 'The server stopped while this run was going. Start the run again: it recomputes what is left and does not repeat what the shop confirmed.');
        await m.getRepository(SyncLockEntity).delete({ shopId: run.shopId, kind: run.kind, runId: run.id });
      });
      this.logger.warn({ runId: run.id, kind: run.kind, shopId: run.shopId }, 'run marked INTERRUPTED');
    }
    return dead.map((r) => r.id);
  }

  /** Opens the run and takes the lock, or answers CONFLICT naming the run that holds it. */
  private async open(s: StartRun): Promise<SyncRunEntity> {
    const attempt = () => inTransaction(this.ds, async (m) => {
      const runs = m.getRepository(SyncRunEntity);
      const locks = m.getRepository(SyncLockEntity);
      const now = new Date();
      const run = await runs.save(runs.create({
        kind: s.kind, shopId: s.shopId, status: 'QUEUED', dryRun: s.dryRun, triggeredBy: s.caller.name,
        params: JSON.stringify(s.params), owner: this.owner, createdAt: now, heartbeatAt: now,
        total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, startedAt: null, finishedAt: null, error: null,
      }));
      const held = await locks.findOneBy({ shopId: s.shopId, kind: s.kind });
      if (held) {
        const holder = await runs.findOneBy({ id: held.runId });
        if (holder && !this.isDead(holder, now.getTime())) {
          throw new ConflictError(
            `Run ${holder.id} (${s.kind}) is already going for this shop; wait for it to finish (query syncRun(id: "${holder.id}")) and start again.`,
            { runningRunId: String(holder.id) },
          );
        }
        if (holder && ACTIVE.includes(holder.status)) {
          await this.interrupt(m, holder, 'The server that ran this run stopped answering; a new run took over.');
        }
        const taken = await locks.update({ shopId: s.shopId, kind: s.kind, runId: held.runId }, { runId: run.id, acquiredAt: now });
        if (!taken.affected) throw new ConflictError('Another run started for this shop at the same moment; try again.', {});
      } else {
        await locks.insert({ shopId: s.shopId, kind: s.kind, runId: run.id, acquiredAt: now });
      }
      return run;
    });
    try {
      return await attempt();
    } catch (err) {
      if (isUniqueViolation(err)) {
        const held = await this.ds.getRepository(SyncLockEntity).findOneBy({ shopId: s.shopId, kind: s.kind });
        throw new ConflictError(
          `Run ${held?.runId ?? '?'} (${s.kind}) is already going for this shop; wait for it to finish and start again.`,
          { runningRunId: held ? String(held.runId) : null },
        );
      }
      throw err;
    }
  }

  async start(s: StartRun): Promise<SyncRunEntity> {
    const run = await this.open(s);
    const done = this.execute(run, s.work);
    this.active.set(run.id, done);
    done.finally(() => this.active.delete(run.id)).catch(() => undefined);
    if (s.wait) await done;
    return (await this.ds.getRepository(SyncRunEntity).findOneBy({ id: run.id }))!;
  }

  /** Waits for every run this instance is executing (tests, and shutdown within its grace time). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.active.values()]);
  }

  /**
   * Shutdown: gives the runs `graceMs` to finish; those still going are marked INTERRUPTED and their
   * locks released, so the next run (here or on another server) starts at once and resumes from
   * what the shop confirmed.
   */
  async shutdown(graceMs: number): Promise<number[]> {
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
    if ((await Promise.race([this.drain().then(() => 'done' as const), timeout])) === 'done') return [];
    const left = [...this.active.keys()];
    for (const id of left) {
      await inTransaction(this.ds, async (m) => {
        const run = await m.getRepository(SyncRunEntity).findOneBy({ id });
        if (!run || !ACTIVE.includes(run.status)) return;
        await this.interrupt(m, run, 'The server was stopped while this run was going. Start the run again: it recomputes what is left and does not repeat what the shop confirmed.');
        await m.getRepository(SyncLockEntity).delete({ shopId: run.shopId, kind: run.kind, runId: run.id });
      });
      this.logger.warn({ runId: id }, 'run marked INTERRUPTED at shutdown');
    }
    return left;
  }

  private async execute(run: SyncRunEntity, work: RunWork): Promise<void> {
    const log = this.logger.child({ runId: run.id, kind: run.kind, shopId: run.shopId });
    const counts = { total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0 };
    const beat = setInterval(() => {
      inTransaction(this.ds, (m) => m.getRepository(SyncRunEntity).update({ id: run.id }, { heartbeatAt: new Date() })).catch((err) => log.warn({ err }, 'heartbeat failed'));
    }, this.opts.heartbeatMs);
    beat.unref();

    const ctx: RunContext = {
      run,
      dryRun: run.dryRun,
      logger: log,
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
            runId: run.id, ref: i.ref.slice(0, 100), outcome: i.outcome, errorCode: i.errorCode ?? null,
            message: i.message ?? null, detail: i.detail === undefined ? null : JSON.stringify(i.detail), createdAt: now,
          }));
          await bulkInsert(m, SyncRunItemEntity, rows);
          // The counts as they are when this write runs: writes queued out of order never step back.
          await m.getRepository(SyncRunEntity).update({ id: run.id }, { ...counts, heartbeatAt: now });
        };
        try {
          if (manager) await write(manager);
          else await inTransaction(this.ds, write);
        } catch (err) {
          Object.assign(counts, before);
          throw err;
        }
      },
    };

    let status: SyncRunStatusName;
    let error: string | null = null;
    try {
      await inTransaction(this.ds, (m) => m.getRepository(SyncRunEntity).update({ id: run.id }, { status: 'RUNNING', startedAt: new Date() }));
      log.info('run started');
      await work(ctx);
      if (counts.failed === 0) status = 'SUCCEEDED';
      else if (counts.succeeded + counts.skipped > 0) status = 'PARTIALLY_FAILED';
      else {
        status = 'FAILED';
        error = `All ${counts.failed} items failed; see the run's items for each reason.`;
      }
    } catch (err) {
      status = 'FAILED';
      error = describe(err);
      if (err instanceof DomainError) log.warn({ err: { code: err.code, message: err.message } }, 'run failed');
      else log.error({ err }, 'run failed on an unexpected error');
    } finally {
      clearInterval(beat);
    }
    try {
      await inTransaction(this.ds, async (m) => {
        await m.getRepository(SyncRunEntity).update({ id: run.id }, { status, error, finishedAt: new Date(), ...counts });
        await m.getRepository(SyncLockEntity).delete({ shopId: run.shopId, kind: run.kind, runId: run.id });
      });
      log.info({ status, ...counts }, 'run finished');
    } catch (err) {
      log.error({ err }, 'could not close the run');
    }
  }
}
