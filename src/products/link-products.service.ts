/**
 * linkShopProducts: connects a shop that already sells to ISOF without sending any product data.
 *
 * The shop's whole product base is read (pages of 100, reduced to ids and codes); each active ISOF
 * product whose code is a shop product's size external code or displayed code gets an export record
 * with that IdoSell id and no hashes, so the next export UPDATES that product (sends it once; from
 * then on it is known) instead of creating a duplicate. A code carried by two or more shop products
 * is a conflict the operator resolves in the shop: none of them is linked.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { bulkInsert, bulkUpdate } from '../db/bulk.js';
import { inTransaction } from '../db/tx.js';
import { yieldToIo } from '../common/yield.js';
import { IsofProduct } from '../isof/entities.js';
import type { IdosellClient, ShopProductCodes } from '../idosell/index.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { ShopConnectionInfo } from '../shops/shop.service.js';
import type { ItemRecord, RunContext, RunEngine, RunQueue } from '../sync-runs/engine.js';
import type { SyncRunEntity } from '../sync-runs/sync-run.entities.js';
import { ProductExportEntity } from './product-export.entity.js';

export interface LinkProductsArgs {
  shopId: number;
  dryRun: boolean;
  wait: boolean;
}

/** The run's stored params: the shop's base is read afresh each time, so the mode is all there is. */
interface LinkParams {
  dryRun: boolean;
}

interface Target {
  shop: ShopConnectionInfo;
  client: IdosellClient;
}

/** ISOF products read per page (keyset by id), each page written with its items in one transaction. */
const PAGE = 400;
/** How many codes the summary item names (of shop products without an ISOF code, of duplicated codes). */
export const LISTED_CODES = 20;
/** The ref of the run's summary item (no ISOF product code has brackets). */
export const SUMMARY_REF = '(shop)';

/** Where each code of the shop's base is: the shop products carrying it, and how (size code or displayed code). */
type CodeIndex = Map<string, Map<number, 'size code' | 'displayed code'>>;

function indexCodes(base: ShopProductCodes[]): CodeIndex {
  const index: CodeIndex = new Map();
  const add = (code: string, productId: number, how: 'size code' | 'displayed code') => {
    let holders = index.get(code);
    if (!holders) index.set(code, (holders = new Map()));
    // A product known by a code both ways is matched by its size code (what the export writes and looks up first).
    if (!holders.has(productId) || how === 'size code') holders.set(productId, how);
  };
  for (const p of base) {
    for (const code of p.sizeCodes) add(code, p.productId, 'size code');
    if (p.displayedCode) add(p.displayedCode, p.productId, 'displayed code');
  }
  return index;
}

interface PageRow {
  id: number;
  code: string;
  recordId: number | null;
  idosellProductId: number | null;
}

export class LinkProductsService {
  private readonly queue: RunQueue<LinkParams, Target>;

  constructor(
    private readonly ds: DataSource,
    private readonly clients: ShopClients,
    engine: RunEngine,
  ) {
    this.queue = engine.register({
      kind: 'LINK_PRODUCTS',
      prepare: (shopId) => this.clients.forShop(shopId),
      process: (ctx, _params, { shop, client }) => this.run(ctx, shop, client.withSignals(ctx.calls)),
    });
  }

  async linkShopProducts(caller: Caller, args: LinkProductsArgs): Promise<SyncRunEntity> {
    const target = await this.clients.forShop(args.shopId);
    return this.queue.start({
      shopId: target.shop.id,
      caller,
      params: { dryRun: args.dryRun },
      dryRun: args.dryRun,
      wait: args.wait,
      prepared: target,
    });
  }

  private async run(ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient): Promise<void> {
    const products = this.ds.getRepository(IsofProduct);
    // One item per active ISOF product, and the summary of the shop's side.
    await ctx.setTotal((await products.countBy({ active: true })) + 1);
    const base = await client.readShopProductCodes();
    const index = indexCodes(base);
    const matchedShopIds = new Set<number>();

    let afterId = 0;
    for (;;) {
      ctx.signal.throwIfAborted();
      await yieldToIo();
      const page = await this.readPage(shop.id, afterId);
      if (!page.length) break;
      afterId = page[page.length - 1]!.id;
      const items: ItemRecord[] = [];
      const inserts: Partial<ProductExportEntity>[] = [];
      const updates: Partial<ProductExportEntity>[] = [];
      for (const row of page) {
        const holders = index.get(row.code);
        for (const id of holders?.keys() ?? []) matchedShopIds.add(id);
        const item = this.decide(row, holders, ctx.dryRun);
        items.push(item);
        if (ctx.dryRun || item.outcome !== 'SUCCEEDED') continue;
        const idosellProductId = [...holders!.keys()][0]!;
        // No hashes and no stock: the next export sends the product once, as an update of this id.
        const unsent = { idosellProductId, fieldsHash: null, imageHash: null, lastSentStock: null };
        if (row.recordId !== null) updates.push({ id: row.recordId, ...unsent });
        else inserts.push({ shopId: shop.id, productId: row.id, ...unsent, lastExportedAt: null, lastStockSentAt: null });
      }
      await inTransaction(this.ds, async (m: EntityManager) => {
        await bulkInsert(m, ProductExportEntity, inserts);
        await bulkUpdate(m, ProductExportEntity, 'id', updates);
        await ctx.record(items, m);
      });
    }
    await ctx.record([this.summary(base, index, matchedShopIds)]);
  }

