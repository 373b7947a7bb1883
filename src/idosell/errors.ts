/**
 * What can go wrong talking to a shop, as a few domain errors the services understand. Every
 * one is built here from plain facts (shop name, operation, status, the shop's own message):
 * never from a got error, whose options hold the shop's API key.
 */
import { UpstreamError } from '../common/errors.js';
import type { ItemErrorCode } from '../common/item-codes.js';

export type IdosellErrorKind =
  | 'AUTH' // 401: the shop refused the key
  | 'SCOPE' // 403: the key lacks a permission
  | 'RATE_LIMITED' // 429 after the retries, or a Retry-After longer than we wait
  | 'UNAVAILABLE' // 5xx, timeouts, resets, refused connections after the retries
  | 'ANSWER_LOST' // a call that is not safe to repeat got no answer: the shop may or may not have done it
  | 'REJECTED' // 422: the shop refused the input
  | 'PROTOCOL' // an answer we cannot read (not JSON, unknown path)
  | 'CONFIG' // the shop's address is not usable
  | 'CANCELLED'; // the run was stopped (cancelSyncRun, shutdown): the call was not sent, or its answer was given up

export interface IdosellErrorFacts {
  shop: string;
  operation: string;
  status?: number;
  /** The shop's own message (X-Error or faultString), decoded. */
  shopMessage?: string;
}

export class IdosellError extends UpstreamError {
  readonly shop: string;
  readonly operation: string;
  readonly status?: number;
  readonly shopMessage?: string;

  constructor(readonly kind: IdosellErrorKind, message: string, facts: IdosellErrorFacts, extra: Record<string, unknown> = {}) {
    super(message, {
      idosell: kind,
      shop: facts.shop,
      operation: facts.operation,
      ...(facts.status !== undefined ? { status: facts.status } : {}),
      ...(facts.shopMessage ? { shopMessage: facts.shopMessage } : {}),
      ...extra,
    });
    this.shop = facts.shop;
    this.operation = facts.operation;
    this.status = facts.status;
    this.shopMessage = facts.shopMessage;
  }

  /**
   * The code an item carries when this error stopped it (IDOSELL_AUTH, IDOSELL_UNAVAILABLE, ...).
   * Typed: a kind without its code in common/item-codes.ts does not compile.
   */
  get itemCode(): ItemErrorCode {
    return `IDOSELL_${this.kind}`;
  }
}

/**
 * Kinds after which more calls to the same shop would fail the same way (key refused, permission
 * missing, shop down or asking for a longer pause than we wait, an address that is not the API):
 * the connector sends no more batches of the work, and a run bound to the call stops (fail fast).
 */
const STOPS_THE_REST = new Set<IdosellErrorKind>(['AUTH', 'SCOPE', 'RATE_LIMITED', 'UNAVAILABLE', 'PROTOCOL', 'CONFIG']);

export function stopsTheRest(err: unknown): err is IdosellError {
  return err instanceof IdosellError && STOPS_THE_REST.has(err.kind);
}

/**
 * A per-item result that is not an outcome to record: its call was not made (or given up) because
 * the run was stopped, or, once the run halted (fail fast), its call failed the way that halted it;
 * the run's error counts these items as not sent.
 */
export function leftUnsent(err: unknown, runHalted: boolean): boolean {
  return isCancelled(err) || (runHalted && stopsTheRest(err));
}

const said = (m?: string) => (m ? ` The shop said: "${m}".` : '');

export class IdosellAuthError extends IdosellError {
  constructor(facts: IdosellErrorFacts) {
    super(
      'AUTH',
      `Shop "${facts.shop}" refused the API key (401).${said(facts.shopMessage)} Generate a new key in the IdoSell panel (Administration > API) and save it in the shop's settings.`,
      facts,
    );
  }
}

