import type { ColumnTable } from 'arquero';
import { InputError } from '../errors.js';
import { timestampsOf } from '../table/access.js';
import { DAY, type TimeZone } from './zone.js';

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

const HOUR = 3_600_000;
/** Above this many hours (about 114 years) the offset table is not worth its memory. */
const MAX_HOURS = 1_000_000;

/**
 * A fast `zone.dayNumber` for the instants in `ms`: the zone's offset is tabled once per UTC hour of the
 * data's range, so rows in random time order cost an array read, not a Map lookup. The table is filled a
 * day at a time (offsets change at most once a day), hour by hour only across a change; `TimeZone` itself
 * resolves offsets per UTC hour, so the results are the same as `zone.dayNumber`. Pass the instants' `range`
 * when it is already known, to save a pass.
 */
export function dayNumberFn(
  ms: Float64Array,
  zone: TimeZone,
  range?: { min: number; max: number },
): (t: number) => number {
  let min = range ? range.min : Infinity;
  let max = range ? range.max : -Infinity;
  for (let i = 0; !range && i < ms.length; i++) {
    const t = ms[i];
    if (t < min) min = t;
    if (t > max) max = t;
  }
  if (!(max >= min)) return (t) => zone.dayNumber(t);
  const h0 = Math.floor(min / HOUR);
  const hours = Math.floor(max / HOUR) - h0 + 1;
  if (hours > MAX_HOURS) return (t) => zone.dayNumber(t);
  const offset = new Float64Array(hours);
  let constant = true;
  for (let h = 0; h < hours; h += 24) {
    const end = Math.min(h + 24, hours);
    const first = zone.offsetAt((h0 + h) * HOUR);
    if (zone.offsetAt((h0 + end - 1) * HOUR) === first) offset.fill(first, h, end);
    else for (let k = h; k < end; k++) offset[k] = zone.offsetAt((h0 + k) * HOUR);
    if (offset[h] !== offset[0] || offset[end - 1] !== offset[0]) constant = false;
  }
  if (constant) {
    const off = offset[0];
    return (t) => Math.floor((t + off) / DAY);
  }
  return (t) => Math.floor((t + offset[Math.floor(t / HOUR) - h0]) / DAY);
}
