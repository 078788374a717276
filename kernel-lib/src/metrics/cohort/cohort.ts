import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError, SpecError } from '../../errors.js';
import { numbersOf, timestampsOf, rowsOf } from '../../table/access.js';
import { periodLabel, periodLookup, periodStart } from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { tableZones } from '../../time/context.js';
import { NO_DAY, dayNumberFn, localTimes } from '../../time/days.js';
import { matchRows } from '../history/eventFilter.js';
import { lastCompletePeriod } from '../../time/periodBounds.js';
import { checkDaySpan, checkPeriodGrid } from '../../time/periodGrid.js';
import { sharedUserCodes } from '../history/userCodes.js';
import { countActivity } from './cellCounts.js';
import { resolveCohortMatrixSpec, type CohortMatrixSpec, type ResolvedCohortMatrixSpec } from './spec.js';
import { fromMicros } from '../../math/money.js';
import { maxOf } from '../../math/extent.js';

/** The result of {@link cohortMatrix}: one row per cohort and period offset (long form). */
export interface CohortMatrixResult {
  spec: ResolvedCohortMatrixSpec;
  /** The as-of day used (`YYYY-MM-DD`). */
  asOf: string;
  /** How the as-of day was chosen: {@link CohortAsOfRule}. */
  asOfRule: CohortAsOfRule;
  /**
   * Columns `cohort` (period label), `cohort_start`, `offset` (periods since the cohort's), `cohort_size`,
   * `active` (distinct users active in that period), `rate` (active / cohort size), and with `amount`:
   * `revenue` (sum in that period), `revenue_cum` (sum over offsets 0..offset) and `ltv` (revenue_cum per
   * cohort user). A period not wholly observed by the as-of day has `complete: false` and null values
   * (`partialPeriods: 'blank'`, the default) or the counts so far (`'count'`); periods after the as-of day
   * have no row.
   */
  cells: ColumnTable;
}

/**
 * How a cohort matrix's as-of day was chosen: `'given'` (the spec's `asOf`), `'lastEvent'` (the last event
 * day, for cohorts by first activity) or `'lastEventOrSignup'` (the later of the last event day and the last
 * sign-up day, for sign-up cohorts, as `retention()` does, so later sign-ups keep their cohort).
 */
export type CohortAsOfRule = 'given' | 'lastEvent' | 'lastEventOrSignup';

/**
 * The as-of day of a cohort matrix and its rule (shared by memory and SQL).
 * @param asOf the spec's as-of day, if any
 * @param lastEventDay the last event's local day (undefined without events)
 * @param lastSignupDay the last sign-up's local day (undefined when not by sign-up or none)
 * @returns the day and the rule that chose it
 * @example cohortAsOf(undefined, 100, 103) // { day: 103, rule: 'lastEventOrSignup' }
 */
export function cohortAsOf(
  asOf: { day: number } | undefined,
  lastEventDay: number | undefined,
  lastSignupDay: number | undefined,
  bySignup: boolean,
): { day: number; rule: CohortAsOfRule } {
  if (asOf) return { day: asOf.day, rule: 'given' };
  const days = [lastEventDay, lastSignupDay].filter((d): d is number => d !== undefined);
  return { day: maxOf(days), rule: bySignup ? 'lastEventOrSignup' : 'lastEvent' };
}

/** Per-user detail kept for {@link cohortUsers}. */
export interface CohortMembers {
  /** Cohort (relative period) of each user code, -1 = in no cohort. */
  cohort: Int32Array;
  labels: string[];
  offsets: number;
  activeIn(user: number, offset: number): boolean;
  idOf(code: number): string;
}

export const cohortMembersOf = new WeakMap<CohortMatrixResult, CohortMembers>();

