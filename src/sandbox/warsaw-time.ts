/** IdoSell speaks local time of Europe/Warsaw as "YYYY-MM-DD HH:MM:SS"; these convert it from and to instants. */
const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const PATTERN = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

function fields(instant: Date): number[] {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number);
}

/** The instant as Warsaw wall-clock text, e.g. "2025-03-30 14:05:00". */
export function toWarsawText(instant: Date): string {
  const [y, mo, d, h, mi, s] = fields(instant).map((n) => String(n).padStart(2, '0'));
  return `${y}-${mo}-${d} ${h}:${mi}:${s}`;
}

function offsetMs(instant: number): number {
  const [y, mo, d, h, mi, s] = fields(new Date(instant)) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(instant / 1000) * 1000;
}

/** Parses Warsaw wall-clock text; undefined when the text is not "YYYY-MM-DD HH:MM:SS" or not a real date. */
export function fromWarsawText(text: string): Date | undefined {
  const m = PATTERN.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  let instant = asUtc - offsetMs(asUtc);
  instant = asUtc - offsetMs(instant);
  return new Date(instant);
}
