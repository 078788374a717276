import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError, SpecError } from '../../errors.js';
import { hasColumn, stringsOf, rowsOf } from '../../table/access.js';
import { periodLabel, periodLookup, periodStart } from '../../time/periods.js';
import { DAY, TimeZone, formatDay } from '../../time/zone.js';
import { asOfDay as resolveAsOfDay, tableZones } from '../../time/context.js';
import { NO_DAY, localTimes } from '../../time/days.js';
import { matchRows } from '../history/eventFilter.js';
import { lastCompletePeriod } from '../../time/periodBounds.js';
import { sharedUserCodes } from '../history/userCodes.js';
import { hasValueIn, userSeries } from '../history/userSeries.js';
import { wilsonInterval } from '../../math/wilson.js';
import { resolveRetentionSpec, type ResolvedRetentionSpec, type RetentionSpec } from './spec.js';
import { firstStarts, recurringStarts, type StartSource } from './starts.js';
import { minOf } from '../../math/extent.js';
import { checkDaySpan } from '../../time/periodGrid.js';

/** Label of the breakdown group of starts whose breakdown value is missing. */
export const MISSING_GROUP = '(missing)';

/**
 * The result of {@link retention}: counts per cohort × breakdown × offset, and totals over the
 * complete cohorts. Rates are fractions; incomplete cells have null counts and `complete: false`.
 */
export interface RetentionResult {
  /** The definition, with every default filled in. */
  spec: ResolvedRetentionSpec;
  /** The as-of day used (`YYYY-MM-DD`). */
  asOf: string;
  /**
   * One row per cohort, breakdown group and offset: `cohort` (period label), `cohort_start`, the breakdown
   * column (if any), `offset` (first period of the window), `offset_label`, `cohort_size`, `retained`,
   * `rate`, `rate_low`, `rate_high` (Wilson interval) and `complete`.
   */
  cells: ColumnTable;
  /**
   * Per breakdown group and offset, summed over the cohorts whose cell is complete (`cohort` = 'all'):
   * an incomplete cohort is left out of that offset, never counted as a zero.
   */
  total: ColumnTable;
}

/** Per-start detail kept for {@link usersIn} (not part of the printed result). */
export interface RetentionMembers {
  user: Int32Array;
  slot: Int32Array;
  /** retained[start * offsets + k] = 1 when the start returned in window k. */
  retained: Uint8Array;
  slotCohort: string[];
  slotGroup: string[];
  /** complete[slot * offsets + k] */
  complete: Uint8Array;
  idOf(code: number): string;
}

export const membersOf = new WeakMap<RetentionResult, RetentionMembers>();

/**
 * N-day retention (N日留存率) of a start event by a return event: of the users who started in a cohort
 * period, the share who returned in the window of each offset. Per-user work is a loop over typed arrays
 * indexed by dense user codes; each user's return periods are sorted once and searched per window.
 *
 * @param events canonical events: `user_id`, `ts`, plus `event` and any columns the filters or the
 *   breakdown name
 * @param spec the definition (see {@link RetentionSpec}); invalid options throw `SpecError`
 * @param users optional users table: the start instants when `spec.startColumn` is set (e.g.
 *   `registered_at`), and breakdown values by `user_id` when the start rows do not carry them
 * @returns counts, rates and Wilson intervals per cell, and totals over complete cohorts
 * @example
 * const r = retention(events, { startColumn: 'registered_at', returnEvent: 'visit', days: [1, 7, 14, 30], breakdown: 'channel' }, users);
 * r.total.print();
 */
