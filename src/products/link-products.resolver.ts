/** linkShopProducts: decorators, then one call into the service. */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { RUN_START_ERRORS, SyncRun } from '../sync-runs/sync-run.types.js';
import { LinkShopProductsInput } from './link-products.inputs.js';

@Resolver()
export class LinkProductsResolver {
  @Authorized('operator')
  @Mutation(() => SyncRun, {
    description: `Reads the shop's product base and links the products whose code an ISOF product has; sends no product data. A LINK_PRODUCTS run, with an item for each ISOF product whose code the shop has (DUPLICATE_CODE_IN_SHOP when the shop has it on more than one product). ${RUN_START_ERRORS}`,
  })
  linkShopProducts(@Arg('input', () => LinkShopProductsInput, { description: 'Which shop, and how.' }) input: LinkShopProductsInput, @Ctx() ctx: AppContext) {
    return ctx.services.linkProducts.linkShopProducts(ctx.caller, {
      shopId: parseId(input.shopId, 'shopId'),
      dryRun: input.dryRun ?? false,
      wait: input.wait ?? false,
    });
  }
}
