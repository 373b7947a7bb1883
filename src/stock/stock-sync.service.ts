/**
 * syncStock (ISOF -> shop): only products exported to this shop whose current total stock (summed
 * over all ISOF warehouses) differs from the stock the shop last confirmed. The difference is
 * computed by the database in one statement per page of changed products, so a run where nothing
 * changed costs the same few statements whatever the catalogue size, and makes no call at all.
 * With force, every exported product's stock is sent, changed or not (a full resynchronisation).
 */
import type { DataSource } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { inTransaction } from '../db/tx.js';
import { bulkUpdate } from '../db/bulk.js';
import { IsofProduct, IsofStock } from '../isof/entities.js';
import { leftUnsent, type IdosellClient } from '../idosell/index.js';
import { ProductExportEntity } from '../products/product-export.entity.js';
import { roundQuantity } from '../products/catalog.service.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { ShopConnectionInfo } from '../shops/shop.service.js';
import type { ItemRecord, RunContext, RunEngine, RunQueue } from '../sync-runs/engine.js';
import type { SyncRunEntity } from '../sync-runs/sync-run.entities.js';

export interface SyncStockArgs {
  shopId: number;
  dryRun: boolean;
  wait: boolean;
  /** Send every exported product's stock, changed or not (default false). */
  force?: boolean;
}

interface Pending {
  exportId: number;
  productId: number;
  code: string;
  lastSentStock: number | null;
  stock: number;
}

/** A syncStock run's params, as stored on the run. */
export interface SyncStockParams {
  dryRun: boolean;
  /** Absent on runs stored before it existed: false. */
  force?: boolean;
}

interface Target {
  shop: ShopConnectionInfo;
  client: IdosellClient;
}

/** Changed products handled per page: ten calls of 100. */
const PAGE = 1000;

export class StockSyncService {
  private readonly queue: RunQueue<SyncStockParams, Target>;

  constructor(private readonly ds: DataSource, private readonly clients: ShopClients, engine: RunEngine) {
    this.queue = engine.register({
      kind: 'SYNC_STOCK',
      prepare: (shopId) => this.clients.forShop(shopId),
      process: (ctx, params, { shop, client }) => this.run(ctx, shop, client.withSignals(ctx.calls), params.force === true),
    });
  }

  syncStock(caller: Caller, args: SyncStockArgs): Promise<SyncRunEntity> {
    return this.queue.start({ shopId: args.shopId, caller, params: { dryRun: args.dryRun, force: args.force ?? false }, dryRun: args.dryRun, wait: args.wait });
  }

  /** Exported products whose stock differs from what the shop last confirmed (with `all`: every one), after `afterId`. */
  async changed(shopId: number, afterId: number, limit: number, all = false): Promise<Pending[]> {
    const totals = this.ds.createQueryBuilder().select('s.productId', 'productId').addSelect('SUM(s.quantity)', 'total')
      .from(IsofStock, 's').groupBy('s.productId');
    const rows = await this.ds.createQueryBuilder()
      .select('e.id', 'exportId').addSelect('e.productId', 'productId').addSelect('p.code', 'code')
      .addSelect('e.lastSentStock', 'lastSentStock').addSelect('COALESCE(t.total, 0)', 'stock')
      .from(ProductExportEntity, 'e')
      .innerJoin(IsofProduct, 'p', 'p.id = e.productId')
      .leftJoin(`(${totals.getQuery()})`, 't', 't.productId = e.productId')
      .where('e.shopId = :shopId', { shopId })
      .andWhere('e.idosellProductId IS NOT NULL')
      .andWhere('e.id > :afterId', { afterId })
      .andWhere(all ? '1 = 1' : '(e.lastSentStock IS NULL OR ABS(COALESCE(t.total, 0) - e.lastSentStock) >= 0.0005)')
      .orderBy('e.id', 'ASC')
      .limit(limit)
      .getRawMany<{ exportId: number; productId: number; code: string; lastSentStock: number | string | null; stock: number | string }>();
    return rows.map((r) => ({
      exportId: Number(r.exportId), productId: Number(r.productId), code: r.code,
      lastSentStock: r.lastSentStock === null ? null : roundQuantity(r.lastSentStock), stock: roundQuantity(r.stock),
    }));
  }

  private async run(ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient, force: boolean): Promise<void> {
    let afterId = 0;
    let seen = 0;
    for (;;) {
      // Stopped (cancelSyncRun, shutdown): no more pages; what is not sent stays pending for the next run.
      ctx.signal.throwIfAborted();
      const page = await this.changed(shop.id, afterId, PAGE, force);
      if (!page.length) break;
      afterId = page[page.length - 1]!.exportId;
      seen += page.length;
      await ctx.setTotal(seen + (page.length === PAGE ? 1 : 0));
      if (ctx.dryRun) {
        await ctx.record(page.map((p) => ({
          ref: p.code, outcome: 'SUCCEEDED', message: `Would send stock ${p.stock} (the shop last got ${p.lastSentStock ?? 'nothing'}).`,
          detail: { from: p.lastSentStock, to: p.stock, stockId: shop.idosellStockId },
        })));
        continue;
      }
      const results = await client.setStock(page.map((p) => ({ code: p.code, stockId: shop.idosellStockId, quantity: p.stock })));
      const now = new Date();
      await inTransaction(this.ds, async (m) => {
        const items: ItemRecord[] = [];
        const confirmed: Partial<ProductExportEntity>[] = [];
        for (const [i, p] of page.entries()) {
          const r = results[i]!;
          // Not sent (or given up) because the run was stopped: not an outcome; the stock stays pending.
          // Likewise once the run halted (fail fast): the run's error counts it as not sent.
          if (!r.ok && leftUnsent(r.error, ctx.halted)) continue;
          if (r.ok) {
            confirmed.push({ id: p.exportId, lastSentStock: p.stock });
            items.push({ ref: p.code, outcome: 'SUCCEEDED', message: `Stock ${p.lastSentStock ?? 'unknown'} -> ${p.stock} confirmed by the shop.`, detail: { from: p.lastSentStock, to: p.stock } });
          } else {
            items.push({
              ref: p.code, outcome: 'FAILED', errorCode: r.code, message: `${r.message} The stock stays pending and is sent by the next run.`,
              ...(r.shopMessage ? { detail: { shopMessage: r.shopMessage } } : {}),
            });
          }
        }
        await bulkUpdate(m, ProductExportEntity, 'id', confirmed, { lastStockSentAt: now });
        await ctx.record(items, m);
      });
    }
    await ctx.setTotal(seen);
  }
}
