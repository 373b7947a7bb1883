/**
 * Reading what came back from one HTTP exchange, for the transport (transport.ts): the body as
 * JSON, the shop's fault text, "nothing found", the scope a 403 names, the field a 422 names, and
 * a got/network failure as plain facts. Nothing here sends or retries.
 */
import type { IdosellClientConfig } from '../config.js';
import { faultCodeNumber, list, obj } from './results.js';
import type { Fault } from './types.js';

/** A search's faultCode for "nothing found": an empty result, not a failure. */
const FAULT_NOTHING_FOUND = 2;

/** An exchange that got no HTTP answer: why, and whether the request may have reached the shop. */
export interface NetworkFailure {
  kind: 'network';
  reason: string;
  sent: boolean;
  /** A timeout rather than a refused, reset or unresolvable connection (the metrics tell them apart). */
  timeout?: true;
}

/** The body as JSON; undefined for an empty or non-JSON body (the caller tells those apart). */
export function parseJson(text: string): unknown {
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

/** The shop's own words about the whole call, if it gave any. */
export function faultText(body: unknown): string | undefined {
  const s = faultOf(body).faultString;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
}

export function isNothingFound(body: unknown): boolean {
  return faultCodeNumber(faultOf(body)) === FAULT_NOTHING_FOUND;
}

/** The scope a 403 names: a `scope` field of the answer, else a "module:access" or quoted name in the message. */
export function scopeFrom(message: string | undefined, body: unknown): string | null {
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
export function fieldFrom(message: string | undefined, body: unknown): string | null {
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
export function describeNetworkError(err: unknown, config: IdosellClientConfig): NetworkFailure {
  const e = (err ?? {}) as { name?: string; code?: string; event?: string };
  const code = typeof e.code === 'string' ? e.code : '';
  if (e.name === 'TimeoutError' || code === 'ETIMEDOUT') {
    const event = e.event ?? 'request';
    if (event === 'lookup' || event === 'connect' || event === 'secureConnect') {
      return { kind: 'network', reason: `no connection within ${config.connectTimeoutMs} ms`, sent: false, timeout: true };
    }
    return { kind: 'network', reason: `no answer within ${config.requestTimeoutMs} ms`, sent: true, timeout: true };
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
