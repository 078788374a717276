import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { hasColumn, stringsOf, rowsOf } from '../../table/access.js';
import {
  periodIndex as periodIndexOfDay,
  periodLabel,
  periodLookup,
  periodStart,
  type Period,
} from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { asOfDay as resolveAsOfDay, tableZones } from '../../time/context.js';
import { NO_DAY, localTimes } from '../../time/days.js';
import { ordersInTimeOrder } from '../orders/timeOrder.js';
import { lastCompletePeriod } from '../../time/periodBounds.js';
import { sharedUserCodes } from '../history/userCodes.js';
import { wilsonInterval } from '../../math/wilson.js';
import { minOf } from '../../math/extent.js';
import { checkDaySpan } from '../../time/periodGrid.js';
import { resolveRepurchaseSpec, type RepurchaseSpec, type ResolvedRepurchaseSpec } from './spec.js';

/** The business mode a 90-day repurchase rate implies (《精益数据分析》 via article 002). */
export type BusinessMode = 'acquisition' | 'hybrid' | 'loyalty';

/** Totals of {@link repurchase}. */
export interface RepurchaseSummary {
  /** Users known by the as-of day (users table, signed up by then, plus any buyer); null without a users table. */
  users: number | null;
  /** Users with a first order (首单人数) — every paying user. */
  firstOrderUsers: number;
  /** firstOrderUsers / users (首单率); null without a users table. */
  firstOrderRate: number | null;
  /** Paying users with 2+ orders (复购人数). */
  repeatBuyers: number;
  /** repeatBuyers / paying users (复购率). */
  repurchaseRate: number | null;
  /** The N-day repurchase rate over customers observed for N days (first order ≤ as-of − N). */
  window: {
    days: number;
    /** Customers whose first order is at least `days` before the as-of day. */
    observed: number;
    /** Of those, who ordered again within `days` days of the first order. */
    repurchased: number;
    rate: number | null;
    low: number | null;
    high: number | null;
    /** The business mode the rate implies; null when no customer is observed long enough. */
    mode: BusinessMode | null;
    /** The last first-purchase day observed for the whole window (as-of − days, `YYYY-MM-DD`). */
    lastEligibleFirstDay: string;
    /**
     * Uncensored: every paying customer, whether or not observed for the whole window, and who ordered
     * again within `days` days (customers who started late had less time: a lower bound on the rate).
     */
    all: { customers: number; repurchased: number; rate: number | null };
  };
}

/** The result of {@link repurchase}. */
export interface RepurchaseResult {
  spec: ResolvedRepurchaseSpec;
  asOf: string;
  /**
   * Per period: `period`, `period_start`, `pool` (users who had not bought before the period and were known by
   * its end), `paying_users`, `first_order_users`, `first_order_rate` (first_order_users / pool), `repeat_buyers`,
   * `repurchase_rate` (repeat_buyers / paying_users), `complete` (the period is over by the as-of day).
   */
  periods: ColumnTable;
  summary: RepurchaseSummary;
  /**
   * With `spec.breakdown`: one row per group (`group`: the first-purchase period label or the column's
   * value), `customers`, `observed`, `repurchased`, `rate` (the N-day rate of the observed), `low`, `high`,
   * `all_repurchased`, `all_rate` (uncensored), sorted by group.
   */
  breakdown?: ColumnTable;
  /** With a column breakdown: customers whose column has more than one value (the smallest is used). */
  breakdownConflicts?: number;
}

/**
 * The business mode a repurchase rate implies: acquisition below `bounds[0]`, hybrid up to `bounds[1]`,
 * loyalty above.
 * @example businessMode(0.22) // 'hybrid'
 */
export function businessMode(rate: number, bounds: [number, number] = [0.15, 0.3]): BusinessMode {
  return rate < bounds[0] ? 'acquisition' : rate <= bounds[1] ? 'hybrid' : 'loyalty';
}

/**
 * Conversion (用户转化): first-order users and first-order rate (首单人数 / 首单率 = first-order users /
 * users), repeat buyers and repurchase rate (复购人数 / 复购率 = repeat buyers / paying users), per period and
 * in total, and the 90-day repurchase rate (90天复购率) with the business mode it implies.
 * @param orders `user_id`, `ts`, and `order_id` when lines of one order share it
 * @param spec the definition (see {@link RepurchaseSpec})
 * @param users optional users table (`user_id`, `registered_at`): needed for first-order rates
 * @returns a per-period table and a summary
 * @example const c = repurchase(orders, { period: 'day' }, users); c.summary.window.mode
 */
