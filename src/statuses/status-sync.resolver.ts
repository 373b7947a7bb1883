/** syncStatuses: decorators, then one call into the service. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { RUN_START_ERRORS, SyncRun } from '../sync-runs/sync-run.types.js';
import { SyncStatusesInput } from './status-sync.inputs.js';

@Resolver()
export class StatusSyncResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun, {
    description: `Starts a SYNC_STATUSES run: orders imported from the shop whose ISOF status changed since the last sync get the IdoSell status mapped to it (setStatusMapping), one item per order. An order whose shop status already is one mapped to its ISOF status is SKIPPED; an unmapped ISOF status is SKIPPED with UNMAPPED_STATUS and goes out once mapped. ${RUN_START_ERRORS}`,
  })
  syncStatuses(@Arg('input', () => SyncStatusesInput, { description: 'Which shop, and how.' }) input: SyncStatusesInput, @Ctx() ctx: AppContext) {
    return ctx.services.statusSync.syncStatuses(ctx.caller, { shopId: parseId(input.shopId, 'shopId'), dryRun: input.dryRun ?? false, wait: input.wait ?? false });
  }
}
