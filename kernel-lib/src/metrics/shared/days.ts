import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { timestampsOf } from '../../table/access.js';
import type { TimeZone } from '../../time/zone.js';

/** Marks a missing day in an Int32Array of local days. */
export const NO_DAY = -2147483648;

/** Timestamps of a column with their local day numbers, and the range of days seen. */
export interface LocalTimes {
  ms: Float64Array;
  days: Int32Array;
  /** Smallest and largest day seen (NO_DAY when the column has no value). */
  firstDay: number;
  lastDay: number;
}

/**
 * Local calendar days of a timestamp column (one `TimeZone.dayNumber` per row, no Date).
 * Missing timestamps throw an InputError naming the row, unless `allowMissing` (then NO_DAY).
 */
export function localTimes(
  table: ColumnTable,
  column: string,
  zone: TimeZone,
  allowMissing = false,
  what = 'events',
): LocalTimes {
  const ms = timestampsOf(table, column);
  const n = ms.length;
  const days = new Int32Array(n);
  let firstDay = Infinity;
  let lastDay = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = ms[i];
    if (t !== t) {
      if (!allowMissing)
        throw new InputError('missing timestamp', { file: what, row: i + 1, column }, 'a date and time');
      days[i] = NO_DAY;
      continue;
    }
    const d = zone.dayNumber(t);
    days[i] = d;
    if (d < firstDay) firstDay = d;
    if (d > lastDay) lastDay = d;
  }
  return {
    ms,
    days,
    firstDay: firstDay === Infinity ? NO_DAY : firstDay,
    lastDay: lastDay === -Infinity ? NO_DAY : lastDay,
  };
}
