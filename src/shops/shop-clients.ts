/** Builds the IdoSell connector for a shop (one per run), with the server's connector settings. */
import type { IdosellClientConfig } from '../config.js';
import type { Logger } from '../common/logger.js';
import { BadInputError } from '../common/errors.js';
import type { ConnectorObserver } from '../common/telemetry.js';
import { IdosellClient, type RequestHook } from '../idosell/index.js';
import type { ShopConnectionInfo, ShopService } from './shop.service.js';

export class ShopClients {
  constructor(
    private readonly shops: ShopService,
    private readonly config: IdosellClientConfig,
    private readonly logger: Logger,
    private readonly onRequest?: RequestHook,
    /** Told about every call of every connector built here (the server's metrics). */
    private readonly observer?: ConnectorObserver,
  ) {}

  /** The shop (must be active) and a connector for it. */
  async forShop(shopId: number): Promise<{ shop: ShopConnectionInfo; client: IdosellClient }> {
    const shop = await this.shops.connection(shopId);
    if (!shop.active) {
      throw new BadInputError(`Shop "${shop.name}" is inactive; activate it with updateShop(id: "${shop.id}", input: { active: true }) first.`, 'shopId');
    }
    const client = new IdosellClient({ apiUrl: shop.apiUrl, apiKey: shop.apiKey, name: shop.name }, this.config, {
      logger: this.logger.child({ shop: shop.name }),
      onRequest: this.onRequest,
      observer: this.observer,
    });
    return { shop, client };
  }
}
