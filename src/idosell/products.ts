/** What an export sends for one product, and how it becomes an item of PUT /products/products. */
import { toGrosze } from '../common/money.js';
import type { ProductPut } from './types.js';

/** IdoSell's size id of a product sold in one size only ("uniwersalny"). */
export const ONE_SIZE_ID = 'uniw';

/**
 * IdoSell's six product price fields: the one list. For each, the field of a product PUT item
 * (`put`) and the key of `ProductPrices` that carries its value (`prices`; these key names are part
 * of an export's change hash, so they never change).
 */
export const PRICE_FIELDS = {
  RETAIL: { put: 'productRetailPrice', prices: 'retailGross' },
  WHOLESALE: { put: 'productWholesalePrice', prices: 'wholesaleGross' },
  MINIMAL: { put: 'productMinimalPrice', prices: 'minimalGross' },
  POS: { put: 'productPosPrice', prices: 'posGross' },
  SUGGESTED: { put: 'productSuggestedPrice', prices: 'suggestedGross' },
  STRIKETHROUGH_RETAIL: { put: 'productStrikethroughRetailPrice', prices: 'strikethroughRetailGross' },
} as const satisfies Record<string, { put: keyof ProductPut; prices: string }>;
export type IdosellPriceFieldName = keyof typeof PRICE_FIELDS;
export const IDOSELL_PRICE_FIELDS = Object.keys(PRICE_FIELDS) as IdosellPriceFieldName[];

export interface ProductPrices {
  /** Gross retail price, decimal text "123.45". */
  retailGross: string;
  wholesaleGross?: string | null;
  minimalGross?: string | null;
  posGross?: string | null;
  suggestedGross?: string | null;
  strikethroughRetailGross?: string | null;
}

export interface ProductUpsert {
  /** The product's IdoSell id when it was exported before; absent means create. */
  idosellProductId?: number | null;
  /** The ISOF product code: the shop's external code of the size and the displayed code. */
  code: string;
  name: string;
  /** Short description. */
  description?: string | null;
  longDescription?: string | null;
  /** IdoSell language id (ISO-639-3), e.g. "pol". */
  languageId: string;
  /** VAT rate in percent, e.g. 23. */
  vatRate: number;
  vatFree?: boolean;
  prices: ProductPrices;
  /** Absolute stock of the one size in one IdoSell warehouse. */
  stock?: { stockId: number; quantity: number } | null;
  /** The product card's picture, base64 (no data: prefix). */
  pictureBase64?: string | null;
}

/** A decimal price as IdoSell's number, rounded to grosze (grosze / 100 is the same double as its decimal text). */
const price = (value: string | null | undefined): number | undefined =>
  value === null || value === undefined || value.trim() === '' ? undefined : toGrosze(value) / 100;

/** The PUT item for one product; `productId` set means edit that product. */
export function toProductPut(p: ProductUpsert, productId?: number): ProductPut {
  const item: ProductPut = {};
  if (productId !== undefined) item.productId = productId;
  item.productDisplayedCode = p.code;
  item.productVat = p.vatRate;
  item.productVatFree = p.vatFree ? 'y' : 'n';
  const prices: [keyof ProductPut, string | null | undefined][] = [
    ['productRetailPrice', p.prices.retailGross],
    ['productWholesalePrice', p.prices.wholesaleGross],
    ['productMinimalPrice', p.prices.minimalGross],
    ['productPosPrice', p.prices.posGross],
    ['productSuggestedPrice', p.prices.suggestedGross],
    ['productStrikethroughRetailPrice', p.prices.strikethroughRetailGross],
  ];
  for (const [field, value] of prices) {
    const n = price(value);
    if (n !== undefined) (item as Record<string, unknown>)[field] = n;
  }
  item.productNames = { productNamesLangData: [{ langId: p.languageId, productName: p.name }] };
  if (p.description !== undefined && p.description !== null) {
    item.productParamDescriptions = { productParamDescriptionsLangData: [{ langId: p.languageId, productParamDescriptions: p.description }] };
  }
  if (p.longDescription !== undefined && p.longDescription !== null) {
    item.productLongDescriptions = { productLongDescriptionsLangData: [{ langId: p.languageId, productLongDescription: p.longDescription }] };
  }
  if (p.pictureBase64) item.productPictures = [{ productPictureSource: p.pictureBase64 }];
  item.productSizes = [
    {
      sizeId: ONE_SIZE_ID,
      productSizeCodeExternal: p.code,
      ...(p.stock ? { productStocksData: { productStocksQuantities: [{ stockId: p.stock.stockId, productSizeQuantity: p.stock.quantity }] } } : {}),
    },
  ];
  return item;
}
