/** All migrations, in order. Each one is frozen once released: a schema change is a new migration. */
import type { MigrationInterface } from 'typeorm';
import { IsofTables1764547200000 } from './1764547200000-IsofTables.js';
import { IntegrationTables1764547300000 } from './1764547300000-IntegrationTables.js';
import { CustomerLinks1764547400000 } from './1764547400000-CustomerLinks.js';
import { RunCancelRequest1764547500000 } from './1764547500000-RunCancelRequest.js';
import { UtcTimestamps1764547600000 } from './1764547600000-UtcTimestamps.js';
import { Schedules1764547700000 } from './1764547700000-Schedules.js';

export { IsofTables1764547200000, IntegrationTables1764547300000, CustomerLinks1764547400000, RunCancelRequest1764547500000, UtcTimestamps1764547600000, Schedules1764547700000 };

export const MIGRATIONS: Array<new () => MigrationInterface> = [
  IsofTables1764547200000, IntegrationTables1764547300000, CustomerLinks1764547400000, RunCancelRequest1764547500000, UtcTimestamps1764547600000, Schedules1764547700000,
];
