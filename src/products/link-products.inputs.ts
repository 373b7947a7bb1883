import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: "dryRun: true reports what would be linked and writes nothing." })
export class LinkShopProductsInput {
  @Field(() => ID) shopId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
}
