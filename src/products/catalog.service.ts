/** Reading ISOF's catalogue: products, prices, stock, warehouses, price types. */
import { Brackets, type DataSource } from 'typeorm';
import { IsofPrice, IsofPriceType, IsofProduct, IsofStock, IsofWarehouse } from '../isof/entities.js';
import { ProductExportEntity } from './product-export.entity.js';
import { keysetPage, type Page } from '../common/pagination.js';
import { cleanOptionalText, cleanTextList, type TextRule } from '../common/text.js';

export interface ProductFilterArgs {
  search?: string | null;
  codes?: string[] | null;
  exportedToShopId?: number | null;
}

/** The free-text rules of the product filter (product.types.ts applies them at the GraphQL edge too). */
export const CATALOG_TEXT = {
  /** Empty means no search. */
  search: { min: 0, max: 100 },
  /** ISOF's INDEKS is nvarchar(50). */
  code: { max: 50 },
} satisfies Record<string, TextRule>;

/**
 * A LIKE pattern matching `text` anywhere, literally, for `LIKE :pattern ESCAPE '\'`: the escape
 * character, % and _ (wildcards on both databases) and [ (a character class on SQL Server) are
 * escaped, so they match themselves on SQLite and SQL Server alike.
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_[]/g, (c) => `\\${c}`)}%`;
}

export class CatalogService {
  constructor(private readonly ds: DataSource) {}

  async productsPage(filter: ProductFilterArgs, first: number, afterId: number | null): Promise<Page<IsofProduct>> {
    const search = cleanOptionalText(filter.search, 'search', CATALOG_TEXT.search);
    const codes = filter.codes ? cleanTextList(filter.codes, 'codes', CATALOG_TEXT.code) : null;
    const base = () => {
      const qb = this.ds.getRepository(IsofProduct).createQueryBuilder('p');
      if (search) {
        const pattern = containsPattern(search);
        qb.andWhere(new Brackets((w) => w.where("p.code LIKE :pattern ESCAPE '\\'", { pattern }).orWhere("p.name LIKE :pattern ESCAPE '\\'", { pattern })));
      }
      if (codes && codes.length) qb.andWhere('p.code IN (:...codes)', { codes });
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
