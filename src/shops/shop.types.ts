import { IsBoolean, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { FreeText } from '../common/text.js';
import { SHOP_TEXT } from './shop.service.js';

@ObjectType({ description: 'An IdoSell shop this server synchronises with ISOF: its address, settings and mappings. The API key is never returned.' })
export class Shop {
  @Field(() => ID, { description: 'The shop id: shopId in the run mutations and filters.' })
  id: number;

  @Field(() => String, { description: 'The name people know the shop by; unique, up to 100 characters.' })
  name: string;

  @Field(() => String, { description: "Base URL of the shop's Admin API, e.g. https://example.idosell.com/api/admin/v6" })
  apiUrl: string;

  @Field(() => Int, { description: 'IdoSell warehouse (stockId) that receives the stock summed over all ISOF warehouses.' })
  idosellStockId: number;

  @Field(() => String, { description: 'IdoSell language of names and descriptions, e.g. pol.' })
  languageId: string;

  @Field(() => Boolean, { description: 'Whether the shop is in use. For an inactive shop (updateShop active: false), runs, shopOrders and shopPaymentForms are refused with BAD_USER_INPUT until it is activated again.' })
  active: boolean;

  @Field(() => Date, { description: 'When the shop was added (UTC, ISO 8601).' })
  createdAt: Date;

  @Field(() => Date, { description: 'When the shop was last changed by updateShop (UTC, ISO 8601).' })
  updatedAt: Date;
}

const LANGUAGE = /^[a-z]{3}$/;

@InputType({ description: 'A new shop for createShop. Bad values are answered BAD_USER_INPUT naming the field; a name already taken, CONFLICT.' })
export class CreateShopInput {
  @Field(() => String, { description: 'The shop name, unique, 1 to 100 characters after trimming.' })
  @FreeText(SHOP_TEXT.name)
  name: string;

  @Field(() => String, {
    description: "The shop's address, e.g. example.idosell.com or https://example.idosell.com/api/admin/v6; https:// and /api/admin/v6 are added when missing. At most 500 characters in full; https only; private addresses only when IDOSELL_ALLOW_PRIVATE_ADDRESSES.",
  })
  @FreeText(SHOP_TEXT.apiUrl)
  apiUrl: string;

  @Field(() => String, { description: "The shop's Admin API key from the IdoSell panel, 8 to 500 printable characters without spaces. Stored encrypted, never returned." })
  @FreeText(SHOP_TEXT.apiKey)
  apiKey: string;

  @Field(() => Int, { nullable: true, defaultValue: 1, description: 'The IdoSell warehouse (stockId, 1 to 1000000) that receives the stock; default 1. testShopConnection lists the warehouses.' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'idosellStockId must be 1 or more: it is the number of a warehouse in the IdoSell panel.' })
  @Max(1000000, { message: 'idosellStockId is too large to be an IdoSell warehouse number.' })
  idosellStockId?: number | null;

  @Field(() => String, { nullable: true, defaultValue: 'pol', description: 'The IdoSell language of product names and descriptions, three letters such as "pol" or "eng"; default "pol".' })
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

@InputType({ description: 'What updateShop changes: only the fields given (null or absent: unchanged). Bad values are answered BAD_USER_INPUT naming the field; a name already taken, CONFLICT.' })
export class UpdateShopInput {
  @Field(() => String, { nullable: true, description: 'A new name, unique, 1 to 100 characters after trimming.' })
  @IsOptional()
  @FreeText(SHOP_TEXT.name)
  name?: string;

  @Field(() => String, { nullable: true, description: 'A new address, written as for createShop (https only, at most 500 characters in full).' })
  @IsOptional()
  @FreeText(SHOP_TEXT.apiUrl)
  apiUrl?: string;

  @Field(() => String, { nullable: true, description: 'A new Admin API key, 8 to 500 printable characters without spaces; stored encrypted, never returned.' })
  @IsOptional()
  @FreeText(SHOP_TEXT.apiKey)
  apiKey?: string;

  @Field(() => Int, { nullable: true, description: 'A new IdoSell warehouse number (stockId, 1 to 1000000) for the stock.' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'idosellStockId must be 1 or more: it is the number of a warehouse in the IdoSell panel.' })
  @Max(1000000, { message: 'idosellStockId is too large to be an IdoSell warehouse number.' })
  idosellStockId?: number;

  @Field(() => String, { nullable: true, description: 'A new language of names and descriptions, three letters such as "pol".' })
  @IsOptional()
  @Matches(LANGUAGE, { message: 'languageId must be a three-letter IdoSell language code such as "pol" or "eng".' })
  languageId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Marks the shop in use (true) or out of use (false); see Shop.active.' })
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

@ObjectType({ description: "A warehouse of the IdoSell shop, as the shop lists it." })
export class IdosellStock {
  @Field(() => Int, { description: "The warehouse number (IdoSell's stockId): the value for the shop's idosellStockId." })
  id: number;

  @Field(() => String, { description: 'The warehouse name in the IdoSell panel.' })
  name: string;
}

@ObjectType({ description: 'What testShopConnection (and createShop / updateShop before saving) found when calling the shop.' })
export class ShopConnectionReport {
  @Field(() => Boolean, { description: 'True when the shop answered and accepted the key.' })
  ok: boolean;

  @Field(() => Boolean, { description: 'True when something answered at that address (false: a name that does not resolve, a refused connection, a certificate that does not fit, no answer).' })
  reachable: boolean;

  @Field(() => Boolean, { description: 'True when the shop accepted the API key. Permissions the key lacks for the reads the server makes do not make it false: message names them.' })
  keyAccepted: boolean;

  @Field(() => String, { description: 'A sentence a person can act on.' })
  message: string;

  @Field(() => [IdosellStock], { description: "The shop's warehouses: pick one as the shop's idosellStockId." })
  stocks: IdosellStock[];

  @Field(() => [String], { description: "The shop's language codes (e.g. pol, eng): pick one as the shop's languageId. Empty when the call failed." })
  languages: string[];

  @Field(() => String, { nullable: true, description: "The shop's base currency (e.g. PLN); null when the shop did not say or the call failed." })
  currency: string | null;
}
