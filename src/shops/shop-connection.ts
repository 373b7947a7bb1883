/**
 * Testing a shop's connection (testShopConnection, and createShop/updateShop before they save a
 * new address or key): the read calls the server needs, each sent once, and a report that says in
 * one sentence what works and what to do about what does not.
 */
import type { IdosellClientConfig } from '../config.js';
import type { Logger } from '../common/logger.js';
import type { ConnectorObserver } from '../common/telemetry.js';
import { quote } from '../common/text.js';
import {
  IdosellAuthError,
  IdosellClient,
  IdosellConfigError,
  IdosellError,
  IdosellProtocolError,
  IdosellScopeError,
  IdosellUnavailableError,
  type RequestHook,
  type ShopConnection,
  type ShopsInfo,
} from '../idosell/index.js';
import type { LookupFunction } from '../idosell/address.js';

export interface ConnectionReport {
  /** The shop answered and accepted the key. */
  ok: boolean;
  reachable: boolean;
  keyAccepted: boolean;
  message: string;
  stocks: { id: number; name: string }[];
  languages: string[];
  currency: string | null;
  /** Why it is not ok, for the refusal of createShop/updateShop: the field to correct. */
  field: 'apiUrl' | 'apiKey' | null;
}

/**
 * A test is one attempt per call, and a request is given at most this long: an operator waits for
 * the answer of createShop (the runs keep IDOSELL_RETRIES and IDOSELL_REQUEST_TIMEOUT_MS).
 */
export const TEST_REQUEST_TIMEOUT_MS = 15000;

/** The read calls the server makes, with what each is for; the first also brings warehouses, languages and currency. */
const READ_CHECKS: { what: string; call: (c: IdosellClient) => Promise<unknown> }[] = [
  { what: 'reading the shop settings (system/shopsData)', call: (c) => c.shopsData() },
  { what: 'searching products (exports look codes up)', call: (c) => c.findProductsByCodes(['isof-connection-test']) },
  { what: 'searching orders (order import)', call: (c) => c.searchOrders({ serialNumbers: [1] }) },
  { what: 'reading payment forms (payment mappings)', call: (c) => c.paymentForms() },
];

const GRANT = 'Grant it in the IdoSell panel (Administration > API, the key\'s permissions) and test again.';

export class ShopConnectionTester {
  private readonly config: IdosellClientConfig;

  constructor(
    config: IdosellClientConfig,
    private readonly logger: Logger,
    private readonly onRequest?: RequestHook,
    /** Resolves host names (dns.lookup by default); tests pass one that answers without DNS. */
    private readonly lookup?: LookupFunction,
    /** Told about the test's calls (the server's metrics). */
    private readonly observer?: ConnectorObserver,
  ) {
    this.config = { ...config, retries: 0, requestTimeoutMs: Math.min(config.requestTimeoutMs, TEST_REQUEST_TIMEOUT_MS) };
  }

  /** Calls the shop; never throws for what the shop (or the network) answers: the report says it. */
  async test(shop: ShopConnection): Promise<ConnectionReport> {
    const name = shop.name ?? shop.apiUrl;
    let client: IdosellClient;
    try {
      client = new IdosellClient(shop, this.config, { logger: this.logger.child({ shop: name, test: true }), onRequest: this.onRequest, lookup: this.lookup, observer: this.observer });
    } catch (err) {
      if (err instanceof IdosellConfigError) return failure(false, false, 'apiUrl', err.message);
      throw err;
    }
    const host = hostOf(client.baseUrl);
    let info: ShopsInfo | null = null;
    const missing: string[] = [];
    for (const check of READ_CHECKS) {
      try {
        const answer = await check.call(client);
        if (check === READ_CHECKS[0]) {
          info = answer as ShopsInfo;
          // Any JSON passes the connector's parsing; IdoSell's shop data always names the panel's languages or currency.
          if (info.languages.length === 0 && !info.baseCurrency && !info.defaultLanguageId) {
            return failure(true, false, 'apiUrl', notIdosell(client.baseUrl, 'JSON without the shop data IdoSell sends'));
          }
        }
      } catch (err) {
        if (err instanceof IdosellScopeError) {
          missing.push(`${err.scope ? quote(err.scope) : 'a permission'} for ${check.what}`);
          continue;
        }
        if (err instanceof IdosellError) return stopped(err, host, client.baseUrl);
        throw err;
      }
    }
    const found = info
      ? ` Warehouses: ${info.stocks.map((s) => `${s.id} ${quote(s.name)}`).join(', ') || 'none listed'}; languages: ${info.languages.map((l) => l.id).join(', ') || 'none listed'}; currency: ${info.baseCurrency ?? 'not given'}.`
      : '';
    const message = missing.length
      ? `The shop answered and accepted the key, but the key lacks ${missing.join('; ')}. ${GRANT}${found}`
      : `The shop answered and accepted the key; it allows every read the server makes (write access shows on the first export or status sync).${found}`;
    return {
      ok: true,
      reachable: true,
      keyAccepted: true,
      message,
      stocks: info?.stocks ?? [],
      languages: info?.languages.map((l) => l.id) ?? [],
      currency: info?.baseCurrency ?? null,
      field: null,
    };
  }
}

