/**
 * exportProducts (ISOF -> shop): one product card, or every active product (the mass export).
 *
 * plan: products are read from ISOF in pages (keyset by id), so memory stays flat whatever the
 * catalogue size; for each product the exported fields are hashed and compared with what the shop
 * last confirmed (the export record), so an unchanged product is SKIPPED without a call.
 * apply: creates and edits go out in batches of at most 100 (the connector), the picture only when
 * its hash changed; the export record is written only for products the shop confirmed.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { NotFoundError } from '../common/errors.js';
import { sha256Hex } from '../common/crypto.js';
import { money } from '../common/money.js';
import { chunk, idsPerStatement } from '../common/chunk.js';
import { inTransaction } from '../db/tx.js';
import { IsofPrice, IsofPriceType, IsofProduct } from '../isof/entities.js';
import { PriceMappingEntity, type IdosellPriceFieldName } from '../mappings/mapping.entities.js';
import type { IdosellClient, ProductPrices, ProductUpsert } from '../idosell/index.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { ShopConnectionInfo } from '../shops/shop.service.js';
import type { ItemRecord, RunContext, RunEngine } from '../sync-runs/engine.js';
import type { SyncRunEntity } from '../sync-runs/sync-run.entities.js';
import { CatalogService } from './catalog.service.js';
import { ProductExportEntity } from './product-export.entity.js';

export interface ExportProductsArgs {
  shopId: number;
  productIds: number[] | null;
  dryRun: boolean;
  wait: boolean;
}

/** Products read from ISOF per page; each page goes out as up to PAGE/100 concurrent calls. */
const PAGE = 400;

const FIELD_OF: Record<IdosellPriceFieldName, keyof ProductPrices> = {
  RETAIL: 'retailGross',
  WHOLESALE: 'wholesaleGross',
  MINIMAL: 'minimalGross',
  POS: 'posGross',
  SUGGESTED: 'suggestedGross',
  STRIKETHROUGH_RETAIL: 'strikethroughRetailGross',
};

/** Export records written per UPDATE statement. */
const UPDATE_ROWS = 200;

interface ConfirmedExport {
  productId: number;
  idosellProductId: number;
  stock: number;
  fieldsHash: string;
  imageHash: string | null;
}

interface Planned {
  product: IsofProduct;
  upsert: ProductUpsert;
  fieldsHash: string;
  imageHash: string | null;
  stock: number;
  record: ProductExportEntity | null;
  changes: string[];
}

export class ProductExportService {
  private readonly catalog: CatalogService;

  constructor(private readonly ds: DataSource, private readonly clients: ShopClients, private readonly engine: RunEngine) {
    this.catalog = new CatalogService(ds);
  }

  async exportProducts(caller: Caller, args: ExportProductsArgs): Promise<SyncRunEntity> {
    const { shop, client } = await this.clients.forShop(args.shopId);
    const productIds = args.productIds ? [...new Set(args.productIds)].sort((a, b) => a - b) : null;
    if (productIds) {
      const found = new Set<number>();
      for (const part of chunk(productIds, idsPerStatement())) {
        for (const p of await this.catalog.productsByIds(part)) found.add(p.id);
      }
      const missing = productIds.filter((id) => !found.has(id));
      if (missing.length) throw new NotFoundError(missing.length === 1 ? 'Product' : 'Products', missing.slice(0, 20).join(', '));
    }
    return this.engine.start({
      kind: 'EXPORT_PRODUCTS',
      shopId: shop.id,
      caller,
      params: { productIds, dryRun: args.dryRun },
      dryRun: args.dryRun,
      wait: args.wait,
      work: (ctx) => this.run(ctx, shop, client, productIds),
    });
  }

  private async run(ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient, productIds: number[] | null): Promise<void> {
    const priceFields = await this.priceFields(shop.id);
    const products = this.ds.getRepository(IsofProduct);
    await ctx.setTotal(productIds ? productIds.length : await products.countBy({ active: true }));

    let afterId = 0;
    for (;;) {
      const qb = products.createQueryBuilder('p').where('p.id > :afterId', { afterId }).orderBy('p.id', 'ASC').limit(PAGE);
      if (productIds) {
        const next = productIds.filter((id) => id > afterId).slice(0, PAGE);
        if (!next.length) break;
        qb.andWhere('p.id IN (:...ids)', { ids: next });
      } else qb.andWhere('p.active = :active', { active: true });
      const page = await qb.getMany();
      if (!page.length) break;
      afterId = page[page.length - 1]!.id;
      const planned = await this.plan(page, shop, priceFields);
      const unchanged = planned.filter((p) => p.changes.length === 0);
      const changed = planned.filter((p) => p.changes.length > 0);
      await ctx.record(unchanged.map((p) => ({
        ref: p.product.code, outcome: 'SKIPPED', message: 'Unchanged since the last export; nothing sent.',
      })));
      if (ctx.dryRun) {
        await ctx.record(changed.map((p) => ({
          ref: p.product.code,
          outcome: 'SUCCEEDED',
          message: `Would ${p.record?.idosellProductId ? `update IdoSell product ${p.record.idosellProductId}` : 'create the product in the shop'} (${p.changes.join(', ')}).`,
          detail: { action: p.record?.idosellProductId ? 'update' : 'create', changes: p.changes, sent: { ...p.upsert, pictureBase64: p.upsert.pictureBase64 ? `<${p.upsert.pictureBase64.length} base64 chars>` : undefined } },
        })));
        continue;
      }
      await this.apply(ctx, shop, client, changed);
    }
  }

