/** The import screen (shopOrders, shopPaymentForms) and importOrders: decorators, then one call into a service. */
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { RUN_START_ERRORS, SyncRun } from '../sync-runs/sync-run.types.js';
import { Order } from './order.types.js';
import { ShopOrder } from './shop-order.types.js';
import { ImportOrdersInput, ShopOrdersInput } from './order-import.inputs.js';

@Resolver()
export class OrderImportResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun, {
    description: `Starts an IMPORT_ORDERS run: writes the shop's orders of a period (what shopOrders lists for it) or the orders named into ISOF, each once; orders already imported are skipped. Each order's item says what happened (Item error codes in the README). ${RUN_START_ERRORS} ISOF's tables unfit for writing: ISOF_SCHEMA_PROBLEM (not for a dry run).`,
  })
  importOrders(@Arg('input', () => ImportOrdersInput, { description: 'Which shop and orders, and how.' }) input: ImportOrdersInput, @Ctx() ctx: AppContext) {
    return ctx.services.orderImport.importOrders(ctx.caller, {
      ...input, shopId: parseId(input.shopId, 'shopId'), includeIncomplete: input.includeIncomplete ?? false,
      dryRun: input.dryRun ?? false, wait: input.wait ?? false,
    });
  }

  @Authorized('viewer')
  @Query(() => [ShopOrder], {
    description: "The shop's orders for a period, marked imported / incomplete / problem (the import screen). Reads the shop on each call (viewer). Unknown shop: NOT_FOUND; inactive shop or bad dates: BAD_USER_INPUT; the shop failing or refusing: UPSTREAM_ERROR.",
  })
  shopOrders(@Arg('input', () => ShopOrdersInput, { description: 'Which shop and period, and which orders to show.' }) input: ShopOrdersInput, @Ctx() ctx: AppContext) {
    return ctx.services.orderImport.shopOrders({
      ...input, shopId: parseId(input.shopId, 'shopId'), showImported: input.showImported ?? false,
      includeIncomplete: input.includeIncomplete ?? false,
    });
  }

  @Authorized('viewer')
  @Query(() => [String], {
    description: 'Payment form names defined in the shop (read from IdoSell). Values for setPaymentMethodMapping (viewer). Unknown shop: NOT_FOUND; inactive shop: BAD_USER_INPUT; the shop failing or refusing: UPSTREAM_ERROR.',
  })
  shopPaymentForms(@Arg('shopId', () => ID, { description: 'The shop to read (Shop.id).' }) shopId: string, @Ctx() ctx: AppContext) {
    return ctx.services.orderImport.paymentFormNames(parseId(shopId, 'shopId'));
  }
}

@Resolver(() => ShopOrder)
export class ShopOrderResolver {
  @FieldResolver(() => Order, { nullable: true, description: 'The ISOF order it was imported as; null while not imported.' })
  isofOrder(@Root() o: ShopOrder, @Ctx() ctx: AppContext) {
    return o.isofOrderId === null ? null : ctx.loaders.order.load(o.isofOrderId);
  }
}
