/** syncStock: decorators, then one call into the service. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { SyncRun } from '../sync-runs/sync-run.types.js';
import { SyncStockInput } from './stock-sync.inputs.js';

@Resolver()
export class StockSyncResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun)
  syncStock(@Arg('input', () => SyncStockInput) input: SyncStockInput, @Ctx() ctx: AppContext) {
    return ctx.services.stockSync.syncStock(ctx.caller, { shopId: parseId(input.shopId, 'shopId'), dryRun: input.dryRun ?? false, wait: input.wait ?? false, force: input.force ?? false });
  }
}
