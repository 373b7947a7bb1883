import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

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
  @IsString()
  @MinLength(1, { message: 'name must not be empty.' })
  @MaxLength(100, { message: 'name must be at most 100 characters.' })
  name: string;

  @Field(() => String)
  @IsString()
  @MaxLength(500, { message: 'apiUrl must be at most 500 characters.' })
  apiUrl: string;

  @Field(() => String)
  @IsString()
  @Length(8, 500, { message: 'apiKey must be the IdoSell API key as the shop panel shows it (8 to 500 characters).' })
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
  @IsString()
  @MinLength(1, { message: 'name must not be empty.' })
  @MaxLength(100, { message: 'name must be at most 100 characters.' })
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500, { message: 'apiUrl must be at most 500 characters.' })
  apiUrl?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Length(8, 500, { message: 'apiKey must be the IdoSell API key as the shop panel shows it (8 to 500 characters).' })
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
