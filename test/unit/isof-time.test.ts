/** ISOF's wall-clock columns: instants to ISOF_TIMEZONE's clock and back, at midnight and on DST days. */
import { fromWallClock, isTimeZone, zonedWallClock } from '../../src/common/zoned-time.js';
import {
  DEFAULT_ISOF_TIME_ZONE, fromIsofWallClock, isofTimeZone, isofWallClockTransformer, setIsofTimeZone, toIsofWallClock,
} from '../../src/isof/isof-time.js';

/** The wall-clock Date (UTC fields = ISOF's clock) of an instant, as ISO text without the Z. */
const wall = (instant: string) => toIsofWallClock(new Date(instant)).toISOString().replace('Z', '');
/** The instant ISOF's clock text means. */
const instant = (clock: string) => fromIsofWallClock(new Date(`${clock}Z`)).toISOString();

afterEach(() => setIsofTimeZone(DEFAULT_ISOF_TIME_ZONE));

describe('zoned wall-clock time (common/zoned-time.ts)', () => {
  test('knows IANA names and refuses others', () => {
    expect(isTimeZone('Europe/Warsaw')).toBe(true);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Europe/Warszawa')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  test('keeps milliseconds both ways', () => {
    expect(zonedWallClock(new Date('2025-01-15T10:00:00.123Z'), 'Europe/Warsaw'))
      .toEqual({ year: 2025, month: 1, day: 15, hour: 11, minute: 0, second: 0, millisecond: 123 });
    expect(fromWallClock({ year: 2025, month: 1, day: 15, hour: 11, minute: 0, second: 0, millisecond: 123 }, 'Europe/Warsaw').toISOString())
      .toBe('2025-01-15T10:00:00.123Z');
  });

  test('another zone follows its own rules (New York changes on other days, at other offsets)', () => {
    expect(fromWallClock({ year: 2025, month: 3, day: 9, hour: 2, minute: 30, second: 0, millisecond: 0 }, 'America/New_York').toISOString())
      .toBe('2025-03-09T07:30:00.000Z'); // in the gap: read with EST, i.e. 03:30 EDT
    expect(fromWallClock({ year: 2025, month: 11, day: 2, hour: 1, minute: 30, second: 0, millisecond: 0 }, 'America/New_York').toISOString())
      .toBe('2025-11-02T05:30:00.000Z'); // repeated: the earlier, EDT
  });
});

describe('ISOF wall-clock columns (isof/isof-time.ts), Europe/Warsaw by default', () => {
  test('the default zone is Europe/Warsaw', () => {
    expect(isofTimeZone()).toBe('Europe/Warsaw');
  });

  test('an order placed at 00:30 Warsaw time is stored as 00:30 of that day, not 23:30 of the day (and month, and year) before', () => {
    expect(wall('2024-12-31T23:30:00.000Z')).toBe('2025-01-01T00:30:00.000');
    expect(wall('2025-06-30T22:30:00.000Z')).toBe('2025-07-01T00:30:00.000');
    expect(instant('2025-01-01T00:30:00.000')).toBe('2024-12-31T23:30:00.000Z');
    expect(instant('2025-07-01T00:30:00.000')).toBe('2025-06-30T22:30:00.000Z');
  });

  test('midnight and the last millisecond of a day', () => {
    expect(wall('2025-03-14T23:00:00.000Z')).toBe('2025-03-15T00:00:00.000');
    expect(wall('2025-03-15T22:59:59.999Z')).toBe('2025-03-15T23:59:59.999');
    expect(instant('2025-03-15T23:59:59.999')).toBe('2025-03-15T22:59:59.999Z');
  });

  test('the March change: 02:00 CET jumps to 03:00 CEST; a time in the gap reads as the time after it', () => {
    expect(wall('2025-03-30T00:59:59.999Z')).toBe('2025-03-30T01:59:59.999');
    expect(wall('2025-03-30T01:00:00.000Z')).toBe('2025-03-30T03:00:00.000');
    expect(instant('2025-03-30T01:59:59.999')).toBe('2025-03-30T00:59:59.999Z');
    expect(instant('2025-03-30T03:00:00.000')).toBe('2025-03-30T01:00:00.000Z');
    // 02:30 never happens that night (ISOF may still hold it if typed by hand): 03:30 CEST.
    expect(instant('2025-03-30T02:30:00.000')).toBe('2025-03-30T01:30:00.000Z');
  });

  test('the October change: 03:00 CEST goes back to 02:00 CET; the repeated hour reads as its first (summer) pass', () => {
    expect(wall('2025-10-26T00:30:00.000Z')).toBe('2025-10-26T02:30:00.000');
    expect(wall('2025-10-26T01:30:00.000Z')).toBe('2025-10-26T02:30:00.000');
    expect(instant('2025-10-26T02:30:00.000')).toBe('2025-10-26T00:30:00.000Z');
    expect(instant('2025-10-26T03:00:00.000')).toBe('2025-10-26T02:00:00.000Z');
  });

  test('round-trips instants all through a year (every 3 h 7 min), except the repeated October hour, which keeps its clock time', () => {
    const start = Date.parse('2025-01-01T00:00:00.000Z');
    const step = (3 * 60 + 7) * 60_000;
    for (let i = 0; i * step < 365 * 24 * 3600_000; i++) {
      const d = new Date(start + i * step + 7);
      const stored = toIsofWallClock(d);
      const back = fromIsofWallClock(stored);
      expect(toIsofWallClock(back).getTime()).toBe(stored.getTime());
      if (!stored.toISOString().startsWith('2025-10-26T02:')) expect(back.getTime()).toBe(d.getTime());
    }
  });

  test('setIsofTimeZone changes the zone and refuses a name Intl does not know', () => {
    setIsofTimeZone('UTC');
    expect(wall('2025-07-01T00:30:00.000Z')).toBe('2025-07-01T00:30:00.000');
    setIsofTimeZone('Europe/London');
    expect(wall('2025-07-01T00:30:00.000Z')).toBe('2025-07-01T01:30:00.000');
    expect(() => setIsofTimeZone('Mars/Olympus')).toThrow(/"Mars\/Olympus" is not a time zone Intl knows/);
    expect(isofTimeZone()).toBe('Europe/London');
  });

  test('the column transformer passes null through and refuses what is not a Date', () => {
    expect(isofWallClockTransformer.to(null)).toBeNull();
    expect(isofWallClockTransformer.to(undefined)).toBeUndefined();
    expect(isofWallClockTransformer.from(null)).toBeNull();
    expect(() => isofWallClockTransformer.to('2025-01-01')).toThrow(/takes a Date/);
    expect(() => isofWallClockTransformer.from('2025-01-01 00:30:00')).toThrow(/other than a Date/);
    expect((isofWallClockTransformer.to(new Date('2024-12-31T23:30:00.000Z')) as Date).toISOString()).toBe('2025-01-01T00:30:00.000Z');
    expect((isofWallClockTransformer.from(new Date('2025-01-01T00:30:00.000Z')) as Date).toISOString()).toBe('2024-12-31T23:30:00.000Z');
  });
});