  /** The IdoSell price fields and the ISOF price type each takes its value from (default: RETAIL <- the first price type). */
  private async priceFields(shopId: number): Promise<Map<IdosellPriceFieldName, number>> {
    const mappings = await this.ds.getRepository(PriceMappingEntity).findBy({ shopId });
    const fields = new Map<IdosellPriceFieldName, number>(mappings.map((m) => [m.idosellPriceField, m.priceTypeId]));
    if (!fields.has('RETAIL')) {
      const first = await this.ds.getRepository(IsofPriceType).find({ order: { sortOrder: 'ASC', id: 'ASC' }, take: 1 });
      if (first[0]) fields.set('RETAIL', first[0].id);
    }
    return fields;
  }

  private async plan(page: IsofProduct[], shop: ShopConnectionInfo, priceFields: Map<IdosellPriceFieldName, number>): Promise<Planned[]> {
    const ids = page.map((p) => p.id);
    const [prices, totals, records, pictures] = await Promise.all([
      this.ds.getRepository(IsofPrice).createQueryBuilder('c').where('c.productId IN (:...ids)', { ids }).getMany(),
      this.catalog.stockTotals(ids),
      this.ds.getRepository(ProductExportEntity).createQueryBuilder('e')
        .where('e.shopId = :shopId', { shopId: shop.id }).andWhere('e.productId IN (:...ids)', { ids }).getMany(),
      this.ds.getRepository(IsofProduct).createQueryBuilder('p').select(['p.id', 'p.picture'])
        .where('p.id IN (:...ids)', { ids }).andWhere('p.picture IS NOT NULL').getMany(),
    ]);
    const priceBy = new Map(prices.map((c) => [`${c.productId}:${c.priceTypeId}`, c]));
    const recordBy = new Map(records.map((r) => [r.productId, r]));
    const pictureBy = new Map(pictures.map((p) => [p.id, p.picture!]));

    return page.map((product) => {
      const mapped: ProductPrices = { retailGross: '0.00' };
      for (const [field, priceTypeId] of priceFields) {
        const price = priceBy.get(`${product.id}:${priceTypeId}`);
        if (price) mapped[FIELD_OF[field]] = money(price.gross);
      }
      const stock = totals.get(product.id) ?? 0;
      const picture = pictureBy.get(product.id) ?? null;
      const imageHash = picture ? sha256Hex(picture) : null;
      const fields = {
        code: product.code, name: product.name, description: product.description, vatRate: product.vatRate,
        languageId: shop.languageId, stockId: shop.idosellStockId, prices: mapped,
      };
      const fieldsHash = sha256Hex(JSON.stringify(fields));
      const record = recordBy.get(product.id) ?? null;
      const changes: string[] = [];
      if (!record?.idosellProductId) changes.push('new in the shop');
      else {
        if (record.fieldsHash !== fieldsHash) changes.push('name, description, prices or VAT');
        if (record.lastSentStock === null || record.lastSentStock !== stock) changes.push(`stock ${record.lastSentStock ?? 'unknown'} -> ${stock}`);
        if (imageHash && record.imageHash !== imageHash) changes.push('picture');
      }
      const sendPicture = !!picture && (!record?.idosellProductId || record.imageHash !== imageHash);
      const upsert: ProductUpsert = {
        idosellProductId: record?.idosellProductId ?? null,
        code: product.code,
        name: product.name,
        description: product.description,
        languageId: shop.languageId,
        vatRate: product.vatRate,
        vatFree: false,
        prices: mapped,
        stock: { stockId: shop.idosellStockId, quantity: stock },
        pictureBase64: sendPicture ? picture!.toString('base64') : null,
      };
      return { product, upsert, fieldsHash, imageHash: sendPicture ? imageHash : (record?.imageHash ?? null), stock, record, changes };
    });
  }

