/**
 * The one choke point of the IdoSell connector: every request goes through `Transport.send()`.
 * It applies the shop's base URL and key, the timeouts, the bound on calls in flight, the retry
 * policy (full-jitter exponential backoff on 429, 5xx, timeouts and resets; Retry-After honoured
 * up to a bound; only calls safe to repeat are repeated), a run's stop signals, the private-address
 * guard, and turns every failure into one of the connector's own errors (errors.ts). got's own
 * retry is off, and no got error ever leaves this file: they carry the request options, and so
 * the shop's API key. The resource files (products.ts, stock.ts, ...) build bodies and read answers.
 */
import got, { type Got } from 'got';
import type { IdosellClientConfig } from '../config.js';
import type { Logger } from '../common/logger.js';
import { NO_CONNECTOR_OBSERVER, type ConnectorObserver } from '../common/telemetry.js';
import { guardedLookup, PrivateAddressError, privateAddressProblem, shopAddress, type LookupFunction } from './address.js';
import { backoffDelay, parseRetryAfter } from './backoff.js';
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
  stopsTheRest,
  type IdosellErrorFacts,
} from './errors.js';
import { limiterFor, type Limiter } from './limiter.js';
import type { HttpMethod, Operation } from './operations.js';
import type { PageAnswer } from './paging.js';
import { describeNetworkError, faultText, fieldFrom, isNothingFound, parseJson, scopeFrom, type NetworkFailure } from './responses.js';
import { isFault, obj } from './results.js';
import type { Fault } from './types.js';
import { decodeXError } from './x-error.js';

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
  /** Told about every attempt, retry and Retry-After wait (the server's metrics). */
  observer?: ConnectorObserver;
}

/**
 * The two stages of stopping a run's calls (see RunEngine): `stop` aborts when the run is cancelled
 * or the server stops, after which no call starts (a waiting one leaves the limiter's queue, a retry
 * wait ends); `abort` aborts later, after the grace time, and cuts the calls still in flight.
 */
export interface CallSignals {
  stop: AbortSignal;
  abort: AbortSignal;
  /**
   * Told when a call failed, after its retries, in a way the next calls would repeat (stopsTheRest:
   * key refused, shop unreachable, a Retry-After beyond the bound): the run stops at once instead
   * of trying every batch (fail fast, RunEngine).
   */
  halt?: (err: IdosellError) => void;
  /**
   * The run's logger: the connector's lines of the run carry its bindings (run id, kind), with the
   * shop's name bound once on top (the lines themselves never add `shop`).
   */
  logger?: Logger;
}

type Attempt =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; text: string }
  | NetworkFailure
  | { kind: 'stopped' };

export class Transport {
  readonly baseUrl: string;
  readonly shopName: string;
  readonly logger?: Logger;
  private readonly http: Got;
  private readonly limiter: Limiter;
  private readonly onRequest?: RequestHook;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly observer: ConnectorObserver;
  /** Set on a transport bound to a run (`withSignals`); one without them is never stopped. */
  private readonly signals?: CallSignals;

  constructor(shop: ShopConnection, readonly config: IdosellClientConfig, opts: IdosellClientOptions = {}) {
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
    this.observer = opts.observer ?? NO_CONNECTOR_OBSERVER;
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
   * This transport bound to a run's signals: the same shop, settings, limiter and HTTP agent (it
   * inherits them from this one), but every call checks `stop` before it starts and passes `abort`
   * to the request.
   */
  withSignals(signals: CallSignals): Transport {
    const bound = Object.create(this) as Transport;
    Object.defineProperty(bound, 'signals', { value: signals, enumerable: false });
    if (signals.logger) Object.defineProperty(bound, 'logger', { value: signals.logger.child({ shop: this.shopName }), enumerable: false });
    return bound;
  }

  /** The wait before retry `round` (0-based): full jitter under the configured ceiling. */
  backoff(round: number): number {
    return backoffDelay(round, this.config.backoffBaseMs, this.config.backoffMaxMs, this.random);
  }