export function repurchase(
  orders: ColumnTable,
  spec: RepurchaseSpec = {},
  users?: ColumnTable,
): RepurchaseResult {
  orders = rowsOf(orders);
  users = users && rowsOf(users);
  const s = resolveRepurchaseSpec(spec, tableZones({ orders, users }, spec.timeZone));
  const zone = TimeZone.of(s.timeZone);
  const codes = sharedUserCodes(orders, users);
  const times = localTimes(orders, 'ts', zone, false, 'orders');
  const signup =
    users && hasColumn(users, s.signupColumn)
      ? localTimes(users, s.signupColumn, zone, true, 'users')
      : undefined;
  const asOfDay = resolveAsOfDay(s.asOf, zone, [times.lastDay], 'orders');
  const candidates = [times.firstDay, signup?.firstDay ?? NO_DAY].filter((d) => d !== NO_DAY);
  const firstDay = Math.min(asOfDay, minOf(candidates));
  checkDaySpan(firstDay, asOfDay, s.asOf !== undefined);
  const lookup = periodLookup(firstDay, asOfDay, s.period);
  const base = lookup[0];
  const nPeriods = lookup[asOfDay - firstDay] - base + 1;
  const list = ordersInTimeOrder(orders, codes.events, times, asOfDay, s.orderColumn);

  const size = codes.size;
  const lastPeriod = new Int32Array(size).fill(-1);
  const inPeriod = new Int32Array(size);
  const total = new Int32Array(size);
  const firstOrderDay = new Int32Array(size).fill(NO_DAY);
  const secondOrderDay = new Int32Array(size).fill(NO_DAY);
  const later = s.sameDay === 'later';
  // The day of each user's latest order so far: under 'later', orders on one day are one purchase day.
  const lastDay = new Int32Array(size).fill(NO_DAY);
  const paying = new Int32Array(nPeriods);
  const firstOrders = new Int32Array(nPeriods);
  const repeatWithin = new Int32Array(nPeriods);
  const returning = new Int32Array(nPeriods);
  for (let k = 0; k < list.length; k++) {
    const i = list.rows[k];
    const u = codes.events[i];
    const day = times.days[i];
    const p = lookup[day - firstDay] - base;
    if (lastPeriod[u] !== p) {
      lastPeriod[u] = p;
      inPeriod[u] = 0;
      paying[p]++;
      if (total[u] === 0) firstOrders[p]++;
      else returning[p]++;
    }
    const sameDayAgain = later && lastDay[u] === day;
    lastDay[u] = day;
    if (sameDayAgain) continue; // one purchase day: not another purchase under sameDay: 'later'
    if (++inPeriod[u] === 2) repeatWithin[p]++;
    if (++total[u] === 1) firstOrderDay[u] = day;
    else if (total[u] === 2) secondOrderDay[u] = day;
  }

  // Pool of never-buyers per period: a user joins at sign-up (or at the start without a sign-up column, or at
  // their first order if the users table does not know them) and leaves after the period of their first order.
  const known = new Int32Array(size).fill(-1);
  if (users) {
    for (let i = 0; i < codes.users!.length; i++) {
      const u = codes.users![i];
      if (u < 0) continue;
      const d = signup ? signup.days[i] : firstDay;
      if (d === NO_DAY || d > asOfDay) continue;
      const p = lookup[d - firstDay] - base;
      if (known[u] < 0 || p < known[u]) known[u] = p;
    }
  }
  const poolDelta = new Int32Array(nPeriods + 1);
  let userCount = 0;
  for (let u = 0; u < size; u++) {
    const fo = firstOrderDay[u] === NO_DAY ? -1 : lookup[firstOrderDay[u] - firstDay] - base;
    let k = known[u];
    if (fo >= 0 && (k < 0 || fo < k)) k = fo;
    if (k < 0) continue;
    userCount++;
    poolDelta[k]++;
    if (fo >= 0) poolDelta[fo + 1]--;
  }

  const repeats = s.repeatRule === 'withinPeriod' ? repeatWithin : returning;
  const lastComplete = lastCompletePeriod(asOfDay, s.period) - base;
  const periods = buildPeriods(s, base, lastComplete, users ? poolDelta : null, paying, firstOrders, repeats);

  const totals: RepurchaseTotals = {
    payingUsers: 0,
    repeatBuyers: 0,
    observed: 0,
    repurchased: 0,
    allRepurchased: 0,
  };
  const perUser: CustomerOutcome[] = [];
  for (let u = 0; u < size; u++) {
    if (total[u] === 0) continue;
    const outcome: CustomerOutcome = {
      user: u,
      firstDay: firstOrderDay[u],
      observed: firstOrderDay[u] <= asOfDay - s.windowDays,
      again: secondOrderDay[u] !== NO_DAY && secondOrderDay[u] - firstOrderDay[u] <= s.windowDays,
    };
    totals.payingUsers++;
    if (total[u] >= 2) totals.repeatBuyers++;
    if (outcome.again) totals.allRepurchased++;
    if (outcome.observed) {
      totals.observed++;
      if (outcome.again) totals.repurchased++;
    }
    if (s.breakdown) perUser.push(outcome);
  }
  const summary = buildSummary(s, users ? userCount : null, totals, asOfDay);
  const result: RepurchaseResult = { spec: s, asOf: formatDay(asOfDay), periods, summary };
  if (s.breakdown) {
    const groupOf =
      'firstPurchase' in s.breakdown
        ? firstPurchaseGroups(s.breakdown.firstPurchase)
        : columnGroups(s.breakdown.column, orders, users, codes, (i) => times.days[i] <= asOfDay, result);
    result.breakdown = buildBreakdown(s, groupOutcomes(perUser, groupOf));
  }
  return result;
}

