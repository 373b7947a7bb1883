/**
 * exportProducts (ISOF -> shop): one product card, or every active product (the mass export).
 *
 * plan: products are read from ISOF in pages (keyset by id), so memory stays flat whatever the
 * catalogue size; for each product the exported fields are hashed and compared with what the shop
 * last confirmed (the export record), so an unchanged product is SKIPPED without a call.
 * apply: creates and edits go out in batches of at most 100 (the connector), the picture only when
 * its hash changed; every create is first looked up by code (a live shop may already sell it: it is
 * then linked and updated, never duplicated); the export record is written only for products the
 * shop confirmed.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { bulkInsert, bulkUpdate } from '../db/bulk.js';
import type { Caller } from '../common/auth.js';
import { NotFoundError } from '../common/errors.js';
import { sha256Hex } from '../common/crypto.js';
import { money } from '../common/money.js';
import { chunk, idsPerStatement } from '../common/chunk.js';
import { inTransaction } from '../db/tx.js';
import { yieldToIo } from '../common/yield.js';
import { IsofPrice, IsofPriceType, IsofProduct, IsofStock } from '../isof/entities.js';
import { PriceMappingEntity } from '../mappings/mapping.entities.js';
import {
  PRICE_FIELDS, leftUnsent, type IdosellClient, type IdosellPriceFieldName, type ProductPrices, type ProductUpsert,
} from '../idosell/index.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { ShopConnectionInfo } from '../shops/shop.service.js';
import type { ItemRecord, RunContext, RunEngine, RunQueue } from '../sync-runs/engine.js';
import type { SyncRunEntity } from '../sync-runs/sync-run.entities.js';
import { roundQuantity, type CatalogService } from './catalog.service.js';
import { ProductExportEntity } from './product-export.entity.js';

export interface ExportProductsArgs {
  shopId: number;
  productIds: number[] | null;
  dryRun: boolean;
  wait: boolean;
  /** Send every selected product even when nothing changed since its last export (default false). */
  force?: boolean;
}

/**
 * Products read from ISOF per page. Pages are pipelined (PIPELINE deep): while pages are with the
 * shop, the next one is read and planned, so the database work hides behind the shop's round trips.
 */
const PAGE = 400;
const PIPELINE = 2;

/** What the shop last confirmed of a product (its export record), as the page read returns it. */
interface ExportRecord {
  id: number;
  idosellProductId: number | null;
  lastSentStock: number | null;
  fieldsHash: string | null;
  imageHash: string | null;
}

/** One product of a page, with everything its export needs (read in one statement per page). */
interface ExportRow {
  id: number;
  code: string;
  name: string;
  description: string | null;
  vatRate: number;
  picture: Buffer | null;
  /** Stock summed over all ISOF warehouses. */
  stock: number;
  /** Gross price per mapped price type (a type the product has no price of is absent). */
  gross: Map<number, string | number>;
  record: ExportRecord | null;
}

interface Planned {
  product: ExportRow;
  upsert: ProductUpsert;
  fieldsHash: string;
  imageHash: string | null;
  stock: number;
  record: ExportRecord | null;
  changes: string[];
}

/** An export run's params, as stored on the run (a mass export is `{"productIds":null,...}`). */
export interface ExportParams {
  /** Sorted, without repeats; null: every active product. */
  productIds: number[] | null;
  dryRun: boolean;
  /** After the other keys, so a mass export's params still begin with `{"productIds":null,`; absent on older runs: false. */
  force?: boolean;
}

interface Target {
  shop: ShopConnectionInfo;
  client: IdosellClient;
}

export class ProductExportService {
  private readonly queue: RunQueue<ExportParams, Target>;

  constructor(
    private readonly ds: DataSource,
    private readonly clients: ShopClients,
    engine: RunEngine,
    private readonly catalog: CatalogService,
  ) {
    this.queue = engine.register({
      kind: 'EXPORT_PRODUCTS',
      prepare: (shopId) => this.clients.forShop(shopId),
      process: (ctx, params, { shop, client }) => this.run(ctx, shop, client.withSignals(ctx.calls), params.productIds, params.force === true),
    });
  }

  async exportProducts(caller: Caller, args: ExportProductsArgs): Promise<SyncRunEntity> {
    const target = await this.clients.forShop(args.shopId);
    const productIds = args.productIds ? [...new Set(args.productIds)].sort((a, b) => a - b) : null;
    if (productIds) {
      const found = new Set<number>();
      for (const part of chunk(productIds, idsPerStatement())) {
        for (const p of await this.catalog.productsByIds(part)) found.add(p.id);
      }
      const missing = productIds.filter((id) => !found.has(id));
      if (missing.length) throw new NotFoundError(missing.length === 1 ? 'Product' : 'Products', missing.slice(0, 20).join(', '));
    }
    return this.queue.start({
      shopId: target.shop.id,
      caller,
      params: { productIds, dryRun: args.dryRun, force: args.force ?? false },
      dryRun: args.dryRun,
      wait: args.wait,
      prepared: target,
    });
  }

