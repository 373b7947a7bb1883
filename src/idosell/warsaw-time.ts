/**
 * IdoSell speaks local Polish time, `YYYY-MM-DD HH:MM:SS`, in Europe/Warsaw (CET/CEST, with DST).
 * These convert between that text and JS Dates (instants) through common/zoned-time.ts, the one
 * conversion the project has (ISOF's datetime columns use it too).
 */
import { fromWallClock, zonedWallClock, type WallClock } from '../common/zoned-time.js';

export const SHOP_TIME_ZONE = 'Europe/Warsaw';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function wallText(w: WallClock): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** A JS Date as Warsaw wall-clock time, `YYYY-MM-DD HH:MM:SS` (milliseconds dropped). */
export function formatWarsaw(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('Cannot format an invalid date for the shop.');
  return wallText(zonedWallClock(date, SHOP_TIME_ZONE));
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Warsaw wall-clock text back to an instant. `YYYY-MM-DD` alone means midnight. An hour that
 * occurs twice (the October change) is read as the first one (summer time); an hour that does not
 * exist (the March change) is read with the winter offset, i.e. it lands one hour later on the clock
 * (the rule of common/zoned-time.ts). Returns null for text that is not such a date.
 */
export function parseWarsaw(text: string | null | undefined): Date | null {
  if (!text) return null;
  const m = WALL.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return fromWallClock({ year, month, day, hour, minute, second, millisecond: 0 }, SHOP_TIME_ZONE);
}
