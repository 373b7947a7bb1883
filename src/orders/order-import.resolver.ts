/** The import screen (shopOrders, shopPaymentForms) and importOrders: decorators, then one call into a service. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { SyncRun } from '../sync-runs/sync-run.types.js';
import { Order } from './order.types.js';
import { ShopOrder } from './shop-order.types.js';
import { ImportOrdersInput, ShopOrdersInput } from './order-import.inputs.js';

@Resolver()
export class OrderImportResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun)
  importOrders(@Arg('input', () => ImportOrdersInput) input: ImportOrdersInput, @Ctx() ctx: AppContext) {
    return ctx.services.orderImport.importOrders(ctx.caller, {
      ...input, shopId: parseId(input.shopId, 'shopId'), includeIncomplete: input.includeIncomplete ?? false,
      dryRun: input.dryRun ?? false, wait: input.wait ?? false,
    });
  }

  @Authorized('viewer')
  @Query(() => [ShopOrder], { description: "The shop's orders for a period, marked imported / incomplete / problem (the import screen)." })
  shopOrders(@Arg('input', () => ShopOrdersInput) input: ShopOrdersInput, @Ctx() ctx: AppContext) {
    return ctx.services.orderImport.shopOrders({
      ...input, shopId: parseId(input.shopId, 'shopId'), showImported: input.showImported ?? false,
      includeIncomplete: input.includeIncomplete ?? false,
    });
  }

  @Authorized('viewer')
  @Query(() => [String], { description: 'Payment form names defined in the shop (read from IdoSell).' })
  shopPaymentForms(@Arg('shopId', () => ID) shopId: string, @Ctx() ctx: AppContext) {
    return ctx.services.orderImport.paymentFormNames(parseId(shopId, 'shopId'));
  }
}

@Resolver(() => ShopOrder)
export class ShopOrderResolver {
  @FieldResolver(() => Order, { nullable: true })
  isofOrder(@Root() o: ShopOrder, @Ctx() ctx: AppContext) {
    return o.isofOrderId === null ? null : ctx.loaders.order.load(o.isofOrderId);
  }
}
