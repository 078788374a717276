import { DAY, formatDay } from './zone.js';
import { SpecError } from '../errors.js';

/** Calendar period a day belongs to. Weeks start on Monday (ISO), as in Chinese business reporting. */
export type Period = 'day' | 'week' | 'month';
export const PERIODS: readonly Period[] = ['day', 'week', 'month'];

/** Checks a period option. */
export function checkPeriod(value: unknown, option = 'period'): Period {
  if (!PERIODS.includes(value as Period)) throw new SpecError(option, value, PERIODS);
  return value as Period;
}

/** 1970-01-01 was a Thursday; shifting by 3 makes ISO weeks (Monday start) whole numbers. */
const MONDAY_SHIFT = 3;

/** Index of the period that local day `day` falls in (days, weeks since epoch, or months since 1970-01). */
export function periodIndex(day: number, period: Period): number {
  if (period === 'day') return day;
  if (period === 'week') return Math.floor((day + MONDAY_SHIFT) / 7);
  const d = new Date(day * DAY);
  return (d.getUTCFullYear() - 1970) * 12 + d.getUTCMonth();
}

/** First local day of a period index. */
export function periodStart(index: number, period: Period): number {
  if (period === 'day') return index;
  if (period === 'week') return index * 7 - MONDAY_SHIFT;
  return Math.floor(Date.UTC(1970 + Math.floor(index / 12), ((index % 12) + 12) % 12, 1) / DAY);
}

/** Label of a period: `2016-10-01` (day or week start) or `2016-10` (month). */
export function periodLabel(index: number, period: Period): string {
  const s = formatDay(periodStart(index, period));
  return period === 'month' ? s.slice(0, 7) : s;
}

/**
 * Period index of every day from `firstDay` to `lastDay` as a lookup table, for hot loops over
 * millions of rows (`table[day - firstDay]`), where building a `Date` per row would dominate.
 */
export function periodLookup(firstDay: number, lastDay: number, period: Period): Int32Array {
  const out = new Int32Array(Math.max(0, lastDay - firstDay + 1));
  for (let d = firstDay; d <= lastDay; d++) out[d - firstDay] = periodIndex(d, period);
  return out;
}
