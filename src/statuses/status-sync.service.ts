/**
 * syncStatuses (ISOF -> shop): the orders imported from a shop whose ISOF status differs from the
 * one last synchronised (OrderImportEntity.syncedIsofStatus) get the IdoSell status mapped to it.
 *
 * - The ISOF status goes out as the first IdoSell status mapped to it (lowest mapping id). When the
 *   shop's known status (lastSentStatus) is already one of the IdoSell statuses mapped to it,
 *   nothing is sent: the item is SKIPPED and syncedIsofStatus catches up, so a coarse mapping never
 *   overwrites the shop's finer status.
 * - An ISOF status with no mapping is SKIPPED with UNMAPPED_STATUS and stays pending, so it goes
 *   out on the first run after the mapping is added.
 * - The import record changes only when the shop confirmed the order (in the transaction that
 *   records the item); a fault is a FAILED item and the order is retried by the next run.
 * - Planned in pages, keyset by import id, so memory stays flat; nothing pending: no call at all.
 */
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Caller } from '../common/auth.js';
import { chunk, idsPerStatement } from '../common/chunk.js';
import { inTransaction } from '../db/tx.js';
import { leftUnsent, type IdosellClient } from '../idosell/index.js';
import { IsofOrder, IsofOrderStatus } from '../isof/entities.js';
import { StatusMappingEntity } from '../mappings/mapping.entities.js';
import { OrderImportEntity } from '../orders/order-import.entity.js';
import type { ShopConnectionInfo } from '../shops/shop.service.js';
import type { ShopClients } from '../shops/shop-clients.js';
import type { ItemRecord, RunContext, RunEngine, RunQueue } from '../sync-runs/engine.js';
import type { SyncRunEntity } from '../sync-runs/sync-run.entities.js';

export interface SyncStatusesArgs {
  shopId: number;
  dryRun: boolean;
  wait: boolean;
}

/** Import records per planning page. */
export const STATUS_PAGE_SIZE = 500;

interface Pending {
  importId: number;
  serial: number;
  isofStatus: string;
  syncedIsofStatus: string;
  lastSentStatus: string | null;
}

interface Send {
  p: Pending;
  status: string;
}

/** A syncStatuses run has no params (stored as `{}`): it sends whatever is pending. */
export type SyncStatusesParams = Record<string, never>;

interface Target {
  shop: ShopConnectionInfo;
  client: IdosellClient;
}

export class StatusSyncService {
  private readonly queue: RunQueue<SyncStatusesParams, Target>;

  constructor(
    private readonly ds: DataSource,
    private readonly clients: ShopClients,
    engine: RunEngine,
  ) {
    this.queue = engine.register({
      kind: 'SYNC_STATUSES',
      prepare: (shopId) => this.clients.forShop(shopId),
      process: (ctx, _params, { shop, client }) => this.run(ctx, shop, client.withSignals(ctx.calls)),
    });
  }

  syncStatuses(caller: Caller, args: SyncStatusesArgs): Promise<SyncRunEntity> {
    return this.queue.start({ shopId: args.shopId, caller, params: {}, dryRun: args.dryRun, wait: args.wait });
  }

  private pendingQuery(m: EntityManager, shopId: number): SelectQueryBuilder<OrderImportEntity> {
    return m.getRepository(OrderImportEntity).createQueryBuilder('i')
      .innerJoin(IsofOrder, 'o', 'o.id = i.isofOrderId')
      .innerJoin(IsofOrderStatus, 's', 's.id = o.statusId')
      .where('i.shopId = :shopId', { shopId })
      .andWhere('s.name <> i.syncedIsofStatus');
  }

  private async run(ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient): Promise<void> {
    const m = this.ds.manager;
    const total = await this.pendingQuery(m, shop.id).getCount();
    await ctx.setTotal(total);
    if (total === 0) return;

    const mapped = new Map<string, string[]>();
    for (const sm of await m.getRepository(StatusMappingEntity).find({ where: { shopId: shop.id }, order: { id: 'ASC' } })) {
      const list = mapped.get(sm.isofStatus) ?? [];
      list.push(sm.idosellStatus);
      mapped.set(sm.isofStatus, list);
    }

    let after = 0;
    for (;;) {
      // Stopped (cancelSyncRun, shutdown): no more pages; the statuses not sent stay pending for the next run.
      ctx.signal.throwIfAborted();
      const rows: { importId: number | string; serial: number | string; isofStatus: string; syncedIsofStatus: string; lastSentStatus: string | null }[] =
        await this.pendingQuery(m, shop.id)
          .andWhere('i.id > :after', { after })
          .select('i.id', 'importId')
          .addSelect('i.orderSerialNumber', 'serial')
          .addSelect('s.name', 'isofStatus')
          .addSelect('i.syncedIsofStatus', 'syncedIsofStatus')
          .addSelect('i.lastSentStatus', 'lastSentStatus')
          .orderBy('i.id', 'ASC')
          .limit(STATUS_PAGE_SIZE)
          .getRawMany();
      if (!rows.length) break;
      const page: Pending[] = rows.map((r) => ({ ...r, importId: Number(r.importId), serial: Number(r.serial) }));
      after = page[page.length - 1]!.importId;
      await this.applyPage(ctx, shop, client, page, mapped);
      if (rows.length < STATUS_PAGE_SIZE) break;
    }
  }

