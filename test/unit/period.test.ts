/** Order periods in Europe/Warsaw: midnights, DST days, month and year edges, filter validation. */
import { OrderPeriod, periodRange, resolveRange } from '../../src/orders/period.js';

const iso = (d: Date) => d.toISOString();
const range = (p: OrderPeriod, now: string) => {
  const r = periodRange(p, new Date(now));
  return [iso(r.from), iso(r.to)];
};
const HOUR = 3600_000;

describe('periodRange', () => {
  // 2025-06-15 12:00 Warsaw (CEST, UTC+2).
  const june = '2025-06-15T10:00:00.000Z';

  test.each([
    [OrderPeriod.TODAY, '2025-06-14T22:00:00.000Z', '2025-06-15T21:59:59.999Z'],
    [OrderPeriod.YESTERDAY, '2025-06-13T22:00:00.000Z', '2025-06-14T21:59:59.999Z'],
    [OrderPeriod.LAST_7_DAYS, '2025-06-08T22:00:00.000Z', '2025-06-15T21:59:59.999Z'],
    [OrderPeriod.LAST_14_DAYS, '2025-06-01T22:00:00.000Z', '2025-06-15T21:59:59.999Z'],
    [OrderPeriod.LAST_30_DAYS, '2025-05-16T22:00:00.000Z', '2025-06-15T21:59:59.999Z'],
    [OrderPeriod.THIS_MONTH, '2025-05-31T22:00:00.000Z', '2025-06-30T21:59:59.999Z'],
    [OrderPeriod.PREVIOUS_MONTH, '2025-04-30T22:00:00.000Z', '2025-05-31T21:59:59.999Z'],
  ])('%s in summer', (period, from, to) => {
    expect(range(period, june)).toEqual([from, to]);
  });

  test('"today" follows the Warsaw calendar, not UTC: 23:30 UTC on 14 June is already 15 June in Warsaw', () => {
    expect(range(OrderPeriod.TODAY, '2025-06-14T23:30:00.000Z')).toEqual(['2025-06-14T22:00:00.000Z', '2025-06-15T21:59:59.999Z']);
    expect(range(OrderPeriod.TODAY, '2025-06-14T21:59:59.000Z')).toEqual(['2025-06-13T22:00:00.000Z', '2025-06-14T21:59:59.999Z']);
  });

  test('the March change day is 23 hours long and the days around it keep their own offsets', () => {
    const r = periodRange(OrderPeriod.TODAY, new Date('2025-03-30T12:00:00.000Z'));
    expect(iso(r.from)).toBe('2025-03-29T23:00:00.000Z'); // CET midnight
    expect(iso(r.to)).toBe('2025-03-30T21:59:59.999Z'); // before the CEST midnight
    expect(r.to.getTime() + 1 - r.from.getTime()).toBe(23 * HOUR);
    expect(range(OrderPeriod.YESTERDAY, '2025-03-31T08:00:00.000Z')).toEqual(['2025-03-29T23:00:00.000Z', '2025-03-30T21:59:59.999Z']);
    // A week spanning the change: from a winter midnight to a summer midnight.
    expect(range(OrderPeriod.LAST_7_DAYS, '2025-04-02T08:00:00.000Z')).toEqual(['2025-03-26T23:00:00.000Z', '2025-04-02T21:59:59.999Z']);
  });

  test('the October change day is 25 hours long', () => {
    const r = periodRange(OrderPeriod.TODAY, new Date('2025-10-26T12:00:00.000Z'));
    expect(iso(r.from)).toBe('2025-10-25T22:00:00.000Z');
    expect(iso(r.to)).toBe('2025-10-26T22:59:59.999Z');
    expect(r.to.getTime() + 1 - r.from.getTime()).toBe(25 * HOUR);
    // In the repeated hour (02:30 CET, second time round) it is still 26 October.
    expect(range(OrderPeriod.TODAY, '2025-10-26T01:30:00.000Z')).toEqual(['2025-10-25T22:00:00.000Z', '2025-10-26T22:59:59.999Z']);
  });

  test('month edges: THIS_MONTH in February of a leap year, PREVIOUS_MONTH across DST and across the year', () => {
    expect(range(OrderPeriod.THIS_MONTH, '2024-02-10T10:00:00.000Z')).toEqual(['2024-01-31T23:00:00.000Z', '2024-02-29T22:59:59.999Z']);
    // April's previous month is March: from a CET midnight to the last instant before the CEST midnight of 1 April.
    expect(range(OrderPeriod.PREVIOUS_MONTH, '2025-04-10T10:00:00.000Z')).toEqual(['2025-02-28T23:00:00.000Z', '2025-03-31T21:59:59.999Z']);
    expect(range(OrderPeriod.PREVIOUS_MONTH, '2025-01-05T10:00:00.000Z')).toEqual(['2024-11-30T23:00:00.000Z', '2024-12-31T22:59:59.999Z']);
    // 00:30 on 1 January in Warsaw is already the new month (23:30 UTC on 31 December).
    expect(range(OrderPeriod.THIS_MONTH, '2025-12-31T23:30:00.000Z')).toEqual(['2025-12-31T23:00:00.000Z', '2026-01-31T22:59:59.999Z']);
    // On 1 March 2025 (February has 28 days), LAST_30_DAYS starts on 31 January.
    expect(range(OrderPeriod.LAST_30_DAYS, '2025-03-01T10:00:00.000Z')).toEqual(['2025-01-30T23:00:00.000Z', '2025-03-01T22:59:59.999Z']);
    expect(range(OrderPeriod.YESTERDAY, '2025-01-01T10:00:00.000Z')).toEqual(['2024-12-30T23:00:00.000Z', '2024-12-31T22:59:59.999Z']);
  });

  test('an invalid "now" is refused', () => {
    expect(() => periodRange(OrderPeriod.TODAY, new Date('x'))).toThrow(RangeError);
  });
});

describe('resolveRange', () => {
  const now = new Date('2025-06-15T10:00:00.000Z');

  test('neither dates nor a period means LAST_7_DAYS', () => {
    expect(resolveRange({}, now)).toEqual(periodRange(OrderPeriod.LAST_7_DAYS, now));
    expect(resolveRange({ period: OrderPeriod.YESTERDAY, from: null, to: null }, now)).toEqual(periodRange(OrderPeriod.YESTERDAY, now));
  });

  test('dates as given; "to" defaults to now', () => {
    const from = new Date('2025-06-01T00:00:00Z');
    const to = new Date('2025-06-02T00:00:00Z');
    expect(resolveRange({ from, to }, now)).toEqual({ from, to });
    expect(resolveRange({ from }, now)).toEqual({ from, to: now });
  });

  test('both a period and dates, "to" alone, and "from" after "to" are BAD_USER_INPUT with a sentence', () => {
    const d = new Date('2025-06-01T00:00:00Z');
    expect(() => resolveRange({ period: OrderPeriod.TODAY, from: d }, now)).toThrow(/either a period or from\/to dates, not both/);
    expect(() => resolveRange({ to: d }, now)).toThrow(/without "from"/);
    try {
      resolveRange({ from: new Date('2025-06-03T00:00:00Z'), to: d }, now);
      throw new Error('not refused');
    } catch (err) {
      expect((err as { code?: string }).code).toBe('BAD_USER_INPUT');
      expect((err as Error).message).toMatch(/"from" .* is after "to"/);
    }
  });
});