/**
 * Cohort matrix (同期群分析): users grouped by the period of their first activity (or sign-up), and for
 * each later period how many of them were active, with revenue and cumulative LTV when `amount` is set.
 * One pass finds each user's cohort, a second marks (user, offset) pairs in a bitset indexed by dense
 * user codes: no Map and no Date per row.
 * @param events activity rows with `user_id` and `ts` (orders for purchase cohorts, with `amount`)
 * @param spec the definition (see {@link CohortMatrixSpec}); invalid options throw `SpecError`
 * @param users users table with `user_id` and the sign-up column, needed for `cohortBy: 'signup'`
 * @returns counts, rates and values per cohort and offset; incomplete periods marked
 * @example cohortMatrix(orders, { period: 'month', amount: 'amount' }).cells.print()
 */
export function cohortMatrix(
  events: ColumnTable,
  spec: CohortMatrixSpec = {},
  users?: ColumnTable,
): CohortMatrixResult {
  events = rowsOf(events);
  users = users && rowsOf(users);
  const s = resolveCohortMatrixSpec(spec, tableZones({ events, users }, spec.timeZone));
  const zone = TimeZone.of(s.timeZone);
  const bySignup = s.cohortBy === 'signup';
  if (bySignup && !users) throw new SpecError('cohortBy', 'signup', 'a users table as the third argument');
  const codes = sharedUserCodes(events, bySignup ? users : undefined);
  const ms = timestampsOf(events, 'ts');
  const mask = matchRows(events, s.activityEvent);
  const amount = s.amount !== undefined ? numbersOf(events, s.amount) : undefined;
  const n = ms.length;

  let minMs = Infinity;
  let maxMs = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = ms[i];
    if (t !== t)
      throw new InputError(
        'missing timestamp',
        { file: 'events', row: i + 1, column: 'ts' },
        'a date and time',
      );
    if (t < minMs) minMs = t;
    if (t > maxMs) maxMs = t;
  }
  const signup = bySignup ? localTimes(users!, s.signupColumn, zone, true, 'users') : undefined;
  if (n === 0 && !(signup && signup.lastDay !== NO_DAY)) {
    throw new InputError('empty table', { file: 'events' }, 'at least one row with a timestamp');
  }
  const { day: asOfDay, rule: asOfRule } = cohortAsOf(
    s.asOf !== undefined ? { day: zone.dayOf(s.asOf) } : undefined,
    n > 0 ? zone.dayNumber(maxMs) : undefined,
    signup && signup.lastDay !== NO_DAY ? signup.lastDay : undefined,
    bySignup,
  );
  let firstDay = n > 0 ? Math.min(zone.dayNumber(minMs), asOfDay) : asOfDay;
  if (signup && signup.firstDay !== NO_DAY) firstDay = Math.min(firstDay, signup.firstDay);
  checkDaySpan(firstDay, asOfDay, s.asOf !== undefined);
  const lookup = periodLookup(firstDay, asOfDay, s.period);
  const base = lookup[0];
  const lastRel = lookup[asOfDay - firstDay] - base;
  const nPeriods = lastRel + 1;
  const nOff = s.periods !== undefined ? Math.min(nPeriods, s.periods + 1) : nPeriods;
  checkPeriodGrid(nPeriods, nOff, firstDay, asOfDay, s.asOf !== undefined);

  // Pass 1: each row's period relative to the first, and each user's cohort.
  const size = codes.size;
  const cohort = new Int32Array(size).fill(-1);
  const rel = new Int32Array(n);
  const lastDayMs = zone.startOfDay(asOfDay + 1);
  const dayOf = dayNumberFn(ms, zone, n > 0 ? { min: minMs, max: maxMs } : undefined);
  // Period relative to the first, per day since `firstDay` (one subtraction less per row).
  const relOfDay = lookup.map((p) => p - base);
  const userOf = codes.events;
  const filtered = mask !== undefined;
  // Sign-up cohorts: each user's first sign-up instant; activity before it is not counted (not even in
  // the sign-up's own period).
  const signedAt = signup ? firstSignups(signup.ms, codes.users!, size) : undefined;
  for (let i = 0; i < n; i++) {
    const u = userOf[i];
    const t = ms[i];
    if (u < 0 || t >= lastDayMs || (filtered && mask[i] === 0) || (signedAt && !(t >= signedAt[u]))) {
      rel[i] = -1;
      continue;
    }
    const r = relOfDay[dayOf(t) - firstDay];
    rel[i] = r;
    if (!bySignup && (cohort[u] < 0 || r < cohort[u])) cohort[u] = r;
  }
  if (signup) {
    for (let i = 0; i < signup.days.length; i++) {
      const u = codes.users![i];
      const d = signup.days[i];
      if (u < 0 || d === NO_DAY || d > asOfDay) continue;
      const r = lookup[d - firstDay] - base;
      if (cohort[u] < 0 || r < cohort[u]) cohort[u] = r;
    }
  }
  const cohortSize = new Int32Array(nPeriods);
  for (let u = 0; u < size; u++) if (cohort[u] >= 0) cohortSize[cohort[u]]++;

  // Pass 2: distinct active users and value per (cohort, offset).
  const { active, revenueMicros, activeIn } = countActivity(
    codes.events,
    rel,
    cohort,
    nPeriods,
    nOff,
    amount,
  );

  const lastComplete = lastCompletePeriod(asOfDay, s.period) - base;
  const cells = buildCells(s, base, nPeriods, nOff, lastRel, lastComplete, cohortSize, active, revenueMicros);
  const result: CohortMatrixResult = { spec: s, asOf: formatDay(asOfDay), asOfRule, cells };
  cohortMembersOf.set(result, {
    cohort,
    labels: Array.from({ length: nPeriods }, (_, c) => periodLabel(base + c, s.period)),
    offsets: nOff,
    activeIn,
    idOf: codes.idOf,
  });
  return result;
}