/** host[:port] of the connector's base URL (already normalised by the connector, so it parses). */
function hostOf(baseUrl: string): string {
  return new URL(baseUrl).host;
}

function failure(reachable: boolean, keyAccepted: boolean, field: ConnectionReport['field'], message: string): ConnectionReport {
  return { ok: false, reachable, keyAccepted, message, stocks: [], languages: [], currency: null, field };
}

function notIdosell(baseUrl: string, what: string): string {
  return `The address ${baseUrl} answers, but not as the IdoSell Admin API (${what}). Give the shop's panel domain, e.g. "myshop.idosell.com", or its address ending in /api/admin/v6.`;
}

/** The report of a call that stopped the test: what went wrong in words a person can act on. */
function stopped(err: IdosellError, host: string, baseUrl: string): ConnectionReport {
  const said = err.shopMessage ? ` The shop said: ${quote(err.shopMessage)}.` : '';
  if (err instanceof IdosellAuthError) {
    return failure(true, false, 'apiKey', `The shop at ${host} refused the API key (401).${said} Copy the key again from the IdoSell panel (Administration > API), or generate a new one, and save it with updateShop(apiKey).`);
  }
  if (err instanceof IdosellProtocolError) {
    return failure(true, false, 'apiUrl', notIdosell(baseUrl, err.status === 200 ? 'an answer that is not JSON' : `HTTP ${err.status ?? '?'}`));
  }
  if (err instanceof IdosellConfigError) return failure(false, false, 'apiUrl', err.message);
  if (err instanceof IdosellUnavailableError) {
    const reason = err.reason;
    if (reason.startsWith('HTTP ')) {
      return failure(true, false, 'apiUrl', `The shop at ${host} answered with an error (${reason}), so the key could not be checked.${said} The shop may be down for a moment: test again in a few minutes.`);
    }
    if (reason === 'the address could not be resolved') {
      return failure(false, false, 'apiUrl', `The name ${quote(host.replace(/:\d+$/, ''))} could not be found (DNS). Check the spelling of the shop's address: the panel domain as IdoSell shows it, e.g. "myshop.idosell.com".`);
    }
    if (reason === 'connection refused') {
      return failure(false, false, 'apiUrl', `Nothing accepts connections at ${host} (connection refused). Check the address and port; if they are right, the shop's server is down.`);
    }
    // describeNetworkError names certificate and TLS codes; EPROTO is what a handshake with a server that does not speak TLS ends in.
    if (reason.startsWith('a TLS error') || reason.includes('EPROTO')) {
      return failure(false, false, 'apiUrl', `The secure connection to ${host} failed (${reason}): the address does not serve a valid certificate for this name. Give the shop's own https address (the panel domain, e.g. "myshop.idosell.com").`);
    }
    return failure(false, false, 'apiUrl', `The shop at ${host} could not be reached (${reason}). Check the address and that this server can reach the internet, then test again.`);
  }
  // Rate limited, rejected, an answer lost: the shop answered; its own sentence says what happened.
  return failure(true, false, 'apiUrl', `${err.message}`);
}
