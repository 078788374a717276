import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { oneOf, rejectUnknownKeys } from '../../spec.js';
import {
  checkPeriod,
  periodIndex,
  periodLabel,
  periodLookup,
  periodStart,
  type Period,
} from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { activityMask, resolveChurnRule, type ResolvedChurnRule } from '../history/churnRule.js';
import { buildHistory, type History, type UserData } from '../history/history.js';
import { asOfDayOf, resolveTimeZone, tableZones, type DataZones } from '../../time/context.js';

/** A user's status in a period, as PostHog's and Amplitude's lifecycle charts count it. */
export type ActivityStatus = 'new' | 'returning' | 'resurrecting' | 'dormant';

/** The statuses in their fixed row order. */
export const ACTIVITY_STATUSES: readonly ActivityStatus[] = ['new', 'returning', 'resurrecting', 'dormant'];

/** Which period makes a user "new". */
export type NewUserRule = 'firstActivity' | 'signup';

/** The definition of {@link lifecycleTrend}. */
export interface LifecycleTrendSpec {
  /** Last day counted (`YYYY-MM-DD`, inclusive); later rows are never read. */
  asOf: string;
  /** First period counted: the period containing this day. @default the period of the first activity */
  from?: string;
  /** @default 'month' */
  period?: Period;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Event kinds that make a user active in a period. @default ['login'] */
  activityEvents?: string[];
  /** Whether an order makes a user active. @default true */
  ordersCountAsActivity?: boolean;
  /**
   * `firstActivity` (Amplitude): new in the period of the user's first ever activity.
   * `signup` (PostHog, person created_at): new when active in the period of sign-up; a user first
   * active in a later period then counts as resurrecting, as PostHog counts them. @default 'firstActivity'
   */
  newRule?: NewUserRule;
}

/** Counts of new / returning / resurrecting / dormant users per period. */
export interface LifecycleTrendResult {
  spec: LifecycleTrendSpec;
  /**
   * period (label), status, users: four rows per period in the fixed order new, returning,
   * resurrecting, dormant. Counts are positive; PostHog's chart draws dormant below zero (the figure does).
   */
  counts: ColumnTable;
  /** The users behind one cell. */
  usersIn(period: string, status: ActivityStatus): string[];
  notes: string[];
}

const KEYS = [
  'asOf',
  'from',
  'period',
  'timeZone',
  'activityEvents',
  'ordersCountAsActivity',
  'newRule',
] as const;

/** A {@link LifecycleTrendSpec} checked, with its defaults and days resolved. */
export interface ResolvedTrendSpec {
  timeZone: string;
  zone: TimeZone;
  period: Period;
  newRule: 'firstActivity' | 'signup';
  activity: ResolvedChurnRule;
  asOfDay: number;
  /** The day of `from`, when given. */
  fromDay?: number;
}

/**
 * Checks a lifecycle-trend spec and fills its defaults (shared with `lifecycleTrendSql`).
 * @param spec the spec as given (JSON)
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the resolved definition
 * @example resolveTrendSpec({ asOf: '2017-03-31' }).period // 'month'
 */
