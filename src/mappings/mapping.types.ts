import { IsEnum } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IDOSELL_PRICE_FIELDS, type IdosellPriceFieldName } from '../idosell/index.js';
import { enumOf } from '../api/enums.js';
import { FreeText } from '../common/text.js';
import { MAPPING_TEXT } from './mapping.service.js';

/** The connector's price fields, in its order. */
export const IdosellPriceField = enumOf(IDOSELL_PRICE_FIELDS);
export type IdosellPriceField = IdosellPriceFieldName;

// Keyed by the connector's list: a price field added there without a sentence here does not compile.
const PRICE_FIELD_DOCS: Record<IdosellPriceFieldName, string> = {
  RETAIL: "The shop's retail gross price (PLN). Without a mapping, an export fills it from ISOF's first price type.",
  WHOLESALE: "The shop's wholesale gross price (PLN); sent only when mapped.",
  MINIMAL: "The shop's minimal gross price (PLN); sent only when mapped.",
  POS: "The point-of-sale gross price (PLN); sent only when mapped.",
  SUGGESTED: "The suggested (manufacturer's) gross price (PLN); sent only when mapped.",
  STRIKETHROUGH_RETAIL: 'The struck-through "was" retail gross price (PLN) shown beside the retail price; sent only when mapped.',
};

registerEnumType(IdosellPriceField, {
  name: 'IdosellPriceField',
  description: "Where an IdoSell price field gets its value from: an IdoSell product price field an export can fill from an ISOF price type (see setPriceMapping). Prices are sent gross, in PLN.",
  valuesConfig: Object.fromEntries(IDOSELL_PRICE_FIELDS.map((f) => [f, { description: PRICE_FIELD_DOCS[f] }])),
});

@ObjectType({ description: "Which ISOF price type fills one IdoSell price field of a shop's products on export. One price type per field and shop." })
export class PriceMapping {
  @Field(() => ID, { description: 'The mapping id, for deletePriceMapping.' }) id: number;
  @Field(() => IdosellPriceField, { description: 'The IdoSell price field this mapping fills.' }) idosellPriceField: IdosellPriceField;
}

@ObjectType({ description: "Which ISOF payment method an imported order gets when the shop's payment form has this name. One per form name and shop." })
export class PaymentMethodMapping {
  @Field(() => ID, { description: 'The mapping id, for deletePaymentMethodMapping.' }) id: number;
  @Field(() => String, { description: 'The payment form name as the shop spells it (matched trimmed and case-insensitively), up to 200 characters.' })
  idosellPaymentFormName: string;
}

@ObjectType({
  description: 'An ISOF order status paired with an IdoSell order status for one shop. Each IdoSell status maps to one ISOF status; several may map to the same ISOF status. Imports use it to set the ISOF status; syncStatuses sends the first mapping (lowest id) of the ISOF status unless the shop already has one of its statuses.',
})
export class StatusMapping {
  @Field(() => ID, { description: 'The mapping id, for deleteStatusMapping.' }) id: number;
  @Field(() => String, { description: 'The ISOF order status name (as Order.status shows it).' }) isofStatus: string;
  @Field(() => String, { description: 'The IdoSell order status, one of idosellOrderStatuses (e.g. "finished").' }) idosellStatus: string;
}

@InputType({ description: 'What setPriceMapping sets: the shop, the ISOF price type and the IdoSell price field it fills (replacing the field\'s earlier mapping).' })
export class PriceMappingInput {
  @Field(() => ID, { description: 'The shop (Shop.id). Unknown: NOT_FOUND.' }) shopId: string;
  @Field(() => ID, { description: 'The ISOF price type (PriceType.id, from priceTypes). Unknown: NOT_FOUND.' }) priceTypeId: string;
  @Field(() => IdosellPriceField, { description: 'The IdoSell price field to fill.' }) @IsEnum(IdosellPriceField) idosellPriceField: IdosellPriceField;
}

@InputType({ description: 'What setPaymentMethodMapping sets: the shop, the ISOF payment method and the shop\'s payment form name (replacing that name\'s earlier mapping).' })
export class PaymentMethodMappingInput {
  @Field(() => ID, { description: 'The shop (Shop.id). Unknown: NOT_FOUND.' }) shopId: string;
  @Field(() => ID, { description: 'The ISOF payment method (PaymentMethod.id, from paymentMethods). Unknown: NOT_FOUND.' }) paymentMethodId: string;
  @Field(() => String, {
    description: 'The payment form name as the shop spells it (shopPaymentForms lists them); trimmed, 1 to 200 characters, matched case-insensitively. Too long or blank: BAD_USER_INPUT.',
  })
  @FreeText(MAPPING_TEXT.idosellPaymentFormName)
  idosellPaymentFormName: string;
}

@InputType({ description: 'What setStatusMapping sets: the shop, an ISOF status and the IdoSell status paired with it (replacing that IdoSell status\'s earlier mapping).' })
export class StatusMappingInput {
  @Field(() => ID, { description: 'The shop (Shop.id). Unknown: NOT_FOUND.' }) shopId: string;
  @Field(() => String, { description: 'An ISOF order status name (as Order.status shows it), up to 100 characters. A name ISOF lacks: BAD_USER_INPUT listing the names it has.' })
  @FreeText(MAPPING_TEXT.isofStatus) isofStatus: string;
  @Field(() => String, { description: 'An IdoSell order status, one of idosellOrderStatuses, up to 40 characters. Other: BAD_USER_INPUT listing them.' })
  @FreeText(MAPPING_TEXT.idosellStatus) idosellStatus: string;
}
