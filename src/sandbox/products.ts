/**
 * The sandbox's product operations: creating and editing products (PUT/POST /products/products),
 * searching them, and reading them by code. Products are found by any of their unique codes
 * through an index kept next to the state.
 */
import crypto from 'node:crypto';
import { round2, type SandboxImage, type SandboxProduct, type SandboxSize, type SandboxState } from './state.js';
import { formatWarsaw as toWarsawText } from '../idosell/warsaw-time.js';
import {
  arr,
  errorBody,
  MAX_ITEMS,
  NOTHING_FOUND,
  num,
  obj,
  pagedAnswer,
  paging,
  refuseUnsupported,
  RequestRefused,
  str,
  type Item,
  type ItemFault,
  type OperationAnswer,
  type OperationContext,
  type Params,
} from './handlers.js';


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

export function makeImage(sourceType: 'base64' | 'url', source: string, number: number, priority: number): SandboxImage | string {
  if (sourceType === 'url') {
    if (!/^https?:\/\/\S+$/.test(source)) return `"${source.slice(0, 60)}" is not an http(s) URL of a picture.`;
    return { number, priority, sourceType, sha256: crypto.createHash('sha256').update(source).digest('hex'), bytes: 0, url: source };
  }
  const bytes = decodeBase64(source);
  if (!bytes) return 'The picture is not valid base64 data (send the file bytes base64-encoded, without line breaks).';
  return { number, priority, sourceType, sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

export type Variant = 'put' | 'post';

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

/** What a test or the demo gives `addShopProduct`: a product the shop sold before ISOF was connected. */
export interface ExistingShopProduct {
  name: string;
  /** The displayed code (productDisplayedCode), if any. */
  displayedCode?: string;
  /** The external code of its one size, if any. Two products may share a code: a live shop's base can. */
  sizeCode?: string;
  languageId?: string;
}

/**
 * Puts a product straight into the base, as if someone had added it in the shop's panel: no code
 * check, so a test can hold duplicated codes, which the API's create refuses.
 */
export function addShopProduct(state: SandboxState, p: ExistingShopProduct, now: Date = new Date()): SandboxProduct {
  const product = newProduct(state, now);
  product.writes = 1;
  product.names[p.languageId ?? 'pol'] = p.name;
  if (p.displayedCode !== undefined) product.fields.productDisplayedCode = p.displayedCode;
  product.sizes.push({ sizeId: 'uniw', sizePanelName: 'uniwersalny', ...(p.sizeCode !== undefined ? { productSizeCodeExternal: p.sizeCode } : {}), stocks: {} });
  state.products.push(product);
  indexProduct(state, product);
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

export function writeProducts(ctx: OperationContext, params: Params, variant: Variant): OperationAnswer {
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

export function searchProducts(ctx: OperationContext, params: Params): OperationAnswer {
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


export function getProducts(ctx: OperationContext, query: Record<string, string>): OperationAnswer {
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
