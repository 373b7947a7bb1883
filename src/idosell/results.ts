/**
 * Reading IdoSell answers: empty objects that arrive as `[]`, per-item faults in their several
 * spellings, and the per-item results the connector hands back.
 */
import type { Fault } from './types.js';
import type { IdosellError } from './errors.js';

export type ItemResult<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      /** `IDOSELL_FAULT_<shop's faultCode>` for an item the shop refused; `IDOSELL_<kind>` when the whole call failed. */
      code: string;
      message: string;
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

export function faultCodeOf(f: Fault): string {
  return f.faultCode === undefined || f.faultCode === null || f.faultCode === '' ? 'IDOSELL_FAULT' : `IDOSELL_FAULT_${String(f.faultCode).trim()}`;
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

export function failureOf(faults: Fault[], shopName: string): { ok: false; code: string; message: string } {
  const first = faults[0]!;
  const texts = faults.map((f) => f.faultString?.trim()).filter((t): t is string => !!t);
  const message = texts.length
    ? `Shop "${shopName}" refused this item: ${texts.join('; ')}`
    : `Shop "${shopName}" refused this item with fault code ${String(first.faultCode)}.`;
  return { ok: false, code: faultCodeOf(first), message };
}

/** The whole call failed: every item of it carries the error. */
export function failedBy(error: IdosellError): { ok: false; code: string; message: string; error: IdosellError } {
  return { ok: false, code: error.itemCode, message: error.message, error };
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
