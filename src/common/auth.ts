/** API keys with roles: viewer (queries) < operator (+ running synchronisations) < admin (+ shops, mappings). */
import type { ApiKeyConfig, Role } from '../config.js';
import { safeEqual } from './crypto.js';

export interface Caller {
  /** The API key's name (or "local" for the keyless embedded default); recorded as a run's triggeredBy. */
  name: string;
  role: Role;
}

const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export function hasRole(caller: Caller | null | undefined, needed: Role): boolean {
  return !!caller && RANK[caller.role] >= RANK[needed];
}

/** Finds the key for a bearer secret, comparing every key in constant time. */
export function authenticate(keys: ApiKeyConfig[], authorization: string | undefined): Caller | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match) return null;
  const secret = match[1]!.trim();
  let found: ApiKeyConfig | null = null;
  for (const key of keys) {
    if (safeEqual(key.secret, secret) && !found) found = key;
  }
  return found ? { name: found.name, role: found.role } : null;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

/** The names a browser on this machine uses for it; a Host header naming anything else is refused in keyless mode. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * True when a Host header names this machine by a loopback name (localhost, 127.0.0.1, [::1], or
 * `listenHost` when that is a loopback address), with or without a port, in any case. A web page
 * that reaches a loopback server through DNS rebinding sends its own name here, so this is what
 * keeps such a page from the keyless server. A missing Host header is refused.
 */
export function isLoopbackHost(host: string | undefined, listenHost?: string): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const name = match[1]!;
  if (LOOPBACK_NAMES.includes(name)) return true;
  if (!listenHost || !isLoopback(listenHost.replace(/^\[|\]$/g, ''))) return false;
  const listen = listenHost.toLowerCase();
  return name === listen || name === `[${listen.replace(/^\[|\]$/g, '')}]`;
}
