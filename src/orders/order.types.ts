import { IsDate, IsOptional } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../api/scalars.js';
import { PageInfo } from '../api/connection.js';

@ObjectType()
export class Customer {
  @Field(() => ID) id: number;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) email: string | null;
  @Field(() => String, { nullable: true }) taxId: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
  @Field(() => String, { nullable: true }) street: string | null;
  @Field(() => String, { nullable: true }) postalCode: string | null;
  @Field(() => String, { nullable: true }) city: string | null;
  @Field(() => String, { nullable: true }) country: string | null;
}

@ObjectType()
export class PaymentMethod {
  @Field(() => ID) id: number;
  @Field(() => String) name: string;
}

@ObjectType()
export class OrderLine {
  @Field(() => ID) id: number;
  @Field(() => String) code: string;
  @Field(() => String) name: string;
  @Field(() => Float) quantity: number;
  @Field(() => DecimalScalar) unitPriceGross: string;
  @Field(() => DecimalScalar) unitPriceNet: string;
  @Field(() => Float) vatRate: number;
  @Field(() => Boolean, { description: 'True for a line whose product is unknown to ISOF.' }) foreign: boolean;
}

@ObjectType()
export class Order {
  @Field(() => ID) id: number;
  @Field(() => String) number: string;
  @Field(() => Date) orderedAt: Date;
  @Field(() => DecimalScalar) totalGross: string;
  @Field(() => DecimalScalar) totalNet: string;
  @Field(() => String) currency: string;
}

@ObjectType()
export class OrderSource {
  @Field(() => Int) orderSerialNumber: number;
  @Field(() => Date) importedAt: Date;
  @Field(() => String, { nullable: true, description: 'The IdoSell status last sent to the shop for this order.' })
  lastSentStatus: string | null;
}

@ObjectType()
export class OrderEdge {
  @Field(() => Order) node: Order;
  @Field(() => String) cursor: string;
}

@ObjectType()
export class OrderConnection {
  @Field(() => [OrderEdge]) edges: OrderEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@InputType()
export class OrderFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() shopId?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() importedOnly?: boolean | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true }) @IsOptional() @IsDate() to?: Date | null;
}
