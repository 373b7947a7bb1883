import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsInt, IsOptional, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { OrderPeriod } from '../graphql/enums.js';

@InputType({ description: 'Without productIds: every active ISOF product (the mass export).' })
export class ExportProductsInput {
  @Field(() => ID) shopId: string;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'productIds must list at least one product; leave it out to export every active product.' })
  @ArrayMaxSize(10000, { message: 'productIds may list at most 10,000 products; leave it out for the mass export.' })
  productIds?: string[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
}

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

@InputType()
export class SyncStockInput {
  @Field(() => ID) shopId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
}

@InputType()
export class SyncStatusesInput {
  @Field(() => ID) shopId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
}
