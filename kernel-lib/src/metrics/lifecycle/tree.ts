import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, numberIn, rejectUnknownKeys } from '../../spec.js';
import { TimeZone } from '../../time/zone.js';
import { fromMicros, toMicros } from '../../math/money.js';
import { activityMask } from '../history/churnRule.js';
import { buildHistory, type UserData } from '../history/history.js';
import { asOfDayOf, resolveTimeZone, tableZones } from '../../time/context.js';

/** The leaves of article 002's lifecycle tree (用户生命周期), in fixed display order. */
export type TreeNode =
  | 'neverPaid.highGrowthPotential'
  | 'neverPaid.highChurnRisk'
  | 'growing.highValuePotential'
  | 'growing.highSilenceRisk'
  | 'silent.highChurnRisk'
  | 'silent.lowChurnRisk'
  | 'churned';

export const TREE_NODES: readonly TreeNode[] = [
  'neverPaid.highGrowthPotential',
  'neverPaid.highChurnRisk',
  'growing.highValuePotential',
  'growing.highSilenceRisk',
  'silent.highChurnRisk',
  'silent.lowChurnRisk',
  'churned',
];

/** The thresholds of the tree; all are parameters, none is a finding. */
export interface LifecycleTreeSpec {
  /** As of the end of this day (`YYYY-MM-DD`); later rows are never read. */
  asOf: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Events that count as a visit. @default ['visit', 'login'] */
  visitEvents?: string[];
  /** High-intent actions of a growing user. @default ['visit', 'favorite', 'add_to_cart'] */
  intentEvents?: string[];
  /** Never paid: signed up within this many days = high growth potential. @default 30 */
  recentSignupDays?: number;
  /** Never paid: visited within this many days = high growth potential. @default 7 */
  recentVisitDays?: number;
  /** Paid: ordered within this many days = growing; intent actions in the same window = high value potential. @default 7 */
  growingDays?: number;
  /** Silent: no visit for at least this many days (with many orders and a high order value) = high churn risk. @default 45 */
  silentDays?: number;
  /** "Many orders": at least this many. @default 3 */
  manyOrders?: number;
  /** "High order value": average order value at least this; `'median'` = the median over paid users. @default 'median' */
  highOrderValue?: number | 'median';
  /** Paid: no visit and no order for at least this many days = churned. @default 90 */
  churnedDays?: number;
}

/** Result of {@link lifecycleTree}. */
export interface LifecycleTreeResult {
  spec: LifecycleTreeSpec;
  /** user_id, node, order_count, avg_order_value, days_since_visit (null if never), days_since_order. */
  users: ColumnTable;
  /** node, users: one row per leaf in fixed order (labels: `TREE_NODE_LABELS_ZH`, in present/). */
  counts: ColumnTable;
  /** The order value above which a silent user is high risk (resolved when 'median'). */
  highOrderValue: number;
  usersIn(node: TreeNode): string[];
}

const KEYS = [
  'asOf',
  'timeZone',
  'visitEvents',
  'intentEvents',
  'recentSignupDays',
  'recentVisitDays',
  'growingDays',
  'silentDays',
  'manyOrders',
  'highOrderValue',
  'churnedDays',
] as const;

/**
 * Article 002's lifecycle tree: never-paid users split into high growth potential (recent sign-up or
 * recent visit) and high churn risk; paid users into growing (ordered recently; high value potential
 * with high-intent actions, else high silence risk), silent (high churn risk: many orders, high order
 * value, no visit for `silentDays`; else low) and churned.
 * @param data `{ users, events, orders }`
 * @param spec thresholds (see {@link LifecycleTreeSpec} for defaults)
 * @returns each user's leaf and counts per leaf
 * @example lifecycleTree({ users, events, orders }, { asOf: '2019-06-30', silentDays: 45 }).counts.print()
 */
