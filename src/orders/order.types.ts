import { IsDate, IsOptional } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../api/scalars.js';
import { PageInfo } from '../api/connection.js';

@ObjectType({ description: "An ISOF customer (the buyer of an order), as ISOF has it; imports find or create one per shop client." })
export class Customer {
  @Field(() => ID, { description: "The ISOF customer id." }) id: number;
  @Field(() => String, { description: 'The name: a company name, or first and last name.' }) name: string;
  @Field(() => String, { nullable: true, description: 'E-mail address; null when ISOF has none.' }) email: string | null;
  @Field(() => String, { nullable: true, description: 'Tax id (NIP) as written; null when none.' }) taxId: string | null;
  @Field(() => String, { nullable: true, description: 'Phone number as written; null when none.' }) phone: string | null;
  @Field(() => String, { nullable: true, description: 'Street and number; null when none.' }) street: string | null;
  @Field(() => String, { nullable: true, description: 'Postal code, e.g. 00-950; null when none.' }) postalCode: string | null;
  @Field(() => String, { nullable: true, description: 'City or town; null when none.' }) city: string | null;
  @Field(() => String, { nullable: true, description: 'Country as ISOF has it; null when none.' }) country: string | null;
}

@ObjectType({ description: 'An ISOF payment method (przelew, BLIK, ...): what imported orders are paid with. Map shop payment forms to them with setPaymentMethodMapping.' })
export class PaymentMethod {
  @Field(() => ID, { description: 'The ISOF payment method id: paymentMethodId in setPaymentMethodMapping.' }) id: number;
  @Field(() => String, { description: 'The name in ISOF; a shop payment form of the same name (any case) needs no mapping.' }) name: string;
}

@ObjectType({ description: 'One line of an ISOF order.' })
export class OrderLine {
  @Field(() => ID, { description: 'The ISOF order line id.' }) id: number;
  @Field(() => String, { description: 'The product code (for a foreign line, the code the shop gave; DOSTAWA for the delivery and fees line of an import).' }) code: string;
  @Field(() => String, { description: 'The product name on the line.' }) name: string;
  @Field(() => Float, { description: 'How many, in the product unit (pieces, kg, ...); may be fractional.' }) quantity: number;
  @Field(() => DecimalScalar, { description: 'Gross price of one unit, in the order currency (PLN unless the order says otherwise).' }) unitPriceGross: string;
  @Field(() => DecimalScalar, { description: 'Net price of one unit, in the order currency.' }) unitPriceNet: string;
  @Field(() => Float, { description: 'VAT rate in percent, e.g. 23.' }) vatRate: number;
  @Field(() => Boolean, { description: 'True for a line whose product is unknown to ISOF.' }) foreign: boolean;
}

@ObjectType({ description: 'A customer order in ISOF: entered in ISOF, or imported from a shop (then source says from where).' })
export class Order {
  @Field(() => ID, { description: 'The ISOF order id.' }) id: number;
  @Field(() => String, { description: 'The ISOF order number; imported orders are numbered IDO/<shop id>/<order serial number>.' }) number: string;
  @Field(() => Date, { description: 'When the order was placed (UTC, ISO 8601).' }) orderedAt: Date;
  @Field(() => DecimalScalar, { description: 'Total gross amount, in currency.' }) totalGross: string;
  @Field(() => DecimalScalar, { description: 'Total net amount, in currency.' }) totalNet: string;
  @Field(() => String, { description: 'Currency code of the amounts, e.g. PLN.' }) currency: string;
}

@ObjectType({ description: 'Where an imported ISOF order came from: the shop and its order there.' })
export class OrderSource {
  @Field(() => Int, { description: "The order's serial number in the shop (what the IdoSell panel shows)." }) orderSerialNumber: number;
  @Field(() => Date, { description: 'When it was imported into ISOF (UTC, ISO 8601).' }) importedAt: Date;
  @Field(() => String, { nullable: true, description: 'The IdoSell status last sent to the shop for this order.' })
  lastSentStatus: string | null;
}

@ObjectType({ description: 'One order of a page of orders.' })
export class OrderEdge {
  @Field(() => Order, { description: 'The order this edge holds.' }) node: Order;
  @Field(() => String, { description: "This order's cursor: pass it as \"after\" to read the orders after it." }) cursor: string;
}

@ObjectType({ description: 'A page of ISOF orders, newest (highest id) first.' })
export class OrderConnection {
  @Field(() => [OrderEdge], { description: 'The orders of this page.' }) edges: OrderEdge[];
  @Field(() => PageInfo, { description: 'Whether there is a next page, and the cursor to read it.' }) pageInfo: PageInfo;
  @Field(() => Int, { description: 'How many orders match the filter, over all pages.' }) totalCount: number;
}

@InputType({ description: 'Which ISOF orders the orders query lists; every field given must match (all absent: every order).' })
export class OrderFilter {
  @Field(() => ID, { nullable: true, description: 'Only orders imported from this shop (Shop.id). Not an id: BAD_USER_INPUT.' }) @IsOptional() shopId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'True: only orders imported from any shop. Ignored when shopId is given.' }) @IsOptional() importedOnly?: boolean | null;
  @Field(() => Date, { nullable: true, description: 'Only orders placed at or after this instant (ISO 8601). After "to": BAD_USER_INPUT.' }) @IsOptional() @IsDate() from?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Only orders placed at or before this instant (ISO 8601).' }) @IsOptional() @IsDate() to?: Date | null;
}
