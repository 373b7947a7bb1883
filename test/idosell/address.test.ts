/**
 * The one shop-address rule (idosell/address.ts), as the shop service and the connector apply it,
 * and the classifier of addresses behind IDOSELL_ALLOW_PRIVATE_ADDRESSES. No DNS: names resolve
 * through an injected lookup.
 */
import type dns from 'node:dns';
import {
  addressKind, guardedLookup, parseShopAddress, privateAddressProblem, PrivateAddressError, resolveBaseUrl, type LookupFunction,
} from '../../src/idosell/address.js';
import { IdosellClient } from '../../src/idosell/client.js';
import { IdosellConfigError } from '../../src/idosell/errors.js';
import { normalizeApiUrl } from '../../src/shops/shop.service.js';
import { BadInputError } from '../../src/common/errors.js';
import type { IdosellClientConfig } from '../../src/config.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

const SANDBOX_KEY = 'address-test-key-0123456789';

describe('the shop address rule, the same in the shop service and the connector', () => {
  const both = (input: string) => [normalizeApiUrl(input), resolveBaseUrl(input)];

  test('a bare domain means https and the Admin API path; a path is kept, a trailing slash dropped', () => {
    expect(both('myshop.idosell.com')).toEqual(['https://myshop.idosell.com/api/admin/v6', 'https://myshop.idosell.com/api/admin/v6']);
    expect(both('  https://sklep.pl  ')).toEqual(['https://sklep.pl/api/admin/v6', 'https://sklep.pl/api/admin/v6']);
    expect(both('https://sklep.pl/api/admin/v6/')).toEqual(['https://sklep.pl/api/admin/v6', 'https://sklep.pl/api/admin/v6']);
    expect(both('HTTPS://Sklep.PL:8443')).toEqual(['https://sklep.pl:8443/api/admin/v6', 'https://sklep.pl:8443/api/admin/v6']);
  });

  test('plain http only for a loopback host', () => {
    for (const ok of ['http://127.0.0.1:4100/api/admin/v6/', 'http://localhost:4100', 'http://[::1]:4100', 'http://127.9.9.9']) {
      expect(() => parseShopAddress(ok)).not.toThrow();
    }
    expect(parseShopAddress('http://127.0.0.1:4100/api/admin/v6/').baseUrl).toBe('http://127.0.0.1:4100/api/admin/v6');
    for (const bad of ['http://sklep.pl', 'http://10.0.0.1', 'http://192.168.1.10:8080/api/admin/v6', 'http://localhost.example.com']) {
      expect(() => normalizeApiUrl(bad)).toThrow(BadInputError);
      expect(() => normalizeApiUrl(bad)).toThrow(/use https:\/\/.*plain http is allowed only for a loopback sandbox/);
      expect(() => resolveBaseUrl(bad, 'Sklep')).toThrow(IdosellConfigError);
      expect(() => resolveBaseUrl(bad, 'Sklep')).toThrow(/plain http is allowed only for a loopback sandbox/);
    }
  });

  test('other schemes, credentials, queries, fragments and non-addresses are refused by both', () => {
    for (const [bad, words] of [
      ['ftp://sklep.pl', /https/],
      ['', /empty/],
      ['   ', /empty/],
      ['not a url', /neither a domain nor a URL/],
      ['https://user:pw@sklep.pl', /user name or password/],
      ['https://sklep.pl/?a=1', /query string/],
      ['https://sklep.pl/#x', /fragment/],
    ] as const) {
      expect(() => normalizeApiUrl(bad)).toThrow(words);
      expect(() => resolveBaseUrl(bad)).toThrow(words);
    }
  });

  test('the address echoed in an error is capped', () => {
    const long = `bad host ${'x'.repeat(5000)}`;
    let message = '';
    try {
      normalizeApiUrl(long);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/neither a domain nor a URL/);
    expect(message).toContain('(5009 characters)');
    expect(message.length).toBeLessThan(300);
  });
});

