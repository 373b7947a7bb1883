/**
 * The sandbox's Admin API v6 operations: what each one reads, changes in the state and answers.
 * Shapes follow IdoSell's published response schemas (the server checks every answer against
 * them). Requests reach these handlers only after the strict schema validation passed.
 *
 * Quirks reproduced on purpose:
 * - search operations answer 207 with `errors.faultCode = 2` and no result list when nothing is
 *   found (also when `resultsPage` is past the last page); `resultsNumberPage` counts PAGES.
 * - the order search lists orders under `Results` (capital R), the product search under `results`.
 * - batch operations answer per item; any item fault turns the answer into a 207.
 * - a product's `productIndex` is "one of the unique codes": productId, the IAI size code
 *   `<productId>-<sizeId>`, the size's external code or its producer code.
 * Filters of the search operations that the sandbox does not implement are refused with a 422
 * naming them (a real shop would apply them; silently ignoring them would mislead a test).
 */
import crypto from 'node:crypto';
import {
  round2,
  type SandboxImage,
  type SandboxOrder,
  type SandboxProduct,
  type SandboxSize,
  type SandboxState,
} from './state.js';
import { IDOSELL_ORDER_STATUSES } from '../idosell/orders.js';
import { formatWarsaw as toWarsawText, parseWarsaw } from '../idosell/warsaw-time.js';

/** The sandbox is strict where IdoSell is: only "YYYY-MM-DD HH:MM:SS" (Warsaw time) is a date. */
function fromWarsawText(text: string): Date | undefined {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text) ? (parseWarsaw(text) ?? undefined) : undefined;
}

export const MAX_ITEMS = 100;

export interface ItemFault {
  faultCode: number;
  faultString: string;
}

export interface OperationContext {
  state: SandboxState;
  now: () => Date;
  /** The injected fault for the item at this index of the batch, if the fault knobs say so. */
  itemFault: (index: number) => ItemFault | undefined;
}

export interface OperationAnswer {
  status: number;
  body: unknown;
}

/** A request the sandbox refuses as a whole (422), with a sentence naming the field. */
export class RequestRefused extends Error {
  constructor(
    message: string,
    public readonly status = 422,
  ) {
    super(message);
  }
}

export interface OperationDef {
  /** IdoSell permission module the key needs. */
  scope: 'products' | 'orders' | 'payments' | 'system';
  access: 'r' | 'w';
  /** The batch items of a request (counted, capped at MAX_ITEMS, targeted by item faults). */
  items?: (params: Params) => { path: string; list: unknown[] | undefined };
  handle: (ctx: OperationContext, query: Record<string, string>, params: Params) => OperationAnswer;
}

type Params = Record<string, unknown>;
type Item = Record<string, unknown>;

export function errorBody(faultCode: number, faultString: string): { errors: { faultCode: number; faultString: string } } {
  return { errors: { faultCode, faultString } };
}

function arr(v: unknown): Item[] {
  return Array.isArray(v) ? (v as Item[]) : [];
}
function obj(v: unknown): Item {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Item) : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function refuseUnsupported(params: Params, supported: string[], operation: string): void {
  for (const key of Object.keys(params)) {
    if (!supported.includes(key)) {
      throw new RequestRefused(
        `params.${key} is a valid IdoSell filter of ${operation}, but the sandbox does not implement it; use only ${supported.join(', ')} against the sandbox.`,
      );
    }
  }
}

function paging(params: Params): { page: number; limit: number } {
  const page = num(params.resultsPage) ?? 0;
  const limit = num(params.resultsLimit) ?? MAX_ITEMS;
  if (page < 0) throw new RequestRefused(`params.resultsPage is ${page}; pages count from 0.`);
  if (limit < 1 || limit > MAX_ITEMS) throw new RequestRefused(`params.resultsLimit is ${limit}; IdoSell accepts 1 to ${MAX_ITEMS} results per page.`);
  return { page, limit };
}

const NOTHING_FOUND = 'Nie znaleziono wyników spełniających kryteria wyszukiwania (nothing matches the search criteria).';

// ---------------------------------------------------------------------------------------------
// products

function iaiCode(p: SandboxProduct, s: SandboxSize): string {
  return `${p.productId}-${s.sizeId}`;
}

interface ProductIndex {
  /** How many products the index was built over; a different length (a test edited the list) rebuilds it. */
  count: number;
  byId: Map<number, SandboxProduct>;
  byCode: Map<string, { product: SandboxProduct; size: SandboxSize | undefined }>;
}

const indexes = new WeakMap<SandboxState, ProductIndex>();

function codesOf(p: SandboxProduct, s: SandboxSize): string[] {
  return [iaiCode(p, s), s.productSizeCodeExternal, s.productSizeCodeProducer].filter((c): c is string => !!c);
}

/** Adds a product's codes; the first product to claim a code keeps it, as a scan in list order would find. */
function addToIndex(idx: ProductIndex, p: SandboxProduct): void {
  idx.byId.set(p.productId, p);
  const own = (code: string, size: SandboxSize | undefined) => {
    if (!idx.byCode.has(code)) idx.byCode.set(code, { product: p, size });
  };
  own(String(p.productId), p.sizes[0]);
  for (const size of p.sizes) for (const code of codesOf(p, size)) own(code, size);
}

