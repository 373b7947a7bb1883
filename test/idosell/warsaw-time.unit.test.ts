import { formatWarsaw, parseWarsaw } from '../../src/idosell/warsaw-time.js';

describe('Warsaw dates', () => {
  it('formats winter time as UTC+1 and summer time as UTC+2', () => {
    expect(formatWarsaw(new Date('2024-01-15T10:00:00Z'))).toBe('2024-01-15 11:00:00');
    expect(formatWarsaw(new Date('2024-07-15T10:00:00Z'))).toBe('2024-07-15 12:00:00');
    expect(formatWarsaw(new Date('2024-12-31T23:30:05.900Z'))).toBe('2025-01-01 00:30:05');
  });

  it('crosses the March change (02:00 CET -> 03:00 CEST)', () => {
    expect(formatWarsaw(new Date('2024-03-31T00:59:59Z'))).toBe('2024-03-31 01:59:59');
    expect(formatWarsaw(new Date('2024-03-31T01:00:00Z'))).toBe('2024-03-31 03:00:00');
    expect(parseWarsaw('2024-03-31 01:59:59')!.toISOString()).toBe('2024-03-31T00:59:59.000Z');
    expect(parseWarsaw('2024-03-31 03:00:00')!.toISOString()).toBe('2024-03-31T01:00:00.000Z');
    // 02:30 does not exist that night: read with the winter offset, it lands at 03:30 CEST.
    expect(parseWarsaw('2024-03-31 02:30:00')!.toISOString()).toBe('2024-03-31T01:30:00.000Z');
  });

  it('crosses the October change (03:00 CEST -> 02:00 CET)', () => {
    expect(formatWarsaw(new Date('2024-10-27T00:30:00Z'))).toBe('2024-10-27 02:30:00');
    expect(formatWarsaw(new Date('2024-10-27T01:30:00Z'))).toBe('2024-10-27 02:30:00');
    // The hour that happens twice is read as the first (summer time).
    expect(parseWarsaw('2024-10-27 02:30:00')!.toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(parseWarsaw('2024-10-27 03:00:00')!.toISOString()).toBe('2024-10-27T02:00:00.000Z');
  });

  it('round-trips every hour of a year', () => {
    const start = Date.parse('2024-01-01T00:00:00Z');
    for (let h = 0; h < 366 * 24; h++) {
      const d = new Date(start + h * 3600_000 + 1234_000);
      const back = parseWarsaw(formatWarsaw(d))!;
      const text = formatWarsaw(d);
      // Only the repeated October hour is ambiguous; it must still format back to the same text.
      expect(formatWarsaw(back)).toBe(text);
      if (!text.startsWith('2024-10-27 02:')) expect(back.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
    }
  });

  it('refuses what is not a date', () => {
    expect(parseWarsaw('2024-02-30 10:00:00')).toBeNull();
    expect(parseWarsaw('yesterday')).toBeNull();
    expect(parseWarsaw('')).toBeNull();
    expect(parseWarsaw('2024-05-01')!.toISOString()).toBe('2024-04-30T22:00:00.000Z');
  });
});
