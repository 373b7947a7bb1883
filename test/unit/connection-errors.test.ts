/**
 * The certificate hint, on errors shaped as mssql gives them: mssql's ConnectionError wrapping
 * tedious's ConnectionError (code ESOCKET, "Failed to connect to host:port - <TLS message>", cause:
 * Node's TLS error with its CERT_* / DEPTH_ZERO_* code). The real classes of both packages are used.
 */
import { createRequire } from 'node:module';
import { CERTIFICATE_HINT, describeConnectionError, isCertificateError } from '../../src/db/connection-errors.js';

const require = createRequire(import.meta.url);
const { ConnectionError: TediousConnectionError } = require('tedious/lib/errors.js') as { ConnectionError: new (m: string, code: string, o?: { cause: unknown }) => Error };
const MssqlConnectionError = require('mssql/lib/error/connection-error.js') as new (e: Error | string, code?: string) => Error;

/** What a failed TLS handshake reaches the caller as. */
function asMssqlGivesIt(tlsMessage: string, tlsCode: string): Error {
  const tls = Object.assign(new Error(tlsMessage), { code: tlsCode });
  const tedious = new TediousConnectionError(`Failed to connect to isof.local:1433 - ${tlsMessage}`, 'ESOCKET', { cause: tls });
  return new MssqlConnectionError(tedious);
}

describe('the certificate hint', () => {
  test.each([
    ['self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['self signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'],
    ['unable to verify the first certificate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['certificate has expired', 'CERT_HAS_EXPIRED'],
  ])('"%s" (%s) says to set MSSQL_TRUST_SERVER_CERTIFICATE=true and what that means', (message, code) => {
    const err = asMssqlGivesIt(message, code);
    expect(isCertificateError(err)).toBe(true);
    const text = describeConnectionError(err);
    expect(text).toContain(`Failed to connect to isof.local:1433 - ${message}`);
    expect(text).toContain('MSSQL_TRUST_SERVER_CERTIFICATE=true');
    expect(text).toMatch(/stays encrypted.*identity is not verified.*network you trust/);
    expect(text).toMatch(/install the server's certificate/);
  });

  test('found by the code alone, when the message is another one', () => {
    expect(isCertificateError(asMssqlGivesIt('TLS handshake failed', 'CERT_UNTRUSTED'))).toBe(true);
  });

  test.each([
    ['a refused connection', asMssqlGivesIt('connect ECONNREFUSED 10.0.0.5:1433', 'ECONNREFUSED')],
    ['a wrong password', new MssqlConnectionError(new TediousConnectionError("Login failed for user 'isof'.", 'ELOGIN'))],
    ['a timeout', new MssqlConnectionError(new TediousConnectionError('Failed to connect to isof.local:1433 in 15000ms', 'ETIMEOUT'))],
  ])('no hint for %s', (_what, err) => {
    expect(isCertificateError(err)).toBe(false);
    expect(describeConnectionError(err)).not.toContain(CERTIFICATE_HINT);
  });
});
