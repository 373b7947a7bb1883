import { IsEnum } from 'class-validator';
import { Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { IDOSELL_PRICE_FIELDS, type IdosellPriceFieldName } from '../idosell/index.js';
import { enumOf } from '../api/enums.js';
import { FreeText } from '../common/text.js';
import { MAPPING_TEXT } from './mapping.service.js';

/** The connector's price fields, in its order. */
export const IdosellPriceField = enumOf(IDOSELL_PRICE_FIELDS);
export type IdosellPriceField = IdosellPriceFieldName;
registerEnumType(IdosellPriceField, { name: 'IdosellPriceField', description: 'Where an IdoSell price field gets its value from.' });

@ObjectType()
export class PriceMapping {
  @Field(() => ID) id: number;
  @Field(() => IdosellPriceField) idosellPriceField: IdosellPriceField;
}

@ObjectType()
export class PaymentMethodMapping {
  @Field(() => ID) id: number;
  @Field(() => String) idosellPaymentFormName: string;
}

@ObjectType()
export class StatusMapping {
  @Field(() => ID) id: number;
  @Field(() => String) isofStatus: string;
  @Field(() => String) idosellStatus: string;
}

@InputType()
export class PriceMappingInput {
  @Field(() => ID) shopId: string;
  @Field(() => ID) priceTypeId: string;
  @Field(() => IdosellPriceField) @IsEnum(IdosellPriceField) idosellPriceField: IdosellPriceField;
}

@InputType()
export class PaymentMethodMappingInput {
  @Field(() => ID) shopId: string;
  @Field(() => ID) paymentMethodId: string;
  @Field(() => String)
  @FreeText(MAPPING_TEXT.idosellPaymentFormName)
  idosellPaymentFormName: string;
}

@InputType()
export class StatusMappingInput {
  @Field(() => ID) shopId: string;
  @Field(() => String) @FreeText(MAPPING_TEXT.isofStatus) isofStatus: string;
  @Field(() => String) @FreeText(MAPPING_TEXT.idosellStatus) idosellStatus: string;
}
