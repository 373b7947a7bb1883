import { IsEnum } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IdosellPriceField } from '../graphql/enums.js';
import { FreeText } from '../common/text.js';
import { MAPPING_TEXT } from './mapping.service.js';

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
