/** Stock: sends ISOF's stock, summed over its warehouses, to a shop. */
import type { DataSource } from 'typeorm';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { RunEngine } from '../sync-runs/engine.js';
import { StockSyncResolver } from './stock-sync.resolver.js';
import { StockSyncService } from './stock-sync.service.js';

export const stockModule = {
  entities: [],
  resolvers: [StockSyncResolver] as Class[],
  services: ({ ds, clients, engine }: { ds: DataSource; clients: ShopClients; engine: RunEngine }) => ({
    stockSync: new StockSyncService(ds, clients, engine),
  }),
  loaders: () => ({}),
} satisfies FeatureModule;
