import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, numberIn, oneOf, rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { checkAsOf, resolveTimeZone, type DataZones } from '../../time/context.js';
import { checkEventFilter, type EventFilter } from '../history/eventFilter.js';

/** "On day N" (returned in period N exactly), "on or after day N" (unbounded), or custom brackets. */
export type RetentionMode = 'onDay' | 'onOrAfter' | 'brackets';
/** First-time start (each user once) or recurring (every period with a start event is a new start). */
export type RetentionStart = 'first' | 'recurring';
/** Calendar periods (day boundaries of `timeZone`) or 24-hour windows measured from the start instant. */
export type RetentionWindow = 'calendar' | 'rolling24h';

/**
 * What `retention()` computes (留存率), stated fully. JSON-serialisable; printing it tells a reader the
 * definition.
 */
export interface RetentionSpec {
  /** Day boundaries follow this zone. @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Last observed day, inclusive (`YYYY-MM-DD`). @default the last day with an event */
  asOf?: string;
  /** Events that start a user's clock (e.g. `'signup'`, `'purchase'`). @default every event */
  startEvent?: EventFilter;
  /**
   * Take starts from this timestamp column of the `users` table instead of events (e.g. `'registered_at'`):
   * every user with a value is in a cohort, whether or not they have events.
   */
  startColumn?: string;
  /** Events that count as a return (e.g. `'visit'`). @default every event */
  returnEvent?: EventFilter;
  /** @default 'first' */
  start?: RetentionStart;
  /** @default 'onDay' */
  mode?: RetentionMode;
  /** Inclusive offset ranges for `mode: 'brackets'`, e.g. `[[1, 1], [2, 7], [8, 30]]`. */
  brackets?: [number, number][];
  /** @default 'calendar' */
  window?: RetentionWindow;
  /** Unit of offsets. @default 'day' */
  period?: Period;
  /** Offsets to report, in `period` units. @default [1, 7, 14, 30] for days, else 0..`periods` */
  days?: number[];
  /** Report offsets 0..N (instead of `days`). @default 12 for weeks and months */
  periods?: number;
  /** Starts are grouped into cohorts by this period. @default `period` */
  cohortPeriod?: Period;
  /** Split every cohort by this column, read from the start row or else from the `users` table. */
  breakdown?: string;
  /** Confidence level of the Wilson interval on every cell. @default 0.95 */
  level?: number;
}

/** A spec with every default filled in (what the result reports as its definition). */
export interface ResolvedRetentionSpec {
  timeZone: string;
  asOf?: string;
  startEvent?: EventFilter;
  startColumn?: string;
  returnEvent?: EventFilter;
  start: RetentionStart;
  mode: RetentionMode;
  window: RetentionWindow;
  period: Period;
  cohortPeriod: Period;
  /** Inclusive offset ranges actually reported (`to` is null for "on or after"). */
  offsets: { from: number; to: number | null; label: string }[];
  breakdown?: string;
  level: number;
}

const KEYS = [
  'timeZone',
  'asOf',
  'startEvent',
  'startColumn',
  'returnEvent',
  'start',
  'mode',
  'brackets',
  'window',
  'period',
  'days',
  'periods',
  'cohortPeriod',
  'breakdown',
  'level',
] as const;

/** The common N-day set (next day, a week, two weeks, a month): a default parameter, not a result. */
const DEFAULT_DAYS = [1, 7, 14, 30];
const DEFAULT_PERIODS = 12;
const MAX_OFFSET = 10_000;

/**
 * Validates a retention spec and fills in its defaults (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the full definition, as `retention()` reports it in `result.spec`
 * @example resolveRetentionSpec({ mode: 'onOrAfter', days: [7] }).offsets // [{ from: 7, to: null, label: '7+' }]
 */
