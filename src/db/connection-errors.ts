/**
 * What to tell a person whose SQL Server connection failed. On-premises servers often present a
 * self-signed certificate; with MSSQL_ENCRYPT=true (the default) and the certificate checked
 * (MSSQL_TRUST_SERVER_CERTIFICATE=false, the default) tedious then fails with a socket error whose
 * cause is Node's TLS error. That case gets a sentence saying what to set and what it means.
 */

/** Node's (OpenSSL's) codes for a certificate that cannot be verified or does not match the host. */
const CERT_CODES = /^(CERT_|DEPTH_ZERO_|SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|ERR_TLS_CERT_ALTNAME_INVALID)/;
const CERT_MESSAGES = /self[- ]signed certificate|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate has expired|Hostname\/IP does not match certificate/i;

export const CERTIFICATE_HINT = 'The SQL Server\'s TLS certificate could not be verified (typically a self-signed certificate). '
  + 'Either install the server\'s certificate (or its CA) as trusted on this machine (NODE_EXTRA_CA_CERTS), or set '
  + 'MSSQL_TRUST_SERVER_CERTIFICATE=true: the connection stays encrypted, but the server\'s identity is not verified, '
  + 'so do that only on a network you trust.';

/** The error and every error it wraps (mssql's originalError, tedious's and TypeORM's cause/driverError). */
function chain(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const toVisit: unknown[] = [err];
  while (toVisit.length && out.length < 10) {
    const e = toVisit.shift();
    if (!e || typeof e !== 'object' || out.includes(e as Record<string, unknown>)) continue;
    const r = e as Record<string, unknown>;
    out.push(r);
    toVisit.push(r.originalError, r.cause, r.driverError);
  }
  return out;
}

/** True when the connection failed on the server's certificate. */
export function isCertificateError(err: unknown): boolean {
  return chain(err).some((e) => (typeof e.code === 'string' && CERT_CODES.test(e.code))
    || (typeof e.message === 'string' && CERT_MESSAGES.test(e.message)));
}

/** The error's own message, followed by the certificate hint when that is what failed. */
export function describeConnectionError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return isCertificateError(err) ? `${message}. ${CERTIFICATE_HINT}` : message;
}
