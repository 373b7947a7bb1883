/**
 * Following a run as it progresses, for Subscription.syncRunUpdated. The watch reads the run's row
 * from the database every `pollMs`, not this process's memory, so it follows a run executing on
 * another server instance just as well as one running here.
 *
 * It is an iterator written by hand rather than an async generator: a generator's `return()` waits
 * for the generator to reach its next `yield`, so a client that unsubscribes from an unchanged run
 * would leave a timer and a query going until the next emission. Here `return()` cuts the pause at
 * once and nothing is left behind.
 */
import type { DataSource } from 'typeorm';
import { NotFoundError, ShuttingDownError } from '../common/errors.js';
import { ACTIVE } from './run-lock.js';
import { SyncRunEntity } from './sync-run.entities.js';

export interface RunWatchOptions {
  /** How often the run's row is read (SUBSCRIPTION_POLL_MS). */
  pollMs: number;
  /** While a run goes on unchanged, it is emitted again after this long, so a client sees it is alive. */
  keepAliveMs: number;
  now?: () => number;
}

/** The columns whose change is worth an emission (what a progress bar and a status badge show). */
function fingerprint(r: SyncRunEntity): string {
  return [r.status, r.total, r.processed, r.succeeded, r.failed, r.skipped, r.heartbeatAt?.getTime() ?? '',
    r.startedAt?.getTime() ?? '', r.finishedAt?.getTime() ?? '', r.error ?? ''].join('|');
}

/** Resolves after `ms`, or as soon as one of the signals aborts; its timer never outlives it. */
function pause(ms: number, signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    if (signals.some((s) => s.aborted)) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      for (const s of signals) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of signals) s.addEventListener('abort', done, { once: true });
  });
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

class RunWatch implements AsyncIterableIterator<SyncRunEntity> {
  private readonly cancelled = new AbortController();
  private lastKey: string | null = null;
  private lastAt = 0;
  private ended = false;
  private readonly now: () => number;

  constructor(
    private pending: SyncRunEntity | null,
    /** `fresh`: a new read, not one shared with other watches (the last state at shutdown). */
    private readonly load: (fresh: boolean) => Promise<SyncRunEntity | null>,
    private readonly opts: RunWatchOptions,
    private readonly ending: AbortSignal,
  ) {
    this.now = opts.now ?? Date.now;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private emit(row: SyncRunEntity): IteratorResult<SyncRunEntity, undefined> {
    this.lastKey = fingerprint(row);
    this.lastAt = this.now();
    // A finished run, or the server going away: this is the last state the client gets.
    if (!ACTIVE.includes(row.status) || this.ending.aborted) this.ended = true;
    return { done: false, value: row };
  }

  async next(): Promise<IteratorResult<SyncRunEntity, undefined>> {
    if (this.pending) {
      const first = this.pending;
      this.pending = null;
      return this.emit(first);
    }
    while (!this.ended && !this.cancelled.signal.aborted) {
      await pause(this.opts.pollMs, [this.cancelled.signal, this.ending]);
      if (this.cancelled.signal.aborted) break;
      const row = await this.load(this.ending.aborted);
      if (this.cancelled.signal.aborted) break;
      // Runs are never deleted; should the row be gone all the same, there is nothing more to follow.
      if (!row) break;
      const changed = fingerprint(row) !== this.lastKey;
      if (changed || this.ending.aborted || !ACTIVE.includes(row.status) || this.now() - this.lastAt >= this.opts.keepAliveMs) {
        return this.emit(row);
      }
    }
    this.ended = true;
    return DONE;
  }

  async return(): Promise<IteratorResult<SyncRunEntity, undefined>> {
    this.ended = true;
    this.cancelled.abort();
    return DONE;
  }

  async throw(err: unknown): Promise<IteratorResult<SyncRunEntity, undefined>> {
    await this.return();
    throw err;
  }
}

/**
 * The watches of this server: starts them, and at shutdown has each send its last state and end.
 * Watches of the same run share its reads: a read started less than half a poll ago (or still going)
 * serves every watch that asks meanwhile, so ten dashboards following one run cost one query a poll,
 * not ten. A new watch's first read and the last read at shutdown are always fresh.
 */
export class RunWatches {
  private readonly ending = new AbortController();
  private readonly reads = new Map<number, { at: number; row: Promise<SyncRunEntity | null> }>();

  constructor(private readonly ds: DataSource, private readonly opts: RunWatchOptions) {}

  private read(id: number, fresh: boolean): Promise<SyncRunEntity | null> {
    const now = (this.opts.now ?? Date.now)();
    const recent = this.reads.get(id);
    if (!fresh && recent && now - recent.at < this.opts.pollMs / 2) return recent.row;
    const row = this.ds.getRepository(SyncRunEntity).findOneBy({ id });
    const entry = { at: now, row };
    this.reads.set(id, entry);
    // Kept only while it can be shared: a run nobody follows leaves nothing behind.
    const forget = () => {
      const t = setTimeout(() => { if (this.reads.get(id) === entry) this.reads.delete(id); }, this.opts.pollMs);
      t.unref();
    };
    row.then(forget, () => this.reads.delete(id));
    return row;
  }

  /** The run now, then as it changes; ends after the run has finished (a finished run: one emission). */
  async watch(id: number): Promise<AsyncIterableIterator<SyncRunEntity>> {
    if (this.ending.signal.aborted) throw new ShuttingDownError();
    const load = (fresh: boolean) => this.read(id, fresh);
    const first = await load(true);
    if (!first) throw new NotFoundError('Run', id);
    return new RunWatch(first, load, this.opts, this.ending.signal);
  }

  /** Shutdown: every watch reads its run once more, sends it, and ends; no new watch starts. */
  endAll(): void {
    this.ending.abort();
  }
}
