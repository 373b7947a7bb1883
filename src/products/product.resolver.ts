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
  @Query(() => ProductConnection, { description: 'The ISOF catalogue, in id order, one page at a time (viewer).' })
  async products(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Which products; absent: all.' }) filter?: ProductFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'How many to return: 1 to GRAPHQL_MAX_PAGE_SIZE (500 unless configured), default 50; outside: BAD_USER_INPUT.' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Read the page after this cursor (pageInfo.endCursor of the previous page); absent: the first page. A cursor this server did not give out: BAD_USER_INPUT.' }) after?: string,
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
  @Query(() => Product, { nullable: true, description: 'One ISOF product by id; null when there is none (viewer).' })
  product(@Arg('id', () => ID, { description: 'The ISOF product id (Product.id). Not a positive whole number: BAD_USER_INPUT.' }) id: string, @Ctx() ctx: AppContext) {
    return ctx.loaders.product.load(parseId(id));
  }

  @Authorized('viewer')
  @Query(() => [PriceType], { description: "ISOF's price types (viewer): the priceTypeId values setPriceMapping takes." })
  priceTypes(@Ctx() ctx: AppContext) {
    return ctx.loaders.priceTypes.all();
  }

  @Authorized('viewer')
  @Query(() => [Warehouse], { description: "ISOF's warehouses (viewer)." })
  warehouses(@Ctx() ctx: AppContext) {
    return ctx.loaders.warehouses.all();
  }

  @FieldResolver(() => [Price], { description: 'The product prices, one per ISOF price type it has, in price type order.' })
  async prices(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    const prices = await ctx.loaders.prices.load(p.id);
    return Promise.all(prices.map(async (c: IsofPrice) => ({
      priceType: await ctx.loaders.priceTypes.get(c.priceTypeId), net: c.net, gross: c.gross, currency: c.currency,
    })));
  }

  @FieldResolver(() => [StockLevel], { description: 'The product stock per ISOF warehouse that has a row for it.' })
  async stocks(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    const stocks = await ctx.loaders.stocks.load(p.id);
    return Promise.all(stocks.map(async (s: IsofStock) => ({ warehouse: await ctx.loaders.warehouses.get(s.warehouseId), quantity: s.quantity })));
  }

  @FieldResolver(() => Float, { description: 'Stock summed over all ISOF warehouses: what the shops receive.' })
  async totalStock(@Root() p: IsofProduct, @Ctx() ctx: AppContext) {
    const stocks = await ctx.loaders.stocks.load(p.id);
    return roundQuantity(stocks.reduce((acc, s) => acc + s.quantity, 0));
  }

  @FieldResolver(() => Boolean, { description: 'True when ISOF has a picture of the product (an export sends it).' })
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
  @FieldResolver(() => Shop, { description: 'The shop that has this copy of the product.' })
  shop(@Root() e: ProductExportEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(e.shopId);
  }
}