function productIndex(state: SandboxState, rebuild = false): ProductIndex {
  let idx = indexes.get(state);
  if (!idx || rebuild || idx.count !== state.products.length) {
    idx = { count: state.products.length, byId: new Map(), byCode: new Map() };
    for (const p of state.products) addToIndex(idx, p);
    indexes.set(state, idx);
  }
  return idx;
}

/** Records a product the sandbox just created or changed, so lookups stay O(1) as the base grows. */
function indexProduct(state: SandboxState, p: SandboxProduct): void {
  const idx = indexes.get(state);
  if (!idx) return; // built on the next lookup
  const added = idx.byId.has(p.productId) ? 0 : 1;
  if (idx.count + added !== state.products.length) {
    indexes.delete(state); // the list was changed from outside: rebuild on the next lookup
    return;
  }
  addToIndex(idx, p);
  idx.count = state.products.length;
}

export function findProductById(state: SandboxState, id: number): SandboxProduct | undefined {
  const hit = productIndex(state).byId.get(id);
  if (hit && hit.productId === id) return hit;
  return productIndex(state, true).byId.get(id);
}

/** Finds a product by any of its unique codes (see the header); returns the matching size too. */
export function findProductByCode(state: SandboxState, code: string): { product: SandboxProduct; size: SandboxSize | undefined } | undefined {
  const hit = productIndex(state).byCode.get(code);
  if (!hit) return undefined;
  const still = String(hit.product.productId) === code || (hit.size !== undefined && codesOf(hit.product, hit.size).includes(code));
  // A code that moved (an edit changed it) is looked up again over a fresh index.
  return still ? hit : productIndex(state, true).byCode.get(code);
}

const IDENTITY_FIELDS = new Set(['productId', 'productIndex', 'productSizeCodeExternal', 'productSizeCodeProducer']);

function langData(container: unknown, listKey: string, textKey: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of arr(obj(container)[listKey])) {
    const text = str(entry[textKey]);
    if (text !== undefined) out[str(entry.langId) ?? 'pol'] = text;
  }
  return out;
}

function decodeBase64(source: string): Buffer | undefined {
  const clean = source.replace(/^data:[^;]+;base64,/, '').replace(/\s+/g, '');
  if (clean.length === 0 || clean.length % 4 === 1 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) return undefined;
  const bytes = Buffer.from(clean, 'base64');
  return bytes.length > 0 ? bytes : undefined;
}