/** The earliest sign-up instant per user code (NaN = none): a user may have several sign-up rows. */
function firstSignups(ms: Float64Array, users: Int32Array, size: number): Float64Array {
  const first = new Float64Array(size).fill(NaN);
  for (let i = 0; i < ms.length; i++) {
    const u = users[i];
    const t = ms[i];
    if (u >= 0 && t === t && !(first[u] <= t)) first[u] = t;
  }
  return first;
}

/**
 * The long-form cells of a cohort matrix from counts per (cohort, offset), shared by the in-memory and SQL
 * engines: incomplete periods get nulls and `complete: false`. Revenue arrives in whole millionths of a unit
 * (exact integer sums, see `math/money.ts`), so cells are the same whatever the row order or engine.
 */
export function buildCells(
  s: ResolvedCohortMatrixSpec,
  base: number,
  nPeriods: number,
  nOff: number,
  lastRel: number,
  lastComplete: number,
  cohortSize: Int32Array,
  active: Int32Array,
  revenueMicros: Float64Array | undefined,
): ColumnTable {
  const cols: Record<string, unknown[]> = {
    cohort: [],
    cohort_start: [],
    offset: [],
    cohort_size: [],
    active: [],
    rate: [],
  };
  if (revenueMicros) Object.assign(cols, { revenue: [], revenue_cum: [], ltv: [] });
  cols.complete = [];
  for (let c = 0; c < nPeriods; c++) {
    if (cohortSize[c] === 0) continue;
    let cumMicros = 0;
    for (let off = 0; off < nOff && c + off <= lastRel; off++) {
      const complete = c + off <= lastComplete;
      const done = complete || s.partialPeriods === 'count';
      const k = c * nOff + off;
      cols.cohort.push(periodLabel(base + c, s.period));
      cols.cohort_start.push(formatDay(periodStart(base + c, s.period)));
      cols.offset.push(off);
      cols.cohort_size.push(cohortSize[c]);
      cols.active.push(done ? active[k] : null);
      cols.rate.push(done ? active[k] / cohortSize[c] : null);
      if (revenueMicros) {
        cumMicros += revenueMicros[k];
        const cum = fromMicros(cumMicros);
        cols.revenue.push(done ? fromMicros(revenueMicros[k]) : null);
        cols.revenue_cum.push(done ? cum : null);
        cols.ltv.push(done ? cum / cohortSize[c] : null);
      }
      cols.complete.push(complete);
    }
  }
  return aq.table(cols);
}
