import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { checkPeriod, periodIndex, periodLabel, periodStart, type Period } from '../../time/periods.js';
import { formatDay } from '../../time/zone.js';
import { StageClassifier } from './classify.js';
import { buildHistory, type UserData } from '../history/history.js';
import { checkGrowthColumns } from './lifecycle.js';
import { resolveLifecycleSpec, type LifecycleSpec, type ResolvedLifecycleSpec } from './spec.js';
import { asOfDayOf, tableZones, type DataZones } from '../../time/context.js';
import { LIFECYCLE_STAGES, NOT_REGISTERED, type LifecycleStage } from './stages.js';

/** A row state of a transition matrix: a stage, or not yet signed up at the earlier date. */
export type TransitionState = LifecycleStage | 'notRegistered';

/** Row order of transition matrices: the five stages, then users who signed up in between. */
export const TRANSITION_STATES: readonly TransitionState[] = [...LIFECYCLE_STAGES, 'notRegistered'];

/** Stages of every user at a series of as-of dates, computed from one pass over the data. */
export interface StageSnapshots {
  spec: LifecycleSpec;
  /** The as-of days, `YYYY-MM-DD` (period ends; the last one is the spec's asOf). */
  dates: string[];
  /** period, as_of, stage, users: five rows per snapshot, stages in fixed order. */
  counts: ColumnTable;
  userIds: string[];
  /** codes[k][u]: stage code of user u at dates[k] (index into LIFECYCLE_STAGES; −1 not registered). */
  codes: Int8Array[];
  /** The transition matrix between two snapshots (by index into `dates`). */
  transition(from: number, to: number): StageTransition;
}

/** Counts of users moving between states from one date to another. */
export interface StageTransition {
  from: string;
  to: string;
  /** matrix[i][j]: users in TRANSITION_STATES[i] at `from` and LIFECYCLE_STAGES[j] at `to`. */
  matrix: number[][];
  /** from_stage, to_stage, users: every cell, rows in TRANSITION_STATES × LIFECYCLE_STAGES order. */
  cells: ColumnTable;
  usersIn(fromState: TransitionState, toStage: LifecycleStage): string[];
}

/** Options of {@link lifecycleSnapshots}. */
export interface SnapshotOptions {
  /** First snapshot: the end of the period containing this day. */
  from: string;
  /** @default 'month' */
  period?: Period;
}

/**
 * Stage counts over time (用户生命周期阶段分布): the stages of article 003 at the end of every period from
 * `options.from` to `spec.asOf` (the last snapshot is the as-of day itself). Each snapshot reads only
 * rows on or before its own date.
 * @param data `{ users, events, orders, balances, payouts }`
 * @param spec the stage definition; `asOf` is the last snapshot
 * @param options first snapshot and period
 * @returns counts per snapshot and stage, with per-user codes for transitions
 * @example lifecycleSnapshots(data, { asOf: '2017-03-31' }, { from: '2016-10-01' }).transition(0, 1).matrix
 */
export function lifecycleSnapshots(
  data: UserData,
  spec: LifecycleSpec,
  options: SnapshotOptions,
): StageSnapshots {
  const resolved = resolveLifecycleSpec(spec, tableZones(data, spec?.timeZone));
  const { days, period } = snapshotDays(resolved, options);
  const history = buildHistory(data, { zone: resolved.zone, untilDay: resolved.asOfDay });
  checkGrowthColumns(history, resolved);
  const classifier = new StageClassifier(history, resolved);
  const n = history.userIds.length;
  const codes = days.map((day) => {
    const out = new Int8Array(n);
    for (let u = 0; u < n; u++) out[u] = classifier.classify(u, day).stage;
    return out;
  });
  return snapshotsResult(history.userIds, codes, days, period, resolved);
}

/**
 * The snapshot days of {@link lifecycleSnapshots}: the end of every period from `options.from`'s to the
 * as-of day's (the last is the as-of day itself); shared with the SQL engines.
 * @param resolved the resolved stage spec
 * @param options first snapshot and period
 * @returns the local days and the period
 * @example snapshotDays(resolveLifecycleSpec({ asOf: '2017-03-15' }), { from: '2017-02-01' }).days.map(formatDay) // ['2017-02-28', '2017-03-15']
 */
export function snapshotDays(
  resolved: ResolvedLifecycleSpec,
  options: SnapshotOptions,
): { days: number[]; period: Period } {
  const period = options.period === undefined ? 'month' : checkPeriod(options.period);
  const fromDay = asOfDayOf(resolved.zone, options.from, 'from');
  if (fromDay > resolved.asOfDay)
    throw new SpecError('from', options.from, `a date on or before ${resolved.asOf}`);
  const days: number[] = [];
  for (let p = periodIndex(fromDay, period); ; p++) {
    const end = periodStart(p + 1, period) - 1;
    days.push(Math.min(end, resolved.asOfDay));
    if (end >= resolved.asOfDay) break;
  }
  return { days, period };
}

/**
 * The result of {@link lifecycleSnapshots} from every user's stage code at each snapshot day, however the
 * codes were computed (in memory or from an SQL engine's per-user aggregates).
 * @param userIds the users (all signed up by the last day), in output order
 * @param codes codes[k][u]: the stage code of user u at days[k] (−1 not registered)
 * @param days the snapshot days
 * @param period the snapshot period
 * @param resolved the resolved stage spec
 * @returns counts per snapshot and stage, with transitions
 */
