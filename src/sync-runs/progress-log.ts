/**
 * Progress lines in the log while a run goes (issue 13, point 6): a long export is otherwise silent
 * until it ends. A run logs "run progress" when RUN_PROGRESS_LOG_SECONDS have passed since its last
 * line, or when it crosses another tenth of its total (once it has gone on for a second), whichever
 * comes first, with what a person watching the log wants: processed of total, the rate, the
 * estimated time left, and which run, kind and shop it is. Lines are written as items are recorded,
 * so a run that records nothing writes none (its heartbeat still shows it alive).
 */
import type { Logger } from '../common/logger.js';
import type { SyncRunEntity } from './sync-run.entities.js';

export interface ProgressCounts {
  total: number;
  processed: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

export interface ProgressLogOptions {
  everySeconds: number;
  now?: () => number;
}

/** The shop's name for a line; sync-runs/ knows no shop, so the server hands the lookup in (app.ts). */
export type ShopNameLookup = (shopId: number) => Promise<string | null>;

/** Below this, a run's tenths of progress are not logged: a small run would write a line per batch. */
const SHORT_RUN_MS = 1000;

/** One run's progress lines. */
export class RunProgress {
  private readonly startedAt: number;
  private lastLogAt: number;
  private lastTenth = 0;
  private shopName: Promise<string | null> | null = null;
  private readonly log: Logger;
  private readonly shopId: number;

  constructor(
    run: Pick<SyncRunEntity, 'id' | 'kind' | 'shopId'>,
    log: Logger,
    private readonly opts: Required<ProgressLogOptions>,
    private readonly lookup: ShopNameLookup,
  ) {
    // The run's logger already names the run (engine.ts): only what it lacks is added, so no key appears twice in a line.
    const bound = log.bindings();
    const names = Object.fromEntries(Object.entries({ runId: run.id, kind: run.kind, shopId: run.shopId }).filter(([k]) => !(k in bound)));
    this.log = Object.keys(names).length ? log.child(names) : log;
    this.startedAt = opts.now();
    this.lastLogAt = this.startedAt;
    this.shopId = run.shopId;
  }

  /** After items were recorded: writes a line when one is due. */
  async update(c: ProgressCounts): Promise<void> {
    const now = this.opts.now();
    const tenth = c.total > 0 ? Math.floor((c.processed * 10) / c.total) : 0;
    const timeDue = now - this.lastLogAt >= this.opts.everySeconds * 1000;
    // A run over within a second is no "long run": its tenths write no lines (nor cost the shop's name).
    const tenthDue = tenth > this.lastTenth && now - this.startedAt >= SHORT_RUN_MS;
    if (!timeDue && !tenthDue) return;
    this.lastLogAt = now;
    this.lastTenth = Math.max(this.lastTenth, tenth);
    const seconds = Math.max(0.001, (now - this.startedAt) / 1000);
    const rate = c.processed / seconds;
    const left = Math.max(0, c.total - c.processed);
    // Read once, for the first line (a short run writes none and costs no query); a failed lookup only leaves the name out.
    this.shopName ??= this.lookup(this.shopId).catch(() => null);
    this.log.info({
      shop: await this.shopName,
      processed: c.processed,
      total: c.total,
      percent: c.total > 0 ? Math.round((c.processed * 1000) / c.total) / 10 : null,
      succeeded: c.succeeded,
      failed: c.failed,
      skipped: c.skipped,
      ratePerSecond: Math.round(rate * 100) / 100,
      etaSeconds: rate > 0 ? Math.round(left / rate) : null,
      elapsedSeconds: Math.round(seconds),
    }, 'run progress');
  }
}

/** Starts each run's progress lines (the engine calls `start` as a run begins). */
export class ProgressLogs {
  private lookup: ShopNameLookup = async () => null;
  private readonly opts: Required<ProgressLogOptions>;

  constructor(opts: ProgressLogOptions) {
    this.opts = { everySeconds: opts.everySeconds, now: opts.now ?? Date.now };
  }

  /** Where the shops' names come from (set once by the server, after the shops' service exists). */
  nameShopsWith(lookup: ShopNameLookup): void {
    this.lookup = lookup;
  }

  start(run: Pick<SyncRunEntity, 'id' | 'kind' | 'shopId'>, log: Logger): RunProgress {
    return new RunProgress(run, log, this.opts, this.lookup);
  }
}
