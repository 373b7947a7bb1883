/**
 * Products: what an export sends for one product, how it becomes an item of PUT
 * /products/products, creating or editing products in batches (a create whose answer is lost is
 * resolved by looking the codes up, never by creating again), and finding products by code.
 */
import { toGrosze } from '../common/money.js';
import { MAX_ITEMS_PER_CALL, runBatches, toBatches } from './batching.js';
import { IdosellAnswerLostError, IdosellCancelledError, IdosellError, IdosellUnavailableError } from './errors.js';
import { OPS } from './operations.js';
import { MAX_RESULTS_LIMIT, readAllPages } from './paging.js';
import { failedBy, list, obj, pairAnswers, type ItemResult } from './results.js';
import type { Transport } from './transport.js';
import type { Fault, ProductPut, ProductResult, ProductsPutParams, ProductsSearchParams, ProductsSearchResponse, ProductsWriteResponse } from './types.js';

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

type PriceKey = (typeof PRICE_FIELDS)[IdosellPriceFieldName]['prices'];
type RetailKey = typeof PRICE_FIELDS.RETAIL.prices;
/** Gross prices as decimal text ("123.45"), one key per price field; only the retail price is required. */
export type ProductPrices = { [K in RetailKey]: string } & { [K in Exclude<PriceKey, RetailKey>]?: string | null };

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
  // In PRICE_FIELDS' order: the body's bytes (key order too) feed the strict schema check and the export's hash.
  for (const field of IDOSELL_PRICE_FIELDS) {
    const n = price(p.prices[PRICE_FIELDS[field].prices]);
    if (n !== undefined) item[PRICE_FIELDS[field].put] = n;
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

/** `linked`: the code was already in the shop (found by the look-up before creating), so that product was edited. */
export type ProductUpsertResult = ItemResult<{ productId: number; created: boolean; linked?: boolean }>;

/** A product as sent, for pairing the answer: its code, and its id when it is an edit. */
interface SentProduct {
  code: string;
  productId?: number;
}

/**
 * Creates (no idosellProductId) or edits (by IdoSell id) products, in calls of at most 100, and
 * answers per item in the caller's order. Before creating, the codes are looked up in the shop
 * (`lookupBeforeCreate`, on by default), so a product created by an earlier, interrupted run is
 * edited, not created twice. A create whose answer was lost is resolved the same way.
 */
export async function upsertProducts(t: Transport, items: ProductUpsert[], opts: { lookupBeforeCreate?: boolean } = {}): Promise<ProductUpsertResult[]> {
  const results = new Array<ProductUpsertResult | undefined>(items.length);
  const edits: { index: number; productId: number; item: ProductUpsert }[] = [];
  let creates: { index: number; item: ProductUpsert }[] = [];
  items.forEach((item, index) => {
    if (item.idosellProductId) edits.push({ index, productId: item.idosellProductId, item });
    else creates.push({ index, item });
  });

  const foundByLookup = new Set<number>();
  if (creates.length && (opts.lookupBeforeCreate ?? true)) {
    try {
      const found = await findProductsByCodes(t, creates.map((c) => c.item.code));
      const still: typeof creates = [];
      for (const c of creates) {
        const ids = found.get(c.item.code) ?? [];
        if (ids.length > 1) results[c.index] = duplicateInShop(t, c.item.code, ids);
        else if (ids.length === 1) {
          edits.push({ index: c.index, productId: ids[0]!, item: c.item });
          foundByLookup.add(c.index);
        } else still.push(c);
      }
      creates = still;
    } catch (err) {
      if (!(err instanceof IdosellError)) throw err;
      for (const c of creates) results[c.index] = failedBy(err);
      creates = [];
    }
  }

  const [editResults, createResults] = await Promise.all([
    runBatches(edits, toBatches(edits, MAX_ITEMS_PER_CALL), (batch) => editBatch(t, batch), t),
    runBatches(creates, toBatches(creates, MAX_ITEMS_PER_CALL), (batch) => createBatch(t, batch), t),
  ]);
  edits.forEach((e, i) => {
    const r = editResults[i]!;
    const linked = foundByLookup.has(e.index);
    results[e.index] = r.ok ? { ok: true, value: { productId: r.value.productId, created: false, ...(linked ? { linked } : {}) } } : r;
    if (r.ok && linked) t.logger?.info({ code: e.item.code, productId: r.value.productId }, 'Product already in the shop; updated instead of created');
  });
  creates.forEach((c, i) => (results[c.index] = createResults[i]!));
  return results.map((r) => r!);
}

function productsBody(mode: 'add' | 'edit', batch: { productId?: number; item: ProductUpsert }[]): { params: ProductsPutParams } {
  const withPictures = batch.some((b) => !!b.item.pictureBase64);
  return {
    params: {
      settings: { settingModificationType: mode },
      ...(withPictures ? { picturesSettings: { picturesSettingInputType: 'base64', picturesSettingOverwrite: 'y' } } : {}),
      products: batch.map((b) => toProductPut(b.item, b.productId)),
    },
  };
}

async function editBatch(t: Transport, batch: { productId: number; item: ProductUpsert }[]): Promise<ItemResult<{ productId: number }>[]> {
  const answer = await t.send<ProductsWriteResponse>(OPS.productsEdit, { body: productsBody('edit', batch) });
  return readProductResults(t, answer.body, batch.map((b) => ({ code: b.item.code, productId: b.productId })));
}

async function createBatch(t: Transport, batch: { item: ProductUpsert }[]): Promise<ProductUpsertResult[]> {
  const out = new Array<ProductUpsertResult | undefined>(batch.length);
  let pending = batch.map((b, i) => ({ ...b, i }));
  for (let round = 0; pending.length > 0; round++) {
    try {
      const answer = await t.send<ProductsWriteResponse>(OPS.productsAdd, { body: productsBody('add', pending) });
      const read = readProductResults(t, answer.body, pending.map((p) => ({ code: p.item.code })));
      pending.forEach((p, k) => {
        const r = read[k]!;
        out[p.i] = r.ok ? { ok: true, value: { productId: r.value.productId, created: true } } : r;
      });
      pending = [];
    } catch (err) {
      if (!(err instanceof IdosellAnswerLostError)) {
        if (!(err instanceof IdosellError)) throw err;
        for (const p of pending) out[p.i] = failedBy(err);
        break;
      }
      // The shop may or may not have created them: ask it, never create blindly again.
      t.logger?.warn({ products: pending.length, reason: err.reason }, 'Product create got no answer; looking the codes up in the shop');
      let found: Map<string, number[]>;
      try {
        found = await findProductsByCodes(t, pending.map((p) => p.item.code));
      } catch (lookupErr) {
        if (!(lookupErr instanceof IdosellError)) throw lookupErr;
        for (const p of pending) out[p.i] = failedBy(lookupErr);
        break;
      }
      const missing: typeof pending = [];
      for (const p of pending) {
        const ids = found.get(p.item.code) ?? [];
        if (ids.length > 1) out[p.i] = duplicateInShop(t, p.item.code, ids);
        else if (ids.length === 1) out[p.i] = { ok: true, value: { productId: ids[0]!, created: true } };
        else missing.push(p);
      }
      pending = missing;
      if (pending.length > 0) {
        if (round >= t.config.retries) {
          const gaveUp = new IdosellUnavailableError({ shop: t.shopName, operation: OPS.productsAdd.name }, err.reason, round + 1);
          for (const p of pending) out[p.i] = failedBy(gaveUp);
          break;
        }
        try {
          await t.pause(OPS.productsAdd, t.backoff(round));
        } catch (stopped) {
          if (!(stopped instanceof IdosellCancelledError)) throw stopped;
          for (const p of pending) out[p.i] = failedBy(stopped);
          break;
        }
      }
    }
  }
  return out.map((r) => r!);
}

/** The answer's productsResults per product sent; an accepted product must come with its id. */
function readProductResults(t: Transport, body: ProductsWriteResponse, sent: SentProduct[]): ItemResult<{ productId: number }>[] {
  return pairAnswers(sent, list(obj(body.results).productsResults), obj(body.errors) as Fault, {
    shopName: t.shopName,
    match: matchesProduct,
    accept: (a, s) => {
      const productId = Number(a.productId ?? s.productId);
      if (!Number.isInteger(productId) || productId <= 0) {
        return { ok: false, code: 'IDOSELL_NO_PRODUCT_ID', message: `Shop "${t.shopName}" accepted product ${s.code} but did not say its id; export it again to link it.` };
      }
      return { ok: true, value: { productId } };
    },
    unanswered: (s) => `Shop "${t.shopName}" did not report on product ${s.code}; export it again to be sure.`,
  });
}

/** true: the answer is about this product; false: it is about another; undefined: it does not say. */
function matchesProduct(a: ProductResult, s: SentProduct): boolean | undefined {
  if (!a || typeof a !== 'object') return undefined;
  const answerId = a.productId === undefined || a.productId === null ? undefined : Number(a.productId);
  if (s.productId !== undefined && answerId !== undefined && answerId !== s.productId) return false;
  const names = [s.code, ...(s.productId !== undefined ? [String(s.productId)] : [])];
  const codes = [a.productSizeCodeExternal, a.productIndex].filter((c): c is string => typeof c === 'string' && c !== '');
  if (codes.length && !codes.some((c) => names.includes(c))) return false;
  if (codes.length) return true;
  if (s.productId !== undefined && answerId !== undefined) return true;
  return undefined;
}

/** The IdoSell product ids carrying each code (by size external code, else displayed code; more than one is a conflict the caller reports); unknown codes are left out. */
export async function findProductsByCodes(t: Transport, codes: string[]): Promise<Map<string, number[]>> {
  const wanted = [...new Set(codes.filter((c) => typeof c === 'string' && c.trim() !== ''))];
  const out = new Map<string, number[]>();
  const add = (map: Map<string, number[]>, code: string, id: number) => {
    const ids = map.get(code) ?? [];
    if (!ids.includes(id)) ids.push(id);
    map.set(code, ids);
  };
  // Two search entries per code (size code and displayed code), at most 100 entries per search. The
  // searches go out together (the shop's limiter bounds how many are in flight): a page of creates
  // waits for one round trip, not for one per 50 codes.
  const searched = await Promise.all(toBatches(wanted, MAX_ITEMS_PER_CALL / 2).map(async (batch) => {
    const productParams = batch.items.flatMap((code) => [{ productSizeCodeExternal: code }, { productCode: code }]);
    const found = await readAllPages<{ productId?: number; productDisplayedCode?: string; productIsDeleted?: string; productSizesAttributes?: unknown }>(
      (page) => t.searchPage<ProductsSearchResponse, NonNullable<ProductsSearchResponse['results']>[number]>(
        OPS.productsSearch,
        { params: { productParams, returnProducts: 'active', resultsPage: page, resultsLimit: MAX_RESULTS_LIMIT } satisfies ProductsSearchParams },
        (b) => list(b.results),
      ),
      (p) => Number(p.productId),
    );
    return { set: new Set(batch.items), found };
  }));
  for (const { set, found } of searched) {
    const byDisplayed = new Map<string, number[]>();
    for (const p of found) {
      const id = Number(p.productId);
      if (!Number.isInteger(id) || id <= 0 || p.productIsDeleted === 'y') continue;
      for (const size of list(p.productSizesAttributes as { productSizeCodeExternal?: string }[] | undefined)) {
        const code = size?.productSizeCodeExternal;
        if (code && set.has(code)) add(out, code, id);
      }
      if (p.productDisplayedCode && set.has(p.productDisplayedCode)) add(byDisplayed, p.productDisplayedCode, id);
    }
    // The size code (what ISOF writes) wins; the displayed code counts where no size carries the code.
    for (const [code, ids] of byDisplayed) if (!out.has(code)) out.set(code, ids);
  }
  return out;
}

/** A code on more than one shop product: which one is ISOF's is not guessed. */
function duplicateInShop(t: Transport, code: string, ids: number[]): ProductUpsertResult {
  return {
    ok: false,
    code: 'DUPLICATE_CODE_IN_SHOP',
    message: `Shop "${t.shopName}" has code ${code} on ${ids.length} products (IdoSell ids ${ids.join(', ')}), so none was updated or created: delete or recode the extra ones in the IdoSell panel, then export again (linkShopProducts lists every such code).`,
  };
}

/** One product of the shop's base, reduced to what linking needs: its id and every code it is known by. */
export interface ShopProductCodes {
  productId: number;
  /** The displayed code, if any. */
  displayedCode: string | null;
  /** The external codes of its sizes (ISOF writes the product code there). */
  sizeCodes: string[];
}

/**
 * The shop's whole (active) product base, page by page (100 a page), reduced to ids and codes as
 * each page arrives, so a large base is held as codes only, not as full product views.
 */
export async function readShopProductCodes(t: Transport): Promise<ShopProductCodes[]> {
  // Every entry of a page is kept through the paging (an unusable one too: a page of only those is
  // not the end of the base), and dropped after it.
  const read = await readAllPages<ShopProductCodes & { usable: boolean }>(
    async (page) => {
      const answer = await t.searchPage<ProductsSearchResponse, NonNullable<ProductsSearchResponse['results']>[number]>(
        OPS.productsSearch,
        { params: { returnProducts: 'active', resultsPage: page, resultsLimit: MAX_RESULTS_LIMIT } satisfies ProductsSearchParams },
        (b) => list(b.results),
      );
      return {
        numberOfPages: answer.numberOfPages,
        items: answer.items.map((p) => {
          const productId = Number(p?.productId);
          const sizeCodes = list(p?.productSizesAttributes as { productSizeCodeExternal?: string }[] | undefined)
            .map((s) => s?.productSizeCodeExternal)
            .filter((c): c is string => typeof c === 'string' && c.trim() !== '');
          const displayed = p?.productDisplayedCode;
          return {
            productId,
            usable: Number.isInteger(productId) && productId > 0 && p.productIsDeleted !== 'y',
            displayedCode: typeof displayed === 'string' && displayed.trim() !== '' ? displayed : null,
            sizeCodes: [...new Set(sizeCodes)],
          };
        }),
      };
    },
    (p) => p.productId,
  );
  return read.filter((p) => p.usable).map(({ productId, displayedCode, sizeCodes }) => ({ productId, displayedCode, sizeCodes }));
}
