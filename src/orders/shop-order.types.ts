import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../api/scalars.js';

/** An order as the shop has it, listed before it is imported (the import screen). */
@ObjectType({ description: 'An order as the shop has it, listed before it is imported.' })
export class ShopOrder {
  @Field(() => Int, { description: "The order's serial number in the shop (what the IdoSell panel shows): what importOrders' orderSerialNumbers takes." }) orderSerialNumber: number;
  @Field(() => String, { description: "IdoSell's order id (text, e.g. \"abc-12\"), kept for reference." }) orderId: string;
  @Field(() => Date, { description: 'When the order was placed in the shop (UTC, ISO 8601).' }) placedAt: Date;
  @Field(() => String, { description: 'The IdoSell status. One of idosellOrderStatuses.' }) status: string;
  @Field(() => String, { description: "The buyer's company or first and last name, as the shop has it." }) customerName: string;
  @Field(() => DecimalScalar, { description: 'Total gross amount of the order in the shop, in currency (products plus delivery and fees).' }) totalGross: string;
  @Field(() => String, { description: 'Currency code of the total, e.g. PLN (PLN when the shop does not say).' }) currency: string;
  @Field(() => String, { nullable: true, description: 'The payment form name as the shop spells it; null when the order has none (it cannot be imported then: UNMAPPED_PAYMENT_METHOD).' }) paymentFormName: string | null;
  @Field(() => Boolean, { description: 'True when the order is already in ISOF (isofOrder is it).' }) imported: boolean;
  /** Resolved by the resolver from isofOrderId. */
  isofOrderId: number | null;
  @Field(() => Boolean, { description: 'True when some line has a product code ISOF does not know (unknownProductCodes); it imports only with includeIncomplete.' }) incomplete: boolean;
  @Field(() => [String], { description: 'The product codes of the order ISOF does not know, each once; empty when none.' }) unknownProductCodes: string[];
  @Field(() => String, { nullable: true, description: 'Why this order cannot be imported as it stands, or why its last import failed; null when none.' })
  problem: string | null;
  @Field(() => Int, { description: 'How many product lines the order has in the shop.' }) lineCount: number;
}
