import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { periodLabel, periodLookup, periodStart } from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { asOfDay as resolveAsOfDay, tableZones } from '../../time/context.js';
import { NO_DAY, localTimes } from '../../time/days.js';
import { matchRows } from '../history/eventFilter.js';
import { lastCompletePeriod } from '../../time/periodBounds.js';
import { sharedUserCodes } from '../history/userCodes.js';
import { userSeries } from '../history/userSeries.js';
import { checkDaySpan } from '../../time/periodGrid.js';
import { rowsOf } from '../../table/access.js';
import { resolveActiveUsersSpec, type ActiveUsersSpec, type ResolvedActiveUsersSpec } from './spec.js';

/** The result of {@link activeUsers}. */
export interface ActiveUsersResult {
  spec: ResolvedActiveUsersSpec;
  asOf: string;
  /**
   * One row per period (calendar) or per day (rolling): `period` (label), `period_start`, `active`, `new`,
   * `existing` (= active − new: active users who are not new, 老用户; not lifecycle's `returning`, which
   * means active in this and the previous period), `complete` (the period or whole trailing window lies within the data's first
   * day and the as-of day; a partial one still shows what was seen).
   */
  table: ColumnTable;
}

/**
 * Active users (活跃用户): DAU / WAU / MAU by calendar period or over trailing windows, split into new and
 * existing (新老用户). Each user's distinct active days are sorted once; a trailing window is covered by the
 * union of [day, day + W − 1] over those days, added to a difference array, so the cost is linear in rows.
 * @param events activity rows with `user_id` and `ts`
 * @param spec the definition (see {@link ActiveUsersSpec})
 * @param users optional users table with the sign-up column, for `newBy: 'signup'`
 * @returns one row per period or day with active, new and existing users
 * @example activeUsers(events, { period: 'month', window: 'rolling' }, users).table.print()
 */
export function activeUsers(
  events: ColumnTable,
  spec: ActiveUsersSpec = {},
  users?: ColumnTable,
): ActiveUsersResult {
  events = rowsOf(events);
  users = users && rowsOf(users);
  const s = resolveActiveUsersSpec(spec, users !== undefined, tableZones({ events, users }, spec.timeZone));
  const zone = TimeZone.of(s.timeZone);
  const codes = sharedUserCodes(events, users);
  const times = localTimes(events, 'ts', zone);
  if (times.lastDay === NO_DAY) throw new InputError('empty table', { file: 'events' }, 'at least one event');
  const asOfDay = resolveAsOfDay(s.asOf, zone, [times.lastDay], 'events');
  const firstDay = Math.min(times.firstDay, asOfDay);
  const mask = matchRows(events, s.activityEvent);
  const days = userSeries(
    codes.events,
    codes.size,
    (i) => times.days[i] <= asOfDay && (!mask || mask[i] === 1),
    (i) => times.days[i],
    true,
  );
  // Each user's "new" day: sign-up day, or first active day (over all data up to the as-of day).
  const newDay = new Float64Array(codes.size).fill(NaN);
  if (s.newBy === 'signup') {
    const signup = localTimes(users!, s.signupColumn, zone, true, 'users');
    for (let i = 0; i < signup.days.length; i++) {
      const u = codes.users![i];
      const d = signup.days[i];
      if (u >= 0 && d !== NO_DAY && !(newDay[u] <= d)) newDay[u] = d;
    }
  } else {
    for (let u = 0; u < codes.size; u++)
      if (days.start[u + 1] > days.start[u]) newDay[u] = days.values[days.start[u]];
  }
  const userDays: UserDays = { days, newDay, size: codes.size, firstDay, asOfDay };
  const table =
    s.window === 'calendar' ? calendarCounts(s, userDays) : rollingCounts(s.rollingDays, userDays);
  return { spec: s, asOf: formatDay(asOfDay), table };
}

/** What both counting modes walk: each user's active days and sign-up day, from `firstDay` to `asOfDay`. */
interface UserDays {
  days: ReturnType<typeof userSeries>;
  /** Sign-up day per user code (NaN when unknown). */
  newDay: Float64Array;
  /** Number of user codes. */
  size: number;
  firstDay: number;
  asOfDay: number;
}

