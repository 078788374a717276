import { SpecError } from '../../errors.js';
import { integerIn, rejectUnknownKeys } from '../../spec.js';
import type { History } from './history.js';

/**
 * The churn definition (流失用户定义), e.g. article 001's "no login and no investment for 30 days".
 * A user's last activity is the latest of sign-up, any event of `activityEvents` and (when
 * `ordersCountAsActivity`) any order. The user is churned at the end of day `lastActive + days` when
 * nothing happened on the `days` days after `lastActive`.
 */
export interface ChurnRule {
  /** Days without activity after which a user counts as churned. @default 30 */
  days?: number;
  /** Event kinds that count as activity. @default ['login'] */
  activityEvents?: string[];
  /** Whether an order (investment) counts as activity. @default true */
  ordersCountAsActivity?: boolean;
}

/** A churn rule with every default filled in. */
export type ResolvedChurnRule = Required<ChurnRule>;

const CHURN_RULE_KEYS = ['days', 'activityEvents', 'ordersCountAsActivity'] as const;

/**
 * Checks a churn rule and fills its defaults.
 * @param rule the rule as given (JSON)
 * @returns the rule with defaults
 * @example resolveChurnRule({ days: 30, activityEvents: ['login'] })
 */
export function resolveChurnRule(rule: ChurnRule = {}, option = 'churn'): ResolvedChurnRule {
  if (typeof rule !== 'object' || rule === null) throw new SpecError(option, rule, 'an object');
  rejectUnknownKeys(option, rule, CHURN_RULE_KEYS);
  const activityEvents = rule.activityEvents ?? ['login'];
  if (!Array.isArray(activityEvents) || activityEvents.some((e) => typeof e !== 'string' || e === '')) {
    throw new SpecError(`${option}.activityEvents`, activityEvents, 'an array of event names');
  }
  const ordersCountAsActivity = rule.ordersCountAsActivity ?? true;
  if (typeof ordersCountAsActivity !== 'boolean') {
    throw new SpecError(`${option}.ordersCountAsActivity`, ordersCountAsActivity, 'true or false');
  }
  return {
    days: integerIn(`${option}.days`, rule.days, 1, 3650, 30),
    activityEvents: [...activityEvents],
    ordersCountAsActivity,
  };
}

/** Which event kinds of a history count as activity: a mask indexed by event-kind code. */
export function activityMask(history: History, kinds: readonly string[]): Uint8Array {
  const mask = new Uint8Array(history.eventKinds.size);
  for (const k of kinds) {
    const code = history.eventKinds.lookup(k);
    if (code >= 0) mask[code] = 1;
  }
  return mask;
}

/**
 * A user's last active day on or before `asOfDay`: sign-up, activity events and (optionally) orders.
 * Scans the user's rows from the end, so rows after `asOfDay` are skipped, never used.
 */
export function lastActiveDay(
  history: History,
  user: number,
  asOfDay: number,
  mask: Uint8Array,
  ordersCount: boolean,
): number {
  let last = history.registeredDay[user];
  const ev = history.events;
  for (let i = ev.start[user + 1] - 1; i >= ev.start[user]; i--) {
    const d = ev.day[i];
    if (d > asOfDay || !mask[ev.kind[i]]) continue;
    if (d > last) last = d;
    break;
  }
  if (ordersCount) {
    const od = history.orders;
    for (let i = od.start[user + 1] - 1; i >= od.start[user]; i--) {
      const d = od.day[i];
      if (d > asOfDay) continue;
      if (d > last) last = d;
      break;
    }
  }
  return last;
}

/**
 * Every active day of a user up to `untilDay`, ascending and distinct (sign-up included): the input
 * to churn episodes (a user may churn, come back and churn again).
 */
export function activeDays(
  history: History,
  user: number,
  untilDay: number,
  mask: Uint8Array,
  ordersCount: boolean,
): number[] {
  const days: number[] = [history.registeredDay[user]];
  const ev = history.events;
  for (let i = ev.start[user]; i < ev.start[user + 1]; i++) {
    if (ev.day[i] <= untilDay && mask[ev.kind[i]]) days.push(ev.day[i]);
  }
  if (ordersCount) {
    const od = history.orders;
    for (let i = od.start[user]; i < od.start[user + 1]; i++) if (od.day[i] <= untilDay) days.push(od.day[i]);
  }
  days.sort((a, b) => a - b);
  let w = 0;
  for (let i = 0; i < days.length; i++) if (i === 0 || days[i] !== days[w - 1]) days[w++] = days[i];
  days.length = w;
  return days;
}
