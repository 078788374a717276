import { SpecError } from '../../errors.js';
import { rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { checkAsOf, resolveTimeZone, type DataZones, userColumnOf } from '../../time/context.js';

/**
 * Options of {@link clvSummary} (CLV 汇总: frequency, recency, T, monetary value per customer), the input of
 * the buy-till-you-die models. The rules are lifetimes' `summary_data_from_transaction_data`.
 */
export interface ClvSummarySpec {
  /**
   * The period in which a customer's purchases merge into one (lifetimes' `freq`): purchases on the same
   * day (`'day'`), ISO week (Monday start) or calendar month count once. Required: the models' rates are
   * "purchases per unit", so the unit is never guessed.
   */
  timeUnit: Period;
  /**
   * The unit of recency, T and holdout duration (default: `timeUnit`). `{ timeUnit: 'day', durationUnit:
   * 'week' }` counts days and divides by 7 (lifetimes' `freq_multiplier: 7`), as the published CDNOW summary.
   */
  durationUnit?: Period;
  /** Last day observed, inclusive (`YYYY-MM-DD`, local in `timeZone`); later orders are left out and counted. */
  end: string;
  /**
   * Last day of the calibration period (inclusive). When given, frequency/recency/T/monetary value describe
   * the calibration period and `frequency_holdout`, `monetary_value_holdout`, `duration_holdout` the days
   * after it up to `end`.
   */
  calibrationEnd?: string;
  /** Zone in which days begin. @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Column naming the customer. @default 'user_id' */
  userColumn?: string;
}

/** A {@link ClvSummarySpec} with its defaults filled in. */
export interface ResolvedClvSummarySpec {
  timeUnit: Period;
  durationUnit: Period;
  end: string;
  calibrationEnd?: string;
  timeZone: string;
  userColumn: string;
}

const KEYS = ['timeUnit', 'durationUnit', 'end', 'calibrationEnd', 'timeZone', 'userColumn'] as const;

/** Days in a fixed-length period; months have none. */
export const FIXED_DAYS: Partial<Record<Period, number>> = { day: 1, week: 7 };

/**
 * Checks a summary spec and fills in its defaults.
 * @param spec the spec as the caller gave it
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the resolved spec
 * @example resolveClvSummarySpec({ timeUnit: 'day', durationUnit: 'week', end: '1997-09-30' })
 */
export function resolveClvSummarySpec(spec: ClvSummarySpec, zones: DataZones = {}): ResolvedClvSummarySpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new SpecError('clvSummary spec', spec, 'an options object with timeUnit and end');
  }
  rejectUnknownKeys('clvSummary', spec, KEYS);
  if (spec.timeUnit === undefined)
    throw new SpecError('timeUnit', undefined, '"day", "week" or "month" (required)');
  const timeUnit = checkPeriod(spec.timeUnit, 'timeUnit');
  const durationUnit =
    spec.durationUnit === undefined ? timeUnit : checkPeriod(spec.durationUnit, 'durationUnit');
  if (durationUnit !== timeUnit) {
    const from = FIXED_DAYS[timeUnit];
    const to = FIXED_DAYS[durationUnit];
    if (from === undefined || to === undefined || to < from) {
      throw new SpecError(
        'durationUnit',
        durationUnit,
        `the timeUnit (${timeUnit}) or a longer fixed unit ('week' for timeUnit 'day')`,
      );
    }
  }
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  const end = checkAsOf(spec.end, 'end');
  const out: ResolvedClvSummarySpec = {
    timeUnit,
    durationUnit,
    end,
    timeZone,
    userColumn: userColumnOf(spec.userColumn),
  };
  if (spec.calibrationEnd !== undefined) {
    const calibrationEnd = checkAsOf(spec.calibrationEnd, 'calibrationEnd');
    if (calibrationEnd >= end)
      throw new SpecError('calibrationEnd', calibrationEnd, `a day before end (${end})`);
    out.calibrationEnd = calibrationEnd;
  }
  return out;
}