  private async run(ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient, productIds: number[] | null, force: boolean): Promise<void> {
    const priceFields = await this.priceFields(shop.id);
    const products = this.ds.getRepository(IsofProduct);
    await ctx.setTotal(productIds ? productIds.length : await products.countBy({ active: true }));

    let afterId = 0;
    const sending: Promise<void>[] = [];
    const typeIds = [...new Set(priceFields.values())];
    try {
      for (;;) {
        // Stopped (cancelSyncRun, shutdown): no more pages are planned; those with the shop finish below.
        ctx.signal.throwIfAborted();
        let ids: number[] | null = null;
        if (productIds) {
          ids = productIds.filter((id) => id > afterId).slice(0, PAGE);
          if (!ids.length) break;
        }
        // Each stretch of database or planning work first lets waiting requests and answers move.
        await yieldToIo();
        const page = await this.readPage(shop.id, afterId, ids, typeIds);
        if (!page.length) break;
        afterId = page[page.length - 1]!.id;
        await yieldToIo();
        const planned = this.plan(page, shop, priceFields, force);
        const changed = planned.filter((p) => p.changes.length > 0);
        await ctx.record(planned.filter((p) => p.changes.length === 0).map((p) => ({
          ref: p.product.code, outcome: 'SKIPPED', message: 'Unchanged since the last export; nothing sent.',
        })));
        if (ctx.dryRun) {
          await ctx.record(changed.map((p) => this.wouldSend(p)));
          continue;
        }
        const current = this.apply(ctx, shop, client, changed);
        // Awaited below or in `finally`; this only keeps a failure meanwhile from counting as unhandled.
        current.catch(() => undefined);
        sending.push(current);
        // At most PIPELINE pages at once: the next page is read while earlier ones are with the shop.
        if (sending.length >= PIPELINE) await sending.shift();
      }
    } finally {
      for (const s of sending.splice(0)) await s;
    }
  }