function makeImage(sourceType: 'base64' | 'url', source: string, number: number, priority: number): SandboxImage | string {
  if (sourceType === 'url') {
    if (!/^https?:\/\/\S+$/.test(source)) return `"${source.slice(0, 60)}" is not an http(s) URL of a picture.`;
    return { number, priority, sourceType, sha256: crypto.createHash('sha256').update(source).digest('hex'), bytes: 0, url: source };
  }
  const bytes = decodeBase64(source);
  if (!bytes) return 'The picture is not valid base64 data (send the file bytes base64-encoded, without line breaks).';
  return { number, priority, sourceType, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

type Variant = 'put' | 'post';

/** Applies one product item of a PUT/POST to `product`; returns a fault sentence or undefined. */
function applyProduct(validStocks: ReadonlySet<number>, product: SandboxProduct, item: Item, variant: Variant, picturesType: 'base64' | 'url', now: Date): string | undefined {
  // Check everything before changing anything: a faulted item leaves the product as it was.
  const sizes = arr(item.productSizes);
  for (const [i, size] of sizes.entries()) {
    const list = arr(obj(size.productStocksData)[variant === 'put' ? 'productStocksQuantities' : 'productStockQuantities']);
    for (const q of list) {
      const stockId = num(q.stockId);
      if (stockId === undefined || !validStocks.has(stockId)) {
        return `productSizes[${i}]: the shop has no warehouse with stockId ${stockId ?? '(missing)'}; its stocks are ${[...validStocks].join(', ')}.`;
      }
    }
  }
  const pictures: SandboxImage[] = [];
  const pictureSources = variant === 'put' ? arr(item.productPictures).map((p) => str(p.productPictureSource)) : (Array.isArray(item.productPictures) ? (item.productPictures as unknown[]).map(str) : []);
  for (const [i, source] of pictureSources.entries()) {
    const image = makeImage(picturesType, source ?? '', i + 1, i + 1);
    if (typeof image === 'string') return `productPictures[${i}]: ${image}`;
    pictures.push(image);
  }

  for (const [key, value] of Object.entries(item)) {
    if (IDENTITY_FIELDS.has(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') product.fields[key] = value;
  }
  Object.assign(product.names, langData(item.productNames, 'productNamesLangData', 'productName'));
  if (variant === 'put') {
    Object.assign(product.shortDescriptions, langData(item.productParamDescriptions, 'productParamDescriptionsLangData', 'productParamDescriptions'));
  } else {
    Object.assign(product.shortDescriptions, langData(item.productDescriptions, 'productDescriptionsLangData', 'productDescription'));
  }
  Object.assign(product.longDescriptions, langData(item.productLongDescriptions, 'productLongDescriptionsLangData', 'productLongDescription'));

  const ensureSize = (sizeId: string): SandboxSize => {
    let size = product.sizes.find((s) => s.sizeId === sizeId);
    if (!size) {
      size = { sizeId, sizePanelName: sizeId === 'uniw' ? 'uniwersalny' : sizeId, stocks: {} };
      product.sizes.push(size);
    }
    return size;
  };
  const firstSize = product.sizes[0] ?? ensureSize(str(sizes[0]?.sizeId) ?? 'uniw');
  const ext = str(item.productSizeCodeExternal);
  if (ext !== undefined) firstSize.productSizeCodeExternal = ext;
  const producer = str(item.productSizeCodeProducer);
  if (producer !== undefined) firstSize.productSizeCodeProducer = producer;
  for (const s of sizes) {
    const size = ensureSize(str(s.sizeId) ?? firstSize.sizeId);
    const sizeExt = str(s.productSizeCodeExternal) ?? (variant === 'post' ? str(s.productCode) : undefined);
    if (sizeExt !== undefined) size.productSizeCodeExternal = sizeExt;
    const sizeProducer = str(s.productSizeCodeProducer);
    if (sizeProducer !== undefined) size.productSizeCodeProducer = sizeProducer;
    const list = arr(obj(s.productStocksData)[variant === 'put' ? 'productStocksQuantities' : 'productStockQuantities']);
    for (const q of list) {
      const key = String(num(q.stockId));
      const current = size.stocks[key] ?? 0;
      const absolute = num(q.productSizeQuantity);
      let next = absolute ?? current;
      next += num(q.productSizeQuantityToAdd) ?? 0;
      next -= num(q.productSizeQuantityToSubstract) ?? 0;
      size.stocks[key] = next;
    }
  }
  if (pictureSources.length > 0) product.images = pictures;
  product.modifiedAt = now;
  product.writes += 1;
  return undefined;
}

function newProduct(state: SandboxState, now: Date): SandboxProduct {
  const product: SandboxProduct = {
    productId: state.nextProductId++,
    fields: {},
    names: {},
    shortDescriptions: {},
    longDescriptions: {},
    sizes: [],
    images: [],
    addedAt: now,
    modifiedAt: now,
    writes: 0,
  };
  return product;
}

function productItemCodes(item: Item): string[] {
  const codes: string[] = [];
  for (const key of ['productIndex', 'productSizeCodeExternal', 'productSizeCodeProducer'] as const) {
    const v = str(item[key]);
    if (v) codes.push(v);
  }
  for (const s of arr(item.productSizes)) {
    const v = str(s.productSizeCodeExternal) ?? str(s.productCode);
    if (v) codes.push(v);
  }
  return codes;
}

function productResult(product: SandboxProduct | undefined, item: Item, fault: ItemFault | undefined, variant: Variant): Item {
  const size = product?.sizes[0];
  const result: Item = {};
  if (product) result.productId = product.productId;
  else if (num(item.productId) !== undefined) result.productId = num(item.productId);
  if (variant === 'put') {
    const index = product && size ? iaiCode(product, size) : str(item.productIndex);
    if (index !== undefined) result.productIndex = index;
  }
  if (size) result.sizeId = size.sizeId;
  const ext = size?.productSizeCodeExternal ?? str(item.productSizeCodeExternal);
  if (ext !== undefined) result.productSizeCodeExternal = ext;
  result.faults = fault ? [{ faultCode: String(fault.faultCode), faultString: fault.faultString }] : [];
  return result;
}

function writeProducts(ctx: OperationContext, params: Params, variant: Variant): OperationAnswer {
  const mode = variant === 'post' ? 'add' : (str(obj(params.settings).settingModificationType) ?? 'all');
  const picturesType = str(obj(params.picturesSettings).picturesSettingInputType) === 'url' ? 'url' : 'base64';
  const now = ctx.now();
  const validStocks = new Set(ctx.state.shop.stocks.map((s) => s.stockId));
  let anyFault = false;
  const results = arr(params.products).map((item, index) => {
    let fault = ctx.itemFault(index);
    let product: SandboxProduct | undefined;
    if (!fault) {
      const id = num(item.productId);
      const byCodes = productItemCodes(item).map((c) => findProductByCode(ctx.state, c)?.product).find((p) => p !== undefined);
      const existing = id !== undefined ? findProductById(ctx.state, id) : byCodes;
      if (id !== undefined && !existing) {
        fault = { faultCode: 4, faultString: `The shop has no product with productId ${id}; leave productId out to create a product.` };
      } else if (existing && mode === 'add') {
        fault = { faultCode: 5, faultString: `A product with this code already exists (productId ${existing.productId}); send it with settingModificationType "edit" or "all" to change it.` };
        product = existing;
      } else if (!existing && mode === 'edit') {
        fault = {
          faultCode: 4,
          faultString: `No product matches ${productItemCodes(item).join(', ') || 'this item (it names no productId or code)'}; use settingModificationType "all" or "add" to create it.`,
        };
      } else {
        const target = existing ?? newProduct(ctx.state, now);
        const problem = applyProduct(validStocks, target, item, variant, picturesType, now);
        if (problem) {
          fault = { faultCode: 6, faultString: problem };
          if (existing) product = existing;
          else ctx.state.nextProductId -= 1;
        } else {
          if (!existing) ctx.state.products.push(target);
          indexProduct(ctx.state, target);
          product = target;
        }
      }
    }
    if (fault) anyFault = true;
    return productResult(product, item, fault, variant);
  });
  return { status: anyFault ? 207 : 200, body: { results: { productsResults: results } } };
}

function productView(p: SandboxProduct): Item {
  const out: Item = { productId: p.productId };
  const copy: [string, 'string' | 'number'][] = [
    ['productDisplayedCode', 'string'],
    ['productNote', 'string'],
    ['currencyId', 'string'],
    ['productVat', 'number'],
    ['productVatFree', 'string'],
    ['productRetailPrice', 'number'],
    ['productWholesalePrice', 'number'],
    ['productMinimalPrice', 'number'],
    ['productPosPrice', 'number'],
    ['productSuggestedPrice', 'number'],
  ];
  for (const [key, type] of copy) {
    const v = p.fields[key];
    if (typeof v === type) out[key] = v;
  }
  out.productIsDeleted = 'n';
  const visible = p.fields.productInVisible;
  out.productIsVisible = visible === 'n' ? 'n' : 'y';
  const langs = new Set([...Object.keys(p.names), ...Object.keys(p.shortDescriptions), ...Object.keys(p.longDescriptions)]);
  out.productDescriptionsLangData = [...langs].map((langId) => {
    const d: Item = { langId };
    if (p.names[langId] !== undefined) d.productName = p.names[langId];
    if (p.shortDescriptions[langId] !== undefined) d.productDescription = p.shortDescriptions[langId];
    if (p.longDescriptions[langId] !== undefined) d.productLongDescription = p.longDescriptions[langId];
    return d;
  });
  out.productSizes = p.sizes.map((s) => ({ sizeId: s.sizeId, sizePanelName: s.sizePanelName }));
  out.productSizesAttributes = p.sizes.map((s) => {
    const a: Item = { sizeId: s.sizeId, sizePanelName: s.sizePanelName };
    if (s.productSizeCodeExternal !== undefined) a.productSizeCodeExternal = s.productSizeCodeExternal;
    if (s.productSizeCodeProducer !== undefined) a.productSizeCodeProducer = s.productSizeCodeProducer;
    return a;
  });
  const stockIds = [...new Set(p.sizes.flatMap((s) => Object.keys(s.stocks)))].map(Number).sort((a, b) => a - b);
  out.productStocksData = {
    productStocksQuantities: stockIds.map((stockId) => ({
      stockId,
      productSizesData: p.sizes
        .filter((s) => s.stocks[String(stockId)] !== undefined)
        .map((s) => {
          const d: Item = { sizeId: s.sizeId, sizePanelName: s.sizePanelName, productSizeQuantity: s.stocks[String(stockId)] };
          if (s.productSizeCodeExternal !== undefined) d.productSizeCodeExternal = s.productSizeCodeExternal;
          return d;
        }),
    })),
  };
  out.productImages = p.images.map((img) => ({
    productImageId: String(img.number),
    productImagePriority: img.priority,
    productImageHash: img.sha256,
    productImageSize: round2(img.bytes / 1024),
    productImageLargeUrl: img.url ?? `https://sandbox.invalid/images/${p.productId}/${img.number}.jpg`,
  }));
  out.productImagesCount = p.images.length;
  out.productAddingTime = toWarsawText(p.addedAt);
  out.productModificationTime = toWarsawText(p.modifiedAt);
  return out;
}

function searchProducts(ctx: OperationContext, params: Params): OperationAnswer {
  refuseUnsupported(params, ['productParams', 'productIndexes', 'containsCodePart', 'containsText', 'resultsPage', 'resultsLimit', 'returnElements', 'returnProducts'], 'POST /products/products/search');
  if (params.returnProducts !== undefined && params.returnProducts !== 'active') {
    throw new RequestRefused(`params.returnProducts "${String(params.returnProducts)}" is not supported by the sandbox, which only knows active products; leave it out or send "active".`);
  }
  const { page, limit } = paging(params);
  const productParams = arr(params.productParams);
  const indexes = arr(params.productIndexes).map((x) => str(x.productIndex)).filter((x): x is string => x !== undefined);
  const codePart = str(params.containsCodePart)?.toLowerCase();
  const text = str(params.containsText)?.toLowerCase();
  const matches = ctx.state.products.filter((p) => {
    if (productParams.length > 0) {
      const ok = productParams.some((pp) => {
        if (num(pp.productId) !== undefined && pp.productId !== p.productId) return false;
        const code = str(pp.productCode);
        if (code !== undefined && p.fields.productDisplayedCode !== code && !p.sizes.some((s) => s.productSizeCodeExternal === code)) return false;
        const ext = str(pp.productSizeCodeExternal);
        if (ext !== undefined && !p.sizes.some((s) => s.productSizeCodeExternal === ext)) return false;
        const producer = str(pp.productProducerCode);
        if (producer !== undefined && !p.sizes.some((s) => s.productSizeCodeProducer === producer)) return false;
        const name = str(pp.productName);
        if (name !== undefined && !Object.values(p.names).includes(name)) return false;
        return true;
      });
      if (!ok) return false;
    }
    if (indexes.length > 0 && !indexes.some((code) => findProductByCode(ctx.state, code)?.product === p)) return false;
    if (codePart !== undefined) {
      const codes = [String(p.fields.productDisplayedCode ?? ''), ...p.sizes.flatMap((s) => [s.productSizeCodeExternal ?? '', s.productSizeCodeProducer ?? ''])];
      if (!codes.some((c) => c.toLowerCase().includes(codePart))) return false;
    }
    if (text !== undefined && !Object.values(p.names).some((n) => n.toLowerCase().includes(text))) return false;
    return true;
  });
  return pagedAnswer(matches.map(productView), page, limit, 'results');
}

function pagedAnswer(all: Item[], page: number, limit: number, listKey: 'results' | 'Results'): OperationAnswer {
  const pages = Math.ceil(all.length / limit);
  const slice = all.slice(page * limit, page * limit + limit);
  const counters = { resultsNumberAll: all.length, resultsNumberPage: pages, resultsPage: page, resultsLimit: limit };
  if (slice.length === 0) return { status: 207, body: { ...counters, ...errorBody(2, NOTHING_FOUND) } };
  return { status: 200, body: { ...counters, [listKey]: slice } };
}

function getProducts(ctx: OperationContext, query: Record<string, string>): OperationAnswer {
  const ids = (query.productIds ?? '').split(',').filter((x) => x !== '');
  if (ids.length === 0) throw new RequestRefused('query.productIds is empty; give 1 to 100 product codes separated by commas.');
  if (ids.length > MAX_ITEMS) throw new RequestRefused(`query.productIds lists ${ids.length} products; IdoSell accepts at most ${MAX_ITEMS} in one call.`);
  const found: SandboxProduct[] = [];
  for (const id of ids) {
    const hit = findProductByCode(ctx.state, id)?.product;
    if (hit && !found.includes(hit)) found.push(hit);
  }
  if (found.length === 0) return { status: 207, body: { resultsLimit: MAX_ITEMS, ...errorBody(2, NOTHING_FOUND) } };
  return { status: 200, body: { resultsLimit: MAX_ITEMS, results: found.map(productView) } };
}

function putStock(ctx: OperationContext, params: Params): OperationAnswer {
  const validStocks = new Set(ctx.state.shop.stocks.map((s) => s.stockId));
  let anyFault = false;
  const results = arr(params.products).map((item, index) => {
    const result: Item = {};
    for (const key of ['productSizeCodeExternal', 'productSizeCodeProducer', 'productIndex'] as const) {
      const v = str(item[key]);
      if (v !== undefined) result[key] = v;
    }
    const stockId = num(item.stockId);
    if (stockId !== undefined) result.stockId = String(stockId);
    let fault = ctx.itemFault(index);
    if (!fault) {
      const code = str(item.productSizeCodeExternal) ?? str(item.productIndex) ?? str(item.productSizeCodeProducer);
      const hit = code !== undefined ? findProductByCode(ctx.state, code) : undefined;
      const quantity = num(item.productSizeQuantity);
      if (code === undefined) fault = { faultCode: 3, faultString: 'The item names no product: give productSizeCodeExternal or productIndex.' };
      else if (!hit || !hit.size) fault = { faultCode: 4, faultString: `No product size has the code "${code}" in this shop; export the product first.` };
      else if (stockId === undefined || !validStocks.has(stockId)) fault = { faultCode: 6, faultString: `The shop has no warehouse with stockId ${stockId ?? '(missing)'}; its stocks are ${[...validStocks].join(', ')}.` };
      else if (quantity === undefined) fault = { faultCode: 3, faultString: 'The item gives no productSizeQuantity (the absolute quantity to set).' };
      else {
        hit.size.stocks[String(stockId)] = quantity;
        hit.product.modifiedAt = ctx.now();
      }
    }
    if (fault) anyFault = true;
    result.faultCode = fault?.faultCode ?? 0;
    result.faultString = fault?.faultString ?? '';
    return result;
  });
  return { status: anyFault ? 207 : 200, body: { results } };
}

function putImages(ctx: OperationContext, params: Params): OperationAnswer {
  const globalType = str(obj(params.productsImagesSettings).productsImagesSourceType);
  let anyFault = false;
  const results = arr(params.productsImages).map((item, index) => {
    const ident = obj(item.productIdent);
    const identValue = str(ident.identValue) ?? '';
    const identType = str(ident.productIdentType) ?? 'id';
    const sourceType = (str(obj(item.productImagesSettings).productImagesSourceType) ?? globalType ?? 'base64') === 'url' ? 'url' : 'base64';
    const result: Item = { productIdent: { identValue, productIdentType: identType } };
    let fault = ctx.itemFault(index);
    const images: Item[] = [];
    if (!fault) {
      const product =
        identType === 'id'
          ? findProductById(ctx.state, Number(identValue))
          : identType === 'codeExtern'
            ? ctx.state.products.find((p) => p.sizes.some((s) => s.productSizeCodeExternal === identValue))
            : identType === 'codeProducer'
              ? ctx.state.products.find((p) => p.sizes.some((s) => s.productSizeCodeProducer === identValue))
              : findProductByCode(ctx.state, identValue)?.product;
      if (!product) {
        fault = { faultCode: 4, faultString: `No product matches ${identType} "${identValue}"; export the product before its pictures.` };
      } else {
        const next = [...product.images];
        for (const [i, img] of arr(item.productImages).entries()) {
          const number = num(img.productImageNumber) ?? i + 1;
          const priority = num(img.productImagePriority) ?? number;
          if (img.deleteProductImage === true) {
            const at = next.findIndex((x) => x.number === number);
            if (at >= 0) next.splice(at, 1);
            images.push({ productImageNumber: number, deleteProductImage: true });
            continue;
          }
          const made = makeImage(sourceType, str(img.productImageSource) ?? '', number, priority);
          if (typeof made === 'string') {
            fault = { faultCode: 6, faultString: `productImages[${i}]: ${made}` };
            images.push({ productImageNumber: number, errors: { faultCode: 6, faultString: made } });
            break;
          }
          const at = next.findIndex((x) => x.number === number);
          if (at >= 0) next[at] = made;
          else next.push(made);
          images.push({ productImageNumber: number, productImagePriority: priority });
        }
        if (!fault) {
          product.images = next.sort((a, b) => a.number - b.number);
          product.modifiedAt = ctx.now();
        }
      }
    }
    if (fault) anyFault = true;
    result.productImages = images;
    result.isImagesErrors = fault !== undefined;
    result.isIconsErrors = false;
    result.productImagesSettings = { productImageSourceType: sourceType, productImagesApplyMacro: false };
    if (fault) result.errors = { faultCode: fault.faultCode, faultString: fault.faultString };
    return result;
  });
  return { status: anyFault ? 207 : 200, body: { results } };
}

// ---------------------------------------------------------------------------------------------
// orders

function addressOf(o: SandboxOrder): Item {
  const b = o.billing;
  const d = o.delivery;
  const billing: Item = {
    clientFirstName: b.firstName,
    clientLastName: b.lastName,
    clientStreet: b.street,
    clientZipCode: b.zipCode,
    clientCity: b.city,
    clientCountryId: b.countryId,
    clientCountryName: b.countryName,
    clientPhone1: b.phone,
  };
  if (b.firm !== undefined) billing.clientFirm = b.firm;
  if (b.nip !== undefined) billing.clientNip = b.nip;
  const delivery: Item = {
    clientDeliveryAddressFirstName: d.firstName,
    clientDeliveryAddressLastName: d.lastName,
    clientDeliveryAddressStreet: d.street,
    clientDeliveryAddressZipCode: d.zipCode,
    clientDeliveryAddressCity: d.city,
    clientDeliveryAddressCountry: d.countryName,
    clientDeliveryAddressCountryId: d.countryId,
    clientDeliveryAddressPhone1: d.phone,
    clientDeliveryAddressType: 'client',
  };
  if (d.firm !== undefined) delivery.clientDeliveryAddressFirm = d.firm;
  return {
    clientBillingAddress: billing,
    clientDeliveryAddress: delivery,
    clientAccount: { clientId: o.clientId, clientLogin: o.clientLogin, clientEmail: o.clientEmail, clientPhone1: b.phone },
  };
}

export function orderView(o: SandboxOrder): Item {
  const productsCost = round2(o.lines.reduce((sum, l) => sum + l.productOrderPrice * l.productQuantity, 0));
  const details: Item = {
    orderStatus: o.orderStatus,
    apiFlag: o.apiFlag,
    orderAddDate: toWarsawText(o.addDate),
    orderChangeDate: toWarsawText(o.changeDate),
    orderDispatchDate: o.dispatchDate ? toWarsawText(o.dispatchDate) : null,
    clientNoteToOrder: o.clientNoteToOrder,
    orderNote: o.orderNote,
    payments: {
      orderPaymentType: o.paymentType,
      orderCurrency: { currencyId: o.currencyId, orderProductsCost: productsCost, orderDeliveryCost: o.deliveryCost, orderPayformCost: 0 },
      orderBaseCurrency: { billingCurrency: o.currencyId, orderProductsCost: productsCost, orderDeliveryCost: o.deliveryCost, orderPayformCost: 0 },
      orderWorthCalculateType: 'gross',
    },
    prepaids: [
      {
        prepaidId: o.orderSerialNumber * 10 + 1,
        paymentOrdinalNumber: 1,
        paymentNumber: `${o.orderSerialNumber}-1`,
        paymentAddDate: toWarsawText(o.addDate),
        paymentStatus: o.paymentStatus,
        paymentType: 'payment',
        payformId: o.payformId,
        payformName: o.payformName,
        paymentValue: o.paymentStatus === 'y' ? round2(productsCost + o.deliveryCost) : 0,
        currencyId: o.currencyId,
      },
    ],
    orderSourceResults: { orderSourceType: 'shop', shopId: 1 },
    dispatch: { courierId: o.courierId, courierName: o.courierName },
    productsResults: o.lines.map((l, i) => ({
      productId: l.productId,
      productName: l.productName,
      productCode: l.productCode,
      sizeId: l.sizeId,
      productSizeCodeExternal: l.productSizeCodeExternal,
      stockId: l.stockId,
      productQuantity: l.productQuantity,
      productVat: l.productVat,
      productVatFree: l.productVat === 0 ? 'y' : 'n',
      productOrderPrice: l.productOrderPrice,
      productOrderPriceNet: l.productOrderPriceNet,
      productOrderPriceBaseCurrency: l.productOrderPrice,
      productOrderPriceNetBaseCurrency: l.productOrderPriceNet,
      basketPosition: i + 1,
    })),
  };
  return {
    orderId: o.orderId,
    orderSerialNumber: o.orderSerialNumber,
    orderType: 'n',
    clientResult: addressOf(o),
    orderDetails: details,
  };
}

function searchOrders(ctx: OperationContext, params: Params): OperationAnswer {
  refuseUnsupported(params, ['ordersStatuses', 'ordersIds', 'ordersSerialNumbers', 'ordersRange', 'orderPaymentType', 'resultsPage', 'resultsLimit', 'orderSource'], 'POST /orders/orders/search');
  const { page, limit } = paging(params);
  const statuses = Array.isArray(params.ordersStatuses) ? (params.ordersStatuses as string[]) : undefined;
  const ids = Array.isArray(params.ordersIds) ? (params.ordersIds as string[]) : undefined;
  const serials = Array.isArray(params.ordersSerialNumbers) ? (params.ordersSerialNumbers as number[]) : undefined;
  const paymentType = str(params.orderPaymentType);
  const source = obj(params.orderSource);
  refuseUnsupported(source, ['shopsIds'], 'POST /orders/orders/search (params.orderSource)');
  const shopIds = Array.isArray(source.shopsIds) ? (source.shopsIds as number[]) : undefined;
  const range = obj(params.ordersRange);
  refuseUnsupported(range, ['ordersDateRange', 'ordersSerialNumberRange'], 'POST /orders/orders/search (params.ordersRange)');
  const dateRange = obj(range.ordersDateRange);
  refuseUnsupported(dateRange, ['ordersDateType', 'ordersDateBegin', 'ordersDateEnd'], 'POST /orders/orders/search (params.ordersRange.ordersDateRange)');
  const dateType = str(dateRange.ordersDateType) ?? 'add';
  if (!['add', 'modified', 'dispatch'].includes(dateType)) {
    throw new RequestRefused(`params.ordersRange.ordersDateRange.ordersDateType "${dateType}" is valid in IdoSell but the sandbox does not support it; use add, modified or dispatch.`);
  }
  const parseBound = (key: 'ordersDateBegin' | 'ordersDateEnd'): Date | undefined => {
    const text = str(dateRange[key]);
    if (text === undefined) return undefined;
    const d = fromWarsawText(text);
    if (!d) throw new RequestRefused(`params.ordersRange.ordersDateRange.${key} is "${text}"; IdoSell expects "YYYY-MM-DD HH:MM:SS" in Europe/Warsaw time.`);
    return d;
  };
  const begin = parseBound('ordersDateBegin');
  const end = parseBound('ordersDateEnd');
  const serialRange = obj(range.ordersSerialNumberRange);
  const serialBegin = num(serialRange.ordersSerialNumberBegin);
  const serialEnd = num(serialRange.ordersSerialNumberEnd);

  const matches = ctx.state.orders
    .filter((o) => {
      if (statuses && statuses.length > 0 && !statuses.includes(o.orderStatus)) return false;
      if (ids && ids.length > 0 && !ids.includes(o.orderId)) return false;
      if (serials && serials.length > 0 && !serials.includes(o.orderSerialNumber)) return false;
      if (paymentType !== undefined && o.paymentType !== paymentType) return false;
      if (shopIds && shopIds.length > 0 && !shopIds.includes(ctx.state.shop.shopId)) return false;
      if (serialBegin !== undefined && o.orderSerialNumber < serialBegin) return false;
      if (serialEnd !== undefined && o.orderSerialNumber > serialEnd) return false;
      if (begin || end) {
        const when = dateType === 'add' ? o.addDate : dateType === 'modified' ? o.changeDate : o.dispatchDate;
        if (!when) return false;
        // IdoSell's texts have whole seconds: compare at second precision, both ends inclusive.
        const t = Math.floor(when.getTime() / 1000) * 1000;
        if (begin && t < begin.getTime()) return false;
        if (end && t > end.getTime()) return false;
      }
      return true;
    })
    .sort((a, b) => a.addDate.getTime() - b.addDate.getTime() || a.orderSerialNumber - b.orderSerialNumber);
  return pagedAnswer(matches.map(orderView), page, limit, 'Results');
}

const ORDER_PUT_FIELDS = ['orderId', 'orderSerialNumber', 'orderStatus', 'apiFlag', 'apiNoteToOrder', 'orderNote'];

function putOrders(ctx: OperationContext, params: Params): OperationAnswer {
  let anyFault = false;
  const results = arr(params.orders).map((item, index) => {
    for (const key of Object.keys(item)) {
      if (!ORDER_PUT_FIELDS.includes(key)) {
        throw new RequestRefused(`params.orders[${index}].${key} is a valid IdoSell field, but the sandbox only implements ${ORDER_PUT_FIELDS.join(', ')} in PUT /orders/orders.`);
      }
    }
    const serial = num(item.orderSerialNumber);
    const orderId = str(item.orderId);
    const order = ctx.state.orders.find((o) => (serial !== undefined ? o.orderSerialNumber === serial : o.orderId === orderId));
    const result: Item = {};
    if (order) {
      result.orderId = order.orderId;
      result.orderSerialNumber = order.orderSerialNumber;
    } else {
      if (orderId !== undefined) result.orderId = orderId;
      if (serial !== undefined) result.orderSerialNumber = serial;
    }
    let fault = ctx.itemFault(index);
    const status = str(item.orderStatus);
    if (!fault) {
      if (serial === undefined && orderId === undefined) fault = { faultCode: 3, faultString: 'The item names no order: give orderSerialNumber or orderId.' };
      else if (!order) fault = { faultCode: 4, faultString: `The shop has no order ${serial ?? orderId}.` };
      else if (status !== undefined && !(IDOSELL_ORDER_STATUSES as readonly string[]).includes(status)) {
        fault = { faultCode: 5, faultString: `"${status}" is not an order status of IdoSell v6; use one of ${IDOSELL_ORDER_STATUSES.join(', ')}.` };
      } else if (status !== undefined && order.locked && status !== order.orderStatus) {
        fault = { faultCode: 7, faultString: `Order ${order.orderSerialNumber} is locked in the shop and cannot change status from "${order.orderStatus}" to "${status}".` };
      } else {
        if (status !== undefined) order.orderStatus = status;
        const flag = str(item.apiFlag);
        if (flag !== undefined) order.apiFlag = flag as SandboxOrder['apiFlag'];
        const apiNote = str(item.apiNoteToOrder);
        if (apiNote !== undefined) order.apiNoteToOrder = apiNote;
        const note = str(item.orderNote);
        if (note !== undefined) order.orderNote = note;
        order.changeDate = ctx.now();
      }
    }
    if (order) result.orderStatus = order.orderStatus;
    if (fault) anyFault = true;
    result.faultCode = fault?.faultCode ?? 0;
    result.faultString = fault?.faultString ?? '';
    return result;
  });
  return { status: anyFault ? 207 : 200, body: { results: { ordersResults: results } } };
}

// ---------------------------------------------------------------------------------------------
// payments, system

function paymentForms(ctx: OperationContext, query: Record<string, string>): OperationAnswer {
  const activeOnly = query.activeOnly === 'yes';
  const forms = ctx.state.paymentForms.filter((f) => !activeOnly || f.active).map((f) => ({ id: f.id, name: f.name }));
  return { status: 200, body: { result: { payment_forms: forms } } };
}

function shopsData(ctx: OperationContext): OperationAnswer {
  const shop = ctx.state.shop;
  return {
    status: 200,
    body: {
      client_id: 1,
      dedicated_server: false,
      languages: [{ lang_id: shop.languageId, lang_name: 'polski' }],
      panel_lang_id_default: shop.languageId,
      panel_basecurrency_id: shop.currencyId,
      panel_settings: {
        default_lang_id: shop.languageId,
        basecurrency_id: shop.currencyId,
        stock_state_config: 'bridge',
        main_stock_system: 'other',
        search_by_code: { code_iai: true, code_extern: true, code_producer: true },
      },
      stocks: shop.stocks.map((s) => ({ stock_id: s.stockId, stock_name: s.name })),
      shops: [{ shop_id: shop.shopId, shop_name: shop.shopName, shop_lang_id_default: shop.languageId, currency_id: shop.currencyId }],
      vat_rates: shop.vatRates.map((value, i) => ({ id: i + 1, value })),
    },
  };
}

const productsItems = (params: Params): { path: string; list: unknown[] | undefined } => ({ path: 'params.products', list: params.products as unknown[] | undefined });

/** Operations the sandbox implements, keyed "METHOD /path" (path after /api/admin/v6). */
export const OPERATIONS: Record<string, OperationDef> = {
  'PUT /products/products': { scope: 'products', access: 'w', items: productsItems, handle: (ctx, _q, p) => writeProducts(ctx, p, 'put') },
  'POST /products/products': { scope: 'products', access: 'w', items: productsItems, handle: (ctx, _q, p) => writeProducts(ctx, p, 'post') },
  'POST /products/products/search': { scope: 'products', access: 'r', handle: (ctx, _q, p) => searchProducts(ctx, p) },
  'GET /products/products': { scope: 'products', access: 'r', handle: (ctx, q) => getProducts(ctx, q) },
  'PUT /products/stockQuantity': { scope: 'products', access: 'w', items: productsItems, handle: (ctx, _q, p) => putStock(ctx, p) },
  'PUT /products/images': {
    scope: 'products',
    access: 'w',
    items: (p) => ({ path: 'params.productsImages', list: p.productsImages as unknown[] | undefined }),
    handle: (ctx, _q, p) => putImages(ctx, p),
  },
  'POST /orders/orders/search': { scope: 'orders', access: 'r', handle: (ctx, _q, p) => searchOrders(ctx, p) },
  'PUT /orders/orders': { scope: 'orders', access: 'w', items: (p) => ({ path: 'params.orders', list: p.orders as unknown[] | undefined }), handle: (ctx, _q, p) => putOrders(ctx, p) },
  'GET /payments/forms': { scope: 'payments', access: 'r', handle: (ctx, q) => paymentForms(ctx, q) },
  'GET /system/shopsData': { scope: 'system', access: 'r', handle: (ctx) => shopsData(ctx) },
  'GET /system/serverLoad': { scope: 'system', access: 'r', handle: (ctx) => ({ status: 200, body: { serverLoadStatus: ctx.state.serverLoad } }) },
};
