import { backoffCeiling, backoffDelay, parseRetryAfter } from '../../src/idosell/backoff.js';

describe('full-jitter backoff', () => {
  it('grows as base * 2^n up to the maximum', () => {
    expect([0, 1, 2, 3].map((n) => backoffCeiling(n, 500, 30000))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffCeiling(10, 500, 30000)).toBe(30000);
    expect(backoffCeiling(1000, 500, 30000)).toBe(30000);
  });

  it('waits anywhere in [0, min(max, base * 2^n)]', () => {
    for (let n = 0; n < 12; n++) {
      const ceiling = Math.min(30000, 500 * 2 ** n);
      expect(backoffDelay(n, 500, 30000, () => 0)).toBe(0);
      const top = backoffDelay(n, 500, 30000, () => 0.999999);
      expect(top).toBeLessThanOrEqual(ceiling);
      expect(top).toBeGreaterThan(ceiling * 0.99);
      const mid = backoffDelay(n, 500, 30000, () => 0.5);
      expect(mid).toBe(Math.floor(ceiling / 2));
    }
  });

  it('stays in bounds with a real random source', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, 100, 1000);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThanOrEqual(800);
    }
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['7'], now)).toBe(7);
  });

  it('reads an HTTP date as the seconds until then', () => {
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 01 May 2024 11:59:00 GMT', now)).toBe(0);
  });

  it('ignores what it does not understand', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});