/** The counts behind a repurchase summary (shared with the SQL engines). */
export interface RepurchaseTotals {
  payingUsers: number;
  repeatBuyers: number;
  /** Customers observed for the whole window, and of them who ordered again within it. */
  observed: number;
  repurchased: number;
  /** Every customer who ordered again within the window (uncensored). */
  allRepurchased: number;
}

/** One paying customer's window outcome. */
interface CustomerOutcome {
  user: number;
  firstDay: number;
  observed: boolean;
  again: boolean;
}

function firstPurchaseGroups(period: Period): (o: CustomerOutcome) => string {
  return (o) => periodLabel(periodIndexOfDay(o.firstDay, period), period);
}

/** Each customer's value of a user column: the users table's, else the smallest over their orders. */
function columnGroups(
  column: string,
  orders: ColumnTable,
  users: ColumnTable | undefined,
  codes: ReturnType<typeof sharedUserCodes>,
  observedRow: (row: number) => boolean,
  result: RepurchaseResult,
): (o: CustomerOutcome) => string | null {
  const fromUsers = users !== undefined && hasColumn(users, column);
  if (!fromUsers && !hasColumn(orders, column)) {
    throw new SpecError('breakdown.column', column, 'a column of the users or the orders table');
  }
  const values = stringsOf(fromUsers ? users! : orders, column);
  const rowUsers = fromUsers ? codes.users! : codes.events;
  const value = new Map<number, string | null>();
  const conflicted = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const u = rowUsers[i];
    if (u < 0 || (!fromUsers && !observedRow(i))) continue;
    const v = values[i];
    if (!value.has(u)) value.set(u, v);
    else if (value.get(u) !== v) {
      conflicted.add(u);
      const old = value.get(u)!;
      if (old === null || (v !== null && v < old)) value.set(u, v);
    }
  }
  result.breakdownConflicts = conflicted.size;
  return (o) => value.get(o.user) ?? null;
}

/** The window counts of one breakdown group. */
export interface BreakdownGroup {
  customers: number;
  observed: number;
  repurchased: number;
  /** Who ordered again within the window, observed or not. */
  all: number;
}

function groupOutcomes(
  outcomes: CustomerOutcome[],
  groupOf: (o: CustomerOutcome) => string | null,
): Map<string | null, BreakdownGroup> {
  const groups = new Map<string | null, BreakdownGroup>();
  for (const o of outcomes) {
    const key = groupOf(o);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { customers: 0, observed: 0, repurchased: 0, all: 0 }));
    g.customers++;
    if (o.again) g.all++;
    if (o.observed) {
      g.observed++;
      if (o.again) g.repurchased++;
    }
  }
  return groups;
}