export function lifecycleTree(data: UserData, spec: LifecycleTreeSpec): LifecycleTreeResult {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('lifecycleTree spec', spec, 'an object');
  rejectUnknownKeys('lifecycleTree', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, tableZones(data, spec.timeZone));
  const zone = TimeZone.of(timeZone);
  const days = (option: keyof LifecycleTreeSpec, fallback: number) =>
    integerIn(option, spec[option], 1, 36500, fallback);
  const resolved = {
    asOf: spec.asOf,
    timeZone,
    visitEvents: eventList('visitEvents', spec.visitEvents, ['visit', 'login']),
    intentEvents: eventList('intentEvents', spec.intentEvents, ['visit', 'favorite', 'add_to_cart']),
    recentSignupDays: days('recentSignupDays', 30),
    recentVisitDays: days('recentVisitDays', 7),
    growingDays: days('growingDays', 7),
    silentDays: days('silentDays', 45),
    manyOrders: integerIn('manyOrders', spec.manyOrders, 1, 1e9, 3),
    highOrderValue:
      spec.highOrderValue === 'median' || spec.highOrderValue === undefined
        ? ('median' as const)
        : numberIn('highOrderValue', spec.highOrderValue, 0, Number.MAX_VALUE),
    churnedDays: days('churnedDays', 90),
  };
  const asOfDay = asOfDayOf(zone, spec.asOf);
  const h = buildHistory(data, { zone, untilDay: asOfDay });
  const visitMask = activityMask(h, resolved.visitEvents);
  const intentMask = activityMask(h, resolved.intentEvents);

  const n = h.userIds.length;
  const orderCount = new Int32Array(n);
  const avgValue = new Float64Array(n).fill(NaN);
  const lastOrder = new Float64Array(n).fill(NaN);
  const lastVisit = new Float64Array(n).fill(NaN);
  const lastIntent = new Float64Array(n).fill(NaN);
  const paidValues: number[] = [];
  for (let u = 0; u < n; u++) {
    const od = h.orders;
    let sum = 0;
    for (let i = od.start[u]; i < od.start[u + 1]; i++) {
      sum += toMicros(od.amount[i]); // whole millionths: exact in any row order
      lastOrder[u] = od.day[i];
    }
    orderCount[u] = od.start[u + 1] - od.start[u];
    if (orderCount[u] > 0) {
      avgValue[u] = fromMicros(sum) / orderCount[u];
      paidValues.push(avgValue[u]);
    }
    const ev = h.events;
    for (let i = ev.start[u]; i < ev.start[u + 1]; i++) {
      if (visitMask[ev.kind[i]]) lastVisit[u] = ev.day[i];
      if (intentMask[ev.kind[i]]) lastIntent[u] = ev.day[i];
    }
  }
  const highOrderValue = resolved.highOrderValue === 'median' ? median(paidValues) : resolved.highOrderValue;

  const cols = {
    user_id: [] as string[],
    node: [] as string[],
    order_count: [] as number[],
    avg_order_value: [] as (number | null)[],
    days_since_visit: [] as (number | null)[],
    days_since_order: [] as (number | null)[],
  };
  const members: string[][] = TREE_NODES.map(() => []);
  for (let u = 0; u < n; u++) {
    if (h.registeredDay[u] > asOfDay) continue;
    const sinceVisit = asOfDay - lastVisit[u]; // NaN when never visited: every comparison is false
    const sinceOrder = asOfDay - lastOrder[u];
    let node: number;
    if (orderCount[u] === 0) {
      const recent =
        asOfDay - h.registeredDay[u] < resolved.recentSignupDays || sinceVisit < resolved.recentVisitDays;
      node = recent ? 0 : 1;
    } else if (sinceOrder < resolved.growingDays) {
      node = asOfDay - lastIntent[u] < resolved.growingDays ? 2 : 3;
    } else if (!(sinceVisit < resolved.churnedDays) && sinceOrder >= resolved.churnedDays) {
      node = 6;
    } else {
      const quiet = !(sinceVisit < resolved.silentDays);
      const valuable = orderCount[u] >= resolved.manyOrders && avgValue[u] >= highOrderValue;
      node = quiet && valuable ? 4 : 5;
    }
    const id = h.userIds[u];
    members[node].push(id);
    cols.user_id.push(id);
    cols.node.push(TREE_NODES[node]);
    cols.order_count.push(orderCount[u]);
    cols.avg_order_value.push(Number.isNaN(avgValue[u]) ? null : avgValue[u]);
    cols.days_since_visit.push(Number.isNaN(sinceVisit) ? null : sinceVisit);
    cols.days_since_order.push(Number.isNaN(sinceOrder) ? null : sinceOrder);
  }
  return {
    spec: resolved,
    users: aq.table(cols),
    counts: aq.table({
      node: [...TREE_NODES],
      users: members.map((m) => m.length),
    }),
    highOrderValue,
    usersIn(node) {
      const k = TREE_NODES.indexOf(node);
      if (k < 0) throw new SpecError('node', node, TREE_NODES);
      return [...members[k]];
    },
  };
}

function eventList(option: string, value: unknown, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new SpecError(option, value, 'an array of event names');
  }
  return [...value];
}

/** Median of a list (NaN when empty: then no silent user counts as high value). */
function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
