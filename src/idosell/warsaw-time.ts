/**
 * IdoSell speaks local Polish time, `YYYY-MM-DD HH:MM:SS`, in Europe/Warsaw (CET/CEST, with DST).
 * These convert between that and JS Dates (instants) through Intl, so DST is handled by the
 * time-zone database, not by hand.
 */
export const SHOP_TIME_ZONE = 'Europe/Warsaw';

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: SHOP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Wall { year: number; month: number; day: number; hour: number; minute: number; second: number }

function wallOf(instant: number): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function wallText(w: Wall): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** A JS Date as Warsaw wall-clock time, `YYYY-MM-DD HH:MM:SS` (milliseconds dropped). */
export function formatWarsaw(date: Date): string {
  const t = date.getTime();
  if (Number.isNaN(t)) throw new RangeError('Cannot format an invalid date for the shop.');
  return wallText(wallOf(t));
}

/** Offset of Warsaw from UTC at an instant, in ms (3,600,000 in winter, 7,200,000 in summer). */
function offsetAt(instant: number): number {
  const w = wallOf(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Warsaw wall-clock text back to an instant. `YYYY-MM-DD` alone means midnight. An hour that
 * occurs twice (the October change) is read as the first one (summer time); an hour that does not
 * exist (the March change) is read with the winter offset, i.e. it lands one hour later on the clock.
 * Returns null for text that is not such a date.
 */
export function parseWarsaw(text: string | null | undefined): Date | null {
  if (!text) return null;
  const m = WALL.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const wanted = wallText({ year, month, day, hour, minute, second });
  const before = asUtc - offsetAt(asUtc - 12 * 3600_000);
  const after = asUtc - offsetAt(asUtc + 12 * 3600_000);
  const candidates = [before, after].filter((t) => formatWarsaw(new Date(t)) === wanted).sort((a, b) => a - b);
  return new Date(candidates.length > 0 ? candidates[0]! : before);
}
