/**
 * Order periods of the import screen, in the shop's calendar (Europe/Warsaw). Pure: the caller
 * passes "now". A period runs from a Warsaw midnight (inclusive) to the last millisecond before a
 * later Warsaw midnight (inclusive), so a day is 23 or 25 hours long on the DST change days.
 */
import { BadInputError } from '../common/errors.js';
import { quote } from '../common/text.js';
import { formatWarsaw, parseWarsaw } from '../idosell/warsaw-time.js';

/** The GraphQL enum of the same name (registered in order-import.inputs.ts). */
export enum OrderPeriod {
  TODAY = 'TODAY', YESTERDAY = 'YESTERDAY', LAST_7_DAYS = 'LAST_7_DAYS', LAST_14_DAYS = 'LAST_14_DAYS',
  LAST_30_DAYS = 'LAST_30_DAYS', THIS_MONTH = 'THIS_MONTH', PREVIOUS_MONTH = 'PREVIOUS_MONTH',
}

export interface DateRange {
  from: Date;
  to: Date;
}

export const DEFAULT_PERIOD = OrderPeriod.LAST_7_DAYS;

interface Day { year: number; month: number; day: number }

/** The Warsaw calendar day of an instant. */
function warsawDay(instant: Date): Day {
  const [y, m, d] = formatWarsaw(instant).slice(0, 10).split('-').map(Number) as [number, number, number];
  return { year: y, month: m, day: d };
}

/** The day `days` after `d` (negative: before); months and years roll over. */
function addDays(d: Day, days: number): Day {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function firstOfMonth(year: number, month: number): Day {
  const t = new Date(Date.UTC(year, month - 1, 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: 1 };
}

/** The instant of Warsaw midnight at the start of a day (never in a DST gap: Poland changes at 02:00/03:00). */
function midnight(d: Day): Date {
  const text = `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  return parseWarsaw(text)!;
}

/** From the midnight starting `first` to the millisecond before the midnight starting `after`. */
function span(first: Day, after: Day): DateRange {
  return { from: midnight(first), to: new Date(midnight(after).getTime() - 1) };
}

/** The instants a period covers at `now`. LAST_n_DAYS means today and the n-1 days before it. */
export function periodRange(period: OrderPeriod, now: Date): DateRange {
  if (Number.isNaN(now.getTime())) throw new RangeError('periodRange needs a valid "now".');
  const today = warsawDay(now);
  const tomorrow = addDays(today, 1);
  switch (period) {
    case OrderPeriod.TODAY:
      return span(today, tomorrow);
    case OrderPeriod.YESTERDAY:
      return span(addDays(today, -1), today);
    case OrderPeriod.LAST_7_DAYS:
      return span(addDays(today, -6), tomorrow);
    case OrderPeriod.LAST_14_DAYS:
      return span(addDays(today, -13), tomorrow);
    case OrderPeriod.LAST_30_DAYS:
      return span(addDays(today, -29), tomorrow);
    case OrderPeriod.THIS_MONTH:
      return span(firstOfMonth(today.year, today.month), firstOfMonth(today.year, today.month + 1));
    case OrderPeriod.PREVIOUS_MONTH:
      return span(firstOfMonth(today.year, today.month - 1), firstOfMonth(today.year, today.month));
    default:
      throw new BadInputError(`${quote(String(period))} is not an order period; use one of ${Object.values(OrderPeriod).join(', ')}.`, 'period');
  }
}

export interface PeriodFilter {
  from?: Date | null;
  to?: Date | null;
  period?: OrderPeriod | null;
}

/**
 * The range a filter means: from/to as given (to defaults to now), or a period, or LAST_7_DAYS
 * when neither is given. Both a period and dates, "to" without "from", or "from" after "to" are
 * BAD_USER_INPUT.
 */
export function resolveRange(filter: PeriodFilter, now: Date): DateRange {
  const hasDates = Boolean(filter.from || filter.to);
  if (filter.period && hasDates) {
    throw new BadInputError('Give either a period or from/to dates, not both; leave out the one you do not mean.', 'period');
  }
  if (!hasDates) return periodRange(filter.period ?? DEFAULT_PERIOD, now);
  if (!filter.from) {
    throw new BadInputError('"to" was given without "from"; give "from" as well, or a period instead.', 'from');
  }
  const to = filter.to ?? now;
  if (filter.from.getTime() > to.getTime()) {
    throw new BadInputError(
      `"from" (${filter.from.toISOString()}) is after "to" (${to.toISOString()}); swap them or widen the period.`,
      'from',
    );
  }
  return { from: filter.from, to };
}
