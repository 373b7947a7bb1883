/**
 * Reading IdoSell answers: empty objects that arrive as `[]`, per-item faults in their several
 * spellings, the per-item results the connector hands back, and the pairing of a write's answers
 * with the items sent (`pairAnswers`).
 */
import type { IdosellFaultCode, ItemErrorCode } from '../common/item-codes.js';
import type { Fault } from './types.js';
import type { IdosellError } from './errors.js';

export type ItemResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** `IDOSELL_FAULT_<shop's faultCode>` for an item the shop refused; `IDOSELL_<kind>` when the whole call failed. */
      code: ItemErrorCode;
      message: string;
      /** The shop's own words about this item (its faultString, or the call's X-Error), for the item's detail. */
      shopMessage?: string;
      /** Set when the whole call failed (key refused, shop down ...), the same error for every item of it. */
      error?: IdosellError;
    };

/** An object that may have arrived as `[]` (IdoSell's empty object) or not at all. */
export function obj<T extends object>(value: T | [] | null | undefined): Partial<T> {
  if (value === null || value === undefined || Array.isArray(value)) return {};
  return typeof value === 'object' ? value : {};
}

/** A list that may be missing, `[]`, or (rarely) a single object. */
export function list<T>(value: T[] | [] | T | null | undefined): T[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value as T[];
  if (typeof value === 'object' && Object.keys(value as object).length === 0) return [];
  return [value as T];
}

export function isFault(f: Fault | null | undefined): boolean {
  if (!f) return false;
  const code = f.faultCode;
  if (code === undefined || code === null || code === '') return !!f.faultString && !/^ok$/i.test(f.faultString.trim());
  return Number(code) !== 0;
}

export function faultCodeOf(f: Fault): ItemErrorCode {
  if (f.faultCode === undefined || f.faultCode === null || f.faultCode === '') return 'IDOSELL_FAULT';
  // IdoSell's fault codes are numbers, sent as 5 or "5"; the text is kept as the shop sent it.
  return `IDOSELL_FAULT_${String(f.faultCode).trim()}` as IdosellFaultCode;
}

/** Faults of one item, wherever the answer put them. */
export function itemFaults(item: unknown): Fault[] {
  if (!item || typeof item !== 'object') return [];
  const it = item as Record<string, unknown>;
  const out: Fault[] = [];
  if (isFault(it as Fault)) out.push({ faultCode: it.faultCode as Fault['faultCode'], faultString: it.faultString as string | undefined });
  for (const f of list(it.faults as Fault[] | undefined)) if (isFault(f)) out.push(f);
  for (const f of list(it.errors as Fault[] | Fault | undefined)) if (isFault(f)) out.push(f);
  for (const d of list(it.productResultDetails as { fault?: Fault | [] }[] | undefined)) {
    const f = obj(d?.fault);
    if (isFault(f)) out.push(f);
  }
  return out;
}

/**
 * What an operator does about the shop's words, for the faults we can recognise (IdoSell's fault
 * codes differ between operations, so the words are matched, not the numbers). The shop's own
 * words go to the item's detail (shopMessage), never lost.
 */
const PLAIN_FAULTS: [RegExp, string][] = [
  [/already exists/i, 'A product with this code already exists in the shop: run linkShopProducts, or export again: the export links it.'],
  [/no product size has the code|no product matches|has no product with/i,
    'The shop does not have this product (deleted there, or the shop lost its data): export it again with force: true.'],
  [/no warehouse|stockId/i, "The shop has no warehouse with the shop's idosellStockId: pick one of its warehouses and save it with updateShop."],
  [/picture|image|base64/i, "The shop refused the product's picture: check the picture in ISOF (a JPEG or PNG file) and export again."],
  [/has no order|no order with/i, 'The shop has no order with this number (deleted in the shop?): check it in the IdoSell panel.'],
  [/locked/i, 'The order is locked in the shop, so its status cannot change: unlock it in the IdoSell panel, then run syncStatuses again.'],
  [/not an order status/i, "The shop does not accept this status: map the ISOF status to one of IdoSell's statuses with setStatusMapping."],
  [/price/i, "The shop refused the product's price: check its prices in ISOF and the price mappings (setPriceMapping), then export again."],
];

