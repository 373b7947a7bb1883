/** exportProducts: decorators, then one call into the service. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { SyncRun } from '../sync-runs/sync-run.types.js';
import { ExportProductsInput } from './export-products.inputs.js';

@Resolver()
export class ExportProductsResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun, { description: 'Starts the run and returns it at once; with wait: true, returns when it has finished.' })
  exportProducts(@Arg('input', () => ExportProductsInput) input: ExportProductsInput, @Ctx() ctx: AppContext) {
    return ctx.services.productExport.exportProducts(ctx.caller, {
      shopId: parseId(input.shopId, 'shopId'),
      productIds: input.productIds ? input.productIds.map((id) => parseId(id, 'productIds')) : null,
      dryRun: input.dryRun ?? false,
      wait: input.wait ?? false,
      force: input.force ?? false,
    });
  }
}