export function retention(
  events: ColumnTable,
  spec: RetentionSpec = {},
  users?: ColumnTable,
): RetentionResult {
  events = rowsOf(events);
  users = users && rowsOf(users);
  const s = resolveRetentionSpec(spec, tableZones({ events, users }, spec.timeZone));
  const zone = TimeZone.of(s.timeZone);
  if (s.startColumn !== undefined && !users) {
    throw new SpecError('startColumn', s.startColumn, 'a users table as the third argument to read it from');
  }
  const codes = sharedUserCodes(events, users);
  const evTimes = localTimes(events, 'ts', zone);
  const startTimes = s.startColumn ? localTimes(users!, s.startColumn, zone, true, 'users') : evTimes;
  const asOfDay = resolveAsOfDay(s.asOf, zone, [evTimes.lastDay, startTimes.lastDay], 'events');
  const firstDay = Math.min(
    minOf([evTimes.firstDay, startTimes.firstDay].filter((d) => d !== NO_DAY)),
    asOfDay,
  );

  const source: StartSource = s.startColumn
    ? { codes: codes.users!, ms: startTimes.ms, days: startTimes.days }
    : { codes: codes.events, ms: evTimes.ms, days: evTimes.days, mask: matchRows(events, s.startEvent) };
  const starts =
    s.start === 'first'
      ? firstStarts(source, codes.size, asOfDay)
      : recurringStarts(source, codes.size, asOfDay, s.cohortPeriod, firstDay);

  const calendar = s.window === 'calendar';
  checkDaySpan(firstDay, asOfDay, s.asOf !== undefined);
  const unitOf = periodLookup(firstDay, asOfDay, s.period);
  const cohortOf = periodLookup(firstDay, asOfDay, s.cohortPeriod);
  const returnMask = matchRows(events, s.returnEvent);
  const returns = userSeries(
    codes.events,
    codes.size,
    (i) => evTimes.days[i] <= asOfDay && (!returnMask || returnMask[i] === 1),
    calendar ? (i) => unitOf[evTimes.days[i] - firstDay] : (i) => evTimes.ms[i],
    calendar,
  );
  const length = s.period === 'week' ? 7 * DAY : DAY;
  const observedEnd = calendar ? lastCompletePeriod(asOfDay, s.period) + 1 : zone.startOfDay(asOfDay + 1);

  const groupOf = breakdownReader(
    s.breakdown,
    s.startColumn ? users! : events,
    users,
    codes.users,
    codes.size,
  );
  const K = s.offsets.length;
  const slotIndex = new Map<string, number>();
  const slotCohort: number[] = [];
  const slotGroup: string[] = [];
  const size: number[] = [];
  const retained: number[] = [];
  const complete: number[] = [];
  const startSlot = new Int32Array(starts.length);
  const startRetained = new Uint8Array(starts.length * K);
  for (let j = 0; j < starts.length; j++) {
    const u = starts.user[j];
    const row = starts.row[j];
    const day = source.days[row];
    const cohort = cohortOf[day - firstDay];
    const group = groupOf(row, u);
    const key = `${cohort}\u0000${group}`;
    let slot = slotIndex.get(key);
    if (slot === undefined) {
      slot = slotCohort.length;
      slotIndex.set(key, slot);
      slotCohort.push(cohort);
      slotGroup.push(group);
      size.push(0);
      for (let k = 0; k < K; k++) {
        retained.push(0);
        complete.push(1);
      }
    }
    startSlot[j] = slot;
    size[slot]++;
    const x = calendar ? unitOf[day - firstDay] : source.ms[row];
    const scale = calendar ? 1 : length;
    for (let k = 0; k < K; k++) {
      const { from, to } = s.offsets[k];
      const lo = x + from * scale;
      const hi = to === null ? Infinity : x + (to + 1) * scale;
      if (x + ((to ?? from) + 1) * scale > observedEnd) complete[slot * K + k] = 0;
      if (hasValueIn(returns, u, lo, hi)) {
        startRetained[j * K + k] = 1;
        retained[slot * K + k]++;
      }
    }
  }

  const order = slotCohort
    .map((_, i) => i)
    .sort((a, b) => slotCohort[a] - slotCohort[b] || compare(slotGroup[a], slotGroup[b]));
  const cells = buildCells(s, order, slotCohort, slotGroup, size, retained, complete);
  const total = buildTotal(s, order, slotGroup, size, retained, complete);
  const result: RetentionResult = { spec: s, asOf: formatDay(asOfDay), cells, total };
  membersOf.set(result, {
    user: starts.user,
    slot: startSlot,
    retained: startRetained,
    slotCohort: slotCohort.map((c) => periodLabel(c, s.cohortPeriod)),
    slotGroup,
    complete: Uint8Array.from(complete),
    idOf: codes.idOf,
  });
  return result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reads a start's breakdown value from its start row, or else from the users table by user code. */
function breakdownReader(
  column: string | undefined,
  startTable: ColumnTable,
  users: ColumnTable | undefined,
  userCodes: Int32Array | undefined,
  size: number,
): (row: number, user: number) => string {
  if (column === undefined) return () => '';
  if (hasColumn(startTable, column)) {
    const values = stringsOf(startTable, column);
    return (row) => values[row] ?? MISSING_GROUP;
  }
  if (users && userCodes && hasColumn(users, column)) {
    const values = stringsOf(users, column);
    const byUser: (string | null)[] = new Array(size).fill(null);
    for (let i = 0; i < values.length; i++) {
      const u = userCodes[i];
      if (u >= 0 && byUser[u] === null) byUser[u] = values[i];
    }
    return (_row, user) => byUser[user] ?? MISSING_GROUP;
  }
  throw new InputError(
    `missing breakdown column "${column}"`,
    { file: users ? 'events and users' : 'events' },
    'a column of the start rows or of the users table',
  );
}

function cell(s: ResolvedRetentionSpec, n: number, r: number, done: boolean) {
  if (!done)
    return { cohort_size: n, retained: null, rate: null, rate_low: null, rate_high: null, complete: false };
  const ci = wilsonInterval(r, n, s.level);
  return {
    cohort_size: n,
    retained: r,
    rate: n > 0 ? r / n : null,
    rate_low: ci?.low ?? null,
    rate_high: ci?.high ?? null,
    complete: true,
  };
}

/**
 * The per-cohort cells from counts per slot (cohort × breakdown group), in `order`; shared by the
 * in-memory and SQL engines. `complete[slot * offsets + k]` is 1 when window k is wholly observed.
 */
export function buildCells(
  s: ResolvedRetentionSpec,
  order: number[],
  slotCohort: number[],
  slotGroup: string[],
  size: number[],
  retained: number[],
  complete: number[],
): ColumnTable {
  const K = s.offsets.length;
  const rows: Record<string, unknown>[] = [];
  for (const slot of order) {
    for (let k = 0; k < K; k++) {
      const row = plainRow();
      row.cohort = periodLabel(slotCohort[slot], s.cohortPeriod);
      row.cohort_start = formatDay(periodStart(slotCohort[slot], s.cohortPeriod));
      if (s.breakdown !== undefined) row[s.breakdown] = slotGroup[slot];
      row.offset = s.offsets[k].from;
      row.offset_label = s.offsets[k].label;
      Object.assign(row, cell(s, size[slot], retained[slot * K + k], complete[slot * K + k] === 1));
      rows.push(row);
    }
  }
  return toTable(rows, s, true);
}

/** Totals per breakdown group and offset over the complete cohorts; shared by the in-memory and SQL engines. */
export function buildTotal(
  s: ResolvedRetentionSpec,
  order: number[],
  slotGroup: string[],
  size: number[],
  retained: number[],
  complete: number[],
): ColumnTable {
  const K = s.offsets.length;
  const groups = [...new Set(order.map((slot) => slotGroup[slot]))].sort(compare);
  const rows: Record<string, unknown>[] = [];
  for (const g of groups) {
    for (let k = 0; k < K; k++) {
      let n = 0;
      let r = 0;
      for (const slot of order) {
        if (slotGroup[slot] !== g || complete[slot * K + k] !== 1) continue;
        n += size[slot];
        r += retained[slot * K + k];
      }
      const row = plainRow();
      row.cohort = 'all';
      if (s.breakdown !== undefined) row[s.breakdown] = g;
      row.offset = s.offsets[k].from;
      row.offset_label = s.offsets[k].label;
      // No complete cohort yet: the offset is not observable at all, so it is incomplete, not 0 %.
      Object.assign(row, cell(s, n, r, n > 0));
      rows.push(row);
    }
  }
  return toTable(rows, s, false);
}

/** The measure columns of a retention cell, in order, after the cohort, group and offset columns. */
export const RETENTION_MEASURES = ['cohort_size', 'retained', 'rate', 'rate_low', 'rate_high'] as const;

/** An arquero table from rows, with the columns present even when there are no rows. */
function toTable(rows: Record<string, unknown>[], s: ResolvedRetentionSpec, perCohort: boolean): ColumnTable {
  const names = [
    'cohort',
    ...(perCohort ? ['cohort_start'] : []),
    ...(s.breakdown !== undefined ? [s.breakdown] : []),
    'offset',
    'offset_label',
    ...RETENTION_MEASURES,
    'complete',
  ];
  const columns: Record<string, unknown[]> = Object.create(null);
  for (const name of names) columns[name] = rows.map((r) => r[name]);
  // As load() builds its tables: aq.table would copy the columns into an object with a prototype.
  return new aq.ColumnTable(columns as any, names);
}

/** A row object without a prototype: a breakdown column named `__proto__` stays a column. */
function plainRow(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}