/** The plain sentence for the shop's words about one item. */
export function plainFault(shopWords: string | undefined): string {
  const hit = shopWords ? PLAIN_FAULTS.find(([re]) => re.test(shopWords)) : undefined;
  return hit ? hit[1] : "The shop refused this item; its words are in the item's detail (shopMessage).";
}

export function failureOf(faults: Fault[], shopName: string): { ok: false; code: ItemErrorCode; message: string; shopMessage: string } {
  const first = faults[0]!;
  const texts = faults.map((f) => f.faultString?.trim()).filter((t): t is string => !!t);
  const shopMessage = texts.length ? texts.join('; ') : `fault code ${String(first.faultCode)}`;
  return { ok: false, code: faultCodeOf(first), message: `Shop "${shopName}": ${plainFault(texts.join('; ') || undefined)}`, shopMessage };
}

/** The whole call failed: every item of it carries the error. */
export function failedBy(error: IdosellError): { ok: false; code: ItemErrorCode; message: string; shopMessage?: string; error: IdosellError } {
  return { ok: false, code: error.itemCode, message: error.message, ...(error.shopMessage ? { shopMessage: error.shopMessage } : {}), error };
}

/** The first call-level error among results, e.g. to stop a run when the key was refused. */
export function callError(results: readonly ItemResult<unknown>[]): IdosellError | undefined {
  for (const r of results) if (!r.ok && r.error) return r.error;
  return undefined;
}

/** A fault code as a number (IdoSell sends both 2 and "2"), or null. */
export function faultCodeNumber(f: Fault | undefined): number | null {
  if (!f || f.faultCode === undefined || f.faultCode === null || f.faultCode === '') return null;
  const n = Number(f.faultCode);
  return Number.isFinite(n) ? n : null;
}

/** true: the answer is about this item; false: about another one; undefined: it does not say. */
export type Match<S, A> = (answer: A, sent: S) => boolean | undefined;

export interface PairRules<S, A, R> {
  shopName: string;
  match: Match<S, A>;
  /** Faults of one answer; default itemFaults. */
  faults?: (answer: A) => Fault[];
  /** An answer without faults -> the item's result (a value, or e.g. IDOSELL_NO_PRODUCT_ID). */
  accept: (answer: A, sent: S) => ItemResult<R>;
  /** The sentence of IDOSELL_NO_ITEM_ANSWER. */
  unanswered: (sent: S) => string;
  /** Stock, pictures: an answer that lists no item at all means every item succeeded (only for results without a value). */
  silenceIsSuccess?: R extends void ? boolean : never;
}

/**
 * One result per item sent, in the order sent. The answers are paired by position when the counts
 * agree and no answer is about another item (match !== false), else each item takes the answer
 * that is about it (match === true). An item without an answer gets the call's fault if there is
 * one, else success when the rules say silence is success and the answer lists nothing, else
 * IDOSELL_NO_ITEM_ANSWER (whether the shop applied it is unknown).
 */
export function pairAnswers<S, A, R>(sent: readonly S[], answers: readonly A[], callFault: Fault, rules: PairRules<S, A, R>): ItemResult<R>[] {
  const faultsOf = rules.faults ?? itemFaults;
  const byPosition = answers.length === sent.length && answers.every((a, i) => rules.match(a, sent[i]!) !== false);
  return sent.map((s, i): ItemResult<R> => {
    const a = byPosition ? answers[i] : answers.find((x) => rules.match(x, s) === true);
    if (!a) {
      if (isFault(callFault)) return failureOf([callFault], rules.shopName);
      if (rules.silenceIsSuccess && answers.length === 0) return { ok: true, value: undefined as R };
      return { ok: false, code: 'IDOSELL_NO_ITEM_ANSWER', message: rules.unanswered(s) };
    }
    const faults = faultsOf(a);
    if (faults.length) return failureOf(faults, rules.shopName);
    return rules.accept(a, s);
  });
}
