/** Reading ISOF's catalogue: products, prices, stock, warehouses, price types. */
import { Brackets, type DataSource } from 'typeorm';
import { IsofPrice, IsofPriceType, IsofProduct, IsofStock, IsofWarehouse } from '../isof/entities.js';
import { ProductExportEntity } from './product-export.entity.js';
import { keysetPage, type Page } from '../common/pagination.js';

export interface ProductFilterArgs {
  search?: string | null;
  codes?: string[] | null;
  exportedToShopId?: number | null;
}

export class CatalogService {
  constructor(private readonly ds: DataSource) {}

  async productsPage(filter: ProductFilterArgs, first: number, afterId: number | null): Promise<Page<IsofProduct>> {
    const base = () => {
      const qb = this.ds.getRepository(IsofProduct).createQueryBuilder('p');
      if (filter.search && filter.search.trim()) {
        const like = `%${filter.search.trim().replace(/[%_[\]]/g, (c) => `[${c}]`)}%`;
        const plain = `%${filter.search.trim()}%`;
        // SQL Server treats [..] as a character class in LIKE; SQLite does not, so search plainly there.
        const pattern = this.ds.options.type === 'mssql' ? like : plain;
        qb.andWhere(new Brackets((w) => w.where('p.code LIKE :pattern', { pattern }).orWhere('p.name LIKE :pattern', { pattern })));
      }
      if (filter.codes && filter.codes.length) qb.andWhere('p.code IN (:...codes)', { codes: filter.codes });
      if (filter.exportedToShopId !== null && filter.exportedToShopId !== undefined) {
        qb.andWhere((sub) => {
          const q = sub.subQuery().select('1').from(ProductExportEntity, 'e')
            .where('e.productId = p.id').andWhere('e.shopId = :shopId').getQuery();
          return `EXISTS ${q}`;
        }).setParameter('shopId', filter.exportedToShopId);
      }
      return qb;
    };
    return keysetPage(base, 'p', first, afterId, 'ASC');
  }

  productsByIds(ids: readonly number[]): Promise<IsofProduct[]> {
    return this.ds.getRepository(IsofProduct).createQueryBuilder('p').where('p.id IN (:...ids)', { ids: [...ids] }).getMany();
  }

  async productIdsWithPicture(ids: readonly number[]): Promise<Set<number>> {
    const rows = await this.ds.getRepository(IsofProduct).createQueryBuilder('p').select('p.id', 'id')
      .where('p.id IN (:...ids)', { ids: [...ids] }).andWhere('p.picture IS NOT NULL').getRawMany<{ id: number }>();
    return new Set(rows.map((r) => Number(r.id)));
  }

  pricesFor(productIds: readonly number[]): Promise<IsofPrice[]> {
    return this.ds.getRepository(IsofPrice).createQueryBuilder('c')
      .where('c.productId IN (:...ids)', { ids: [...productIds] }).orderBy('c.productId').addOrderBy('c.priceTypeId').getMany();
  }

  stocksFor(productIds: readonly number[]): Promise<IsofStock[]> {
    return this.ds.getRepository(IsofStock).createQueryBuilder('s')
      .where('s.productId IN (:...ids)', { ids: [...productIds] }).orderBy('s.productId').addOrderBy('s.warehouseId').getMany();
  }

  exportsFor(productIds: readonly number[]): Promise<ProductExportEntity[]> {
    return this.ds.getRepository(ProductExportEntity).createQueryBuilder('e')
      .where('e.productId IN (:...ids)', { ids: [...productIds] }).orderBy('e.productId').addOrderBy('e.shopId').getMany();
  }

  warehouses(): Promise<IsofWarehouse[]> {
    return this.ds.getRepository(IsofWarehouse).find({ order: { id: 'ASC' } });
  }

  priceTypes(): Promise<IsofPriceType[]> {
    return this.ds.getRepository(IsofPriceType).find({ order: { sortOrder: 'ASC', id: 'ASC' } });
  }
}

/** Rounds a stock quantity to ISOF's three decimals, so sums compare exactly. */
export function roundQuantity(value: number | string | null | undefined): number {
  return Math.round(Number(value ?? 0) * 1000) / 1000;
}
