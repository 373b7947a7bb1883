/**
 * ISOF's datetime columns hold local wall-clock time (a Polish ERP writes what the clock on the wall
 * says), not UTC. The app works with instants; these convert at the column, in ISOF_TIMEZONE.
 *
 * Both drivers are in UTC mode (tedious `useUTC: true`; TypeORM's SQLite driver writes and reads a
 * Date's UTC fields), so a Date whose UTC fields are the wall-clock fields is stored as exactly that
 * wall-clock time. `toIsofWallClock` builds such a Date from an instant, `fromIsofWallClock` reads
 * one back; DST follows common/zoned-time.ts (a repeated hour reads as the earlier instant, a time in
 * the spring gap as the time after it).
 *
 * The entities are decorated when their module is loaded, before any config exists, so the zone is
 * a module-level setting: app.ts calls `setIsofTimeZone(config.isofTimeZone)` once at start, before
 * the database is opened. Until then (the CLI, unit tests) it is the default, Europe/Warsaw.
 */
import type { ValueTransformer } from 'typeorm';
import { fromWallClock, isTimeZone, wallClockOfUtcFields, zonedWallClock, wallClockAsUtc } from '../common/zoned-time.js';

export const DEFAULT_ISOF_TIME_ZONE = 'Europe/Warsaw';

let zone = DEFAULT_ISOF_TIME_ZONE;

/** Sets the zone of ISOF's wall-clock columns; a name Intl does not know is refused (RangeError). */
export function setIsofTimeZone(name: string): void {
  if (!isTimeZone(name)) throw new RangeError(`"${name}" is not a time zone Intl knows; use an IANA name such as Europe/Warsaw.`);
  zone = name;
}

export function isofTimeZone(): string {
  return zone;
}

/** The instant as ISOF's clock shows it, in a Date whose UTC fields are that wall-clock time. */
export function toIsofWallClock(instant: Date): Date {
  return new Date(wallClockAsUtc(zonedWallClock(instant, zone)));
}

/** A Date whose UTC fields are ISOF's wall-clock time, back to the instant it means. */
export function fromIsofWallClock(wall: Date): Date {
  if (Number.isNaN(wall.getTime())) throw new RangeError('Cannot read an invalid date from ISOF.');
  return fromWallClock(wallClockOfUtcFields(wall), zone);
}

/**
 * The column transformer of every ISOF datetime column. TypeORM applies it to entity writes, query
 * builder inserts and find conditions; a raw `:param` in a where clause is not transformed, so such
 * queries convert their bounds with `toIsofWallClock` themselves (orders/order.service.ts).
 */
export const isofWallClockTransformer: ValueTransformer = {
  to(value: unknown) {
    if (value === null || value === undefined) return value;
    if (!(value instanceof Date)) throw new TypeError('An ISOF datetime column takes a Date (an instant).');
    return toIsofWallClock(value);
  },
  from(value: unknown) {
    if (value === null || value === undefined) return null;
    // Both drivers hydrate a datetime column to a Date first; anything else is a mapping error.
    if (!(value instanceof Date)) throw new TypeError('An ISOF datetime column was read as something other than a Date.');
    return fromIsofWallClock(value);
  },
};
