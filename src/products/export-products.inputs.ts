import { ArrayMaxSize, ArrayMinSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description: 'Without productIds: every active ISOF product (the mass export). force: true sends the products\neven when nothing changed since their last export (e.g. after someone edited them in the shop).',
})
export class ExportProductsInput {
  @Field(() => ID) shopId: string;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMinSize(1, { message: 'productIds must list at least one product; leave it out to export every active product.' })
  @ArrayMaxSize(10000, { message: 'productIds may list at most 10,000 products; leave it out for the mass export.' })
  productIds?: string[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) wait: boolean;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) force: boolean;
}