describe('address classifier', () => {
  test.each([
    ['8.8.8.8', 'public'], ['93.184.216.34', 'public'], ['172.15.255.255', 'public'], ['172.32.0.1', 'public'],
    ['100.63.255.255', 'public'], ['100.128.0.1', 'public'], ['169.253.1.1', 'public'], ['223.255.255.255', 'public'],
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.0.1', 'private'],
    ['100.64.0.1', 'private'], ['100.127.255.255', 'private'],
    ['169.254.169.254', 'link-local'], ['169.254.0.1', 'link-local'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'], ['240.0.0.1', 'reserved'], ['198.18.0.1', 'reserved'], ['192.0.0.8', 'reserved'],
  ])('IPv4 %s is %s', (ip, kind) => {
    expect(addressKind(ip)).toBe(kind);
  });

  test.each([
    ['2001:4860:4860::8888', 'public'], ['2a00:1450:4001:82b::200e', 'public'],
    ['::1', 'loopback'], ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'], ['0:0:0:0:0:0:0:0', 'unspecified'],
    ['fc00::1', 'private'], ['fd12:3456:789a::1', 'private'], ['fec0::1', 'private'],
    ['fe80::1', 'link-local'], ['fe80::1%eth0', 'link-local'], ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped and other forms that carry an IPv4 address are judged by that address.
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::FFFF:10.1.2.3', 'private'],
    ['::ffff:169.254.169.254', 'link-local'], ['::ffff:8.8.8.8', 'public'], ['0:0:0:0:0:ffff:192.168.1.1', 'private'],
    ['::127.0.0.1', 'loopback'], ['64:ff9b::10.0.0.1', 'private'], ['2002:7f00:1::', 'loopback'], ['2002:0808:0808::1', 'public'],
  ])('IPv6 %s is %s', (ip, kind) => {
    expect(addressKind(ip)).toBe(kind);
  });

  test('what is not an address is never public', () => {
    for (const junk of ['', 'localhost', '1.2.3', '1.2.3.256', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9']) {
      expect(addressKind(junk)).not.toBe('public');
    }
  });

  test('URL forms of IPv4 (decimal, hex, short) are normalised before they are judged', () => {
    for (const sneaky of ['https://2130706433', 'https://0x7f.1', 'https://127.1', 'https://[::ffff:127.0.0.1]']) {
      const a = parseShopAddress(sneaky);
      expect(a.ip).not.toBeNull();
      expect(privateAddressProblem(a, false)).toMatch(/loopback address.*IDOSELL_ALLOW_PRIVATE_ADDRESSES=true/);
    }
  });

  test('with private addresses refused, IP literals and localhost are refused without DNS; names wait for the connection', () => {
    const problem = (input: string, allow: boolean) => privateAddressProblem(parseShopAddress(input), allow);
    expect(problem('https://10.0.0.1', false)).toMatch(/10\.0\.0\.1 is a private-network address/);
    expect(problem('https://169.254.169.254', false)).toMatch(/link-local/);
    expect(problem('https://[fd00::1]', false)).toMatch(/private-network/);
    expect(problem('http://localhost:4100', false)).toMatch(/localhost is a loopback address/);
    expect(problem('https://8.8.8.8', false)).toBeNull();
    expect(problem('https://sklep.example.com', false)).toBeNull();
    expect(problem('https://10.0.0.1', true)).toBeNull();
    expect(() => normalizeApiUrl('https://10.0.0.1', false)).toThrow(/IDOSELL_ALLOW_PRIVATE_ADDRESSES/);
  });
});

describe('guarded lookup (what the connector gives got as dnsLookup)', () => {
  /** A resolver that answers from a table, as dns.lookup would (with and without `all`). */
  const table = (answers: Record<string, { address: string; family: number }[]>): LookupFunction => (hostname, options, callback) => {
    const found = answers[hostname];
    if (!found) {
      const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }) as NodeJS.ErrnoException;
      return callback(err, '', 0);
    }
    if (options.all) return callback(null, found);
    callback(null, found[0]!.address, found[0]!.family);
  };
  const resolve = (lookup: LookupFunction, host: string, options: dns.LookupOptions) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((done) => lookup(host, options, (err, address) => done({ err, address })));

  const lookup = guardedLookup(table({
    'shop.example.com': [{ address: '93.184.216.34', family: 4 }, { address: '2606:2800:220:1::', family: 6 }],
    'rebound.example.com': [{ address: '127.0.0.1', family: 4 }],
    'mixed.example.com': [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }],
    'mapped.example.com': [{ address: '::ffff:169.254.169.254', family: 6 }],
  }));

  test('public answers pass unchanged, with and without all', async () => {
    expect(await resolve(lookup, 'shop.example.com', {})).toEqual({ err: null, address: '93.184.216.34' });
    const all = await resolve(lookup, 'shop.example.com', { all: true });
    expect(all.err).toBeNull();
    expect(all.address).toHaveLength(2);
  });

  test('a name resolving to a private address is refused, checking every address when all is set', async () => {
    const rebound = await resolve(lookup, 'rebound.example.com', {});
    expect(rebound.err).toBeInstanceOf(PrivateAddressError);
    expect(rebound.err!.message).toMatch(/rebound\.example\.com resolves to 127\.0\.0\.1, which is a loopback address.*IDOSELL_ALLOW_PRIVATE_ADDRESSES=true/);
    const mixed = await resolve(lookup, 'mixed.example.com', { all: true });
    expect(mixed.err).toBeInstanceOf(PrivateAddressError);
    expect(mixed.err!.message).toContain('10.0.0.7');
    expect((await resolve(lookup, 'mapped.example.com', { all: true })).err!.message).toMatch(/link-local/);
  });

  test('a resolver error passes through as it is', async () => {
    const r = await resolve(lookup, 'nowhere.example.com', {});
    expect(r.err!.code).toBe('ENOTFOUND');
  });
});

