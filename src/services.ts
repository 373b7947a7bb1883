/** The services, built once per server from the data source and config; resolvers only delegate. */
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config.js';
import type { Logger } from './common/logger.js';
import { SecretBox } from './common/crypto.js';
import { ShopService } from './shops/shop.service.js';
import { CatalogService } from './products/catalog.service.js';
import { OrderService } from './orders/order.service.js';
import { MappingService } from './mappings/mapping.service.js';
import { SyncRunService } from './sync-runs/sync-run.service.js';

export interface Services {
  config: AppConfig;
  logger: Logger;
  ds: DataSource;
  shops: ShopService;
  catalog: CatalogService;
  orders: OrderService;
  mappings: MappingService;
  runs: SyncRunService;
}

export function createServices(ds: DataSource, config: AppConfig, logger: Logger, secretKey: Buffer): Services {
  const box = new SecretBox(secretKey);
  return {
    config,
    logger,
    ds,
    shops: new ShopService(ds, box),
    catalog: new CatalogService(ds),
    orders: new OrderService(ds),
    mappings: new MappingService(ds),
    runs: new SyncRunService(ds),
  };
}