export class IdosellScopeError extends IdosellError {
  constructor(facts: IdosellErrorFacts, readonly scope: string | null) {
    super(
      'SCOPE',
      `Shop "${facts.shop}" refused ${facts.operation} (403): the API key lacks the permission ${scope ? `"${scope}"` : 'for this module'}.${said(facts.shopMessage)} Grant it to the key in the IdoSell panel (Administration > API) and try again.`,
      facts,
      { scope },
    );
  }
}

export class IdosellRateLimitedError extends IdosellError {
  constructor(facts: IdosellErrorFacts, readonly retryAfterS: number | null, readonly boundS: number | null) {
    super(
      'RATE_LIMITED',
      retryAfterS !== null && boundS !== null && retryAfterS > boundS
        ? `Shop "${facts.shop}" asks us to wait ${retryAfterS} s before ${facts.operation} (${facts.status ?? 429}), longer than the ${boundS} s we wait (IDOSELL_RETRY_AFTER_MAX_S). Try again in ${retryAfterS} s or raise that bound.`
        : `Shop "${facts.shop}" kept answering "too many requests" (429) to ${facts.operation} after all retries.${said(facts.shopMessage)} Try again later or lower IDOSELL_CONCURRENCY.`,
      facts,
      { retryAfterS },
    );
  }
}

export class IdosellUnavailableError extends IdosellError {
  constructor(facts: IdosellErrorFacts, readonly reason: string, readonly attempts: number) {
    super(
      'UNAVAILABLE',
      `Shop "${facts.shop}" did not answer ${facts.operation} (${reason}) after ${attempts} attempt${attempts === 1 ? '' : 's'}.${said(facts.shopMessage)} Check that the shop's API address is right and the shop is up, then try again.`,
      facts,
      { reason, attempts },
    );
  }
}

/** Raised only inside the connector for a call that must not be repeated blindly; see upsertProducts. */
export class IdosellAnswerLostError extends IdosellError {
  constructor(facts: IdosellErrorFacts, readonly reason: string) {
    super(
      'ANSWER_LOST',
      `Shop "${facts.shop}" gave no answer to ${facts.operation} (${reason}); it may or may not have done it, so it was not sent again.`,
      facts,
      { reason },
    );
  }
}

export class IdosellRejectedError extends IdosellError {
  constructor(facts: IdosellErrorFacts, readonly field: string | null) {
    super(
      'REJECTED',
      `Shop "${facts.shop}" rejected the data of ${facts.operation} (${facts.status ?? 422})${field ? ` in the field "${field}"` : ''}.${said(facts.shopMessage)} Correct the data and send it again.`,
      facts,
      { field },
    );
  }
}

export class IdosellProtocolError extends IdosellError {
  constructor(facts: IdosellErrorFacts, what: string) {
    super('PROTOCOL', `Shop "${facts.shop}" answered ${facts.operation} with ${what}. Check that the shop's API address points at the IdoSell Admin API v6.`, facts);
  }
}

export class IdosellConfigError extends IdosellError {
  constructor(shop: string, what: string) {
    super('CONFIG', `Shop "${shop}": ${what}`, { shop, operation: 'configuration' });
  }
}

/**
 * The run that made the call was stopped (cancelSyncRun or a shutdown). `inFlight` false: the call
 * was never sent, so the items of it were not attempted and are not recorded (the next run plans
 * them again). `inFlight` true: it was sent and then given up after the grace time, so the shop may
 * or may not have done it; a create is looked up by code on the next run (it runs "cautious").
 */
export class IdosellCancelledError extends IdosellError {
  constructor(facts: IdosellErrorFacts, readonly inFlight: boolean) {
    super(
      'CANCELLED',
      inFlight
        ? `The call ${facts.operation} to shop "${facts.shop}" was given up because the run was stopped; the shop may or may not have done it, and the next run checks.`
        : `The call ${facts.operation} to shop "${facts.shop}" was not sent because the run was stopped.`,
      facts,
      { inFlight },
    );
  }
}

/** True for a per-item result whose call was not made (or given up) because the run was stopped: not an outcome to record. */
export function isCancelled(err: unknown): err is IdosellCancelledError {
  return err instanceof IdosellCancelledError;
}
