import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { PaymentMethodMapping, PriceMapping, StatusMapping } from '../mappings/mapping.types.js';
import type { ShopEntity } from './shop.entity.js';
import { CreateShopInput, Shop, ShopConnectionReport, UpdateShopInput } from './shop.types.js';

@Resolver(() => Shop)
export class ShopResolver {
  @Authorized('viewer')
  @Query(() => [Shop], { description: 'Every shop, in id order (viewer).' })
  shops(@Ctx() ctx: AppContext) {
    return ctx.services.shops.list();
  }

  @Authorized('viewer')
  @Query(() => Shop, { nullable: true, description: 'One shop by id; null when there is none (viewer).' })
  shop(@Arg('id', () => ID, { description: 'The shop id (Shop.id). Not a positive whole number: BAD_USER_INPUT.' }) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.shops.get(parseId(id));
  }

  @Authorized('admin')
  @Query(() => ShopConnectionReport, { description: 'Calls the shop with its stored address and key and says what works (admin). Each read call is sent once and waits at most 15 s; a failure is reported in the answer, not as an error. Needs the admin role (FORBIDDEN otherwise); unknown shop: NOT_FOUND.' })
  testShopConnection(@Arg('shopId', () => ID, { description: 'The shop to call (Shop.id).' }) shopId: string, @Ctx() ctx: AppContext) {
    return ctx.services.shops.testConnection(parseId(shopId));
  }

  @Authorized('admin')
  @Mutation(() => Shop, {
    description: 'Adds a shop (admin). Unless saveWithoutTest, the shop is called first and nothing is saved when it cannot be reached or refuses the key (BAD_USER_INPUT naming apiUrl or apiKey, with what to do). A name already taken: CONFLICT. Needs the admin role (FORBIDDEN otherwise).',
  })
  createShop(@Arg('input', () => CreateShopInput, { description: 'The new shop.' }) input: CreateShopInput, @Ctx() ctx: AppContext) {
    return ctx.services.shops.create(input);
  }

  @Authorized('admin')
  @Mutation(() => Shop, {
    description: 'Changes a shop (admin): only the fields given. A new apiUrl or apiKey is tested first as in createShop (BAD_USER_INPUT when the shop refuses, nothing saved) unless saveWithoutTest. Unknown shop: NOT_FOUND; a name already taken: CONFLICT. Needs the admin role (FORBIDDEN otherwise).',
  })
  updateShop(@Arg('id', () => ID, { description: 'The shop to change (Shop.id).' }) id: string, @Arg('input', () => UpdateShopInput, { description: 'The fields to change.' }) input: UpdateShopInput, @Ctx() ctx: AppContext) {
    return ctx.services.shops.update(parseId(id), input);
  }

  @FieldResolver(() => Boolean, { description: 'The IdoSell API key is write-only: it is never returned.' })
  hasApiKey(@Root() shop: ShopEntity) {
    return !!shop.apiKeyEnc;
  }

  @FieldResolver(() => [PriceMapping], { description: 'Which ISOF price type fills which IdoSell price field on export, in id order (set with setPriceMapping).' })
  priceMappings(@Root() shop: ShopEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.priceMappings.load(shop.id);
  }

  @FieldResolver(() => [PaymentMethodMapping], { description: 'Which shop payment form name gets which ISOF payment method on import, in id order (set with setPaymentMethodMapping).' })
  paymentMethodMappings(@Root() shop: ShopEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.paymentMappings.load(shop.id);
  }

  @FieldResolver(() => [StatusMapping], { description: 'The ISOF and IdoSell order status pairs, in id order (set with setStatusMapping).' })
  statusMappings(@Root() shop: ShopEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.statusMappings.load(shop.id);
  }
}
