import { IsEnum, IsString, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { IdosellPriceField } from '../graphql/enums.js';

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
  @IsString()
  @MinLength(1, { message: 'idosellPaymentFormName must not be empty; give the payment form name as the shop lists it.' })
  @MaxLength(200, { message: 'idosellPaymentFormName must be at most 200 characters.' })
  idosellPaymentFormName: string;
}

@InputType()
export class StatusMappingInput {
  @Field(() => ID) shopId: string;
  @Field(() => String) @IsString() @MinLength(1, { message: 'isofStatus must not be empty.' }) @MaxLength(100) isofStatus: string;
  @Field(() => String) @IsString() @MinLength(1, { message: 'idosellStatus must not be empty.' }) @MaxLength(40) idosellStatus: string;
}
