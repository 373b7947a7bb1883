/**
 * ISOF: its tables (entities.ts, listed in src/modules.ts ENTITIES, never created on SQL Server)
 * and the check of them against what the server expects (isofSchemaCheck, the start-up guard).
 */
import type { DataSource } from 'typeorm';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { Logger } from '../common/logger.js';
import { IsofSchemaResolver } from './isof-schema.resolver.js';
import { IsofSchemaService } from './isof-schema.service.js';

export const isofModule = {
  // ISOF's entities are listed apart in src/modules.ts (they are ISOF's tables, not this feature's own).
  entities: [],
  resolvers: [IsofSchemaResolver] as Class[],
  services: ({ ds, logger }: { ds: DataSource; logger: Logger }) => ({ isofSchema: new IsofSchemaService(ds, logger) }),
  loaders: () => ({}),
} satisfies FeatureModule;
