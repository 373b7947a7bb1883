/** syncStatuses: decorators, then one call into the service. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { SyncRun } from '../sync-runs/sync-run.types.js';
import { SyncStatusesInput } from './status-sync.inputs.js';

@Resolver()
export class StatusSyncResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun)
  syncStatuses(@Arg('input', () => SyncStatusesInput) input: SyncStatusesInput, @Ctx() ctx: AppContext) {
    return ctx.services.statusSync.syncStatuses(ctx.caller, { shopId: parseId(input.shopId, 'shopId'), dryRun: input.dryRun ?? false, wait: input.wait ?? false });
  }
}
