/**
 * A shop's address: the one rule, used where a shop is saved (shops/shop.service.ts) and where the
 * connector connects (transport.ts), and the check of the addresses the connector may connect to.
 *
 * - A bare domain ("myshop.idosell.com") means https://myshop.idosell.com/api/admin/v6; an address
 *   without a path gets /api/admin/v6.
 * - https only: the shop's API key travels with every call. Plain http is accepted only for a
 *   loopback host (localhost, 127.0.0.0/8, [::1]), i.e. a sandbox on this machine.
 * - No user name, password, query string or fragment.
 * - Private, loopback, link-local, unspecified, multicast and reserved addresses (also inside
 *   IPv4-mapped IPv6 forms) only when IDOSELL_ALLOW_PRIVATE_ADDRESSES is true: otherwise an admin
 *   could point a shop at the server's own network and let any viewer make the server call it.
 *   Saving a shop refuses an IP literal or "localhost" up front (no DNS there); the connector
 *   checks an IP literal before connecting and a name on every connection, against every address
 *   it resolves to (`guardedLookup`), so a name that later resolves to a private address is
 *   refused too.
 */
import dns from 'node:dns';
import net from 'node:net';
import { quote } from '../common/text.js';
import { IdosellConfigError } from './errors.js';

export const DEFAULT_API_PATH = '/api/admin/v6';

/** The setting that allows private addresses, named in every refusal. */
export const ALLOW_PRIVATE_SETTING = 'IDOSELL_ALLOW_PRIVATE_ADDRESSES';

export class ShopAddressError extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'ShopAddressError';
  }
}

export interface ShopAddress {
  /** e.g. https://myshop.idosell.com/api/admin/v6 */
  baseUrl: string;
  /** The host name or IP as connected to (IPv6 without brackets). */
  host: string;
  /** The IP when the host is an IP literal, else null. */
  ip: string | null;
  /** localhost or a loopback IP literal. */
  loopback: boolean;
}

/**
 * Parses and normalises a shop address by the rule above (everything but the private-address
 * check, which depends on the setting: see `privateAddressProblem`). Throws ShopAddressError with
 * a sentence about "the address".
 */
export function parseShopAddress(input: string): ShopAddress {
  const text = (input ?? '').trim();
  if (text === '') throw new ShopAddressError('the address is empty; give the shop panel domain, e.g. "myshop.idosell.com", or its Admin API address.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ShopAddressError(`the address ${quote(text)} is neither a domain nor a URL; give e.g. "myshop.idosell.com" or "https://myshop.idosell.com/api/admin/v6".`);
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const ip = net.isIP(host) ? host : null;
  const loopback = host.toLowerCase() === 'localhost' || (ip !== null && addressKind(ip) === 'loopback');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ShopAddressError(
      `the address must use https:// (not ${url.protocol}//): the shop's API key travels with every call; plain http is allowed only for a loopback sandbox (localhost, 127.0.0.1, [::1]).`,
    );
  }
  if (url.username || url.password) {
    throw new ShopAddressError('the address must not carry a user name or password; give the API key in apiKey.');
  }
  if (url.search || url.hash) throw new ShopAddressError('the address must not have a query string or fragment; give the domain or the /api/admin/v6 address.');
  const pathname = url.pathname.replace(/\/+$/, '');
  return { baseUrl: `${url.protocol}//${url.host}${pathname === '' ? DEFAULT_API_PATH : pathname}`, host, ip, loopback };
}

/**
 * The API base URL of a shop by the rule above: `https://{domain}/api/admin/v6` for a bare domain,
 * https only (plain http only for a loopback sandbox).
 */
export function resolveBaseUrl(apiUrl: string, shopName = 'shop'): string {
  return shopAddress(apiUrl, shopName).baseUrl;
}

/** parseShopAddress for the connector: a bad address is the shop's IdosellConfigError, naming updateShop. */
export function shopAddress(apiUrl: string, shopName: string): ShopAddress {
  try {
    return parseShopAddress(apiUrl);
  } catch (err) {
    if (err instanceof ShopAddressError) throw new IdosellConfigError(shopName, `${err.problem} Correct it with updateShop.`);
    throw err;
  }
}

