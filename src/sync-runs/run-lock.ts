/**
 * The per-(shop, kind) run lock, and who holds a run.
 *
 * The lock is a row keyed by (shop, kind): its primary key makes a second holder impossible across
 * processes and server instances. A holder whose process is gone (its heartbeat is stale, or its
 * pid no longer lives on this host) is taken over; its run becomes INTERRUPTED. The engine
 * (engine.ts) opens runs through this, and closes them itself (one conditional update with the
 * lock's release).
 */
import os from 'node:os';
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { ConflictError, isUniqueViolation } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { inTransaction } from '../db/tx.js';
import { SyncLockEntity, SyncRunEntity, lockKindOf, type SyncKindName, type SyncRunStatusName } from './sync-run.entities.js';

/** The statuses of a run that holds (or may still hold) its lock. */
export const ACTIVE: SyncRunStatusName[] = ['QUEUED', 'RUNNING'];

/** What a run is opened with; `params` is stored as JSON on the run. */
export interface OpenRun {
  kind: SyncKindName;
  shopId: number;
  caller: Caller;
  params: object;
  dryRun: boolean;
}

export class RunLock {
  /** This process's name on the runs it holds: host, pid and start time. */
  readonly owner = `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;

  constructor(
    private readonly ds: DataSource,
    private readonly logger: Logger,
    private readonly staleAfterMs: number,
  ) {}

  /** True when the holder of a run is known to be gone. */
  isDead(run: SyncRunEntity, now: number): boolean {
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
    return now - beat > this.staleAfterMs;
  }

  /** Closes another holder's run (it is gone), only if it is still as it was read. */
  async interrupt(m: EntityManager, run: SyncRunEntity, why: string, status: SyncRunStatusName = 'INTERRUPTED'): Promise<boolean> {
    const res = await m.getRepository(SyncRunEntity).update(
      { id: run.id, status: run.status, ...(run.owner === null ? {} : { owner: run.owner }) },
      { status, finishedAt: new Date(), error: why },
    );
    return !!res.affected;
  }

  /** At start-up: runs whose process died become INTERRUPTED and their locks are released. */
  async recoverInterrupted(): Promise<number[]> {
    const now = Date.now();
    const runs = await this.ds.getRepository(SyncRunEntity).createQueryBuilder('r')
      .where('r.status IN (:...active)', { active: ACTIVE }).getMany();
    const dead = runs.filter((r) => this.isDead(r, now));
    for (const run of dead) {
      await inTransaction(this.ds, async (m) => {
        if (await this.interrupt(m, run, 'The server stopped while this run was going. Start the run again: it recomputes what is left and does not repeat what the shop confirmed.')) {
          await m.getRepository(SyncLockEntity).delete({ shopId: run.shopId, kind: lockKindOf(run.kind), runId: run.id });
        }
      });
      this.logger.warn({ runId: run.id, kind: run.kind, shopId: run.shopId }, 'run marked INTERRUPTED');
    }
    return dead.map((r) => r.id);
  }

  /** Opens the run and takes the lock, or answers CONFLICT naming the run that holds it. */
  async open(s: OpenRun): Promise<SyncRunEntity> {
    const attempt = () => inTransaction(this.ds, async (m) => {
      const runs = m.getRepository(SyncRunEntity);
      const locks = m.getRepository(SyncLockEntity);
      const now = new Date();
      const run = await runs.save(runs.create({
        kind: s.kind, shopId: s.shopId, status: 'QUEUED', dryRun: s.dryRun, triggeredBy: s.caller.name,
        params: JSON.stringify(s.params), owner: this.owner, createdAt: now, heartbeatAt: now,
        total: 0, processed: 0, succeeded: 0, failed: 0, skipped: 0, startedAt: null, finishedAt: null, error: null,
      }));
      const held = await locks.findOneBy({ shopId: s.shopId, kind: lockKindOf(s.kind) });
      if (held) {
        const holder = await runs.findOneBy({ id: held.runId });
        if (holder && !this.isDead(holder, now.getTime())) {
          throw new ConflictError(
            `Run ${holder.id} (${holder.kind}) is already going for this shop, and ${s.kind} waits for it; wait for it to finish (query syncRun(id: "${holder.id}")) and start again.`,
            { runningRunId: String(holder.id) },
          );
        }
        if (holder && ACTIVE.includes(holder.status)) {
          await this.interrupt(m, holder, 'The server that ran this run stopped answering; a new run took over.');
        }
        const taken = await locks.update({ shopId: s.shopId, kind: lockKindOf(s.kind), runId: held.runId }, { runId: run.id, acquiredAt: now });
        if (!taken.affected) throw new ConflictError('Another run started for this shop at the same moment; try again.', {});
      } else {
        await locks.insert({ shopId: s.shopId, kind: lockKindOf(s.kind), runId: run.id, acquiredAt: now });
      }
      return run;
    });
    try {
      return await attempt();
    } catch (err) {
      if (isUniqueViolation(err)) {
        const held = await this.ds.getRepository(SyncLockEntity).findOneBy({ shopId: s.shopId, kind: lockKindOf(s.kind) });
        throw new ConflictError(
          `Run ${held?.runId ?? '?'} is already going for this shop, and ${s.kind} waits for it; wait for it to finish and start again.`,
          { runningRunId: held ? String(held.runId) : null },
        );
      }
      throw err;
    }
  }
}
