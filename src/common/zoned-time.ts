/**
 * Wall-clock time in a named IANA time zone, to and from instants (JS Dates), through Intl: DST is
 * handled by the time-zone database, not by hand. The shop's Warsaw time (idosell/warsaw-time.ts)
 * and ISOF's datetime columns (isof/isof-time.ts) both convert through here.
 *
 * The DST rule, for every caller: a wall-clock time that occurs twice (the autumn change) means the
 * earlier instant; one that does not exist (the spring gap) is read with the offset in force before
 * the gap, so it lands after the gap by the gap's length (02:30 on the Polish March change is 03:30
 * summer time).
 */

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when Intl knows `zone` as a time zone (an IANA name such as Europe/Warsaw, or UTC). */
export function isTimeZone(zone: string): boolean {
  if (!zone.trim()) return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `zone` at an instant (milliseconds kept). */
export function zonedWallClock(instant: Date | number, zone: string): WallClock {
  const t = typeof instant === 'number' ? instant : instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Cannot convert an invalid date to wall-clock time.');
  const parts: Record<string, number> = {};
  for (const p of formatterFor(zone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second!,
    millisecond: ((t % 1000) + 1000) % 1000,
  };
}

/** The wall-clock fields as if they were UTC, in ms: the arithmetic form of a WallClock. */
export function wallClockAsUtc(w: WallClock): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);
}

/** A WallClock read from the UTC fields of a Date (the form a driver in UTC mode hands back). */
export function wallClockOfUtcFields(d: Date): WallClock {
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds(),
  };
}

/** Offset of `zone` from UTC at an instant, in ms (Warsaw: 3,600,000 in winter, 7,200,000 in summer). */
function offsetAt(instant: number, zone: string): number {
  return wallClockAsUtc(zonedWallClock(instant, zone)) - instant;
}

const HALF_DAY = 12 * 3600_000;

/**
 * The instant at which `zone`'s clocks show `w`, by the rule at the top of this file. The offsets
 * half a day before and after are the two candidates: time zones change their offset at most once
 * in that span.
 */
export function fromWallClock(w: WallClock, zone: string): Date {
  const asUtc = wallClockAsUtc(w);
  if (Number.isNaN(asUtc)) throw new RangeError('Cannot convert an invalid wall-clock time to an instant.');
  const before = asUtc - offsetAt(asUtc - HALF_DAY, zone);
  const after = asUtc - offsetAt(asUtc + HALF_DAY, zone);
  const shows = (t: number) => wallClockAsUtc(zonedWallClock(t, zone)) === asUtc;
  const candidates = [before, after].filter(shows).sort((a, b) => a - b);
  return new Date(candidates.length > 0 ? candidates[0]! : before);
}
