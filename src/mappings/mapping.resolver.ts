import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { PaymentMethod } from '../orders/order.types.js';
import { PriceType } from '../products/product.types.js';
import { Shop } from '../shops/shop.types.js';
import type { PaymentMethodMappingEntity, PriceMappingEntity, StatusMappingEntity } from './mapping.entities.js';
import {
  PaymentMethodMapping, PaymentMethodMappingInput, PriceMapping, PriceMappingInput, StatusMapping, StatusMappingInput,
} from './mapping.types.js';

@Resolver()
export class MappingMutations {
  @Authorized('admin')
  @Mutation(() => PriceMapping)
  setPriceMapping(@Arg('input', () => PriceMappingInput) input: PriceMappingInput, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.setPriceMapping(parseId(input.shopId, 'shopId'), parseId(input.priceTypeId, 'priceTypeId'), input.idosellPriceField);
  }

  @Authorized('admin')
  @Mutation(() => PaymentMethodMapping)
  setPaymentMethodMapping(@Arg('input', () => PaymentMethodMappingInput) input: PaymentMethodMappingInput, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.setPaymentMethodMapping(
      parseId(input.shopId, 'shopId'), parseId(input.paymentMethodId, 'paymentMethodId'), input.idosellPaymentFormName,
    );
  }

  @Authorized('admin')
  @Mutation(() => Boolean)
  deletePaymentMethodMapping(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.deletePaymentMethodMapping(parseId(id));
  }

  @Authorized('admin')
  @Mutation(() => StatusMapping)
  setStatusMapping(@Arg('input', () => StatusMappingInput) input: StatusMappingInput, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.setStatusMapping(parseId(input.shopId, 'shopId'), input.isofStatus, input.idosellStatus);
  }
}

@Resolver(() => PriceMapping)
export class PriceMappingResolver {
  @FieldResolver(() => Shop)
  shop(@Root() m: PriceMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(m.shopId);
  }

  @FieldResolver(() => PriceType)
  priceType(@Root() m: PriceMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.priceTypes.get(m.priceTypeId);
  }
}

@Resolver(() => PaymentMethodMapping)
export class PaymentMethodMappingResolver {
  @FieldResolver(() => Shop)
  shop(@Root() m: PaymentMethodMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(m.shopId);
  }

  @FieldResolver(() => PaymentMethod)
  paymentMethod(@Root() m: PaymentMethodMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.paymentMethods.get(m.paymentMethodId);
  }
}

@Resolver(() => StatusMapping)
export class StatusMappingResolver {
  @FieldResolver(() => Shop)
  shop(@Root() m: StatusMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(m.shopId);
  }
}
