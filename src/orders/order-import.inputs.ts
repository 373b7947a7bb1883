import { ArrayMaxSize, ArrayMinSize, IsDate, IsEnum, IsInt, IsOptional, Min } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { OrderPeriod } from './period.js';
import { DRY_RUN_DOC, WAIT_DOC } from '../sync-runs/sync-run.types.js';

// Registered here, next to its only GraphQL use, so that period.ts stays free of type-graphql.
registerEnumType(OrderPeriod, {
  name: 'OrderPeriod',
  description: "Periods for the order import, in the shop's calendar (Europe/Warsaw unless the shop says otherwise). Days run from midnight to midnight; LAST_n_DAYS is today and the n-1 days before.",
  valuesConfig: {
    TODAY: { description: 'from midnight today until the end of today' },
    YESTERDAY: { description: 'the whole of yesterday' },
    LAST_7_DAYS: { description: 'today and the 6 days before (the default)' },
    LAST_14_DAYS: { description: 'today and the 13 days before' },
    LAST_30_DAYS: { description: 'today and the 29 days before' },
    THIS_MONTH: { description: 'from the 1st of this month until its end' },
    PREVIOUS_MONTH: { description: 'the whole of the month before this one' },
  },
});

const FROM = 'Orders placed at or after this instant (ISO 8601, e.g. 2026-03-01T00:00:00+01:00). With period: BAD_USER_INPUT; after "to": BAD_USER_INPUT.';
const TO = 'Orders placed at or before this instant (ISO 8601); needs "from"; absent with "from": now.';
const PERIOD = 'A named period instead of from/to; neither given: LAST_7_DAYS.';
const SHOP = 'The shop (Shop.id). Unknown: NOT_FOUND; inactive: BAD_USER_INPUT.';

@InputType({ description: 'Give from/to or period, not both; neither means LAST_7_DAYS.' })
export class ShopOrdersInput {
  @Field(() => ID, { description: SHOP }) shopId: string;
  @Field(() => Date, { nullable: true, description: FROM }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true, description: TO }) @IsOptional() @IsDate() to?: Date | null;
  @Field(() => OrderPeriod, { nullable: true, description: PERIOD }) @IsOptional() @IsEnum(OrderPeriod) period?: OrderPeriod | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'True: list orders already imported too (whatever their lines). Default false.' }) showImported: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'True: list orders with product codes ISOF does not know too (incomplete). Default false.' }) includeIncomplete: boolean;
}

@InputType({ description: 'Imports what shopOrders lists for the same filter, or only the orderSerialNumbers given.' })
export class ImportOrdersInput {
  @Field(() => ID, { description: SHOP }) shopId: string;
  @Field(() => Date, { nullable: true, description: `${FROM} Ignored with orderSerialNumbers.` }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true, description: `${TO} Ignored with orderSerialNumbers.` }) @IsOptional() @IsDate() to?: Date | null;
  @Field(() => OrderPeriod, { nullable: true, description: `${PERIOD} Ignored with orderSerialNumbers.` }) @IsOptional() @IsEnum(OrderPeriod) period?: OrderPeriod | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'True: import orders with product codes ISOF does not know too, as foreign lines; false skips them (UNKNOWN_PRODUCTS). Default false.' }) includeIncomplete: boolean;
  @Field(() => [Int], { nullable: true, description: 'Import only these orders (serial numbers as the shop shows them, 1 to 1000 of them) instead of a period. An empty list or a number below 1: BAD_USER_INPUT; a number the shop lacks: item ORDER_NOT_FOUND.' })
  @IsOptional()
  @ArrayMinSize(1, { message: 'orderSerialNumbers must list at least one order; leave it out to import the period.' })
  @ArrayMaxSize(1000, { message: 'orderSerialNumbers may list at most 1,000 orders.' })
  @IsInt({ each: true })
  @Min(1, { each: true, message: 'orderSerialNumbers must be positive IdoSell order serial numbers.' })
  orderSerialNumbers?: number[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: DRY_RUN_DOC }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: WAIT_DOC }) wait: boolean;
}