  private wouldSend(p: Planned): ItemRecord {
    const update = !!p.record?.idosellProductId;
    return {
      ref: p.product.code,
      outcome: 'SUCCEEDED',
      message: `Would ${update ? `update IdoSell product ${p.record!.idosellProductId}` : 'create the product in the shop'} (${p.changes.join(', ')}).`,
      detail: {
        action: update ? 'update' : 'create',
        changes: p.changes,
        sent: { ...p.upsert, pictureBase64: p.upsert.pictureBase64 ? `<${p.upsert.pictureBase64.length} base64 chars>` : undefined },
      },
    };
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

  /**
   * One page of products (keyset by id: active ones, or the asked ids) with their stock total, the
   * mapped gross prices and the shop's export record, in ONE statement: no IN lists, no entity
   * hydration, one round trip per page to the database.
   */
  private async readPage(shopId: number, afterId: number, ids: number[] | null, typeIds: number[]): Promise<ExportRow[]> {
    const qb = this.ds.createQueryBuilder().from(IsofProduct, 'p')
      .select('p.id', 'id').addSelect('p.code', 'code').addSelect('p.name', 'name').addSelect('p.description', 'description')
      .addSelect('p.vatRate', 'vatRate').addSelect('p.picture', 'picture')
      .addSelect((sub) => sub.select('SUM(s.quantity)').from(IsofStock, 's').where('s.productId = p.id'), 'stock')
      .leftJoin(ProductExportEntity, 'e', 'e.productId = p.id AND e.shopId = :shopId', { shopId })
      .addSelect('e.id', 'recordId').addSelect('e.idosellProductId', 'idosellProductId').addSelect('e.lastSentStock', 'lastSentStock')
      .addSelect('e.fieldsHash', 'fieldsHash').addSelect('e.imageHash', 'imageHash');
    typeIds.forEach((typeId, i) => {
      qb.leftJoin(IsofPrice, `c${i}`, `c${i}.productId = p.id AND c${i}.priceTypeId = :type${i}`, { [`type${i}`]: typeId })
        .addSelect(`c${i}.gross`, `gross${i}`);
    });
    qb.where('p.id > :afterId', { afterId });
    if (ids) qb.andWhere('p.id IN (:...ids)', { ids });
    else qb.andWhere('p.active = :active', { active: true });
    const rows = await qb.orderBy('p.id', 'ASC').limit(PAGE).getRawMany<Record<string, unknown>>();
    return rows.map((r) => {
      const gross = new Map<number, string | number>();
      typeIds.forEach((typeId, i) => {
        const v = r[`gross${i}`];
        if (v !== null && v !== undefined) gross.set(typeId, v as string | number);
      });
      const recordId = r.recordId as number | null;
      return {
        id: Number(r.id),
        code: r.code as string,
        name: r.name as string,
        description: (r.description as string | null) ?? null,
        vatRate: Number(r.vatRate),
        picture: (r.picture as Buffer | null) ?? null,
        stock: roundQuantity(r.stock as number | string | null),
        gross,
        record: recordId === null || recordId === undefined ? null : {
          id: Number(recordId),
          idosellProductId: r.idosellProductId === null ? null : Number(r.idosellProductId),
          lastSentStock: r.lastSentStock === null ? null : Number(r.lastSentStock),
          fieldsHash: (r.fieldsHash as string | null) ?? null,
          imageHash: (r.imageHash as string | null) ?? null,
        },
      };
    });
  }

  private plan(page: ExportRow[], shop: ShopConnectionInfo, priceFields: Map<IdosellPriceFieldName, number>, force: boolean): Planned[] {
    return page.map((product) => {
      const mapped: ProductPrices = { retailGross: '0.00' };
      for (const [field, priceTypeId] of priceFields) {
        const gross = product.gross.get(priceTypeId);
        if (gross !== undefined) mapped[PRICE_FIELDS[field].prices] = money(gross);
      }
      const stock = product.stock;
      const picture = product.picture;
      const imageHash = picture ? sha256Hex(picture) : null;
      const fields = {
        code: product.code, name: product.name, description: product.description, vatRate: product.vatRate,
        languageId: shop.languageId, stockId: shop.idosellStockId, prices: mapped,
      };
      const fieldsHash = sha256Hex(JSON.stringify(fields));
      const record = product.record;
      const changes: string[] = [];
      if (!record?.idosellProductId) changes.push('new in the shop');
      else {
        if (record.fieldsHash !== fieldsHash) changes.push('name, description, prices or VAT');
        if (record.lastSentStock === null || record.lastSentStock !== stock) changes.push(`stock ${record.lastSentStock ?? 'unknown'} -> ${stock}`);
        if (imageHash && record.imageHash !== imageHash) changes.push('picture');
        // force: sent as it is in ISOF whatever the shop is thought to hold (edited in its panel, data lost), picture too.
        if (force && !changes.length) changes.push('forced');
      }
      const sendPicture = !!picture && (force || !record?.idosellProductId || record.imageHash !== imageHash);
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
    // Every create (a product with no IdoSell id for this shop) is looked up in the shop first: a live
    // shop may already sell it, or an earlier, interrupted run may have created it. Found codes are
    // edited and linked, so the shop never gets a duplicate. This covers what the former rule (look up
    // only after an unclean run, or for a record without an id) covered; edits go by id, no look-up.
    const results = await client.upsertProducts(changed.map((p) => p.upsert), { lookupBeforeCreate: true });
    await yieldToIo();
    const outcomes = changed.map((p, i) => ({ p, r: results[i]! }));
    const now = new Date();
    const items: ItemRecord[] = [];
    const inserts: Partial<ProductExportEntity>[] = [];
    const updates: Partial<ProductExportEntity>[] = [];
    for (const { p, r } of outcomes) {
      // Not sent (or given up) because the run was stopped: not an outcome; the next run plans it again
      // (and, as that run follows an unclean one, looks its code up in the shop before creating it).
      // Likewise once the run halted (fail fast): the run's error counts the item as not sent.
      if (!r.ok && leftUnsent(r.error, ctx.halted)) continue;
      if (!r.ok) {
        items.push({ ref: p.product.code, outcome: 'FAILED', errorCode: r.code, message: r.message, ...(r.shopMessage ? { detail: { shopMessage: r.shopMessage } } : {}) });
        continue;
      }
      const confirmed = { idosellProductId: r.value.productId, lastSentStock: p.stock, fieldsHash: p.fieldsHash, imageHash: p.imageHash };
      if (p.record) updates.push({ id: p.record.id, ...confirmed });
      else inserts.push({ shopId: shop.id, productId: p.product.id, ...confirmed, lastExportedAt: now, lastStockSentAt: now });
      items.push({
        ref: p.product.code,
        outcome: 'SUCCEEDED',
        message: r.value.created
          ? `Created in the shop as product ${r.value.productId}.`
          : r.value.linked
            ? `Already in the shop as product ${r.value.productId}: linked and updated.`
            : `Updated product ${r.value.productId} (${p.changes.join(', ')}).`,
        detail: { idosellProductId: r.value.productId, created: r.value.created, linked: !!r.value.linked, stock: p.stock, pictureSent: !!p.upsert.pictureBase64 },
      });
    }
    // What the shop confirmed and the items that say so commit together.
    await yieldToIo();
    await inTransaction(this.ds, async (m: EntityManager) => {
      await bulkInsert(m, ProductExportEntity, inserts);
      await bulkUpdate(m, ProductExportEntity, 'id', updates, { lastExportedAt: now, lastStockSentAt: now });
      await ctx.record(items, m);
    });
  }
}
