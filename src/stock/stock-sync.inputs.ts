import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'force: true sends the stock of every exported product, changed or not (a full resynchronisation).' })
export class SyncStockInput {
  @Field(() => ID) shopId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) force: boolean;
}
