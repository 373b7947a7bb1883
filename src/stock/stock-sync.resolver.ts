/** syncStock: decorators, then one call into the service. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { RUN_START_ERRORS, SyncRun } from '../sync-runs/sync-run.types.js';
import { SyncStockInput } from './stock-sync.inputs.js';

@Resolver()
export class StockSyncResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun, {
    description: `Starts a SYNC_STOCK run: for the products exported to the shop, the stock summed over all ISOF warehouses (in the product unit) goes to the shop's warehouse idosellStockId when it differs from what the shop last confirmed, one item per product. Nothing changed: no call to the shop. ${RUN_START_ERRORS}`,
  })
  syncStock(@Arg('input', () => SyncStockInput, { description: 'Which shop, and how.' }) input: SyncStockInput, @Ctx() ctx: AppContext) {
    return ctx.services.stockSync.syncStock(ctx.caller, { shopId: parseId(input.shopId, 'shopId'), dryRun: input.dryRun ?? false, wait: input.wait ?? false, force: input.force ?? false });
  }
}
