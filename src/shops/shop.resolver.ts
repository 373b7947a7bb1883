import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { PaymentMethodMapping, PriceMapping, StatusMapping } from '../mappings/mapping.types.js';
import type { ShopEntity } from './shop.entity.js';
import { CreateShopInput, Shop, ShopConnectionReport, UpdateShopInput } from './shop.types.js';

@Resolver(() => Shop)
export class ShopResolver {
  @Authorized('viewer')
  @Query(() => [Shop])
  shops(@Ctx() ctx: AppContext) {
    return ctx.services.shops.list();
  }

  @Authorized('viewer')
  @Query(() => Shop, { nullable: true })
  shop(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.shops.get(parseId(id));
  }

  @Authorized('admin')
  @Query(() => ShopConnectionReport, { description: 'Calls the shop with its stored address and key and says what works (admin).' })
  testShopConnection(@Arg('shopId', () => ID) shopId: string, @Ctx() ctx: AppContext) {
    return ctx.services.shops.testConnection(parseId(shopId));
  }

  @Authorized('admin')
  @Mutation(() => Shop)
  createShop(@Arg('input', () => CreateShopInput) input: CreateShopInput, @Ctx() ctx: AppContext) {
    return ctx.services.shops.create(input);
  }

  @Authorized('admin')
  @Mutation(() => Shop)
  updateShop(@Arg('id', () => ID) id: string, @Arg('input', () => UpdateShopInput) input: UpdateShopInput, @Ctx() ctx: AppContext) {
    return ctx.services.shops.update(parseId(id), input);
  }

  @FieldResolver(() => Boolean, { description: 'The IdoSell API key is write-only: it is never returned.' })
  hasApiKey(@Root() shop: ShopEntity) {
    return !!shop.apiKeyEnc;
  }

  @FieldResolver(() => [PriceMapping])
  priceMappings(@Root() shop: ShopEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.priceMappings.load(shop.id);
  }

  @FieldResolver(() => [PaymentMethodMapping])
  paymentMethodMappings(@Root() shop: ShopEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.paymentMappings.load(shop.id);
  }

  @FieldResolver(() => [StatusMapping])
  statusMappings(@Root() shop: ShopEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.statusMappings.load(shop.id);
  }
}
