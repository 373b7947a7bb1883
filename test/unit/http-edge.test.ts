/** The pure pieces of the HTTP edge: the Host rule, the body refusals, suggestions stripped. */
import { isLoopbackHost } from '../../src/common/auth.js';
import { refuseBody, type BodyError } from '../../src/common/request-body.js';
import { stripSuggestions } from '../../src/api/error-format.js';
import { loadConfig } from '../../src/config.js';
import { httpServerOptions } from '../../src/server.js';

function err(type: string | undefined, status: number, extra: Partial<BodyError> = {}): BodyError {
  return Object.assign(new Error(`raised with ${type}`), { type, status, statusCode: status }, extra);
}

describe('the keyless Host rule', () => {
  test.each([
    'localhost', 'localhost:4000', 'LOCALHOST:4000', '127.0.0.1', '127.0.0.1:1', '[::1]', '[::1]:4000', '[::1]:65535',
  ])('%s is this machine', (host) => {
    expect(isLoopbackHost(host, '0.0.0.0')).toBe(true);
  });

  test.each([
    undefined, '', 'rebind.attacker.example', 'rebind.attacker.example:4000', 'localhost.attacker.example', 'localhost.',
    '127.0.0.1.nip.io', '127.0.0.2', '0.0.0.0:4000', '::1', '[::1', 'localhost:abc', 'localhost:4000:1', 'user@localhost',
    '192.168.1.10:4000',
  ])('%s is not', (host) => {
    expect(isLoopbackHost(host, '0.0.0.0')).toBe(false);
  });

  test('the listening address counts when it is a loopback one', () => {
    expect(isLoopbackHost('127.0.0.2:4000', '127.0.0.2')).toBe(true);
    expect(isLoopbackHost('[::ffff:127.0.0.1]:4000', '::ffff:127.0.0.1')).toBe(true);
    expect(isLoopbackHost('192.168.1.10:4000', '192.168.1.10')).toBe(false);
    expect(isLoopbackHost('0.0.0.0:4000', '0.0.0.0')).toBe(false);
  });
});

describe('bodies refused', () => {
  test.each([
    ['entity.too.large', 413, 413, 'BAD_REQUEST', /larger than 1mb/],
    ['entity.parse.failed', 400, 400, 'BAD_REQUEST', /not valid JSON/],
    ['content.type.unsupported', 415, 415, 'UNSUPPORTED_MEDIA_TYPE', /not JSON.*application\/json/],
    ['charset.unsupported', 415, 415, 'UNSUPPORTED_MEDIA_TYPE', /charset "latin1" is not accepted/],
    ['encoding.unsupported', 415, 415, 'UNSUPPORTED_MEDIA_TYPE', /Content-Encoding "compress" is not accepted.*gzip, deflate, br/],
    ['request.aborted', 400, 400, 'BAD_REQUEST', /aborted/],
    ['request.size.invalid', 400, 400, 'BAD_REQUEST', /Content-Length/],
    ['parameters.too.many', 413, 400, 'BAD_REQUEST', /could not be read/],
    ['entity.verify.failed', 403, 400, 'BAD_REQUEST', /could not be read/],
    // raw-body raises these two as 500: they would be a fault in the middleware chain, but they are
    // about the body stream, answered without a stack like the others.
    ['stream.encoding.set', 500, 400, 'BAD_REQUEST', /could not be read/],
    ['stream.not.readable', 500, 400, 'BAD_REQUEST', /could not be read/],
  ] as const)('%s (raised as %i) answers %i %s', (type, raised, status, code, message) => {
    const r = refuseBody(err(type, raised, { charset: 'latin1', encoding: 'compress' }), '1mb');
    expect(r).toMatchObject({ status, code });
    expect(r!.message).toMatch(message);
  });

  test('a decompressor error (400 without a type) is a 400; an error of our own is not a body refusal', () => {
    const zlibError = Object.assign(new Error('incorrect header check'), { status: 400, expose: true });
    expect(refuseBody(zlibError, '1mb')).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(refuseBody(zlibError, '1mb')!.message).toContain('incorrect header check');
    expect(refuseBody(new Error('a bug'), '1mb')).toBeNull();
    expect(refuseBody(err(undefined, 500), '1mb')).toBeNull();
  });
});

describe('suggestions stripped', () => {
  test.each([
    ['Variable "$k" got invalid value "SYNC_STOK"; Value "SYNC_STOK" does not exist in "SyncKind" enum. Did you mean the enum value "SYNC_STOCK"?',
      'Variable "$k" got invalid value "SYNC_STOK"; Value "SYNC_STOK" does not exist in "SyncKind" enum.'],
    ['Variable "$f" got invalid value { kindd: "X" }; Field "kindd" is not defined by type "SyncRunFilter". Did you mean "kind"?',
      'Variable "$f" got invalid value { kindd: "X" }; Field "kindd" is not defined by type "SyncRunFilter".'],
    ['Cannot query field "shopz" on type "Query". Did you mean "shop", "shops", or "shopOrders"?', 'Cannot query field "shopz" on type "Query".'],
    ['Nothing to strip here.', 'Nothing to strip here.'],
  ])('%s', (message, stripped) => {
    expect(stripSuggestions(message)).toBe(stripped);
  });
});

describe('the HTTP server options', () => {
  test('defaults fit an API; the check interval follows the shortest timeout', () => {
    const o = httpServerOptions(loadConfig({}));
    expect(o).toEqual({ headersTimeout: 20000, requestTimeout: 60000, keepAliveTimeout: 5000, connectionsCheckingInterval: 1000 });
    const fast = httpServerOptions(loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '600', HTTP_REQUEST_TIMEOUT_MS: '900' }));
    expect(fast.connectionsCheckingInterval).toBe(300);
  });
});