  private async applyPage(
    ctx: RunContext, shop: ShopConnectionInfo, client: IdosellClient, page: Pending[], mapped: Map<string, string[]>,
  ): Promise<void> {
    const unmapped: ItemRecord[] = [];
    const already: { p: Pending; item: ItemRecord }[] = [];
    const sends: Send[] = [];
    for (const p of page) {
      const ref = String(p.serial);
      const targets = mapped.get(p.isofStatus);
      if (!targets?.length) {
        unmapped.push({
          ref, outcome: 'SKIPPED', errorCode: 'UNMAPPED_STATUS',
          message: `ISOF status "${p.isofStatus}" has no IdoSell status mapped for shop "${shop.name}"; add one with setStatusMapping(input: { shopId: "${shop.id}", isofStatus: "${p.isofStatus}", idosellStatus: ... }) and run syncStatuses again.`,
        });
      } else if (p.lastSentStatus !== null && targets.includes(p.lastSentStatus)) {
        already.push({
          p,
          item: {
            ref, outcome: 'SKIPPED',
            message: `The shop already has status "${p.lastSentStatus}", which maps to ISOF status "${p.isofStatus}"; nothing was sent.`,
            detail: { isofStatus: p.isofStatus, shopStatus: p.lastSentStatus },
          },
        });
      } else {
        sends.push({ p, status: targets[0]! });
      }
    }

    if (ctx.dryRun) {
      await ctx.record([
        ...unmapped,
        ...already.map((a) => a.item),
        ...sends.map((s): ItemRecord => ({
          ref: String(s.p.serial), outcome: 'SUCCEEDED',
          message: `Would send status "${s.status}" for ISOF status "${s.p.isofStatus}".`,
          detail: { orderSerialNumber: s.p.serial, orderStatus: s.status, isofStatus: s.p.isofStatus, previousShopStatus: s.p.lastSentStatus },
        })),
      ]);
      return;
    }

    if (unmapped.length) await ctx.record(unmapped);
    if (already.length) {
      await inTransaction(this.ds, async (tm) => {
        await this.markSynced(tm, already.map((a) => ({ p: a.p, status: a.p.lastSentStatus! })));
        await ctx.record(already.map((a) => a.item), tm);
      });
    }
    if (!sends.length) return;

    const results = await client.setOrderStatuses(sends.map((s) => ({ orderSerialNumber: s.p.serial, orderStatus: s.status })));
    const confirmed: Send[] = [];
    const items: ItemRecord[] = [];
    sends.forEach((s, i) => {
      const r = results[i];
      // Not sent (or given up) because the run was stopped: not an outcome; the status stays pending.
      if (r && !r.ok && leftUnsent(r.error, ctx.halted)) return;
      const ref = String(s.p.serial);
      const detail = { orderSerialNumber: s.p.serial, orderStatus: s.status, isofStatus: s.p.isofStatus };
      if (r?.ok) {
        confirmed.push(s);
        items.push({ ref, outcome: 'SUCCEEDED', message: `Sent status "${s.status}" (ISOF status "${s.p.isofStatus}").`, detail });
      } else {
        items.push({
          ref, outcome: 'FAILED', errorCode: r?.code ?? 'IDOSELL_NO_ITEM_ANSWER',
          message: r ? r.message : `Shop "${shop.name}" did not report on order ${s.p.serial}; the next syncStatuses run sends it again.`,
          detail: r && !r.ok && r.shopMessage ? { ...detail, shopMessage: r.shopMessage } : detail,
        });
      }
    });
    await inTransaction(this.ds, async (tm) => {
      await this.markSynced(tm, confirmed);
      await ctx.record(items, tm);
    });
  }

  /** syncedIsofStatus / lastSentStatus / statusSyncedAt, one UPDATE per (ISOF status, shop status) pair. */
  private async markSynced(m: EntityManager, done: Send[]): Promise<void> {
    const groups = new Map<string, { isofStatus: string; status: string; ids: number[] }>();
    for (const d of done) {
      const key = JSON.stringify([d.p.isofStatus, d.status]);
      const g = groups.get(key) ?? { isofStatus: d.p.isofStatus, status: d.status, ids: [] };
      g.ids.push(d.p.importId);
      groups.set(key, g);
    }
    const now = new Date();
    for (const g of groups.values()) {
      for (const ids of chunk(g.ids, idsPerStatement(3))) {
        await m.createQueryBuilder().update(OrderImportEntity)
          .set({ syncedIsofStatus: g.isofStatus, lastSentStatus: g.status, statusSyncedAt: now })
          .where('id IN (:...ids)', { ids })
          .execute();
      }
    }
  }
}
