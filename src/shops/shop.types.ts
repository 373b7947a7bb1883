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

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Save without calling the shop first. By default the shop is called with this address and key (as testShopConnection does) and not saved when it cannot be reached or refuses the key; true saves it anyway, e.g. a shop not live yet.',
  })
  @IsOptional()
  @IsBoolean()
  saveWithoutTest?: boolean | null;
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

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Save a new apiUrl or apiKey without calling the shop first. By default the shop is called with them (as testShopConnection does) and nothing is saved when it cannot be reached or refuses the key.',
  })
  @IsOptional()
  @IsBoolean()
  saveWithoutTest?: boolean | null;
}

@ObjectType()
export class IdosellStock {
  @Field(() => Int)
  id: number;

  @Field(() => String)
  name: string;
}

@ObjectType()
export class ShopConnectionReport {
  @Field(() => Boolean, { description: 'True when the shop answered and accepted the key.' })
  ok: boolean;

  @Field(() => Boolean)
  reachable: boolean;

  @Field(() => Boolean)
  keyAccepted: boolean;

  @Field(() => String, { description: 'A sentence a person can act on.' })
  message: string;

  @Field(() => [IdosellStock], { description: "The shop's warehouses: pick one as the shop's idosellStockId." })
  stocks: IdosellStock[];

  @Field(() => [String])
  languages: string[];

  @Field(() => String, { nullable: true })
  currency: string | null;
}
