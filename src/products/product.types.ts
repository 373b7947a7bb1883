import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../api/scalars.js';
import { PageInfo } from '../api/connection.js';
import { FreeText } from '../common/text.js';
import { CATALOG_TEXT } from './catalog.service.js';

@ObjectType({ description: 'An ISOF warehouse. A shop receives the stock summed over all of them.' })
export class Warehouse {
  @Field(() => ID, { description: 'The ISOF warehouse id.' }) id: number;
  @Field(() => String, { description: 'The short warehouse code in ISOF, e.g. MAG1.' }) code: string;
  @Field(() => String, { description: 'The warehouse name in ISOF.' }) name: string;
}

@ObjectType({ description: "A product's stock in one ISOF warehouse." })
export class StockLevel {
  @Field(() => Warehouse, { description: 'The warehouse holding it.' }) warehouse: Warehouse;
  @Field(() => Float, { description: 'How much is there, in the product unit (pieces, kg, ...; up to 3 decimals).' }) quantity: number;
}

@ObjectType({ description: 'An ISOF price type (a price list such as retail or wholesale). Map them to IdoSell price fields with setPriceMapping.' })
export class PriceType {
  @Field(() => ID, { description: 'The ISOF price type id: priceTypeId in setPriceMapping.' }) id: number;
  @Field(() => String, { description: 'The price type name in ISOF.' }) name: string;
}

@ObjectType({ description: "A product's price of one ISOF price type." })
export class Price {
  @Field(() => PriceType, { description: 'Which price type this price is.' }) priceType: PriceType;
  @Field(() => DecimalScalar, { description: 'Net price of one unit, in currency (2 decimals).' }) net: string;
  @Field(() => DecimalScalar, { description: 'Gross price of one unit, in currency (2 decimals): what an export sends.' }) gross: string;
  @Field(() => String, { description: 'Currency code, e.g. PLN.' }) currency: string;
}

@ObjectType({ description: 'A product of the ISOF catalogue, with its prices, stock and where it was exported.' })
export class Product {
  @Field(() => ID, { description: 'The ISOF product id: what exportProducts productIds takes.' }) id: number;
  @Field(() => String, { description: "The product code (ISOF's index, up to 50 characters): the shop's external product code, what linking matches on." }) code: string;
  @Field(() => String, { description: 'The product name in ISOF (sent to the shop in its language).' }) name: string;
  @Field(() => String, { nullable: true, description: 'The product description in ISOF; null when none.' }) description: string | null;
  @Field(() => Float, { description: 'VAT rate in percent, e.g. 23.' }) vatRate: number;
  @Field(() => String, { description: 'Unit of measure, e.g. szt.' }) unit: string;
  @Field(() => Boolean, { description: 'Inactive products are left out of the mass export.' }) active: boolean;
}

@ObjectType({ description: "What this server knows of a product's copy in one shop (an export or a link made it)." })
export class ProductExport {
  @Field(() => Int, { nullable: true, description: "The product's id in the shop; null when the shop has not said it yet (IDOSELL_NO_PRODUCT_ID; the next export links it)." }) idosellProductId: number | null;
  @Field(() => Date, { nullable: true, description: 'When an export last sent the product (UTC, ISO 8601); null when it was only linked.' }) lastExportedAt: Date | null;
  @Field(() => Float, { nullable: true, description: 'The stock the shop last confirmed (export or syncStock), in the product unit; null before any.' }) lastSentStock: number | null;
}

@ObjectType({ description: 'One product of a page of products.' })
export class ProductEdge {
  @Field(() => Product, { description: 'The product this edge holds.' }) node: Product;
  @Field(() => String, { description: "This product's cursor: pass it as \"after\" to read the products after it." }) cursor: string;
}

@ObjectType({ description: 'A page of ISOF products, in id order.' })
export class ProductConnection {
  @Field(() => [ProductEdge], { description: 'The products of this page.' }) edges: ProductEdge[];
  @Field(() => PageInfo, { description: 'Whether there is a next page, and the cursor to read it.' }) pageInfo: PageInfo;
  @Field(() => Int, { description: 'How many products match the filter, over all pages.' }) totalCount: number;
}

@InputType({ description: 'Which products the products query lists; every field given must match (all absent: every product).' })
export class ProductFilter {
  @Field(() => String, { nullable: true, description: 'Part of the code or name (any case), up to 100 characters; empty: no search.' })
  @IsOptional() @FreeText(CATALOG_TEXT.search)
  search?: string | null;

  @Field(() => [String], { nullable: true, description: 'Only products with one of these exact codes (at most 500, each up to 50 characters); more: BAD_USER_INPUT.' })
  @IsOptional() @ArrayMaxSize(500, { message: 'codes may list at most 500 codes; page through the rest.' })
  @FreeText({ ...CATALOG_TEXT.code, each: true })
  codes?: string[] | null;

  @Field(() => ID, { nullable: true, description: 'Only products exported to (or linked in) this shop (Shop.id). Not an id: BAD_USER_INPUT.' })
  @IsOptional()
  exportedToShopId?: string | null;
}
