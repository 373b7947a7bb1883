/**
 * The IdoSell Admin API v6 connector: one client per shop, built on got 14.
 *
 * Every request goes through `send()`: it applies the shop's base URL and key, the timeouts, the
 * bound on calls in flight, the retry policy (full-jitter exponential backoff on 429, 5xx,
 * timeouts and resets; Retry-After honoured up to a bound; only calls safe to repeat are
 * repeated) and turns every failure into one of the connector's own errors (errors.ts). got's
 * own retry is off, and no got error ever leaves this file: they carry the request options, and
 * so the shop's API key.
 */
import got, { type Got } from 'got';
import type { IdosellClientConfig } from '../config.js';
import type { Logger } from '../common/logger.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
import { MAX_ITEMS_PER_CALL, mergeBatchResults, toBatches, toWeightedBatches, type Batch } from './batching.js';
import {
  IdosellAnswerLostError,
  IdosellAuthError,
  IdosellCancelledError,
  IdosellConfigError,
  IdosellError,
  IdosellProtocolError,
  IdosellRateLimitedError,
  IdosellRejectedError,
  IdosellScopeError,
  IdosellUnavailableError,
  type IdosellErrorFacts,
} from './errors.js';
import { limiterFor, type Limiter } from './limiter.js';
import { OPS, type HttpMethod, type Operation } from './operations.js';
import { normaliseOrder, type IdosellOrder } from './orders.js';
import { MAX_RESULTS_LIMIT, readAllPages, type PageAnswer } from './paging.js';
import { toProductPut, type ProductUpsert } from './products.js';
import { failedBy, failureOf, faultCodeNumber, isFault, itemFaults, list, obj, type ItemResult } from './results.js';
import type {
  Fault,
  OrderResult,
  OrdersDateType,
  OrdersPutParams,
  OrdersPutResponse,
  OrdersSearchParams,
  OrdersSearchResponse,
  PaymentFormsResponse,
  ProductResult,
  ProductsImagesParams,
  ProductsImagesResponse,
  ProductsPutParams,
  ProductsSearchParams,
  ProductsSearchResponse,
  ProductsWriteResponse,
  ServerLoadResponse,
  ShopsDataResponse,
  StockQuantityParams,
  StockQuantityResponse,
} from './types.js';
import { decodeXError } from './x-error.js';
import { guardedLookup, parseShopAddress, PrivateAddressError, privateAddressProblem, ShopAddressError, type LookupFunction, type ShopAddress } from './address.js';
import { formatWarsaw } from './warsaw-time.js';

export interface ShopConnection {
  /** A bare panel domain ("shop.idosell.com") or the full API address ("http://127.0.0.1:4100/api/admin/v6"). */
  apiUrl: string;
  apiKey: string;
  /** For messages and logs. */
  name?: string;
}

export interface RequestParts {
  query?: Record<string, string>;
  body?: unknown;
}

/** Called with every request the connector is about to send (each attempt), e.g. to validate it. */
export type RequestHook = (method: HttpMethod, apiPath: string, req: RequestParts) => void;

export interface IdosellClientOptions {
  logger?: Logger;
  onRequest?: RequestHook;
  /** Waits between retries; tests pass a fast one. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1) for the backoff jitter; tests pin it. */
  random?: () => number;
  /** Clock for Retry-After dates. */
  now?: () => number;
  /** Resolves host names (dns.lookup by default); tests pass one that answers without DNS. */
  lookup?: LookupFunction;
}

/**
 * The two stages of stopping a run's calls (see RunEngine): `stop` aborts when the run is cancelled
 * or the server stops, after which no call starts (a waiting one leaves the limiter's queue, a retry
 * wait ends); `abort` aborts later, after the grace time, and cuts the calls still in flight.
 */
export interface CallSignals {
  stop: AbortSignal;
  abort: AbortSignal;
}

export type ProductUpsertResult = ItemResult<{ productId: number; created: boolean }>;

export interface StockUpdate {
  /** The product size's external code (the ISOF code). */
  code: string;
  stockId: number;
  quantity: number;
}

export interface ImagesUpdate {
  productId: number;
  imagesBase64: string[];
}

export interface StatusUpdate {
  orderSerialNumber: number;
  orderStatus: string;
}

export type OrdersQuery =
  | { from: Date; to: Date; dateType?: OrdersDateType }
  | { serialNumbers: number[] };

export interface PaymentForm {
  id: number;
  name: string;
}

export interface ShopsInfo {
  baseCurrency: string | null;
  defaultLanguageId: string | null;
  languages: { id: string; name: string }[];
  stocks: { id: number; name: string }[];
  shops: { id: number; name: string; defaultLanguageId: string | null; currencyId: string | null }[];
  vatRates: number[];
}

