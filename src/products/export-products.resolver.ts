/** exportProducts: decorators, then one call into the service. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { RUN_START_ERRORS, SyncRun } from '../sync-runs/sync-run.types.js';
import { ExportProductsInput } from './export-products.inputs.js';

@Resolver()
export class ExportProductsResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun, {
    description: `Starts the run and returns it at once; with wait: true, returns when it has finished. An EXPORT_PRODUCTS run creates or updates the products in the shop (names, gross prices in PLN by the price mappings, stock summed over ISOF warehouses, picture), one item per product. ${RUN_START_ERRORS}`,
  })
  exportProducts(@Arg('input', () => ExportProductsInput, { description: 'Which shop and products, and how.' }) input: ExportProductsInput, @Ctx() ctx: AppContext) {
    return ctx.services.productExport.exportProducts(ctx.caller, {
      shopId: parseId(input.shopId, 'shopId'),
      productIds: input.productIds ? input.productIds.map((id) => parseId(id, 'productIds')) : null,
      dryRun: input.dryRun ?? false,
      wait: input.wait ?? false,
      force: input.force ?? false,
    });
  }
}