  private async apply(ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient, changed: Planned[]): Promise<void> {
    if (!changed.length) return;
    // A create that an earlier run attempted without hearing back leaves a record without an
    // IdoSell id: those codes are looked up in the shop first, so nothing is created twice.
    const retried = changed.filter((p) => p.record && !p.record.idosellProductId);
    const rest = changed.filter((p) => !(p.record && !p.record.idosellProductId));
    const fresh = rest.filter((p) => !p.upsert.idosellProductId);
    if (fresh.length) {
      await inTransaction(this.ds, (m) => this.markCreating(m, shop.id, fresh));
    }
    const [retriedResults, restResults] = await Promise.all([
      retried.length ? client.upsertProducts(retried.map((p) => p.upsert), { lookupBeforeCreate: true }) : Promise.resolve([]),
      rest.length ? client.upsertProducts(rest.map((p) => p.upsert), { lookupBeforeCreate: false }) : Promise.resolve([]),
    ]);
    const outcomes = [...retried.map((p, i) => ({ p, r: retriedResults[i]! })), ...rest.map((p, i) => ({ p, r: restResults[i]! }))];
    const now = new Date();
    await inTransaction(this.ds, async (m) => {
      const items: ItemRecord[] = [];
      const confirmed: ConfirmedExport[] = [];
      for (const { p, r } of outcomes) {
        if (r.ok) {
          confirmed.push({ productId: p.product.id, idosellProductId: r.value.productId, stock: p.stock, fieldsHash: p.fieldsHash, imageHash: p.imageHash });
          items.push({
            ref: p.product.code,
            outcome: 'SUCCEEDED',
            message: r.value.created ? `Created in the shop as product ${r.value.productId}.` : `Updated product ${r.value.productId} (${p.changes.join(', ')}).`,
            detail: { idosellProductId: r.value.productId, created: r.value.created, stock: p.stock, pictureSent: !!p.upsert.pictureBase64 },
          });
        } else {
          items.push({ ref: p.product.code, outcome: 'FAILED', errorCode: r.code, message: r.message });
        }
      }
      await this.writeConfirmed(m, shop.id, confirmed, now);
      await ctx.record(items, m);
    });
  }

  /**
   * The export records of the products the shop confirmed, many per statement: one UPDATE with a
   * CASE per changing column (the timestamps are the same for the whole batch). One UPDATE per
   * product made the export's database work, not IdoSell's latency, the mass export's bottleneck.
   * UPDATE_ROWS rows use 9 parameters each, far below SQL Server's 2,100.
   */
  private async writeConfirmed(m: EntityManager, shopId: number, rows: ConfirmedExport[], now: Date): Promise<void> {
    for (const part of chunk(rows, UPDATE_ROWS)) {
      const params: Record<string, string | number | null> = { shopId };
      const cases = (column: string, value: (r: ConfirmedExport) => string | number | null) => {
        const whens = part.map((r, i) => {
          params[`${column}_k${i}`] = r.productId;
          params[`${column}_v${i}`] = value(r);
          return `WHEN :${column}_k${i} THEN :${column}_v${i}`;
        });
        return () => `CASE product_id ${whens.join(' ')} END`;
      };
      part.forEach((r, i) => { params[`pid${i}`] = r.productId; });
      await m.createQueryBuilder().update(ProductExportEntity)
        .set({
          idosellProductId: cases('idosell_product_id', (r) => r.idosellProductId),
          lastSentStock: cases('last_sent_stock', (r) => r.stock),
          fieldsHash: cases('fields_hash', (r) => r.fieldsHash),
          imageHash: cases('image_hash', (r) => r.imageHash),
          lastExportedAt: now,
          lastStockSentAt: now,
        })
        .where('shop_id = :shopId')
        .andWhere(`product_id IN (${part.map((_, i) => `:pid${i}`).join(', ')})`)
        .setParameters(params)
        .updateEntity(false)
        .execute();
    }
  }

  /** Export records for products about to be created (no IdoSell id yet). */
  private async markCreating(m: EntityManager, shopId: number, fresh: Planned[]): Promise<void> {
    const missing = fresh.filter((p) => !p.record);
    for (const part of chunk(missing, 200)) {
      await m.createQueryBuilder().insert().into(ProductExportEntity).values(part.map((p) => ({
        shopId, productId: p.product.id, idosellProductId: null, lastExportedAt: null, lastSentStock: null,
        lastStockSentAt: null, fieldsHash: null, imageHash: null,
      }))).updateEntity(false).execute();
    }
  }
}