/** What kind of address an IP is, for the rule; 'public' is the only kind always allowed. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

const KIND_WORDS: Record<Exclude<AddressKind, 'public'>, string> = {
  loopback: 'a loopback address',
  private: 'a private-network address',
  'link-local': 'a link-local address (this includes cloud metadata services)',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
};

function ipv4Bytes(ip: string): number[] | null {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

function ipv4Kind(b: number[]): AddressKind {
  const [a, c] = [b[0]!, b[1]!];
  if (a === 0) return 'unspecified'; // 0.0.0.0/8 "this network"
  if (a === 127) return 'loopback';
  if (a === 10) return 'private';
  if (a === 172 && c >= 16 && c <= 31) return 'private';
  if (a === 192 && c === 168) return 'private';
  if (a === 100 && c >= 64 && c <= 127) return 'private'; // 100.64.0.0/10 carrier-grade NAT
  if (a === 169 && c === 254) return 'link-local';
  if (a === 192 && c === 0 && b[2] === 0) return 'reserved'; // 192.0.0.0/24 IETF protocol assignments
  if (a === 198 && (c === 18 || c === 19)) return 'reserved'; // 198.18.0.0/15 benchmarking
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved'; // 240.0.0.0/4 and the broadcast address
  return 'public';
}

/** The eight 16-bit groups of an IPv6 address (with an IPv4 tail or "::"), or null. */
function ipv6Groups(ip: string): number[] | null {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    // An IPv4 tail (::ffff:127.0.0.1) is the last two groups.
    const v4 = ipv4Bytes(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const known = head.length + rest.length + tail.length;
  if ([...head, ...rest].some(Number.isNaN)) return null;
  if (halves.length === 1 && known !== 8) return null;
  if (halves.length === 2 && known > 7) return null;
  return [...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tail];
}

function ipv6Kind(g: number[]): AddressKind {
  const embeddedV4 = (hi: number, lo: number) => ipv4Kind([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return 'unspecified';
  if (zeros(0, 7) && g[7] === 1) return 'loopback';
  if (zeros(0, 5) && g[5] === 0xffff) return embeddedV4(g[6]!, g[7]!); // ::ffff:a.b.c.d, IPv4-mapped
  if (zeros(0, 6)) return embeddedV4(g[6]!, g[7]!); // ::a.b.c.d, IPv4-compatible (deprecated)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return embeddedV4(g[6]!, g[7]!); // NAT64
  if (g[0] === 0x2002) return embeddedV4(g[1]!, g[2]!); // 6to4
  if ((g[0]! & 0xfe00) === 0xfc00) return 'private'; // fc00::/7 unique local
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g[0]! & 0xffc0) === 0xfec0) return 'private'; // fec0::/10 site-local (deprecated)
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x0100 && zeros(1, 4)) return 'reserved'; // 100::/64 discard
  return 'public';
}

/** Classifies an IP address (v4 or v6, incl. IPv4-mapped forms). Not an IP: 'reserved' (refused). */
export function addressKind(ip: string): AddressKind {
  const v4 = ipv4Bytes(ip);
  if (v4) return ipv4Kind(v4);
  const v6 = ipv6Groups(ip);
  return v6 ? ipv6Kind(v6) : 'reserved';
}

function refusal(what: string, kind: Exclude<AddressKind, 'public'>): string {
  return `${what} is ${KIND_WORDS[kind]}, and this server connects only to public addresses unless ${ALLOW_PRIVATE_SETTING}=true (the embedded default with its sandbox sets it).`;
}

/**
 * Whether the address may be used under the setting, judged without DNS: the sentence saying why
 * not for "localhost" or a non-public IP literal, else null (a name is checked when connecting).
 */
export function privateAddressProblem(address: ShopAddress, allowPrivate: boolean): string | null {
  if (allowPrivate) return null;
  if (address.ip) {
    const kind = addressKind(address.ip);
    return kind === 'public' ? null : refusal(`the address's host ${address.ip}`, kind);
  }
  if (address.loopback) return refusal(`the address's host ${address.host}`, 'loopback');
  return null;
}

/** The refusal of a resolved address; carries the sentence. */
export class PrivateAddressError extends Error {
  readonly code = 'ERR_SHOP_PRIVATE_ADDRESS';
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'PrivateAddressError';
  }
}

type LookupAddress = { address: string; family: number };
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
/** dns.lookup's shape, as node's http and got call it: (hostname, options, callback). */
export type LookupFunction = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

const systemLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, options, callback as never);
};

/**
 * A lookup for got's `dnsLookup`: resolves with `resolve` (dns.lookup by default), then fails the
 * connection with PrivateAddressError if ANY resolved address is not public. Node does not call
 * a lookup for an IP literal: those are checked by `privateAddressProblem` before connecting.
 */
export function guardedLookup(resolve: LookupFunction = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      const all: LookupAddress[] = Array.isArray(address) ? address : [{ address, family: family ?? 0 }];
      for (const a of all) {
        const kind = addressKind(a.address);
        if (kind !== 'public') {
          return callback(new PrivateAddressError(refusal(`the address's host ${hostname} resolves to ${a.address}, which`, kind)), address, family);
        }
      }
      callback(null, address, family);
    });
  };
}
