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
import { RunEngine } from './sync-runs/engine.js';
import { ShopClients } from './shops/shop-clients.js';
import type { RequestHook } from './idosell/index.js';
import { ProductExportService } from './products/product-export.service.js';
import { StockSyncService } from './stock/stock-sync.service.js';
import { OrderImportService } from './orders/order-import.service.js';
import { StatusSyncService } from './statuses/status-sync.service.js';

export interface Services {
  config: AppConfig;
  logger: Logger;
  ds: DataSource;
  shops: ShopService;
  catalog: CatalogService;
  orders: OrderService;
  mappings: MappingService;
  runs: SyncRunService;
  engine: RunEngine;
  clients: ShopClients;
  productExport: ProductExportService;
  stockSync: StockSyncService;
  orderImport: OrderImportService;
  statusSync: StatusSyncService;
}

export function createServices(
  ds: DataSource, config: AppConfig, logger: Logger, secretKey: Buffer, onIdosellRequest?: RequestHook,
): Services {
  const box = new SecretBox(secretKey);
  const shops = new ShopService(ds, box, { allowPrivateAddresses: config.idosell.allowPrivateAddresses });
  const engine = new RunEngine(ds, logger, { ...config.runs, graceMs: config.shutdownGraceMs });
  const clients = new ShopClients(shops, config.idosell, logger, onIdosellRequest);
  const catalog = new CatalogService(ds);
  const runs = new SyncRunService(ds);
  return {
    config,
    logger,
    ds,
    shops,
    engine,
    clients,
    productExport: new ProductExportService(ds, clients, engine, runs, catalog),
    stockSync: new StockSyncService(ds, clients, engine),
    orderImport: new OrderImportService(ds, clients, engine, runs),
    statusSync: new StatusSyncService(ds, clients, engine),
    catalog,
    orders: new OrderService(ds),
    mappings: new MappingService(ds),
    runs,
  };
}
