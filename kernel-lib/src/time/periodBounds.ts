import { periodIndex, periodStart, type Period } from './periods.js';

/**
 * The last period that lies wholly on or before `asOfDay` (inclusive): a period still running at the
 * as-of date is incomplete, so its cells are marked rather than counted as zero.
 */
export function lastCompletePeriod(asOfDay: number, period: Period): number {
  const p = periodIndex(asOfDay, period);
  return periodStart(p + 1, period) - 1 === asOfDay ? p : p - 1;
}
