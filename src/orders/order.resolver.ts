import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId, parseOptionalId } from '../common/ids.js';
import { checkFirst, decodeCursor, toConnection } from '../common/pagination.js';
import type { IsofOrder, IsofOrderLine } from '../isof/entities.js';
import { Product } from '../products/product.types.js';
import { Shop } from '../shops/shop.types.js';
import type { OrderImportEntity } from './order-import.entity.js';
import { Customer, Order, OrderConnection, OrderFilter, OrderLine, OrderSource, PaymentMethod } from './order.types.js';

@Resolver(() => Order)
export class OrderResolver {
  @Authorized('viewer')
  @Query(() => OrderConnection, { description: "ISOF's customer orders, newest first, one page at a time (viewer)." })
  async orders(
    @Ctx() ctx: AppContext,
    @Arg('filter', () => OrderFilter, { nullable: true, description: 'Which orders; absent: all.' }) filter?: OrderFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'How many to return: 1 to GRAPHQL_MAX_PAGE_SIZE (500 unless configured), default 50; outside: BAD_USER_INPUT.' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Read the page after this cursor (pageInfo.endCursor of the previous page); absent: the first page. A cursor this server did not give out: BAD_USER_INPUT.' }) after?: string,
  ) {
    const size = checkFirst(first, ctx.services.config.graphql.maxPageSize);
    const page = await ctx.services.orders.ordersPage({
      shopId: parseOptionalId(filter?.shopId, 'filter.shopId'),
      importedOnly: filter?.importedOnly,
      from: filter?.from,
      to: filter?.to,
    }, size, decodeCursor(after));
    return toConnection(page);
  }

  @Authorized('viewer')
  @Query(() => Order, { nullable: true, description: 'One ISOF order by id; null when there is none (viewer).' })
  order(@Arg('id', () => ID, { description: 'The ISOF order id (Order.id). Not a positive whole number: BAD_USER_INPUT.' }) id: string, @Ctx() ctx: AppContext) {
    return ctx.loaders.order.load(parseId(id));
  }

  @Authorized('viewer')
  @Query(() => [PaymentMethod], { description: "ISOF's payment methods (viewer): the paymentMethodId values setPaymentMethodMapping takes." })
  paymentMethods(@Ctx() ctx: AppContext) {
    return ctx.loaders.paymentMethods.all();
  }

  @FieldResolver(() => String, { description: 'The ISOF status of the order. Its name, or "#<id>" when ISOF no longer has the status.' })
  async status(@Root() o: IsofOrder, @Ctx() ctx: AppContext) {
    return (await ctx.loaders.statuses.get(o.statusId))?.name ?? `#${o.statusId}`;
  }

  @FieldResolver(() => Customer, { nullable: true, description: 'The buyer; null when the order has no customer.' })
  customer(@Root() o: IsofOrder, @Ctx() ctx: AppContext) {
    return o.customerId === null ? null : ctx.loaders.customer.load(o.customerId);
  }

  @FieldResolver(() => PaymentMethod, { nullable: true, description: 'How the order is paid; null when ISOF has none for it.' })
  paymentMethod(@Root() o: IsofOrder, @Ctx() ctx: AppContext) {
    return o.paymentMethodId === null ? null : ctx.loaders.paymentMethods.get(o.paymentMethodId);
  }

  @FieldResolver(() => [OrderLine], { description: 'The order lines, in ISOF order.' })
  lines(@Root() o: IsofOrder, @Ctx() ctx: AppContext) {
    return ctx.loaders.lines.load(o.id);
  }

  @FieldResolver(() => Boolean, { description: 'True when at least one line is foreign.' })
  async incomplete(@Root() o: IsofOrder, @Ctx() ctx: AppContext) {
    return (await ctx.loaders.lines.load(o.id)).some((l) => l.foreign);
  }

  @FieldResolver(() => OrderSource, { nullable: true, description: 'Null for orders entered in ISOF itself.' })
  source(@Root() o: IsofOrder, @Ctx() ctx: AppContext) {
    return ctx.loaders.importOfOrder.load(o.id);
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => Product, { nullable: true, description: "Null for a line whose product the shop has but ISOF does not." })
  product(@Root() l: IsofOrderLine, @Ctx() ctx: AppContext) {
    return l.productId === null ? null : ctx.loaders.product.load(l.productId);
  }
}

@Resolver(() => OrderSource)
export class OrderSourceResolver {
  @FieldResolver(() => Shop, { description: 'The shop the order was imported from.' })
  shop(@Root() s: OrderImportEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(s.shopId);
  }

  @FieldResolver(() => String, { description: "IdoSell's order id." })
  orderId(@Root() s: OrderImportEntity) {
    return s.idosellOrderId;
  }

  @FieldResolver(() => Boolean, { description: 'True when the order was imported with foreign lines.' })
  incomplete(@Root() s: OrderImportEntity) {
    return s.incomplete;
  }
}
