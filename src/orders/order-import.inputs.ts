import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsInt, IsOptional, Min } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { OrderPeriod } from './period.js';

// Registered here, next to its only GraphQL use, so that period.ts stays free of type-graphql.
registerEnumType(OrderPeriod, {
  name: 'OrderPeriod',
  description: "Periods for the order import, in the shop's calendar (Europe/Warsaw unless the shop says otherwise).",
});

@InputType({ description: 'Give from/to or period, not both; neither means LAST_7_DAYS.' })
export class ShopOrdersInput {
  @Field(() => ID) shopId: string;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() to?: Date | null;
  @Field(() => OrderPeriod, { nullable: true }) @IsOptional() @IsEnum(OrderPeriod) period?: OrderPeriod | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) showImported: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) includeIncomplete: boolean;
}

@InputType({ description: 'Imports what shopOrders lists for the same filter, or only the orderSerialNumbers given.' })
export class ImportOrdersInput {
  @Field(() => ID) shopId: string;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() to?: Date | null;
  @Field(() => OrderPeriod, { nullable: true }) @IsOptional() @IsEnum(OrderPeriod) period?: OrderPeriod | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) includeIncomplete: boolean;
  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'orderSerialNumbers must list at least one order; leave it out to import the period.' })
  @ArrayMaxSize(1000, { message: 'orderSerialNumbers may list at most 1,000 orders.' })
  @IsInt({ each: true })
  @Min(1, { each: true, message: 'orderSerialNumbers must be positive IdoSell order serial numbers.' })
  orderSerialNumbers?: number[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
}
