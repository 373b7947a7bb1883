/**
 * The one list of features. Each feature folder declares its entities, resolvers, services and
 * per-request loaders in its `*.module.ts`; this list feeds the data source (ENTITIES), the schema
 * (RESOLVERS), the services (createServices) and the loaders (api/context.ts). Adding a feature is
 * one `*.module.ts` and one line here.
 */
// First: whatever imports the features (server, CLI, bench, tests) gets the metadata polyfill
// before the first decorator runs.
import 'reflect-metadata';
import type { NonEmptyArray } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config.js';
import type { Class } from './common/feature-module.js';
import type { Logger } from './common/logger.js';
import type { Telemetry } from './common/telemetry.js';
import { SecretBox } from './common/crypto.js';
import type { RequestHook } from './idosell/index.js';
import { ISOF_ENTITIES } from './isof/entities.js';
import { shopsModule } from './shops/shops.module.js';
import { productsModule } from './products/products.module.js';
import { ordersModule } from './orders/orders.module.js';
import { mappingsModule } from './mappings/mappings.module.js';
import { syncRunsModule } from './sync-runs/sync-runs.module.js';
import { stockModule } from './stock/stock.module.js';
import { statusesModule } from './statuses/statuses.module.js';
import { isofModule } from './isof/isof.module.js';
import { schedulesModule } from './schedules/schedules.module.js';

export const MODULES = [
  shopsModule, productsModule, ordersModule, mappingsModule, syncRunsModule, stockModule, statusesModule, isofModule,
  schedulesModule,
] as const;

/** ISOF's tables (read and written, never created by us) and every feature's own. */
export const ENTITIES: readonly Class[] = [...ISOF_ENTITIES, ...MODULES.flatMap((m): readonly Class[] => m.entities)];

/** Every feature's resolvers (type-graphql's buildSchema wants the list typed non-empty; it is). */
export const RESOLVERS = MODULES.flatMap((m): readonly Class[] => m.resolvers) as NonEmptyArray<Class>;

/**
 * The services, built once per server; resolvers only delegate to them. Built in dependency order:
 * the run engine and history first, then the shops and their connectors and the ISOF schema guard,
 * then the features that use them. Each module gets only the deps it names.
 */
export function createServices(
  ds: DataSource, config: AppConfig, logger: Logger, secretKey: Buffer, onIdosellRequest?: RequestHook, telemetry?: Telemetry,
) {
  const core = { ds, config, logger, box: new SecretBox(secretKey), onIdosellRequest, telemetry };
  const withRuns = { ...core, ...syncRunsModule.services(core) };
  const withShops = { ...withRuns, ...shopsModule.services(withRuns), ...isofModule.services(core) };
  const all = {
    ...withShops,
    ...mappingsModule.services(withShops),
    ...productsModule.services(withShops),
    ...ordersModule.services(withShops),
    ...stockModule.services(withShops),
    ...statusesModule.services(withShops),
    ...schedulesModule.services(withShops),
  };
  // The secret box and the request hook live on inside the services that need them, not on the list.
  const { box: _box, onIdosellRequest: _hook, telemetry: _telemetry, ...services } = all;
  return services;
}

export type Services = ReturnType<typeof createServices>;
