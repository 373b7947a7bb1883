/** Schedules: automatic runs per shop and kind, and the scheduler that starts them. */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { Logger } from '../common/logger.js';
import { many, one } from '../api/dataloaders.js';
import type { IsofSchemaService } from '../isof/isof-schema.service.js';
import type { RunEngine } from '../sync-runs/engine.js';
import { ScheduleEntity } from './schedule.entity.js';
import { ScheduleResolver, ShopSchedulesResolver } from './schedule.resolver.js';
import { ScheduleService } from './schedule.service.js';
import { Scheduler } from './scheduler.js';

export const schedulesModule = {
  entities: [ScheduleEntity],
  resolvers: [ScheduleResolver, ShopSchedulesResolver] as Class[],
  services: ({ ds, config, logger, engine, isofSchema }: { ds: DataSource; config: AppConfig; logger: Logger; engine: RunEngine; isofSchema: IsofSchemaService }) => ({
    schedules: new ScheduleService(ds),
    scheduler: new Scheduler(ds, engine, isofSchema, logger.child({ component: 'scheduler' }), config.scheduler),
  }),
  loaders: (s: { schedules: ScheduleService }) => ({
    shopSchedules: many((ids) => s.schedules.forShops(ids), (x) => x.shopId),
    scheduleRun: one((ids) => s.schedules.runs(ids), (x) => x.id),
  }),
} satisfies FeatureModule;
