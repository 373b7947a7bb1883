/**
 * Who may read /metrics: anyone on this machine (loopback address, and a Host header naming this
 * machine, so a web page cannot read it through DNS rebinding), otherwise a caller with any valid
 * API key (viewer or above) as "Authorization: Bearer <secret>". A pure function of the request's
 * facts, so the rule is tested without a second network interface.
 */
import type { ApiKeyConfig } from '../config.js';
import { authenticate, hasRole, isLoopback, isLoopbackHost } from '../common/auth.js';

export interface MetricsRequest {
  /** req.socket.remoteAddress: the peer's address as the socket sees it (no proxy header is trusted). */
  remoteAddress: string | undefined;
  host: string | undefined;
  authorization: string | undefined;
}

export type MetricsAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function metricsAccess(req: MetricsRequest, apiKeys: ApiKeyConfig[], listenHost: string): MetricsAccess {
  if (req.authorization) {
    const caller = authenticate(apiKeys, req.authorization);
    if (caller && hasRole(caller, 'viewer')) return { ok: true };
    return {
      ok: false, status: 401,
      message: apiKeys.length
        ? 'The API key is not valid. Send "Authorization: Bearer <secret>" with a key from API_KEYS (any role) to read the metrics.'
        : 'This server has no API_KEYS configured, so no key is valid; read the metrics from this machine (loopback) without a key, or set API_KEYS.',
    };
  }
  if (isLoopback(req.remoteAddress) && isLoopbackHost(req.host, listenHost)) return { ok: true };
  if (apiKeys.length === 0) {
    return { ok: false, status: 403, message: 'This server has no API_KEYS configured, so its metrics are readable only from this machine (http://localhost). Set API_KEYS to let a Prometheus elsewhere scrape with a key.' };
  }
  return { ok: false, status: 401, message: 'Reading the metrics from another machine needs an API key: send "Authorization: Bearer <secret>" with a key from API_KEYS (any role, viewer is enough).' };
}