export function resolveRetentionSpec(spec: RetentionSpec = {}, zones: DataZones = {}): ResolvedRetentionSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('retention spec', spec, 'an object');
  rejectUnknownKeys('retention', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  if (spec.asOf !== undefined) checkAsOf(spec.asOf);
  const period = spec.period === undefined ? 'day' : checkPeriod(spec.period);
  const cohortPeriod =
    spec.cohortPeriod === undefined ? period : checkPeriod(spec.cohortPeriod, 'cohortPeriod');
  const window = oneOf('window', spec.window, ['calendar', 'rolling24h'] as const, 'calendar');
  if (window === 'rolling24h' && period === 'month') {
    throw new SpecError(
      'period',
      period,
      'day or week with window "rolling24h" (months have no fixed length)',
    );
  }
  const mode = oneOf('mode', spec.mode, ['onDay', 'onOrAfter', 'brackets'] as const, 'onDay');
  const start = oneOf('start', spec.start, ['first', 'recurring'] as const, 'first');
  if (spec.startColumn !== undefined) nonEmptyString('startColumn', spec.startColumn);
  if (spec.startColumn !== undefined && spec.startEvent !== undefined) {
    throw new SpecError(
      'startEvent',
      JSON.stringify(spec.startEvent),
      'no startEvent when startColumn is given',
    );
  }
  if (spec.breakdown !== undefined) nonEmptyString('breakdown', spec.breakdown);
  const offsets = resolveOffsets(spec, mode, period);
  const out: ResolvedRetentionSpec = {
    timeZone,
    start,
    mode,
    window,
    period,
    cohortPeriod,
    offsets,
    level: numberIn('level', spec.level, 0.5, 0.9999, 0.95),
  };
  if (spec.asOf !== undefined) out.asOf = spec.asOf;
  const startEvent = checkEventFilter('startEvent', spec.startEvent);
  if (startEvent !== undefined) out.startEvent = startEvent;
  if (spec.startColumn !== undefined) out.startColumn = spec.startColumn;
  const returnEvent = checkEventFilter('returnEvent', spec.returnEvent);
  if (returnEvent !== undefined) out.returnEvent = returnEvent;
  if (spec.breakdown !== undefined) out.breakdown = spec.breakdown;
  return out;
}

function resolveOffsets(
  spec: RetentionSpec,
  mode: RetentionMode,
  period: Period,
): ResolvedRetentionSpec['offsets'] {
  if (mode === 'brackets') {
    if (spec.days !== undefined || spec.periods !== undefined) {
      throw new SpecError(
        'days',
        spec.days ?? spec.periods,
        'brackets instead of days/periods when mode is "brackets"',
      );
    }
    const b = spec.brackets;
    if (!Array.isArray(b) || b.length === 0)
      throw new SpecError('brackets', JSON.stringify(b), 'a list like [[1, 1], [2, 7], [8, 30]]');
    let previousTo = -1;
    return b.map((pair) => {
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        !pair.every((x) => Number.isInteger(x) && x >= 0 && x <= MAX_OFFSET) ||
        pair[0] > pair[1] ||
        pair[0] <= previousTo
      ) {
        throw new SpecError(
          'brackets',
          JSON.stringify(b),
          'ascending, non-overlapping [from, to] pairs of whole numbers ≥ 0',
        );
      }
      previousTo = pair[1];
      return {
        from: pair[0],
        to: pair[1],
        label: pair[0] === pair[1] ? String(pair[0]) : `${pair[0]}–${pair[1]}`,
      };
    });
  }
  if (spec.brackets !== undefined)
    throw new SpecError('brackets', JSON.stringify(spec.brackets), 'only with mode "brackets"');
  if (spec.days !== undefined && spec.periods !== undefined) {
    throw new SpecError('periods', spec.periods, 'either days or periods, not both');
  }
  let list: number[];
  if (spec.days !== undefined) {
    if (!Array.isArray(spec.days) || spec.days.length === 0)
      throw new SpecError('days', JSON.stringify(spec.days), 'a non-empty list of whole numbers ≥ 0');
    spec.days.forEach((d, i) => {
      integerIn('days', d, 0, MAX_OFFSET);
      if (i > 0 && d <= spec.days![i - 1])
        throw new SpecError('days', JSON.stringify(spec.days), 'strictly ascending whole numbers');
    });
    list = spec.days;
  } else if (spec.periods !== undefined || period !== 'day') {
    const n = integerIn('periods', spec.periods, 0, MAX_OFFSET, DEFAULT_PERIODS);
    list = Array.from({ length: n + 1 }, (_, i) => i);
  } else list = DEFAULT_DAYS;
  return list.map((d) => ({
    from: d,
    to: mode === 'onDay' ? d : null,
    label: mode === 'onDay' ? String(d) : `${d}+`,
  }));
}
