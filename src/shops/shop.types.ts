import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { FreeText } from '../common/text.js';
import { SHOP_TEXT } from './shop.service.js';

@ObjectType()
export class Shop {
  @Field(() => ID)
  id: number;

  @Field(() => String)
  name: string;

  @Field(() => String, { description: "Base URL of the shop's Admin API, e.g. https://example.idosell.com/api/admin/v6" })
  apiUrl: string;

  @Field(() => Int, { description: 'IdoSell warehouse (stockId) that receives the stock summed over all ISOF warehouses.' })
  idosellStockId: number;

  @Field(() => String, { description: 'IdoSell language of names and descriptions, e.g. pol.' })
  languageId: string;

  @Field(() => Boolean)
  active: boolean;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date)
  updatedAt: Date;
}

const LANGUAGE = /^[a-z]{3}$/;

@InputType()
export class CreateShopInput {
  @Field(() => String)
  @FreeText(SHOP_TEXT.name)
  name: string;

  @Field(() => String)
  @FreeText(SHOP_TEXT.apiUrl)
  apiUrl: string;

  @Field(() => String)
  @FreeText(SHOP_TEXT.apiKey)
  apiKey: string;

  @Field(() => Int, { nullable: true, defaultValue: 1 })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'idosellStockId must be 1 or more: it is the number of a warehouse in the IdoSell panel.' })
  @Max(1000000, { message: 'idosellStockId is too large to be an IdoSell warehouse number.' })
  idosellStockId?: number | null;

  @Field(() => String, { nullable: true, defaultValue: 'pol' })
  @IsOptional()
  @Matches(LANGUAGE, { message: 'languageId must be a three-letter IdoSell language code such as "pol" or "eng".' })
  languageId: string;
}

@InputType()
export class UpdateShopInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @FreeText(SHOP_TEXT.name)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @FreeText(SHOP_TEXT.apiUrl)
  apiUrl?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @FreeText(SHOP_TEXT.apiKey)
  apiKey?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'idosellStockId must be 1 or more: it is the number of a warehouse in the IdoSell panel.' })
  @Max(1000000, { message: 'idosellStockId is too large to be an IdoSell warehouse number.' })
  idosellStockId?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(LANGUAGE, { message: 'languageId must be a three-letter IdoSell language code such as "pol" or "eng".' })
  languageId?: string;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
