/** Products: the ISOF catalogue as the API reads it, and the export of products to a shop. */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { IsofPrice, IsofPriceType, IsofProduct, IsofStock, IsofWarehouse } from '../isof/entities.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { RunEngine } from '../sync-runs/engine.js';
import { MAX_BATCH, many, one, table } from '../api/dataloaders.js';
import { ProductExportEntity } from './product-export.entity.js';
import { ProductExportResolver, ProductResolver } from './product.resolver.js';
import { ExportProductsResolver } from './export-products.resolver.js';
import { CatalogService } from './catalog.service.js';
import { ProductExportService } from './product-export.service.js';
import { LinkProductsResolver } from './link-products.resolver.js';
import { LinkProductsService } from './link-products.service.js';

export interface ProductsDeps {
  ds: DataSource;
  clients: ShopClients;
  engine: RunEngine;
}

export const productsModule = {
  entities: [ProductExportEntity],
  resolvers: [ProductResolver, ProductExportResolver, ExportProductsResolver, LinkProductsResolver] as Class[],
  services: ({ ds, clients, engine }: ProductsDeps) => {
    const catalog = new CatalogService(ds);
    return {
      catalog,
      productExport: new ProductExportService(ds, clients, engine, catalog),
      linkProducts: new LinkProductsService(ds, clients, engine),
    };
  },
  loaders: (s: { catalog: CatalogService }) => ({
    product: one<IsofProduct>((ids) => s.catalog.productsByIds(ids), (p) => p.id),
    hasImage: new DataLoader<number, boolean>(async (ids) => {
      const set = await s.catalog.productIdsWithPicture(ids);
      return ids.map((id) => set.has(id));
    }, { maxBatchSize: MAX_BATCH }),
    prices: many<IsofPrice>((ids) => s.catalog.pricesFor(ids), (p) => p.productId),
    stocks: many<IsofStock>((ids) => s.catalog.stocksFor(ids), (p) => p.productId),
    exports: many<ProductExportEntity>((ids) => s.catalog.exportsFor(ids), (e) => e.productId),
    warehouses: table<IsofWarehouse>(() => s.catalog.warehouses()),
    priceTypes: table<IsofPriceType>(() => s.catalog.priceTypes()),
  }),
} satisfies FeatureModule;
