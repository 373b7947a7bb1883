/**
 * The Content-Security-Policy of the explorer and the dashboard example: nothing but this server,
 * and no 'unsafe-inline' or 'unsafe-eval'. GraphiQL 3 (CodeMirror 5 + React) evaluates no strings as
 * code and adds no <style> elements (it styles through the DOM's style properties, which CSP does not
 * govern), and our start-up scripts are files of their own. The fonts and icons inside GraphiQL's
 * stylesheet are data: URLs. The browser tests check that using the pages triggers no violation.
 *
 * Subscriptions open a WebSocket to this same host (ws:// or wss:// on /graphql). CSP Level 3 says
 * 'self' covers that, and Chromium follows it (checked with Chromium 156: `connect-src 'self'` lets
 * `new WebSocket('ws://<same host>/')` open, `connect-src 'none'` blocks it), but browsers written to
 * CSP Level 2 (Safari before 15.4, older Firefox) match 'self' against http(s) only and would block the
 * socket. So the policy also names this host's ws:// and wss:// explicitly, taken from the request's
 * Host header (the address the browser used), and only a well-formed host name or address: no other
 * host, and no scheme-wide `ws:` that would allow every server.
 */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The policy for a page requested with this Host header (undefined or malformed: 'self' only). */
export function explorerCsp(host: string | undefined): string {
  const connect = ["'self'"];
  const h = host?.trim().toLowerCase();
  if (h && HOST.test(h)) connect.push(`ws://${h}`, `wss://${h}`);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "font-src 'self' data:",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