describe('the connector refuses private addresses unless allowed', () => {
  const config: IdosellClientConfig = {
    connectTimeoutMs: 1000, requestTimeoutMs: 1000, retries: 3, backoffBaseMs: 1, backoffMaxMs: 2, retryAfterMaxS: 1, concurrency: 1,
    allowPrivateAddresses: false,
  };
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ apiKey: SANDBOX_KEY, demo: true });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.resetCalls());

  test('an IP literal is refused when the client is built, naming the setting; allowed, the same address works', async () => {
    for (const apiUrl of [sandbox.url, 'https://10.0.0.1', 'https://[::ffff:127.0.0.1]', 'https://169.254.169.254']) {
      expect(() => new IdosellClient({ apiUrl, apiKey: SANDBOX_KEY, name: 'Sklep' }, config)).toThrow(IdosellConfigError);
      expect(() => new IdosellClient({ apiUrl, apiKey: SANDBOX_KEY, name: 'Sklep' }, config)).toThrow(/IDOSELL_ALLOW_PRIVATE_ADDRESSES/);
    }
    const allowed = new IdosellClient({ apiUrl: sandbox.url, apiKey: SANDBOX_KEY }, { ...config, allowPrivateAddresses: true });
    expect((await allowed.paymentForms()).length).toBeGreaterThan(0);
    expect(sandbox.calls).toHaveLength(1);
  });

  const refused = async (client: IdosellClient) => {
    const err = await client.paymentForms().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(IdosellConfigError);
    expect((err as IdosellConfigError).kind).toBe('CONFIG');
    return (err as Error).message;
  };

  test('a name resolving to loopback (localhost, by the system resolver) is refused at the call, and nothing reaches the sandbox', async () => {
    const client = new IdosellClient({ apiUrl: sandbox.url.replace('127.0.0.1', 'localhost'), apiKey: SANDBOX_KEY, name: 'Sklep' }, config, {
      sleep: async () => undefined,
    });
    expect(await refused(client)).toMatch(/Shop "Sklep": .*host localhost resolves to (127\.0\.0\.1|::1), which is a loopback address.*IDOSELL_ALLOW_PRIVATE_ADDRESSES=true/);
    expect(sandbox.calls).toHaveLength(0);
  });

  test('the lookup is asked on every connection and the refusal is not retried', async () => {
    // A name that resolves to a public address first and to loopback later (DNS rebinding) is
    // judged by what it resolves to when connecting: here the resolver answers loopback.
    const asked: string[] = [];
    const lookup: LookupFunction = (hostname, options, callback) => {
      asked.push(hostname);
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const client = new IdosellClient({ apiUrl: sandbox.url.replace('127.0.0.1', 'localhost'), apiKey: SANDBOX_KEY, name: 'Sklep' }, config, {
      lookup, sleep: async () => undefined,
    });
    expect(await refused(client)).toMatch(/localhost resolves to 127\.0\.0\.1/);
    expect(asked).toEqual(['localhost']);
    expect(sandbox.calls).toHaveLength(0);
  });
});
