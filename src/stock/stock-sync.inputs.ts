import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class SyncStockInput {
  @Field(() => ID) shopId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
}