  private cancelled(op: Operation, inFlight: boolean): IdosellCancelledError {
    return new IdosellCancelledError({ shop: this.shopName, operation: op.name }, inFlight);
  }

  /** Waits between retries; a stopped run ends the wait at once (IdosellCancelledError). */
  async pause(op: Operation, ms: number): Promise<void> {
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
  async send<T>(op: Operation, req: RequestParts): Promise<{ status: number; body: T }> {
    try {
      return await this.sendWithRetries<T>(op, req);
    } catch (err) {
      if (stopsTheRest(err)) this.signals?.halt?.(err);
      throw err;
    }
  }

  private async sendWithRetries<T>(op: Operation, req: RequestParts): Promise<{ status: number; body: T }> {
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
        outcome = await this.limiter.run(() => (stop?.aborted ? Promise.resolve({ kind: 'stopped' } as const) : this.observedAttempt(op, req, payload)), stop);
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
        this.logger?.debug({ op: op.name, status, attempt: retry + 1, ms }, 'IdoSell call');
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
          this.observer.rateLimited(op.name);
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
        this.logger?.debug({ op: op.name, error: outcome.reason, attempt: retry + 1, ms }, 'IdoSell call failed');
        // A request that never reached the shop may always be sent again; one that did, only if safe.
        if (outcome.sent && !op.safeToRetry) throw new IdosellAnswerLostError(facts(), outcome.reason);
        retryable = new IdosellUnavailableError(facts(), outcome.reason, retry + 1);
      }

      if (retryAfterS !== null && retryAfterS > this.config.retryAfterMaxS) {
        this.logger?.warn({ op: op.name, retryAfterS, boundS: this.config.retryAfterMaxS }, 'IdoSell asks for a longer wait than allowed');
        throw new IdosellRateLimitedError(facts(retryable.status, retryable.shopMessage), retryAfterS, this.config.retryAfterMaxS);
      }
      if (retry >= this.config.retries) throw retryable;
      const waitMs = retryAfterS !== null ? retryAfterS * 1000 : this.backoff(retry);
      this.logger?.warn({ op: op.name, status: retryable.status, reason: retryable.kind, retry: retry + 1, waitMs }, 'IdoSell call will be retried');
      this.observer.retry(op.name, retryable.kind);
      if (retryAfterS !== null) this.observer.retryAfterWait(op.name, retryAfterS);
      await this.pause(op, waitMs);
    }
  }

  /** One attempt as the observer sees it: in flight from the wire to the answer, with its status (or "network"/"timeout") and time. */
  private async observedAttempt(op: Operation, req: RequestParts, payload: Buffer | undefined): Promise<Attempt> {
    const started = performance.now();
    let status = 'network';
    this.observer.callStarted(op.name);
    try {
      const outcome = await this.attempt(op, req, payload);
      if (outcome.kind === 'response') status = String(outcome.status);
      else if (outcome.kind === 'network' && outcome.timeout) status = 'timeout';
      return outcome;
    } finally {
      this.observer.callFinished(op.name, status, performance.now() - started);
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

  /** One page of a search; faultCode 2 ("nothing found") is an empty page. */
  async searchPage<B extends { resultsNumberPage?: number; errors?: Fault | [] }, T>(op: Operation, body: unknown, items: (b: B) => T[]): Promise<PageAnswer<T>> {
    const answer = await this.send<B>(op, { body });
    if (isNothingFound(answer.body)) return { items: [], numberOfPages: 0 };
    const found = items(answer.body);
    const fault = obj(answer.body.errors) as Fault;
    if (found.length === 0 && isFault(fault)) {
      throw new IdosellRejectedError({ shop: this.shopName, operation: op.name, status: answer.status, shopMessage: fault.faultString }, null);
    }
    return { items: found, numberOfPages: answer.body.resultsNumberPage };
  }
}
