import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, oneOf, rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { checkAsOf, resolveTimeZone, type DataZones } from '../../time/context.js';
import { checkEventFilter, type EventFilter } from '../history/eventFilter.js';

/** A user's cohort: the period of their first activity, or of their sign-up (a users-table column). */
export type CohortBy = 'firstActivity' | 'signup';

/** What `cohortMatrix()` computes (同期群 / 留存矩阵). JSON-serialisable, defaults documented. */
export interface CohortMatrixSpec {
  /** Day boundaries follow this zone. @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /**
   * Last observed day, inclusive (`YYYY-MM-DD`). @default the last day with an event; for
   * `cohortBy: 'signup'` the later of that and the last sign-up day (as `retention()`); the result's
   * `asOfRule` says which
   */
  asOf?: string;
  /** Cohort and offset unit. @default 'month' */
  period?: Period;
  /** @default 'firstActivity' */
  cohortBy?: CohortBy;
  /** Timestamp column of the users table that dates a sign-up. @default 'registered_at' */
  signupColumn?: string;
  /** Events that count as activity (and as first activity). @default every event */
  activityEvent?: EventFilter;
  /** Numeric column summed as value per cohort-period (revenue) and cumulative value per cohort user (LTV). */
  amount?: string;
  /** Report offsets 0..N at most. @default every offset up to the as-of period */
  periods?: number;
  /**
   * Cells of a period not over by the as-of day: `'blank'` (values null) or `'count'` (what was seen so
   * far). Either way each cell's `complete` says whether its period is over (PostHog hatches such cells).
   * @default 'blank'
   */
  partialPeriods?: PartialPeriods;
}

/** What a cohort cell of a period still in progress shows. */
export type PartialPeriods = 'blank' | 'count';

/** A cohort spec with defaults filled in. */
export interface ResolvedCohortMatrixSpec {
  timeZone: string;
  asOf?: string;
  period: Period;
  cohortBy: CohortBy;
  signupColumn: string;
  activityEvent?: EventFilter;
  amount?: string;
  periods?: number;
  partialPeriods: PartialPeriods;
}

const KEYS = [
  'timeZone',
  'asOf',
  'period',
  'cohortBy',
  'signupColumn',
  'activityEvent',
  'amount',
  'periods',
  'partialPeriods',
] as const;

/**
 * Validates a cohort-matrix spec and fills in its defaults (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the full definition, as `cohortMatrix()` reports it in `result.spec`
 * @example resolveCohortMatrixSpec({}).period // 'month'
 */
export function resolveCohortMatrixSpec(
  spec: CohortMatrixSpec = {},
  zones: DataZones = {},
): ResolvedCohortMatrixSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('cohortMatrix spec', spec, 'an object');
  rejectUnknownKeys('cohortMatrix', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  if (spec.asOf !== undefined) checkAsOf(spec.asOf);
  const out: ResolvedCohortMatrixSpec = {
    timeZone,
    period: spec.period === undefined ? 'month' : checkPeriod(spec.period),
    cohortBy: oneOf('cohortBy', spec.cohortBy, ['firstActivity', 'signup'] as const, 'firstActivity'),
    signupColumn: nonEmptyString('signupColumn', spec.signupColumn, 'registered_at'),
    partialPeriods: oneOf('partialPeriods', spec.partialPeriods, ['blank', 'count'] as const, 'blank'),
  };
  if (spec.asOf !== undefined) out.asOf = spec.asOf;
  const activity = checkEventFilter('activityEvent', spec.activityEvent);
  if (activity !== undefined) out.activityEvent = activity;
  if (spec.amount !== undefined) out.amount = nonEmptyString('amount', spec.amount);
  if (spec.periods !== undefined) out.periods = integerIn('periods', spec.periods, 0, 100_000);
  return out;
}
