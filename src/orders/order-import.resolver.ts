/** The four operations and the import screen: decorators, then one call into a service. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../context.js';
import { parseId } from '../common/ids.js';
import { Order } from '../orders/order.types.js';
import { ShopOrder } from '../orders/shop-order.types.js';
import { SyncRun } from './sync-run.types.js';
import { ExportProductsInput, ImportOrdersInput, ShopOrdersInput, SyncStatusesInput, SyncStockInput } from './operation.inputs.js';

@Resolver()
export class OperationsResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun, { description: 'Starts the run and returns it at once; with wait: true, returns when it has finished.' })
  exportProducts(@Arg('input', () => ExportProductsInput) input: ExportProductsInput, @Ctx() ctx: AppContext) {
    return ctx.services.productExport.exportProducts(ctx.caller, {
      shopId: parseId(input.shopId, 'shopId'),
      productIds: input.productIds ? input.productIds.map((id) => parseId(id, 'productIds')) : null,
      dryRun: input.dryRun ?? false,
      wait: input.wait ?? false,
    });
  }

  @Authorized('operator')
  @Mutation(() => SyncRun)
  importOrders(@Arg('input', () => ImportOrdersInput) input: ImportOrdersInput, @Ctx() ctx: AppContext) {
    return ctx.services.orderImport.importOrders(ctx.caller, {
      ...input, shopId: parseId(input.shopId, 'shopId'), includeIncomplete: input.includeIncomplete ?? false,
      dryRun: input.dryRun ?? false, wait: input.wait ?? false,
    });
  }

  @Authorized('operator')
  @Mutation(() => SyncRun)
  syncStock(@Arg('input', () => SyncStockInput) input: SyncStockInput, @Ctx() ctx: AppContext) {
    return ctx.services.stockSync.syncStock(ctx.caller, { shopId: parseId(input.shopId, 'shopId'), dryRun: input.dryRun ?? false, wait: input.wait ?? false });
  }

  @Authorized('operator')
  @Mutation(() => SyncRun)
  syncStatuses(@Arg('input', () => SyncStatusesInput) input: SyncStatusesInput, @Ctx() ctx: AppContext) {
    return ctx.services.statusSync.syncStatuses(ctx.caller, { shopId: parseId(input.shopId, 'shopId'), dryRun: input.dryRun ?? false, wait: input.wait ?? false });
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