  private decide(row: PageRow, holders: Map<number, 'size code' | 'displayed code'> | undefined, dryRun: boolean): ItemRecord {
    const ref = row.code;
    if (!holders || holders.size === 0) {
      return {
        ref,
        outcome: 'SKIPPED',
        message: row.idosellProductId
          ? `No shop product has code ${row.code}; ISOF's record of product ${row.idosellProductId} is left as it is.`
          : `Not in the shop: no shop product has code ${row.code}; the next export creates it.`,
      };
    }
    const ids = [...holders.keys()].sort((a, b) => a - b);
    if (ids.length > 1) {
      return {
        ref,
        outcome: 'FAILED',
        errorCode: 'DUPLICATE_CODE_IN_SHOP',
        message: `Code ${row.code} is on ${ids.length} shop products (IdoSell ids ${ids.join(', ')}); none was linked. Delete or recode the extra ones in the IdoSell panel, then link again.`,
        detail: { idosellProductIds: ids },
      };
    }
    const id = ids[0]!;
    const how = holders.get(id)!;
    if (row.idosellProductId === id) {
      return { ref, outcome: 'SKIPPED', message: `Already linked to product ${id}; nothing changed.`, detail: { idosellProductId: id, matchedBy: how } };
    }
    const was = row.idosellProductId ? ` (ISOF's record said product ${row.idosellProductId})` : '';
    return {
      ref,
      outcome: 'SUCCEEDED',
      message: dryRun
        ? `Would link to product ${id}, found by its ${how}${was}; the next export would update it.`
        : `Linked to product ${id}, found by its ${how}${was}; the next export updates it.`,
      detail: { idosellProductId: id, matchedBy: how, previousIdosellProductId: row.idosellProductId },
    };
  }

  /** The shop's side: its products whose codes match no active ISOF product, and codes on more than one product. */
  private summary(base: ShopProductCodes[], index: CodeIndex, matched: Set<number>): ItemRecord {
    const unmatched = base.filter((p) => !matched.has(p.productId));
    const unmatchedCodes = unmatched.slice(0, LISTED_CODES).map((p) => p.sizeCodes[0] ?? p.displayedCode ?? `product ${p.productId}`);
    const duplicates = [...index].filter(([, holders]) => holders.size > 1)
      .map(([code, holders]) => ({ code, idosellProductIds: [...holders.keys()].sort((a, b) => a - b) }));
    const parts = [`The shop has ${base.length} products; ${base.length - unmatched.length} carry an ISOF product code.`];
    if (unmatched.length) {
      parts.push(`${unmatched.length} match no active ISOF product (${unmatched.length > LISTED_CODES ? `first ${LISTED_CODES}: ` : ''}${unmatchedCodes.join(', ')}); they are left alone.`);
    }
    if (duplicates.length) {
      const listed = duplicates.slice(0, LISTED_CODES).map((d) => `${d.code} (IdoSell ids ${d.idosellProductIds.join(', ')})`);
      parts.push(`${duplicates.length} code${duplicates.length === 1 ? ' is' : 's are'} on more than one shop product: ${listed.join('; ')}; resolve them in the IdoSell panel.`);
    }
    return {
      ref: SUMMARY_REF,
      outcome: 'SUCCEEDED',
      message: parts.join(' '),
      detail: {
        shopProducts: base.length,
        unmatched: { count: unmatched.length, codes: unmatchedCodes },
        duplicateCodes: { count: duplicates.length, codes: duplicates.slice(0, LISTED_CODES) },
      },
    };
  }

  /** One page of active ISOF products (keyset by id) with the shop's export record, in one statement. */
  private async readPage(shopId: number, afterId: number): Promise<PageRow[]> {
    const rows = await this.ds.createQueryBuilder().from(IsofProduct, 'p')
      .select('p.id', 'id').addSelect('p.code', 'code')
      .leftJoin(ProductExportEntity, 'e', 'e.productId = p.id AND e.shopId = :shopId', { shopId })
      .addSelect('e.id', 'recordId').addSelect('e.idosellProductId', 'idosellProductId')
      .where('p.id > :afterId', { afterId }).andWhere('p.active = :active', { active: true })
      .orderBy('p.id', 'ASC').limit(PAGE).getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      id: Number(r.id),
      code: r.code as string,
      recordId: r.recordId === null || r.recordId === undefined ? null : Number(r.recordId),
      idosellProductId: r.idosellProductId === null || r.idosellProductId === undefined ? null : Number(r.idosellProductId),
    }));
  }
}
