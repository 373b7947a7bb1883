import { ArrayMaxSize, ArrayMinSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { DRY_RUN_DOC, WAIT_DOC } from '../sync-runs/sync-run.types.js';

@InputType({
  description: 'Without productIds: every active ISOF product (the mass export). force: true sends the products\neven when nothing changed since their last export (e.g. after someone edited them in the shop).',
})
export class ExportProductsInput {
  @Field(() => ID, { description: 'The shop to export to (Shop.id). Unknown: NOT_FOUND; inactive: BAD_USER_INPUT.' }) shopId: string;
  @Field(() => [ID], { nullable: true, description: 'Export only these ISOF products (Product.id, 1 to 10,000 of them); absent: every active product. An empty list: BAD_USER_INPUT.' })
  @IsOptional()
  @ArrayMinSize(1, { message: 'productIds must list at least one product; leave it out to export every active product.' })
  @ArrayMaxSize(10000, { message: 'productIds may list at most 10,000 products; leave it out for the mass export.' })
  productIds?: string[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: DRY_RUN_DOC }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: WAIT_DOC }) wait: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'True: send every product even when nothing changed since its last export (skipped otherwise). Default false.' }) force: boolean;
}