export interface ServerLoad {
  status: string;
  overloaded: boolean;
}

/** Pictures per images call are also bounded by size: base64 characters per call. */
export const MAX_IMAGE_CHARS_PER_CALL = 8 * 1024 * 1024;

/**
 * The API base URL of a shop by the one address rule (address.ts): `https://{domain}/api/admin/v6`
 * for a bare domain, https only (plain http only for a loopback sandbox).
 */
export function resolveBaseUrl(apiUrl: string, shopName = 'shop'): string {
  return shopAddress(apiUrl, shopName).baseUrl;
}

function shopAddress(apiUrl: string, shopName: string): ShopAddress {
  try {
    return parseShopAddress(apiUrl);
  } catch (err) {
    if (err instanceof ShopAddressError) throw new IdosellConfigError(shopName, `${err.problem} Correct it with updateShop.`);
    throw err;
  }
}

type Attempt =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | { kind: 'network'; reason: string; sent: boolean }
  | { kind: 'stopped' };

/** Kinds of errors after which the next batches of the same work are not sent. */
const STOPS_THE_REST = new Set(['AUTH', 'SCOPE', 'RATE_LIMITED', 'UNAVAILABLE', 'PROTOCOL', 'CONFIG']);

const FAULT_NOTHING_FOUND = 2;

export class IdosellClient {
  readonly baseUrl: string;
  readonly shopName: string;
  private readonly http: Got;
  private readonly limiter: Limiter;
  private readonly logger?: Logger;
  private readonly onRequest?: RequestHook;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  /** Set on a client bound to a run (`withSignals`); a client without them is never stopped. */
  private readonly signals?: CallSignals;

  constructor(shop: ShopConnection, private readonly config: IdosellClientConfig, opts: IdosellClientOptions = {}) {
    this.shopName = shop.name?.trim() || shop.apiUrl;
    const address = shopAddress(shop.apiUrl, this.shopName);
    this.baseUrl = address.baseUrl;
    // Node does not look an IP literal up, so it is judged here; a name (localhost too) is judged
    // on every connection, against every address it resolves to, by dnsLookup below.
    const privateProblem = address.ip ? privateAddressProblem(address, config.allowPrivateAddresses) : null;
    if (privateProblem) throw new IdosellConfigError(this.shopName, `${privateProblem} Correct the address with updateShop.`);
    if (!shop.apiKey || shop.apiKey.trim() === '') {
      throw new IdosellConfigError(this.shopName, 'no API key is set; paste the key from the IdoSell panel (Administration > API) into the shop settings.');
    }
    this.logger = opts.logger;
    this.onRequest = opts.onRequest;
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = opts.random ?? Math.random;
    this.now = opts.now ?? Date.now;
    this.limiter = limiterFor(this.baseUrl, config.concurrency);
    this.http = got.extend({
      headers: { 'x-api-key': shop.apiKey, accept: 'application/json', 'user-agent': 'isof-idosell-middleware' },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      ...(config.allowPrivateAddresses ? (opts.lookup ? { dnsLookup: opts.lookup } : {}) : { dnsLookup: guardedLookup(opts.lookup) }),
      timeout: {
        lookup: config.connectTimeoutMs,
        connect: config.connectTimeoutMs,
        secureConnect: config.connectTimeoutMs,
        request: config.requestTimeoutMs,
      },
    });
  }

  /**
   * This client bound to a run's signals: the same shop, settings, limiter and HTTP agent (it
   * inherits them from this one), but every call checks `stop` before it starts and passes `abort`
   * to the request.
   */
  withSignals(signals: CallSignals): IdosellClient {
    const bound = Object.create(this) as IdosellClient;
    Object.defineProperty(bound, 'signals', { value: signals, enumerable: false });
    return bound;
  }

  // ------------------------------------------------------------------ the choke point

  private cancelled(op: Operation, inFlight: boolean): IdosellCancelledError {
    return new IdosellCancelledError({ shop: this.shopName, operation: op.name }, inFlight);
  }

