import { Arg, Authorized, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId, parseOptionalId } from '../common/ids.js';
import { checkFirst, decodeCursor, toConnection } from '../common/pagination.js';
import type { IsofPrice, IsofProduct, IsofStock } from '../isof/entities.js';
import { Shop } from '../shops/shop.types.js';
import type { ProductExportEntity } from './product-export.entity.js';
import { roundQuantity } from './catalog.service.js';
import { Price, PriceType, Product, ProductConnection, ProductExport, ProductFilter, StockLevel, Warehouse } from './product.types.js';

@Resolver(() => Product)
export class ProductResolver {
  @Authorized('viewer')
  @Query(() => ProductConnection)
  async products(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => ProductFilter, { nullable: true }) filter?: ProductFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const size = checkFirst(first, ctx.services.config.graphql.maxPageSize);
    const page = await ctx.services.catalog.productsPage({
      search: filter?.search,
      codes: filter?.codes,
      exportedToShopId: parseOptionalId(filter?.exportedToShopId, 'filter.exportedToShopId'),
    }, size, decodeCursor(after));
    return toConnection(page);
  }

  @Authorized('viewer')
  @Query(() => Product, { nullable: true })
  product(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.loaders.product.load(parseId(id));
  }

  @Authorized('viewer')
  @Query(() => [PriceType])
  priceTypes(@Ctx() ctx: AppContext) {
    return ctx.loaders.priceTypes.all();
  }

  @Authorized('viewer')
  @Query(() => [Warehouse])
  warehouses(@Ctx() ctx: AppContext) {
    return ctx.loaders.warehouses.all();
  }

  @FieldResolver(() => [Price])
  async prices(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    const prices = await ctx.loaders.prices.load(p.id);
    return Promise.all(prices.map(async (c: IsofPrice) => ({
      priceType: await ctx.loaders.priceTypes.get(c.priceTypeId), net: c.net, gross: c.gross, currency: c.currency,
    })));
  }

  @FieldResolver(() => [StockLevel])
  async stocks(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    const stocks = await ctx.loaders.stocks.load(p.id);
    return Promise.all(stocks.map(async (s: IsofStock) => ({ warehouse: await ctx.loaders.warehouses.get(s.warehouseId), quantity: s.quantity })));
  }

  @FieldResolver(() => Float, { description: 'Stock summed over all ISOF warehouses: what the shops receive.' })
  async totalStock(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    const stocks = await ctx.loaders.stocks.load(p.id);
    return roundQuantity(stocks.reduce((acc, s) => acc + s.quantity, 0));
  }

  @FieldResolver(() => Boolean)
  hasImage(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    return ctx.loaders.hasImage.load(p.id);
  }

  @FieldResolver(() => [ProductExport], { description: 'One entry per shop the product was exported to.' })
  exports(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    return ctx.loaders.exports.load(p.id);
  }
}

@Resolver(() => ProductExport)
export class ProductExportResolver {
  @FieldResolver(() => Shop)
  shop(@Root() e: ProductExportEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(e.shopId);
  }
}
