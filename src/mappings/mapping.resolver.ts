import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../api/context.js';
import { parseId } from '../common/ids.js';
import { IDOSELL_ORDER_STATUSES } from '../idosell/index.js';
import { PaymentMethod } from '../orders/order.types.js';
import { PriceType } from '../products/product.types.js';
import { Shop } from '../shops/shop.types.js';
import type { PaymentMethodMappingEntity, PriceMappingEntity, StatusMappingEntity } from './mapping.entities.js';
import {
  PaymentMethodMapping, PaymentMethodMappingInput, PriceMapping, PriceMappingInput, StatusMapping, StatusMappingInput,
} from './mapping.types.js';

const ADMIN_ERRORS = 'Needs the admin role (FORBIDDEN otherwise).';
const idArg = (list: string) => `The mapping id, as Shop.${list} shows it. Not a positive whole number: BAD_USER_INPUT.`;

@Resolver()
export class MappingQueries {
  @Authorized('viewer')
  @Query(() => [String], {
    description: 'The order statuses IdoSell accepts, for setStatusMapping. The IdoSell Admin API v6 list, in its order; the same for every shop (viewer).',
  })
  idosellOrderStatuses(): readonly string[] {
    return IDOSELL_ORDER_STATUSES;
  }
}

@Resolver()
export class MappingMutations {
  @Authorized('admin')
  @Mutation(() => PriceMapping, {
    description: `Sets which ISOF price type fills an IdoSell price field of the shop's products on the next export, replacing that field's earlier mapping. ${ADMIN_ERRORS} Unknown shop or price type: NOT_FOUND.`,
  })
  setPriceMapping(@Arg('input', () => PriceMappingInput, { description: 'The shop, price type and field.' }) input: PriceMappingInput, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.setPriceMapping(parseId(input.shopId, 'shopId'), parseId(input.priceTypeId, 'priceTypeId'), input.idosellPriceField);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, {
    description: `Deletes a price mapping; the next export no longer fills its field (RETAIL falls back to ISOF's first price type). True when deleted. ${ADMIN_ERRORS} Unknown id: NOT_FOUND, nothing deleted.`,
  })
  deletePriceMapping(@Arg('id', () => ID, { description: idArg('priceMappings') }) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.deletePriceMapping(parseId(id));
  }

  @Authorized('admin')
  @Mutation(() => PaymentMethodMapping, {
    description: `Sets which ISOF payment method imported orders get for a shop payment form name, replacing that name's earlier mapping. ${ADMIN_ERRORS} Unknown shop or payment method: NOT_FOUND; a blank or too long name: BAD_USER_INPUT.`,
  })
  setPaymentMethodMapping(
    @Arg('input', () => PaymentMethodMappingInput, { description: 'The shop, payment method and form name.' }) input: PaymentMethodMappingInput,
    @Ctx() ctx: AppContext,
  ) {
    return ctx.services.mappings.setPaymentMethodMapping(
      parseId(input.shopId, 'shopId'), parseId(input.paymentMethodId, 'paymentMethodId'), input.idosellPaymentFormName,
    );
  }

  @Authorized('admin')
  @Mutation(() => Boolean, {
    description: `Deletes a payment method mapping; orders with that form name then need a new one (or a payment method of the same name) to import. True when deleted. ${ADMIN_ERRORS} Unknown id: NOT_FOUND, nothing deleted.`,
  })
  deletePaymentMethodMapping(@Arg('id', () => ID, { description: idArg('paymentMethodMappings') }) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.deletePaymentMethodMapping(parseId(id));
  }

  @Authorized('admin')
  @Mutation(() => StatusMapping, {
    description: `Pairs an ISOF order status with an IdoSell status for the shop, replacing that IdoSell status's earlier pairing. ${ADMIN_ERRORS} Unknown shop: NOT_FOUND; an ISOF or IdoSell status that does not exist: BAD_USER_INPUT naming the valid ones.`,
  })
  setStatusMapping(@Arg('input', () => StatusMappingInput, { description: 'The shop and the two statuses.' }) input: StatusMappingInput, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.setStatusMapping(parseId(input.shopId, 'shopId'), input.isofStatus, input.idosellStatus);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, {
    description: `Deletes a status mapping; imports and syncStatuses no longer use that pair (orders whose ISOF status is left without any IdoSell status are SKIPPED by syncStatuses with UNMAPPED_STATUS). True when deleted. ${ADMIN_ERRORS} Unknown id: NOT_FOUND, nothing deleted.`,
  })
  deleteStatusMapping(@Arg('id', () => ID, { description: idArg('statusMappings') }) id: string, @Ctx() ctx: AppContext) {
    return ctx.services.mappings.deleteStatusMapping(parseId(id));
  }
}

@Resolver(() => PriceMapping)
export class PriceMappingResolver {
  @FieldResolver(() => Shop, { description: 'The shop whose exports use this mapping.' })
  shop(@Root() m: PriceMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(m.shopId);
  }

  @FieldResolver(() => PriceType, { description: 'The ISOF price type whose gross price fills the field.' })
  priceType(@Root() m: PriceMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.priceTypes.get(m.priceTypeId);
  }
}

@Resolver(() => PaymentMethodMapping)
export class PaymentMethodMappingResolver {
  @FieldResolver(() => Shop, { description: 'The shop whose imports use this mapping.' })
  shop(@Root() m: PaymentMethodMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(m.shopId);
  }

  @FieldResolver(() => PaymentMethod, { description: 'The ISOF payment method imported orders get.' })
  paymentMethod(@Root() m: PaymentMethodMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.paymentMethods.get(m.paymentMethodId);
  }
}

@Resolver(() => StatusMapping)
export class StatusMappingResolver {
  @FieldResolver(() => Shop, { description: 'The shop this pairing is for.' })
  shop(@Root() m: StatusMappingEntity, @Ctx() ctx: AppContext) {
    return ctx.loaders.shop.load(m.shopId);
  }
}
