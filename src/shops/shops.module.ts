/** Shops: the registered IdoSell shops and a connector per shop. */
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config.js';
import type { Class, FeatureModule } from '../common/feature-module.js';
import type { Logger } from '../common/logger.js';
import type { SecretBox } from '../common/crypto.js';
import type { Telemetry } from '../common/telemetry.js';
import type { RequestHook } from '../idosell/index.js';
import { one } from '../api/dataloaders.js';
import { ShopEntity } from './shop.entity.js';
import { ShopResolver } from './shop.resolver.js';
import { ShopService } from './shop.service.js';
import { ShopClients } from './shop-clients.js';
import { ShopConnectionTester } from './shop-connection.js';

export interface ShopsDeps {
  ds: DataSource;
  config: AppConfig;
  logger: Logger;
  box: SecretBox;
  onIdosellRequest?: RequestHook;
  telemetry?: Telemetry;
}

export const shopsModule = {
  entities: [ShopEntity],
  resolvers: [ShopResolver] as Class[],
  services: ({ ds, config, logger, box, onIdosellRequest, telemetry }: ShopsDeps) => {
    const shops = new ShopService(ds, box, {
      allowPrivateAddresses: config.idosell.allowPrivateAddresses,
      connectionTester: new ShopConnectionTester(config.idosell, logger, onIdosellRequest, undefined, telemetry?.connector),
    });
    return { shops, clients: new ShopClients(shops, config.idosell, logger, onIdosellRequest, telemetry?.connector) };
  },
  loaders: (s: { shops: ShopService }) => ({
    shop: one<ShopEntity>((ids) => s.shops.byIds(ids), (x) => x.id),
  }),
} satisfies FeatureModule;
