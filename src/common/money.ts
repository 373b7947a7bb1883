/**
 * Money is decimal: integer grosze (1/100) in arithmetic, a string with two decimals on the wire
 * and in decimal(18,2) columns. Never a binary float in a sum.
 */
import { quote } from './text.js';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function toGrosze(value: string | number): number {
  if (typeof value === 'number') {
    // Fast path: a number with at most two decimals (what a decimal(18,2) column gives) is exact in grosze.
    const grosze = Math.round(value * 100);
    if (Number.isSafeInteger(grosze) && Math.abs(value * 100 - grosze) < 1e-6) return grosze === 0 ? 0 : grosze;
  }
  const text = typeof value === 'number' ? value.toFixed(4) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`${quote(String(value))} is not a decimal amount`);
  const frac = m[3] ?? '';
  let grosze = Number(m[2]) * 100 + (frac.length >= 2 ? Number(frac.slice(0, 2)) : Number(frac || 0) * 10);
  if (frac.length > 2 && frac.charCodeAt(2) >= 53) grosze += 1; // half up on the third decimal ('5' is 53)
  return m[1] === '-' && grosze !== 0 ? -grosze : grosze;
}

export function fromGrosze(grosze: number): string {
  const negative = grosze < 0;
  const abs = Math.abs(Math.round(grosze));
  const s = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return negative ? `-${s}` : s;
}

/** Normalises any decimal-ish value to the "1234.50" form. */
export function money(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '0.00';
  return fromGrosze(toGrosze(value));
}

/** Net from gross at a VAT rate in percent, rounded to grosze. */
export function netFromGross(gross: string, vatRate: number): string {
  return fromGrosze(Math.round((toGrosze(gross) * 100) / (100 + vatRate)));
}

export function grossFromNet(net: string, vatRate: number): string {
  return fromGrosze(Math.round((toGrosze(net) * (100 + vatRate)) / 100));
}

export function multiply(unit: string, quantity: number): string {
  return fromGrosze(Math.round(toGrosze(unit) * quantity));
}

export function sum(values: string[]): string {
  return fromGrosze(values.reduce((acc, v) => acc + toGrosze(v), 0));
}
