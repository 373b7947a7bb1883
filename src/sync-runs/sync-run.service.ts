/**
 * Every query of the run history: the dashboards' API (runs, items, last runs) and what the
 * operations ask of their earlier runs. The engine writes the history (engine.ts, run-lock.ts).
 */
import type { DataSource } from 'typeorm';
import { keysetPage, type Page } from '../common/pagination.js';
import {
  SyncRunEntity, SyncRunItemEntity, type SyncItemOutcomeName, type SyncKindName, type SyncRunStatusName,
} from './sync-run.entities.js';

export interface SyncRunFilterArgs {
  shopId?: number | null;
  kind?: SyncKindName | null;
  status?: SyncRunStatusName | null;
}

export interface ItemsKey {
  runId: number;
  outcome: SyncItemOutcomeName | null;
  first: number;
  afterId: number | null;
}

export class SyncRunService {
  constructor(private readonly ds: DataSource) {}

  async runsPage(filter: SyncRunFilterArgs, first: number, afterId: number | null): Promise<Page<SyncRunEntity>> {
    const base = () => {
      const qb = this.ds.getRepository(SyncRunEntity).createQueryBuilder('r');
      if (filter.shopId !== null && filter.shopId !== undefined) qb.andWhere('r.shopId = :shopId', { shopId: filter.shopId });
      if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
      if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
      return qb;
    };
    return keysetPage(base, 'r', first, afterId, 'DESC');
  }

  get(id: number): Promise<SyncRunEntity | null> {
    return this.ds.getRepository(SyncRunEntity).findOneBy({ id });
  }

  /** The newest run per (shop, kind), for many shops in one statement. */
  async lastRuns(keys: readonly { shopId: number; kind: SyncKindName }[]): Promise<Map<string, SyncRunEntity>> {
    const out = new Map<string, SyncRunEntity>();
    if (!keys.length) return out;
    const shopIds = [...new Set(keys.map((k) => k.shopId))];
    const kinds = [...new Set(keys.map((k) => k.kind))];
    const newest = this.ds.createQueryBuilder().select('MAX(x.id)', 'id').from(SyncRunEntity, 'x')
      .where('x.shopId IN (:...shopIds)').andWhere('x.kind IN (:...kinds)').groupBy('x.shopId').addGroupBy('x.kind');
    const rows = await this.ds.getRepository(SyncRunEntity).createQueryBuilder('r')
      .where(`r.id IN (${newest.getQuery()})`).setParameters({ shopIds, kinds }).getMany();
    for (const r of rows) out.set(`${r.shopId}:${r.kind}`, r);
    return out;
  }

  /**
   * The message of each ref's newest FAILED item in this shop's runs of this kind, for the refs that
   * have one. Two statements at most (call it per chunk of refs, within the parameter limit).
   */
  async lastFailures(shopId: number, kind: SyncKindName, refs: readonly string[]): Promise<Map<string, string>> {
    const failures = new Map<string, string>();
    const newest: { id: number }[] = await this.ds.getRepository(SyncRunItemEntity).createQueryBuilder('it')
      .innerJoin(SyncRunEntity, 'r', 'r.id = it.runId')
      .select('MAX(it.id)', 'id')
      .where('r.shopId = :shopId', { shopId }).andWhere('r.kind = :kind', { kind })
      .andWhere('it.outcome = :failed', { failed: 'FAILED' }).andWhere('it.ref IN (:...refs)', { refs: [...refs] })
      .groupBy('it.ref').getRawMany();
    if (newest.length) {
      const items = await this.ds.getRepository(SyncRunItemEntity).createQueryBuilder('it')
        .where('it.id IN (:...ids)', { ids: newest.map((n) => Number(n.id)) }).getMany();
      for (const it of items) failures.set(it.ref, it.message ?? `failed with ${it.errorCode ?? 'an error'}`);
    }
    return failures;
  }

  /**
   * One page of items for each of many runs in two statements: a window function picks the first
   * `first` items after the cursor per run, and a grouped count gives each run's total.
   */
  async itemPages(keys: readonly ItemsKey[]): Promise<Page<SyncRunItemEntity>[]> {
    const groups = new Map<string, ItemsKey[]>();
    for (const k of keys) {
      const g = `${k.outcome ?? ''}|${k.first}|${k.afterId ?? ''}`;
      const list = groups.get(g) ?? [];
      list.push(k);
      groups.set(g, list);
    }
    const result = new Map<ItemsKey, Page<SyncRunItemEntity>>();
    for (const list of groups.values()) {
      const { outcome, first, afterId } = list[0]!;
      const runIds = [...new Set(list.map((k) => k.runId))];
      const inner = this.ds.createQueryBuilder().from(SyncRunItemEntity, 'i')
        .select('i.id', 'id').addSelect('ROW_NUMBER() OVER (PARTITION BY i.run_id ORDER BY i.id)', 'rn')
        .where('i.runId IN (:...runIds)', { runIds });
      if (outcome) inner.andWhere('i.outcome = :outcome', { outcome });
      if (afterId !== null) inner.andWhere('i.id > :afterId', { afterId });
      const items = await this.ds.getRepository(SyncRunItemEntity).createQueryBuilder('it')
        .where(`it.id IN (SELECT w.id FROM (${inner.getQuery()}) w WHERE w.rn <= :limit)`)
        .setParameters({ ...inner.getParameters(), limit: first + 1 })
        .orderBy('it.runId').addOrderBy('it.id').getMany();
      const counts = this.ds.createQueryBuilder().from(SyncRunItemEntity, 'i')
        .select('i.runId', 'runId').addSelect('COUNT(*)', 'n').where('i.runId IN (:...runIds)', { runIds }).groupBy('i.runId');
      if (outcome) counts.andWhere('i.outcome = :outcome', { outcome });
      const totals = new Map((await counts.getRawMany<{ runId: number; n: number }>()).map((r) => [Number(r.runId), Number(r.n)]));
      const byRun = new Map<number, SyncRunItemEntity[]>();
      for (const it of items) {
        const l = byRun.get(it.runId) ?? [];
        l.push(it);
        byRun.set(it.runId, l);
      }
      for (const k of list) {
        const rows = byRun.get(k.runId) ?? [];
        result.set(k, { nodes: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: totals.get(k.runId) ?? 0 });
      }
    }
    return keys.map((k) => result.get(k)!);
  }
}