export function snapshotsResult(
  userIds: string[],
  codes: Int8Array[],
  days: number[],
  period: Period,
  resolved: ResolvedLifecycleSpec,
): StageSnapshots {
  const n = userIds.length;
  const dates = days.map(formatDay);
  const cols = {
    period: [] as string[],
    as_of: [] as string[],
    stage: [] as string[],
    users: [] as number[],
  };
  codes.forEach((c, k) => {
    const tally = new Array(LIFECYCLE_STAGES.length).fill(0);
    for (let u = 0; u < n; u++) if (c[u] !== NOT_REGISTERED) tally[c[u]]++;
    LIFECYCLE_STAGES.forEach((stage, s) => {
      cols.period.push(periodLabel(periodIndex(days[k], period), period));
      cols.as_of.push(dates[k]);
      cols.stage.push(stage);
      cols.users.push(tally[s]);
    });
  });
  const { zone: _z, asOfDay: _d, ...plain } = resolved;
  return {
    spec: plain,
    dates,
    counts: aq.table(cols),
    userIds,
    codes,
    transition(from, to) {
      if (!(from >= 0 && from < to && to < dates.length)) {
        throw new SpecError(
          'transition',
          `${from} → ${to}`,
          `two snapshot indexes 0 ≤ from < to < ${dates.length}`,
        );
      }
      return stageTransition(userIds, codes[from], codes[to], dates[from], dates[to]);
    },
  };
}

/**
 * The transition matrix between two dates (阶段流转矩阵): who was in which stage at `from` and where they
 * are at `to`. Rows sum to the stage counts at `from` (plus a row for users who signed up in between).
 * @param data `{ users, events, orders, balances, payouts }`
 * @param spec the stage definition; its `asOf` is ignored in favour of `to`
 * @param dates `{ from, to }` as `YYYY-MM-DD`
 * @returns counts per (from, to) cell and the users behind each
 * @example stageTransitions(data, { asOf: '2017-03-01' }, { from: '2017-01-31', to: '2017-02-28' }).matrix
 */
export function stageTransitions(
  data: UserData,
  spec: LifecycleSpec,
  dates: { from: string; to: string },
): StageTransition {
  const { resolved, fromDay } = transitionDays(spec, dates, tableZones(data, spec?.timeZone));
  const history = buildHistory(data, { zone: resolved.zone, untilDay: resolved.asOfDay });
  checkGrowthColumns(history, resolved);
  const classifier = new StageClassifier(history, resolved);
  const n = history.userIds.length;
  const a = new Int8Array(n);
  const b = new Int8Array(n);
  for (let u = 0; u < n; u++) {
    a[u] = classifier.classify(u, fromDay).stage;
    b[u] = classifier.classify(u, resolved.asOfDay).stage;
  }
  return stageTransition(history.userIds, a, b, dates.from, dates.to);
}

/**
 * The resolved spec (as of `dates.to`) and the earlier day of {@link stageTransitions}; shared with the SQL
 * engines.
 * @param spec the stage definition; its `asOf` is ignored in favour of `to`
 * @param dates `{ from, to }` as `YYYY-MM-DD`, from before to
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the resolved spec and the local day of `from`
 */
export function transitionDays(
  spec: LifecycleSpec,
  dates: { from: string; to: string },
  zones: DataZones = {},
): { resolved: ResolvedLifecycleSpec; fromDay: number } {
  const resolved = resolveLifecycleSpec({ ...spec, asOf: dates.to }, zones);
  const fromDay = asOfDayOf(resolved.zone, dates.from, 'from');
  if (fromDay >= resolved.asOfDay) throw new SpecError('from', dates.from, `a date before ${dates.to}`);
  return { resolved, fromDay };
}

/**
 * A transition matrix from two arrays of stage codes over the same users (shared with the SQL engines).
 * @param userIds the users
 * @param a codes at `from` (−1 not registered)
 * @param b codes at `to`
 * @returns the matrix, its cells and the users behind each
 */
export function stageTransition(
  userIds: string[],
  a: Int8Array,
  b: Int8Array,
  from: string,
  to: string,
): StageTransition {
  const rows = TRANSITION_STATES.length;
  const cols = LIFECYCLE_STAGES.length;
  const members: string[][] = Array.from({ length: rows * cols }, () => []);
  for (let u = 0; u < userIds.length; u++) {
    if (b[u] === NOT_REGISTERED) continue;
    const i = a[u] === NOT_REGISTERED ? rows - 1 : a[u];
    members[i * cols + b[u]].push(userIds[u]);
  }
  const matrix = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => members[i * cols + j].length),
  );
  const cells = { from_stage: [] as string[], to_stage: [] as string[], users: [] as number[] };
  TRANSITION_STATES.forEach((fs, i) =>
    LIFECYCLE_STAGES.forEach((ts, j) => {
      cells.from_stage.push(fs);
      cells.to_stage.push(ts);
      cells.users.push(matrix[i][j]);
    }),
  );
  return {
    from,
    to,
    matrix,
    cells: aq.table(cells),
    usersIn(fromState, toStage) {
      const i = TRANSITION_STATES.indexOf(fromState);
      const j = LIFECYCLE_STAGES.indexOf(toStage);
      if (i < 0) throw new SpecError('fromState', fromState, TRANSITION_STATES);
      if (j < 0) throw new SpecError('toStage', toStage, LIFECYCLE_STAGES);
      return [...members[i * cols + j]];
    },
  };
}
