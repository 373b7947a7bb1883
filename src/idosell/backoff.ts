/** Retry timing: full-jitter exponential backoff and the Retry-After header. */

/** The ceiling of the wait before retry number `attempt` (0 = first retry): min(max, base * 2^attempt). */
export function backoffCeiling(attempt: number, baseMs: number, maxMs: number): number {
  if (attempt < 0) return 0;
  // 2 ** 60 overflows nothing in a double, but keep the exponent sane anyway.
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 60));
}

/**
 * Full jitter: a random wait in [0, min(max, base * 2^attempt)). `random` returns [0, 1), as
 * Math.random does; it is injectable so tests can pin it.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * backoffCeiling(attempt, baseMs, maxMs));
}

/**
 * Reads a Retry-After header: delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT").
 * Returns whole seconds to wait (0 when the date is past), or null when the header is absent or
 * not understood.
 */
export function parseRetryAfter(value: string | string[] | undefined | null, now: number = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw === null) return null;
  const text = raw.trim();
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Number(text);
  if (/^\d+\.\d+$/.test(text)) return Math.ceil(Number(text));
  // An HTTP date always names a weekday or month in letters; a bare number was handled above.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