export function resolveTrendSpec(spec: LifecycleTrendSpec, zones: DataZones = {}): ResolvedTrendSpec {
  if (typeof spec !== 'object' || spec === null)
    throw new SpecError('lifecycleTrend spec', spec, 'an object');
  rejectUnknownKeys('lifecycleTrend', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  const zone = TimeZone.of(timeZone);
  const period = spec.period === undefined ? 'month' : checkPeriod(spec.period);
  const newRule = oneOf('newRule', spec.newRule, ['firstActivity', 'signup'] as const, 'firstActivity');
  const activity = resolveChurnRule(
    { activityEvents: spec.activityEvents, ordersCountAsActivity: spec.ordersCountAsActivity },
    'lifecycleTrend',
  );
  const asOfDay = asOfDayOf(zone, spec.asOf);
  const out: ResolvedTrendSpec = { timeZone, zone, period, newRule, activity, asOfDay };
  if (spec.from !== undefined) out.fromDay = asOfDayOf(zone, spec.from, 'from');
  return out;
}

/** The spec a trend result reports: the one given, with its defaults filled in (shared with the SQL engines). */
export function trendResultSpec(spec: LifecycleTrendSpec, r: ResolvedTrendSpec): LifecycleTrendSpec {
  return {
    ...spec,
    period: r.period,
    timeZone: r.timeZone,
    newRule: r.newRule,
    activityEvents: r.activity.activityEvents,
    ordersCountAsActivity: r.activity.ordersCountAsActivity,
  };
}

/**
 * The period index and status code of a trend cell, or a SpecError naming the allowed labels.
 * @param index period label → period index, from {@link trendTable}
 * @returns [period index, status code]
 */
export function trendCell(
  index: Map<string, number>,
  label: string,
  status: ActivityStatus,
): [number, number] {
  const p = index.get(label);
  const s = ACTIVITY_STATUSES.indexOf(status);
  if (p === undefined) throw new SpecError('period', label, [...index.keys()]);
  if (s < 0) throw new SpecError('status', status, ACTIVITY_STATUSES);
  return [p, s];
}

/**
 * New / returning / resurrecting / dormant users per period (用户生命周期趋势), as PostHog and Amplitude
 * count them: new = first active in the period (or signed up in it, see `newRule`); returning = active
 * in this and the previous period; resurrecting = active now, not in the previous period, but before;
 * dormant = active in the previous period, not in this one.
 * @param data `{ users, events, orders }`
 * @param spec the definition
 * @returns four rows per period in fixed order, and the users behind each cell
 * @example lifecycleTrend({ users, events, orders }, { asOf: '2017-03-31', period: 'month' }).counts.print()
 */
export function lifecycleTrend(data: UserData, spec: LifecycleTrendSpec): LifecycleTrendResult {
  const resolved = resolveTrendSpec(spec, tableZones(data, spec?.timeZone));
  const { zone, period, newRule, activity, asOfDay, fromDay } = resolved;
  const history = buildHistory(data, { zone, untilDay: asOfDay });
  const mask = activityMask(history, activity.activityEvents);
  const lastPeriod = periodIndex(asOfDay, period);
  const toPeriod = periodOfDay(history, asOfDay, period);
  const perUser = history.userIds.map((_, u) =>
    activePeriods(history, u, mask, activity.ordersCountAsActivity, toPeriod),
  );
  let firstPeriod = fromDay === undefined ? Infinity : periodIndex(fromDay, period);
  if (firstPeriod === Infinity)
    for (const ps of perUser) if (ps.length && ps[0] < firstPeriod) firstPeriod = ps[0];
  if (firstPeriod > lastPeriod) firstPeriod = lastPeriod;

  const nPeriods = lastPeriod - firstPeriod + 1;
  const members: string[][] = new Array(nPeriods * 4);
  for (let i = 0; i < members.length; i++) members[i] = [];
  const add = (p: number, status: number, id: string) => {
    if (p >= firstPeriod && p <= lastPeriod) members[(p - firstPeriod) * 4 + status].push(id);
  };
  for (let u = 0; u < perUser.length; u++) {
    const ps = perUser[u];
    const id = history.userIds[u];
    const signupPeriod = periodIndex(history.registeredDay[u], period);
    for (let k = 0; k < ps.length; k++) {
      const p = ps[k];
      const isNew = newRule === 'firstActivity' ? k === 0 : p === signupPeriod;
      if (isNew) add(p, 0, id);
      else if (k > 0 && ps[k - 1] === p - 1) add(p, 1, id);
      else add(p, 2, id);
      if (k + 1 === ps.length || ps[k + 1] !== p + 1) add(p + 1, 3, id);
    }
  }
  const { counts, index } = trendTable(
    firstPeriod,
    lastPeriod,
    period,
    (p, status) => members[(p - firstPeriod) * 4 + status].length,
  );
  const notes = trendNotes(lastPeriod, period, asOfDay, spec.asOf);
  return {
    spec: trendResultSpec(spec, resolved),
    counts,
    usersIn(label, status) {
      const [p, s] = trendCell(index, label, status);
      return [...members[(p - firstPeriod) * 4 + s]];
    },
    notes,
  };
}

/**
 * The counts table of a lifecycle trend (four rows per period, fixed status order) and its label index,
 * from a count per (period, status number); shared with the SQL engines.
 */
export function trendTable(
  firstPeriod: number,
  lastPeriod: number,
  period: Period,
  count: (p: number, status: number) => number,
): { counts: ColumnTable; index: Map<string, number> } {
  const cols = {
    period: [] as string[],
    status: [] as string[],
    users: [] as number[],
  };
  const index = new Map<string, number>();
  for (let p = firstPeriod; p <= lastPeriod; p++) {
    const label = periodLabel(p, period);
    index.set(label, p);
    ACTIVITY_STATUSES.forEach((status, s) => {
      cols.period.push(label);
      cols.status.push(status);
      cols.users.push(count(p, s));
    });
  }
  return { counts: aq.table(cols), index };
}

/** Notes of a lifecycle trend (an incomplete last period); shared with the SQL engines. */
export function trendNotes(lastPeriod: number, period: Period, asOfDay: number, asOf: string): string[] {
  const notes: string[] = [];
  if (periodStart(lastPeriod + 1, period) - 1 !== asOfDay) {
    notes.push(`the last period (${periodLabel(lastPeriod, period)}) is incomplete: counted up to ${asOf}`);
  }
  return notes;
}

/** Distinct, ascending periods in which a user was active (sign-up alone is not activity here). */
function activePeriods(
  h: History,
  u: number,
  mask: Uint8Array,
  orders: boolean,
  toPeriod: (day: number) => number,
): number[] {
  const out: number[] = [];
  const ev = h.events;
  for (let i = ev.start[u]; i < ev.start[u + 1]; i++) if (mask[ev.kind[i]]) out.push(toPeriod(ev.day[i]));
  if (orders) {
    const od = h.orders;
    for (let i = od.start[u]; i < od.start[u + 1]; i++) out.push(toPeriod(od.day[i]));
  }
  out.sort((a, b) => a - b);
  let w = 0;
  for (let i = 0; i < out.length; i++) if (w === 0 || out[i] !== out[w - 1]) out[w++] = out[i];
  out.length = w;
  return out;
}

/** Period of a data day through a lookup table (a Date per row would dominate on millions of rows). */
function periodOfDay(h: History, lastDay: number, period: Period): (day: number) => number {
  let firstDay = lastDay;
  for (const days of [h.events.day, h.orders.day])
    for (let i = 0; i < days.length; i++) if (days[i] < firstDay) firstDay = days[i];
  const lookup = periodLookup(firstDay, lastDay, period);
  return (day) => lookup[day - firstDay];
}
