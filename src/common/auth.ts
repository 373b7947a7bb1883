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
