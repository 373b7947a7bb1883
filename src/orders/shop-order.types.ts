import { Field, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../api/scalars.js';

/** An order as the shop has it, listed before it is imported (the import screen). */
@ObjectType({ description: 'An order as the shop has it, listed before it is imported.' })
export class ShopOrder {
  @Field(() => Int) orderSerialNumber: number;
  @Field(() => String) orderId: string;
  @Field(() => Date) placedAt: Date;
  @Field(() => String, { description: 'The IdoSell status.' }) status: string;
  @Field(() => String) customerName: string;
  @Field(() => DecimalScalar) totalGross: string;
  @Field(() => String) currency: string;
  @Field(() => String, { nullable: true }) paymentFormName: string | null;
  @Field(() => Boolean) imported: boolean;
  /** Resolved by the resolver from isofOrderId. */
  isofOrderId: number | null;
  @Field(() => Boolean) incomplete: boolean;
  @Field(() => [String]) unknownProductCodes: string[];
  @Field(() => String, { nullable: true, description: 'Why this order cannot be imported as it stands, or why its last import failed; null when none.' })
  problem: string | null;
  @Field(() => Int, { description: 'Number of lines.' }) lineCount: number;
}
