import { Field, ID, InputType } from 'type-graphql';
import { DRY_RUN_DOC, WAIT_DOC } from '../sync-runs/sync-run.types.js';

@InputType({ description: 'force: true sends the stock of every exported product, changed or not (a full resynchronisation).' })
export class SyncStockInput {
  @Field(() => ID, { description: 'The shop to send stock to (Shop.id). Unknown: NOT_FOUND; inactive: BAD_USER_INPUT.' }) shopId: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: DRY_RUN_DOC }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: WAIT_DOC }) wait: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'True: send the stock of every exported product, changed or not. Default false: only stock that differs from what the shop last confirmed.' }) force: boolean;
}
