import { Field, ID, InputType } from 'type-graphql';
import { DRY_RUN_DOC, WAIT_DOC } from '../sync-runs/sync-run.types.js';

@InputType({ description: "dryRun: true reports what would be linked and writes nothing." })
export class LinkShopProductsInput {
  @Field(() => ID, { description: 'The shop whose products to link (Shop.id). Unknown: NOT_FOUND; inactive: BAD_USER_INPUT.' }) shopId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: DRY_RUN_DOC }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: WAIT_DOC }) wait: boolean;
}
