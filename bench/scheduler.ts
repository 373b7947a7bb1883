/**
 * The scheduler's own cost (issue 13 point 9): its due-time check with `shops` shops x 4 kinds of
 * schedule, as SQL statements per tick, with nothing due and with everything due, at two sizes of
 * the run history. Counted are the scheduler's own statements (the due read, each claim, each
 * lastRun write, a scheduled import's window read), not the statements of the runs it starts,
 * which are those of a person's run and run on after the tick. Its own server on a fresh SQLite
 * file with the embedded sandbox (no catalogue: the runs have little to do); ticks are called with
 * a clock, the cron is off.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { startApp } from '../src/app.js';
import { ScheduleEntity } from '../src/schedules/schedule.entity.js';
import { SCHEDULABLE_KINDS } from '../src/schedules/schedule.service.js';

export interface SchedulerFigure {
  /** Runs in the history when the tick ran. */
  historyRuns: number;
  /** Statements of a tick with nothing due. */
  nothingDue: number;
  /** Statements of a tick with every schedule due (the runs it starts excluded). */
  allDue: number;
  /** Runs that tick started. */
  started: number;
}

export interface SchedulerBench { shops: number; schedules: number; figures: SchedulerFigure[] }

/** The scheduler's statements: on its table, and the scheduled import's window read. */
const SCHEDULER_SQL = /"idosell_schedules"|"r"\."triggered_by" = /;

/** `extra` finished runs added to the history in one statement. */
async function addHistory(run: (sql: string) => Promise<unknown>, extra: number): Promise<void> {
  if (extra <= 0) return;
  await run(`INSERT INTO idosell_sync_runs (kind, shop_id, status, dry_run, triggered_by, params, owner, created_at, started_at, finished_at, heartbeat_at, total, processed, succeeded, failed, skipped)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${extra})
    SELECT CASE i % 4 WHEN 0 THEN 'IMPORT_ORDERS' WHEN 1 THEN 'SYNC_STOCK' WHEN 2 THEN 'SYNC_STATUSES' ELSE 'EXPORT_PRODUCTS' END,
      1 + i % 50, 'SUCCEEDED', 0, 'scheduler', '{}', 'history', '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000', '2026-01-01 00:00:01.000', NULL, 0, 0, 0, 0, 0 FROM n`);
}

export async function schedulerBench(shops = 50, historySizes: number[] = [0, 10_000]): Promise<SchedulerBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isof-bench-scheduler-'));
  let counting = false;
  let count = 0;
  const app = await startApp(loadConfig({
    NODE_ENV: 'development', DB_TYPE: 'sqlite', DATA_DIR: dir, HOST: '127.0.0.1', PORT: '0', SANDBOX: 'on', SANDBOX_PORT: '0',
    SEED_DEMO: 'false', SECRET_KEY: crypto.randomBytes(32).toString('hex'), LOG_LEVEL: 'silent', SCHEDULER: 'off',
    IDOSELL_ALLOW_PRIVATE_ADDRESSES: 'true',
  }), { onSql: (sql) => { if (counting && SCHEDULER_SQL.test(sql)) count++; } });
  try {
    const { ds, engine, scheduler, schedules, shops: shopService } = app.services;
    const ids = [(await shopService.list())[0]!.id];
    for (let i = ids.length; i < shops; i++) {
      ids.push((await shopService.create({ name: `Sklep ${i + 1}`, apiUrl: app.sandbox!.url, apiKey: app.config.sandbox.apiKey, idosellStockId: 1, languageId: 'pol', saveWithoutTest: true })).id);
    }
    for (const shopId of ids) for (const kind of SCHEDULABLE_KINDS) await schedules.set({ shopId, kind, everyMinutes: 60, enabled: true, includeIncomplete: false });
    const measure = async (tick: () => Promise<unknown>) => {
      count = 0;
      counting = true;
      const report = await tick();
      counting = false;
      return { statements: count, report };
    };
    const figures: SchedulerFigure[] = [];
    const now = Date.now();
    const dueAt = (at: Date) => ds.getRepository(ScheduleEntity).createQueryBuilder().update().set({ nextRunAt: at }).execute();
    for (const size of historySizes) {
      const have = await ds.query('SELECT COUNT(*) AS n FROM idosell_sync_runs') as { n: number }[];
      await addHistory((sql) => ds.query(sql), size - have[0]!.n);
      const historyRuns = (await ds.query('SELECT COUNT(*) AS n FROM idosell_sync_runs') as { n: number }[])[0]!.n;
      // Due times set by SQL, outside the count: none due, then every one due.
      await dueAt(new Date(now + 24 * 60 * 60_000));
      const idle = await measure(() => scheduler.tick(new Date(now)));
      await dueAt(new Date(now - 1000));
      const due = await measure(() => scheduler.tick(new Date(now)));
      await engine.drain();
      figures.push({ historyRuns, nothingDue: idle.statements, allDue: due.statements, started: (due.report as { started: unknown[] }).started.length });
    }
    return { shops, schedules: shops * SCHEDULABLE_KINDS.length, figures };
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
