import { InputError, SpecError } from '../errors.js';
import { formatDay } from './zone.js';

/** The most (cohort × offset) cells a metric lays out: 50M, e.g. daily cohorts over 19 years. */
export const MAX_PERIOD_CELLS = 50_000_000;

/**
 * Refuses a grid of `rows` × `columns` periods too large to lay out, from the first to the last day,
 * naming the cause instead of a RangeError deep in an allocation: most often a placeholder date that
 * `load()` accepts (`9999-12-31` for "never") or an as-of date far in the future.
 * @param rows periods down (cohorts)
 * @param columns periods across (offsets)
 * @param firstDay the first day number of the data
 * @param lastDay the last day number (the as-of day)
 * @param asOfGiven whether the last day is the caller's `asOf` (then a SpecError) rather than the data's
 * @example checkPeriodGrid(12, 12, 17000, 17365, false) // fine
 */
export function checkPeriodGrid(
  rows: number,
  columns: number,
  firstDay: number,
  lastDay: number,
  asOfGiven: boolean,
): void {
  if (rows * columns > MAX_PERIOD_CELLS) {
    refuse(
      `${rows.toLocaleString('en')} × ${columns.toLocaleString('en')} periods`,
      firstDay,
      lastDay,
      asOfGiven,
    );
  }
}

/** The most days from the first to the last day a metric walks: 1M, about 2,700 years. */
export const MAX_DAYS = 1_000_000;

/**
 * Refuses a span of days too long to walk day by day (see {@link checkPeriodGrid}), before a lookup per
 * day is made.
 * @example checkDaySpan(17000, 17365, false) // fine
 */
export function checkDaySpan(firstDay: number, lastDay: number, asOfGiven: boolean): void {
  if (lastDay - firstDay > MAX_DAYS) {
    refuse(`${(lastDay - firstDay + 1).toLocaleString('en')} days`, firstDay, lastDay, asOfGiven);
  }
}

function refuse(size: string, firstDay: number, lastDay: number, asOfGiven: boolean): never {
  const span = `${formatDay(firstDay)} to ${formatDay(lastDay)}, ${size}`;
  if (asOfGiven) {
    throw new SpecError('asOf', formatDay(lastDay), `an as-of date near the data (${span})`);
  }
  throw new InputError(
    `dates span ${span}: too many to lay out`,
    { file: 'events', column: 'ts', value: formatDay(lastDay) },
    'dates within a plausible range: a placeholder such as 9999-12-31 is better a missing value ' +
      '(nullValues), or pass asOf and a coarser period',
  );
}
