/** Statuses: sends the ISOF status of imported orders back to their shop. */
import type { DataSource } from 'typeorm';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { RunEngine } from '../sync-runs/engine.js';
import { StatusSyncResolver } from './status-sync.resolver.js';
import { StatusSyncService } from './status-sync.service.js';

export const statusesModule = {
  entities: [],
  resolvers: [StatusSyncResolver] as Class[],
  services: ({ ds, clients, engine }: { ds: DataSource; clients: ShopClients; engine: RunEngine }) => ({
    statusSync: new StatusSyncService(ds, clients, engine),
  }),
  loaders: () => ({}),
} satisfies FeatureModule;
