import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../api/scalars.js';
import { PageInfo } from '../api/connection.js';
import { FreeText } from '../common/text.js';
import { CATALOG_TEXT } from './catalog.service.js';

@ObjectType()
export class Warehouse {
  @Field(() => ID) id: number;
  @Field(() => String) code: string;
  @Field(() => String) name: string;
}

@ObjectType()
export class StockLevel {
  @Field(() => Warehouse) warehouse: Warehouse;
  @Field(() => Float) quantity: number;
}

@ObjectType()
export class PriceType {
  @Field(() => ID) id: number;
  @Field(() => String) name: string;
}

@ObjectType()
export class Price {
  @Field(() => PriceType) priceType: PriceType;
  @Field(() => DecimalScalar) net: string;
  @Field(() => DecimalScalar) gross: string;
  @Field(() => String) currency: string;
}

@ObjectType()
export class Product {
  @Field(() => ID) id: number;
  @Field(() => String) code: string;
  @Field(() => String) name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => Float, { description: 'VAT rate in percent, e.g. 23.' }) vatRate: number;
  @Field(() => String, { description: 'Unit of measure, e.g. szt.' }) unit: string;
  @Field(() => Boolean, { description: 'Inactive products are left out of the mass export.' }) active: boolean;
}

@ObjectType()
export class ProductExport {
  @Field(() => Int, { nullable: true }) idosellProductId: number | null;
  @Field(() => Date, { nullable: true }) lastExportedAt: Date | null;
  @Field(() => Float, { nullable: true }) lastSentStock: number | null;
}

@ObjectType()
export class ProductEdge {
  @Field(() => Product) node: Product;
  @Field(() => String) cursor: string;
}

@ObjectType()
export class ProductConnection {
  @Field(() => [ProductEdge]) edges: ProductEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: number;
}

@InputType()
export class ProductFilter {
  @Field(() => String, { nullable: true, description: 'Part of the code or name.' })
  @IsOptional() @FreeText(CATALOG_TEXT.search)
  search?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional() @ArrayMaxSize(500, { message: 'codes may list at most 500 codes; page through the rest.' })
  @FreeText({ ...CATALOG_TEXT.code, each: true })
  codes?: string[] | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  exportedToShopId?: string | null;
}