  /** Waits between retries; a stopped run ends the wait at once. */
  private async pause(op: Operation, ms: number): Promise<void> {
    const stop = this.signals?.stop;
    if (!stop) return this.sleep(ms);
    if (stop.aborted) throw this.cancelled(op, false);
    let onAbort!: () => void;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      stop.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.sleep(ms), aborted]);
    } finally {
      stop.removeEventListener('abort', onAbort);
    }
    if (stop.aborted) throw this.cancelled(op, false);
  }

  /**
   * Sends one operation, retrying what may be retried, and returns the parsed answer (200 or 207,
   * or a search's "nothing found"). Throws only IdosellError subclasses.
   */
  private async send<T>(op: Operation, req: RequestParts): Promise<{ status: number; body: T }> {
    const facts = (status?: number, shopMessage?: string): IdosellErrorFacts => ({ shop: this.shopName, operation: op.name, status, shopMessage });
    // Serialized once, before waiting for a slot: a retry sends the same bytes, and a freed slot goes
    // straight to the wire instead of waiting for a body of 100 products to be built.
    // A Buffer, not a string: got would encode a string body once more just to measure it.
    const payload = req.body !== undefined ? Buffer.from(JSON.stringify(req.body)) : undefined;
    const stop = this.signals?.stop;
    for (let retry = 0; ; retry++) {
      // A stopped run starts no call: not a first attempt, not a retry, not one still waiting for a slot.
      if (stop?.aborted) throw this.cancelled(op, false);
      this.onRequest?.(op.method, op.path, req);
      const started = this.now();
      let outcome: Attempt;
      try {
        outcome = await this.limiter.run(() => (stop?.aborted ? Promise.resolve({ kind: 'stopped' } as const) : this.attempt(op, req, payload)), stop);
      } catch (err) {
        if (stop?.aborted) throw this.cancelled(op, false);
        throw err;
      }
      if (outcome.kind === 'stopped') throw this.cancelled(op, false);
      // Cut after the grace time: the shop may or may not have done it (the callers treat it as not answered).
      if (outcome.kind === 'network' && this.signals?.abort.aborted) throw this.cancelled(op, true);
      const ms = this.now() - started;
      let retryable: IdosellError;
      let retryAfterS: number | null = null;

      if (outcome.kind === 'response') {
        const { status, headers } = outcome;
        const parsed = parseJson(outcome.text);
        const shopMessage = decodeXError(headers['x-error']) ?? faultText(parsed);
        this.logger?.debug({ shop: this.shopName, op: op.name, status, attempt: retry + 1, ms }, 'IdoSell call');
        if (status === 200 || status === 207 || (op.search && status === 404 && isNothingFound(parsed))) {
          if (parsed === undefined) {
            if (outcome.text.trim() === '') return { status, body: {} as T };
            throw new IdosellProtocolError(facts(status), 'an answer that is not JSON');
          }
          return { status, body: parsed as T };
        }
        if (status === 401) throw new IdosellAuthError(facts(status, shopMessage));
        if (status === 403) throw new IdosellScopeError(facts(status, shopMessage), scopeFrom(shopMessage, parsed));
        if (status === 400 || status === 422) throw new IdosellRejectedError(facts(status, shopMessage), fieldFrom(shopMessage, parsed));
        if (status === 429) {
          retryAfterS = parseRetryAfter(headers['retry-after'], this.now());
          retryable = new IdosellRateLimitedError(facts(status, shopMessage), retryAfterS, null);
        } else if (status >= 500) {
          retryAfterS = parseRetryAfter(headers['retry-after'], this.now());
          if (!op.safeToRetry) throw new IdosellAnswerLostError(facts(status, shopMessage), `HTTP ${status}`);
          retryable = new IdosellUnavailableError(facts(status, shopMessage), `HTTP ${status}`, retry + 1);
        } else if (status === 404) {
          throw new IdosellProtocolError(facts(status, shopMessage), '404 Not Found: this API path does not exist there');
        } else {
          throw new IdosellProtocolError(facts(status, shopMessage), `an unexpected HTTP status ${status}`);
        }
      } else {
        this.logger?.debug({ shop: this.shopName, op: op.name, error: outcome.reason, attempt: retry + 1, ms }, 'IdoSell call failed');
        // A request that never reached the shop may always be sent again; one that did, only if safe.
        if (outcome.sent && !op.safeToRetry) throw new IdosellAnswerLostError(facts(), outcome.reason);
        retryable = new IdosellUnavailableError(facts(), outcome.reason, retry + 1);
      }

      if (retryAfterS !== null && retryAfterS > this.config.retryAfterMaxS) {
        this.logger?.warn({ shop: this.shopName, op: op.name, retryAfterS, boundS: this.config.retryAfterMaxS }, 'IdoSell asks for a longer wait than allowed');
        throw new IdosellRateLimitedError(facts(retryable.status, retryable.shopMessage), retryAfterS, this.config.retryAfterMaxS);
      }
      if (retry >= this.config.retries) throw retryable;
      const waitMs = retryAfterS !== null ? retryAfterS * 1000 : backoffDelay(retry, this.config.backoffBaseMs, this.config.backoffMaxMs, this.random);
      this.logger?.warn({ shop: this.shopName, op: op.name, status: retryable.status, reason: retryable.kind, retry: retry + 1, waitMs }, 'IdoSell call will be retried');
      await this.pause(op, waitMs);
    }
  }

  /** One HTTP exchange. A got error becomes a plain description without options; only a refused private address throws. */
  private async attempt(op: Operation, req: RequestParts, payload: Buffer | undefined): Promise<Attempt> {
    const url = this.baseUrl + op.path;
    try {
      const res = await this.http(url, {
        method: op.method,
        ...(req.query && Object.keys(req.query).length ? { searchParams: req.query } : {}),
        ...(payload !== undefined ? { body: payload, headers: { 'content-type': 'application/json' } } : {}),
        ...(this.signals ? { signal: this.signals.abort } : {}),
      });
      return { kind: 'response', status: res.statusCode, headers: res.headers, text: typeof res.body === 'string' ? res.body : '' };
    } catch (err) {
      // A resolved address that IDOSELL_ALLOW_PRIVATE_ADDRESSES forbids: a configuration error, never retried.
      if ((err as Error | undefined)?.cause instanceof PrivateAddressError) {
        throw new IdosellConfigError(this.shopName, `${((err as Error).cause as PrivateAddressError).problem} Correct the address with updateShop.`);
      }
      return describeNetworkError(err, this.config);
    }
  }

  // ------------------------------------------------------------------ products

  /**
   * Creates (no idosellProductId) or edits (by IdoSell id) products, in calls of at most 100, and
   * answers per item in the caller's order. Before creating, the codes are looked up in the shop
   * (`lookupBeforeCreate`, on by default), so a product created by an earlier, interrupted run is
   * edited, not created twice. A create whose answer was lost is resolved the same way.
   */
  async upsertProducts(items: ProductUpsert[], opts: { lookupBeforeCreate?: boolean } = {}): Promise<ProductUpsertResult[]> {
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
        const found = await this.findProductsByCodes(creates.map((c) => c.item.code));
        const still: typeof creates = [];
        for (const c of creates) {
          const id = found.get(c.item.code);
          if (id !== undefined) {
            edits.push({ index: c.index, productId: id, item: c.item });
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
      this.inBatches(edits, MAX_ITEMS_PER_CALL, (batch) => this.editBatch(batch)),
      this.inBatches(creates, MAX_ITEMS_PER_CALL, (batch) => this.createBatch(batch)),
    ]);
    edits.forEach((e, i) => {
      const r = editResults[i]!;
      results[e.index] = r.ok ? { ok: true, value: { productId: r.value.productId, created: false } } : r;
      if (r.ok && foundByLookup.has(e.index)) this.logger?.info({ shop: this.shopName, code: e.item.code, productId: r.value.productId }, 'Product already in the shop; updated instead of created');
    });
    creates.forEach((c, i) => (results[c.index] = createResults[i]!));
    return results.map((r) => r!);
  }

  private productsBody(mode: 'add' | 'edit', batch: { productId?: number; item: ProductUpsert }[]): { params: ProductsPutParams } {
    const withPictures = batch.some((b) => !!b.item.pictureBase64);
    return {
      params: {
        settings: { settingModificationType: mode },
        ...(withPictures ? { picturesSettings: { picturesSettingInputType: 'base64', picturesSettingOverwrite: 'y' } } : {}),
        products: batch.map((b) => toProductPut(b.item, b.productId)),
      },
    };
  }

  private async editBatch(batch: { productId: number; item: ProductUpsert }[]): Promise<ItemResult<{ productId: number }>[]> {
    const answer = await this.send<ProductsWriteResponse>(OPS.productsEdit, { body: this.productsBody('edit', batch) });
    return this.readProductResults(answer.body, batch.map((b) => ({ code: b.item.code, productId: b.productId })));
  }

  private async createBatch(batch: { item: ProductUpsert }[]): Promise<ProductUpsertResult[]> {
    const out = new Array<ProductUpsertResult | undefined>(batch.length);
    let pending = batch.map((b, i) => ({ ...b, i }));
    for (let round = 0; pending.length > 0; round++) {
      try {
        const answer = await this.send<ProductsWriteResponse>(OPS.productsAdd, { body: this.productsBody('add', pending) });
        const read = this.readProductResults(answer.body, pending.map((p) => ({ code: p.item.code })));
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
        this.logger?.warn({ shop: this.shopName, products: pending.length, reason: err.reason }, 'Product create got no answer; looking the codes up in the shop');
        let found: Map<string, number>;
        try {
          found = await this.findProductsByCodes(pending.map((p) => p.item.code));
        } catch (lookupErr) {
          if (!(lookupErr instanceof IdosellError)) throw lookupErr;
          for (const p of pending) out[p.i] = failedBy(lookupErr);
          break;
        }
        const missing: typeof pending = [];
        for (const p of pending) {
          const id = found.get(p.item.code);
          if (id !== undefined) out[p.i] = { ok: true, value: { productId: id, created: true } };
          else missing.push(p);
        }
        pending = missing;
        if (pending.length > 0) {
          if (round >= this.config.retries) {
            const gaveUp = new IdosellUnavailableError({ shop: this.shopName, operation: OPS.productsAdd.name }, err.reason, round + 1);
            for (const p of pending) out[p.i] = failedBy(gaveUp);
            break;
          }
          try {
            await this.pause(OPS.productsAdd, backoffDelay(round, this.config.backoffBaseMs, this.config.backoffMaxMs, this.random));
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

  /** Pairs the answer's productsResults with what was sent: by position when the counts agree, else by id or code. */
  private readProductResults(body: ProductsWriteResponse, sent: { code: string; productId?: number }[]): ItemResult<{ productId: number }>[] {
    const answers = list(obj(body.results).productsResults);
    const callFault = obj(body.errors) as Fault;
    const byPosition =
      answers.length === sent.length &&
      answers.every((a, i) => matchesProduct(a, sent[i]!) !== false);
    return sent.map((s, i) => {
      const a = byPosition ? answers[i] : answers.find((x) => matchesProduct(x, s) === true);
      if (!a) {
        if (isFault(callFault)) return failureOf([callFault], this.shopName);
        return { ok: false, code: 'IDOSELL_NO_ITEM_ANSWER', message: `Shop "${this.shopName}" did not report on product ${s.code}; export it again to be sure.` };
      }
      const faults = itemFaults(a);
      if (faults.length) return failureOf(faults, this.shopName);
      const productId = Number(a.productId ?? s.productId);
      if (!Number.isInteger(productId) || productId <= 0) {
        return { ok: false, code: 'IDOSELL_NO_PRODUCT_ID', message: `Shop "${this.shopName}" accepted product ${s.code} but did not say its id; export it again to link it.` };
      }
      return { ok: true, value: { productId } };
    });
  }

  /** Sets absolute stock of product sizes (by external code) in IdoSell warehouses. */
  async setStock(items: StockUpdate[]): Promise<ItemResult<void>[]> {
    return this.inBatches(items, MAX_ITEMS_PER_CALL, async (batch) => {
      const body: { params: StockQuantityParams } = {
        params: { products: batch.map((s) => ({ productSizeCodeExternal: s.code, stockId: s.stockId, productSizeQuantity: s.quantity })) },
      };
      const answer = await this.send<StockQuantityResponse>(OPS.stockQuantity, { body });
      const answers = list(answer.body.results);
      const callFault = obj(answer.body.errors) as Fault;
      const same = (a: (typeof answers)[number], s: StockUpdate) =>
        (a.productSizeCodeExternal === undefined || a.productSizeCodeExternal === s.code) && (a.stockId === undefined || Number(a.stockId) === s.stockId);
      const byPosition = answers.length === batch.length && answers.every((a, i) => same(a, batch[i]!));
      return batch.map((s, i): ItemResult<void> => {
        const a = byPosition ? answers[i] : answers.find((x) => x.productSizeCodeExternal === s.code && (x.stockId === undefined || Number(x.stockId) === s.stockId));
        if (a) {
          const faults = itemFaults(a);
          if (faults.length) return failureOf(faults, this.shopName);
          return { ok: true, value: undefined };
        }
        if (isFault(callFault)) return failureOf([callFault], this.shopName);
        // IdoSell answers only about the items it has something to say about; silence is success.
        return answers.length === 0 ? { ok: true, value: undefined } : { ok: false, code: 'IDOSELL_NO_ITEM_ANSWER', message: `Shop "${this.shopName}" did not report on the stock of ${s.code}; send it again to be sure.` };
      });
    });
  }

  /** Uploads pictures (base64) to products by IdoSell id, replacing pictures 1..n. */
  async putImages(items: ImagesUpdate[]): Promise<ItemResult<void>[]> {
    const batches = toWeightedBatches(items, (i) => i.imagesBase64.reduce((n, s) => n + s.length, 0), MAX_IMAGE_CHARS_PER_CALL);
    return this.runBatches(items, batches, async (batch) => {
      const body: { params: ProductsImagesParams } = {
        params: {
          productsImagesSettings: { productsImagesSourceType: 'base64' },
          productsImages: batch.map((p) => ({
            productIdent: { identValue: String(p.productId), productIdentType: 'id' },
            productImages: p.imagesBase64.map((source, n) => ({ productImageSource: source, productImageNumber: n + 1 })),
          })),
        },
      };
      const answer = await this.send<ProductsImagesResponse>(OPS.productsImages, { body });
      const answers = list(answer.body.results);
      const callFault = obj(answer.body.errors) as Fault;
      const idOf = (a: (typeof answers)[number]) => obj(a.productIdent).identValue;
      const byPosition = answers.length === batch.length && answers.every((a, i) => idOf(a) === undefined || idOf(a) === String(batch[i]!.productId));
      return batch.map((p, i): ItemResult<void> => {
        const a = byPosition ? answers[i] : answers.find((x) => idOf(x) === String(p.productId));
        if (!a) {
          if (isFault(callFault)) return failureOf([callFault], this.shopName);
          return answers.length === 0 ? { ok: true, value: undefined } : { ok: false, code: 'IDOSELL_NO_ITEM_ANSWER', message: `Shop "${this.shopName}" did not report on the pictures of product ${p.productId}; send them again to be sure.` };
        }
        const faults = [...itemFaults(a), ...list(a.productImages).flatMap((img) => itemFaults(img))];
        if (faults.length) return failureOf(faults, this.shopName);
        return { ok: true, value: undefined };
      });
    });
  }

  /** IdoSell product ids of the given codes (size external code, else displayed code); unknown codes are left out. */
  async findProductsByCodes(codes: string[]): Promise<Map<string, number>> {
    const wanted = [...new Set(codes.filter((c) => typeof c === 'string' && c.trim() !== ''))];
    const out = new Map<string, number>();
    // Two search entries per code (size code and displayed code), at most 100 entries per search.
    for (const batch of toBatches(wanted, MAX_ITEMS_PER_CALL / 2)) {
      const set = new Set(batch.items);
      const productParams = batch.items.flatMap((code) => [{ productSizeCodeExternal: code }, { productCode: code }]);
      const found = await readAllPages<{ productId?: number; productDisplayedCode?: string; productIsDeleted?: string; productSizesAttributes?: unknown }>(
        (page) => this.searchPage<ProductsSearchResponse, NonNullable<ProductsSearchResponse['results']>[number]>(
          OPS.productsSearch,
          { params: { productParams, returnProducts: 'active', resultsPage: page, resultsLimit: MAX_RESULTS_LIMIT } satisfies ProductsSearchParams },
          (b) => list(b.results),
        ),
        (p) => Number(p.productId),
      );
      const byDisplayed = new Map<string, number>();
      for (const p of found) {
        const id = Number(p.productId);
        if (!Number.isInteger(id) || id <= 0 || p.productIsDeleted === 'y') continue;
        for (const size of list(p.productSizesAttributes as { productSizeCodeExternal?: string }[] | undefined)) {
          const code = size?.productSizeCodeExternal;
          if (code && set.has(code) && !out.has(code)) out.set(code, id);
        }
        if (p.productDisplayedCode && set.has(p.productDisplayedCode) && !byDisplayed.has(p.productDisplayedCode)) byDisplayed.set(p.productDisplayedCode, id);
      }
      for (const [code, id] of byDisplayed) if (!out.has(code)) out.set(code, id);
    }
    return out;
  }

  // ------------------------------------------------------------------ orders

  /** Every order of a period (by date added, Warsaw time) or with the given serial numbers, all pages read. */
  async searchOrders(query: OrdersQuery): Promise<IdosellOrder[]> {
    const raws: OrderResult[] = [];
    const readPages = (base: Omit<OrdersSearchParams, 'resultsPage' | 'resultsLimit'>) =>
      readAllPages<OrderResult>(
        (page) => this.searchPage<OrdersSearchResponse, OrderResult>(OPS.ordersSearch, { params: { ...base, resultsPage: page, resultsLimit: MAX_RESULTS_LIMIT } }, (b) => list(b.Results)),
        (o) => String(o.orderSerialNumber ?? o.orderId),
      );
    if ('serialNumbers' in query) {
      const serials = [...new Set(query.serialNumbers.filter((n) => Number.isInteger(n) && n > 0))];
      for (const batch of toBatches(serials)) raws.push(...(await readPages({ ordersSerialNumbers: batch.items })));
    } else {
      if (!(query.from instanceof Date) || !(query.to instanceof Date) || Number.isNaN(query.from.getTime()) || Number.isNaN(query.to.getTime())) {
        throw new RangeError('searchOrders needs valid "from" and "to" dates.');
      }
      raws.push(
        ...(await readPages({
          ordersRange: {
            ordersDateRange: { ordersDateType: query.dateType ?? 'add', ordersDateBegin: formatWarsaw(query.from), ordersDateEnd: formatWarsaw(query.to) },
          },
        })),
      );
    }
    const seen = new Set<number>();
    const orders: IdosellOrder[] = [];
    for (const raw of raws) {
      const o = normaliseOrder(raw);
      if (!o || seen.has(o.orderSerialNumber)) continue;
      seen.add(o.orderSerialNumber);
      orders.push(o);
    }
    return orders;
  }

  /** Sets order statuses (v6 names: new, finished, canceled ...), per item in the caller's order. */
  async setOrderStatuses(items: StatusUpdate[]): Promise<ItemResult<void>[]> {
    return this.inBatches(items, MAX_ITEMS_PER_CALL, async (batch) => {
      const body: { params: OrdersPutParams } = { params: { orders: batch.map((s) => ({ orderSerialNumber: s.orderSerialNumber, orderStatus: s.orderStatus })) } };
      const answer = await this.send<OrdersPutResponse>(OPS.ordersPut, { body });
      const answers = list(obj(answer.body.results).ordersResults);
      const callFault = obj(answer.body.errors) as Fault;
      const same = (a: (typeof answers)[number], s: StatusUpdate) => a.orderSerialNumber === undefined || Number(a.orderSerialNumber) === s.orderSerialNumber;
      const byPosition = answers.length === batch.length && answers.every((a, i) => same(a, batch[i]!));
      return batch.map((s, i): ItemResult<void> => {
        const a = byPosition ? answers[i] : answers.find((x) => Number(x.orderSerialNumber) === s.orderSerialNumber);
        if (!a) {
          if (isFault(callFault)) return failureOf([callFault], this.shopName);
          return { ok: false, code: 'IDOSELL_NO_ITEM_ANSWER', message: `Shop "${this.shopName}" did not report on order ${s.orderSerialNumber}; send its status again to be sure.` };
        }
        const faults = itemFaults({ faultCode: a.faultCode, faultString: a.faultString });
        if (faults.length) return failureOf(faults, this.shopName);
        return { ok: true, value: undefined };
      });
    });
  }

  // ------------------------------------------------------------------ shop settings

  async paymentForms(): Promise<PaymentForm[]> {
    const answer = await this.send<PaymentFormsResponse>(OPS.paymentForms, {});
    return list(obj(answer.body.result).payment_forms)
      .filter((f) => Number.isInteger(Number(f?.id)) && typeof f?.name === 'string')
      .map((f) => ({ id: Number(f.id), name: f.name!.trim() }));
  }

  async shopsData(): Promise<ShopsInfo> {
    const b = (await this.send<ShopsDataResponse>(OPS.shopsData, {})).body;
    return {
      baseCurrency: b.panel_basecurrency_id ?? null,
      defaultLanguageId: b.panel_lang_id_default ?? null,
      languages: list(b.languages).filter((l) => l?.lang_id).map((l) => ({ id: l.lang_id!, name: l.lang_name ?? l.lang_id! })),
      stocks: list(b.stocks).filter((s) => Number.isInteger(Number(s?.stock_id))).map((s) => ({ id: Number(s.stock_id), name: s.stock_name ?? `#${s.stock_id}` })),
      shops: list(b.shops)
        .filter((s) => Number.isInteger(Number(s?.shop_id)))
        .map((s) => ({ id: Number(s.shop_id), name: s.shop_name ?? `#${s.shop_id}`, defaultLanguageId: s.shop_lang_id_default ?? null, currencyId: s.currency_id ?? null })),
      vatRates: list(b.vat_rates).map((v) => Number(v?.value)).filter((v) => Number.isFinite(v)),
    };
  }

  async serverLoad(): Promise<ServerLoad> {
    const b = (await this.send<ServerLoadResponse>(OPS.serverLoad, {})).body;
    const status = typeof b.serverLoadStatus === 'string' ? b.serverLoadStatus : 'unknown';
    return { status, overloaded: status === 'overloaded' };
  }

  // ------------------------------------------------------------------ helpers

  /** One page of a search; faultCode 2 ("nothing found") is an empty page. */
  private async searchPage<B extends { resultsNumberPage?: number; errors?: Fault | [] }, T>(
    op: Operation,
    body: unknown,
    items: (b: B) => T[],
  ): Promise<PageAnswer<T>> {
    const answer = await this.send<B>(op, { body });
    if (isNothingFound(answer.body)) return { items: [], numberOfPages: 0 };
    const found = items(answer.body);
    const fault = obj(answer.body.errors) as Fault;
    if (found.length === 0 && isFault(fault)) {
      throw new IdosellRejectedError({ shop: this.shopName, operation: op.name, status: answer.status, shopMessage: fault.faultString }, null);
    }
    return { items: found, numberOfPages: answer.body.resultsNumberPage };
  }

  private async inBatches<T, R>(items: readonly T[], size: number, sendBatch: (batch: T[]) => Promise<ItemResult<R>[]>): Promise<ItemResult<R>[]> {
    return this.runBatches(items, toBatches(items, size), sendBatch);
  }

  /**
   * Runs batches with at most `concurrency` at once. A batch whose call fails gives every item of it
   * that failure; after a failure that would repeat (key refused, shop down), the batches not yet
   * sent are not sent.
   */
  private async runBatches<T, R>(items: readonly T[], batches: Batch<T>[], sendBatch: (batch: T[]) => Promise<ItemResult<R>[]>): Promise<ItemResult<R>[]> {
    const answers: ItemResult<R>[][] = new Array(batches.length);
    let stop: IdosellError | undefined;
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const b = next++;
        const batch = batches[b]!;
        if (stop) {
          const why = stop;
          answers[b] = batch.items.map(() => ({
            ok: false,
            code: 'IDOSELL_NOT_SENT',
            message: `Not sent to shop "${this.shopName}" because an earlier call failed: ${why.message}`,
            error: why,
          }));
          continue;
        }
        try {
          answers[b] = await sendBatch(batch.items);
        } catch (err) {
          if (!(err instanceof IdosellError)) throw err;
          if (STOPS_THE_REST.has(err.kind)) stop = err;
          answers[b] = batch.items.map(() => failedBy(err));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.config.concurrency, batches.length) }, worker));
    return mergeBatchResults(items.length, batches, answers);
  }
}

// ------------------------------------------------------------------ answer reading

/** true: the answer is about this product; false: it is about another; undefined: it does not say. */
function matchesProduct(a: ProductResult, s: { code: string; productId?: number }): boolean | undefined {
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

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function faultOf(body: unknown): Fault {
  if (!body || typeof body !== 'object') return {};
  const b = body as { errors?: Fault | Fault[]; faultCode?: Fault['faultCode']; faultString?: string };
  if (b.faultString !== undefined || b.faultCode !== undefined) return { faultCode: b.faultCode, faultString: b.faultString };
  return list(b.errors)[0] ?? {};
}

function faultText(body: unknown): string | undefined {
  const s = faultOf(body).faultString;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
}

function isNothingFound(body: unknown): boolean {
  return faultCodeNumber(faultOf(body)) === FAULT_NOTHING_FOUND;
}

/** The scope a 403 names: a `scope` field of the answer, else a "module:access" or quoted name in the message. */
function scopeFrom(message: string | undefined, body: unknown): string | null {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors = obj(b.errors as Record<string, unknown> | undefined);
  for (const v of [b.scope, b.missingScope, errors.scope]) if (typeof v === 'string' && v.trim()) return v.trim();
  if (!message) return null;
  const tagged = /\b([a-z][a-z_-]*:(?:rw|r|w|read|write))\b/i.exec(message);
  if (tagged) return tagged[1]!;
  const quoted = /(?:scope|permission|uprawnie\w*|moduł\w*|module)\D{0,12}["'„“]([^"'”]+)["'”]/i.exec(message);
  if (quoted) return quoted[1]!.trim();
  return null;
}

/** The field a 422 names: a `field`/`path` of the answer, else a params.x.y path in the message. */
function fieldFrom(message: string | undefined, body: unknown): string | null {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors = obj(b.errors as Record<string, unknown> | undefined);
  for (const v of [b.field, b.path, errors.field, errors.path]) if (typeof v === 'string' && v.trim()) return v.trim();
  if (!message) return null;
  const path = /\b((?:params|query)(?:\.[A-Za-z_][\w]*|\[\d+\])+)/.exec(message);
  if (path) return path[1]!;
  const quoted = /(?:field|pole|property|parameter)\s*["'„“]([^"'”]+)["'”]/i.exec(message);
  return quoted ? quoted[1]!.trim() : null;
}

/** A got/network failure as plain facts: what happened and whether the request may have reached the shop. */
function describeNetworkError(err: unknown, config: IdosellClientConfig): Attempt {
  const e = (err ?? {}) as { name?: string; code?: string; event?: string };
  const code = typeof e.code === 'string' ? e.code : '';
  if (e.name === 'TimeoutError' || code === 'ETIMEDOUT') {
    const event = e.event ?? 'request';
    if (event === 'lookup' || event === 'connect' || event === 'secureConnect') {
      return { kind: 'network', reason: `no connection within ${config.connectTimeoutMs} ms`, sent: false };
    }
    return { kind: 'network', reason: `no answer within ${config.requestTimeoutMs} ms`, sent: true };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return { kind: 'network', reason: 'connection refused', sent: false };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { kind: 'network', reason: 'the address could not be resolved', sent: false };
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return { kind: 'network', reason: 'the network cannot reach the shop', sent: false };
    case 'ECONNRESET':
    case 'EPIPE':
      return { kind: 'network', reason: 'the connection was reset', sent: true };
    default:
      if (/hang up|reset|closed/i.test(String((err as Error | undefined)?.message ?? ''))) return { kind: 'network', reason: 'the connection was reset', sent: true };
      if (/^ERR_TLS|CERT|SSL/i.test(code)) return { kind: 'network', reason: `a TLS error (${code})`, sent: false };
      return { kind: 'network', reason: code ? `a network error (${code})` : 'a network error', sent: true };
  }
}