function calendarCounts(
  s: ResolvedActiveUsersSpec,
  { days, newDay, size, firstDay, asOfDay }: UserDays,
): ColumnTable {
  checkDaySpan(firstDay, asOfDay, s.asOf !== undefined);
  const lookup = periodLookup(firstDay, asOfDay, s.period);
  const base = lookup[0];
  const n = lookup[asOfDay - firstDay] - base + 1;
  const active = new Int32Array(n);
  const fresh = new Int32Array(n);
  for (let u = 0; u < size; u++) {
    const nd = newDay[u];
    // A sign-up before the data or after the as-of day falls in no reported period.
    const newPeriod = nd >= firstDay && nd <= asOfDay ? lookup[nd - firstDay] - base : -1;
    let last = -1;
    for (let j = days.start[u]; j < days.start[u + 1]; j++) {
      const p = lookup[days.values[j] - firstDay] - base;
      if (p === last) continue;
      last = p;
      active[p]++;
      if (p === newPeriod) fresh[p]++;
    }
  }
  return calendarTable(s, base, firstDay, asOfDay, active, fresh);
}

/**
 * The calendar-period table of `activeUsers()` from active and new users per period (`base + p`); shared
 * with the SQL engines.
 */
export function calendarTable(
  s: ResolvedActiveUsersSpec,
  base: number,
  firstDay: number,
  asOfDay: number,
  active: Int32Array,
  fresh: Int32Array,
): ColumnTable {
  const n = active.length;
  const lastComplete = lastCompletePeriod(asOfDay, s.period) - base;
  const firstComplete = periodStart(base, s.period) === firstDay ? 0 : 1;
  return aq.table({
    period: Array.from({ length: n }, (_, p) => periodLabel(base + p, s.period)),
    period_start: Array.from({ length: n }, (_, p) => formatDay(periodStart(base + p, s.period))),
    active: Array.from(active),
    new: Array.from(fresh),
    existing: Array.from(active, (a, p) => a - fresh[p]),
    complete: Array.from({ length: n }, (_, p) => p >= firstComplete && p <= lastComplete),
  });
}

function rollingCounts(w: number, { days, newDay, size, firstDay, asOfDay }: UserDays): ColumnTable {
  const n = asOfDay - firstDay + 1;
  const activeDelta = new Int32Array(n + 1);
  const newDelta = new Int32Array(n + 1);
  const add = (delta: Int32Array, from: number, to: number) => {
    const a = Math.max(from, 0);
    const b = Math.min(to, n - 1);
    if (a > b) return;
    delta[a]++;
    delta[b + 1]--;
  };
  for (let u = 0; u < size; u++) {
    const end = days.start[u + 1];
    const nd = newDay[u] - firstDay; // NaN when unknown: no overlap below
    let j = days.start[u];
    while (j < end) {
      // Windows ending on x..y (relative days) contain one of this run of active days.
      const x = days.values[j] - firstDay;
      let y = x + w - 1;
      j++;
      while (j < end && days.values[j] - firstDay <= y + 1) {
        y = days.values[j] - firstDay + w - 1;
        j++;
      }
      add(activeDelta, x, y);
      if (nd === nd) add(newDelta, Math.max(x, nd), Math.min(y, nd + w - 1));
    }
  }
  const active = new Int32Array(n);
  const fresh = new Int32Array(n);
  let a = 0;
  let f = 0;
  for (let d = 0; d < n; d++) {
    a += activeDelta[d];
    f += newDelta[d];
    active[d] = a;
    fresh[d] = f;
  }
  return rollingTable(w, firstDay, active, fresh);
}

/**
 * The trailing-window table of `activeUsers()` from active and new users per window-end day
 * (`firstDay + d`); shared with the SQL engines.
 */
export function rollingTable(
  w: number,
  firstDay: number,
  active: Int32Array,
  fresh: Int32Array,
): ColumnTable {
  const n = active.length;
  return aq.table({
    period: Array.from({ length: n }, (_, d) => formatDay(firstDay + d)),
    period_start: Array.from({ length: n }, (_, d) => formatDay(firstDay + d - w + 1)),
    active: Array.from(active),
    new: Array.from(fresh),
    existing: Array.from(active, (x, d) => x - fresh[d]),
    complete: Array.from({ length: n }, (_, d) => d - w + 1 >= 0),
  });
}
