import type { Period } from '../time/periods.js';
import type { Dialect } from './dialect.js';

/**
 * Period index of a local day number, in SQL: the same numbering as `periodIndex()` (days; ISO weeks
 * counted from the Monday before 1970-01-01; months since 1970-01).
 */
export function periodOfDay(d: Dialect, day: string, period: Period): string {
  if (period === 'day') return `(${day})`;
  if (period === 'week') return d.intDiv(`(${day}) + 3`, '7');
  return `(${d.monthOfDay(day)})`;
}