/** The breakdown table from its groups' counts (shared with the SQL engines), sorted by group (null last). */
export function buildBreakdown(
  s: ResolvedRepurchaseSpec,
  groups: Map<string | null, BreakdownGroup>,
): ColumnTable {
  const keys = [...groups.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const cols: Record<string, unknown[]> = {
    group: [],
    customers: [],
    observed: [],
    repurchased: [],
    rate: [],
    low: [],
    high: [],
    all_repurchased: [],
    all_rate: [],
  };
  for (const k of keys) {
    const g = groups.get(k)!;
    const ci = wilsonInterval(g.repurchased, g.observed, s.level);
    cols.group.push(k);
    cols.customers.push(g.customers);
    cols.observed.push(g.observed);
    cols.repurchased.push(g.repurchased);
    cols.rate.push(g.observed > 0 ? g.repurchased / g.observed : null);
    cols.low.push(ci?.low ?? null);
    cols.high.push(ci?.high ?? null);
    cols.all_repurchased.push(g.all);
    cols.all_rate.push(g.all / g.customers);
  }
  return aq.table(cols);
}

/**
 * The per-period table of a repurchase result from per-period counts (period `p` is `base + p`); shared
 * with the SQL engines. `poolDelta` (users joining / leaving the never-bought pool) is null without users.
 */
export function buildPeriods(
  s: ResolvedRepurchaseSpec,
  base: number,
  lastComplete: number,
  poolDelta: Int32Array | null,
  paying: Int32Array,
  firstOrders: Int32Array,
  repeats: Int32Array,
): ColumnTable {
  const nPeriods = paying.length;
  const rows: Record<string, unknown[]> = {
    period: [],
    period_start: [],
    pool: [],
    paying_users: [],
    first_order_users: [],
    first_order_rate: [],
    repeat_buyers: [],
    repurchase_rate: [],
    complete: [],
  };
  let pool = 0;
  for (let p = 0; p < nPeriods; p++) {
    if (poolDelta) pool += poolDelta[p];
    rows.period.push(periodLabel(base + p, s.period));
    rows.period_start.push(formatDay(periodStart(base + p, s.period)));
    rows.pool.push(poolDelta ? pool : null);
    rows.paying_users.push(paying[p]);
    rows.first_order_users.push(firstOrders[p]);
    rows.first_order_rate.push(poolDelta && pool > 0 ? firstOrders[p] / pool : null);
    rows.repeat_buyers.push(repeats[p]);
    rows.repurchase_rate.push(paying[p] > 0 ? repeats[p] / paying[p] : null);
    rows.complete.push(p <= lastComplete);
  }
  return aq.table(rows);
}

/**
 * The summary of a repurchase result from its totals (`userCount` null without a users table); shared
 * with the SQL engines.
 */
export function buildSummary(
  s: ResolvedRepurchaseSpec,
  userCount: number | null,
  totals: RepurchaseTotals,
  asOfDay: number,
): RepurchaseSummary {
  const { payingUsers, repeatBuyers, observed, repurchased, allRepurchased } = totals;
  const ci = wilsonInterval(repurchased, observed, s.level);
  const windowRate = observed > 0 ? repurchased / observed : null;
  return {
    users: userCount,
    firstOrderUsers: payingUsers,
    firstOrderRate: userCount !== null && userCount > 0 ? payingUsers / userCount : null,
    repeatBuyers,
    repurchaseRate: payingUsers > 0 ? repeatBuyers / payingUsers : null,
    window: {
      days: s.windowDays,
      observed,
      repurchased,
      rate: windowRate,
      low: ci?.low ?? null,
      high: ci?.high ?? null,
      mode: windowRate === null ? null : businessMode(windowRate, s.modeBounds),
      lastEligibleFirstDay: formatDay(asOfDay - s.windowDays),
      all: {
        customers: payingUsers,
        repurchased: allRepurchased,
        rate: payingUsers > 0 ? allRepurchased / payingUsers : null,
      },
    },
  };
}
