/** Sync runs: the engine every operation runs in, and the run history the API reads. */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { Logger } from '../common/logger.js';
import type { Telemetry } from '../common/telemetry.js';
import type { Page } from '../common/pagination.js';
import { MAX_BATCH } from '../api/dataloaders.js';
import { SyncLockEntity, SyncRunEntity, SyncRunItemEntity, type SyncKindName } from './sync-run.entities.js';
import { ShopLastRunResolver, SyncRunItemResolver, SyncRunResolver } from './sync-run.resolver.js';
import { SyncRunService, type ItemsKey } from './sync-run.service.js';
import { RunEngine } from './engine.js';
import { SyncRunSubscriptionResolver } from './sync-run.subscription.js';
import { RunWatches } from './run-watch.js';
import { ProgressLogs } from './progress-log.js';

/** While a run goes on unchanged, a subscriber gets it again after this long (the issue: "at least every few seconds"). */
const WATCH_KEEP_ALIVE_MS = 5000;

export const syncRunsModule = {
  entities: [SyncRunEntity, SyncRunItemEntity, SyncLockEntity],
  resolvers: [SyncRunResolver, SyncRunItemResolver, ShopLastRunResolver, SyncRunSubscriptionResolver] as Class[],
  services: ({ ds, config, logger, telemetry }: { ds: DataSource; config: AppConfig; logger: Logger; telemetry?: Telemetry }) => {
    const progressLogs = new ProgressLogs({ everySeconds: config.progress.logSeconds });
    return {
      engine: new RunEngine(ds, logger, { ...config.runs, graceMs: config.shutdownGraceMs, observer: telemetry?.runs, progressLogs }),
      runs: new SyncRunService(ds),
      runWatches: new RunWatches(ds, { pollMs: config.progress.subscriptionPollMs, keepAliveMs: WATCH_KEEP_ALIVE_MS }),
      progressLogs,
    };
  },
  loaders: (s: { runs: SyncRunService }) => ({
    lastRun: new DataLoader<{ shopId: number; kind: SyncKindName }, SyncRunEntity | null, string>(async (keys) => {
      const map = await s.runs.lastRuns(keys);
      return keys.map((k) => map.get(`${k.shopId}:${k.kind}`) ?? null);
    }, { cacheKeyFn: (k) => `${k.shopId}:${k.kind}`, maxBatchSize: MAX_BATCH }),
    items: new DataLoader<ItemsKey, Page<SyncRunItemEntity>, string>((keys) => s.runs.itemPages(keys), {
      cacheKeyFn: (k) => `${k.runId}|${k.outcome ?? ''}|${k.first}|${k.afterId ?? ''}`,
      maxBatchSize: MAX_BATCH,
    }),
  }),
} satisfies FeatureModule;
