import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, numberIn, rejectUnknownKeys } from '../../spec.js';
import { formatDay } from '../../time/zone.js';
import { buildHistory, type UserData } from '../history/history.js';
import { asOfDayOf, metricZone } from '../../time/context.js';
import { compileCondition, type Condition } from './conditions.js';
import { ConditionEvaluator } from './facts.js';
import { resolveChurnRule, type ChurnRule } from '../history/churnRule.js';
import { stageSpecAt } from './warnings.js';
import { checkStageOptions, type StageOptions } from './spec.js';

/** The coupon an automatic reward grants (e.g. article 001's 1,000 yuan interest coupon on investing 10,000). */
export interface RewardCoupon {
  /** Face value (the cost when redeemed). */
  value: number;
  /** Investment needed to redeem it (满 X). */
  threshold: number;
  /** A label such as 'interest' (利息红包) or 'rateBoost'. @default 'coupon' */
  kind?: string;
  /** Days the coupon stays valid. @default 30 */
  validDays?: number;
}

/** One automatic reward rule: users for whom `when` holds get `coupon`. */
export interface RewardRule {
  id: string;
  when: Condition;
  coupon: RewardCoupon;
}

/** Reward rules as JSON. */
export interface RewardRuleSet {
  rules: RewardRule[];
  /** A user gets only the first matching rule's coupon. @default true */
  onePerUser?: boolean;
  /** Activity for `daysSinceLast: { activity: true }`. @default the default churn rule's activity */
  activity?: ChurnRule;
  /** Life-cycle options for `stage` conditions. @default {} */
  stages?: StageOptions;
}

/** Options of {@link rewardRules}. */
export interface RewardOptions {
  asOf: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
}

/** Coupons granted by reward rules. */
export interface RewardResult {
  asOf: string;
  /** The zone of local days used (the spec's `timeZone`, else the one the tables carry). */
  timeZone: string;
  /** user_id, rule, coupon_kind, coupon_value, threshold, expires_on. */
  grants: ColumnTable;
  /** rule, users, cost: per rule in the order given. */
  byRule: ColumnTable;
  /** Sum of face values: the cost if every coupon is redeemed. */
  totalCost: number;
  usersIn(rule: string): string[];
}

/**
 * Automatic rewards (自动发放奖励), e.g. article 001's "cumulative investment ≥ X and balance < Y → a coupon of
 * value V redeemable on investing T", evaluated as of a day with no look-ahead. Every number is data.
 * @param data `{ users, orders, balances, events }` as the rules need
 * @param ruleSet the rules
 * @param options as-of day (a string is taken as `{ asOf }`)
 * @returns the users and coupons, cost per rule and in total
 * @example
 * rewardRules(data, { rules: [{ id: 'bigSpenderEmpty',
 *   when: { all: [{ cumulativeInvestment: { gte: 100000 } }, { balance: { lt: 100 } }] },
 *   coupon: { value: 1000, threshold: 10000, kind: 'interest' } }] }, '2017-03-01').totalCost
 */
export function rewardRules(
  data: UserData,
  ruleSet: RewardRuleSet,
  options: RewardOptions | string,
): RewardResult {
  const opts = typeof options === 'string' ? { asOf: options } : options;
  rejectUnknownKeys('reward options', opts, ['asOf', 'timeZone']);
  if (typeof ruleSet !== 'object' || ruleSet === null)
    throw new SpecError('reward rules', ruleSet, 'an object');
  rejectUnknownKeys('reward rules', ruleSet, ['rules', 'onePerUser', 'activity', 'stages']);
  if (!Array.isArray(ruleSet.rules) || ruleSet.rules.length === 0)
    throw new SpecError('rules', ruleSet.rules, 'a non-empty array of rules');
  const rules = ruleSet.rules.map((r, i) => {
    const at = `rules[${i}]`;
    rejectUnknownKeys(at, r, ['id', 'when', 'coupon']);
    const c = r.coupon;
    if (typeof c !== 'object' || c === null) throw new SpecError(`${at}.coupon`, c, '{ value, threshold }');
    rejectUnknownKeys(`${at}.coupon`, c, ['value', 'threshold', 'kind', 'validDays']);
    return {
      id: nonEmptyString(`${at}.id`, r.id),
      when: compileCondition(r.when, `${at}.when`),
      value: numberIn(`${at}.coupon.value`, c.value, 0, Number.MAX_VALUE),
      threshold: numberIn(`${at}.coupon.threshold`, c.threshold, 0, Number.MAX_VALUE),
      kind: nonEmptyString(`${at}.coupon.kind`, c.kind, 'coupon'),
      validDays: integerIn(`${at}.coupon.validDays`, c.validDays, 1, 3650, 30),
    };
  });
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    if (ids.has(r.id)) throw new SpecError(`rules[${i}].id`, r.id, 'a name used by no other rule');
    ids.add(r.id);
  });
  const onePerUser = ruleSet.onePerUser ?? true;
  if (typeof onePerUser !== 'boolean') throw new SpecError('onePerUser', onePerUser, 'true or false');
  const zone = metricZone(opts.timeZone, data);
  const day = asOfDayOf(zone, opts.asOf);
  const history = buildHistory(data, { zone, untilDay: day });
  const activity = resolveChurnRule(ruleSet.activity, 'activity');
  const evaluator = new ConditionEvaluator(
    history,
    activity,
    { balances: !!data.balances, orders: !!data.orders, events: !!data.events },
    rules.map((r) => r.when),
    stageSpecAt(checkStageOptions(ruleSet.stages), history, day, activity),
  );
  const cols = {
    user_id: [] as string[],
    rule: [] as string[],
    coupon_kind: [] as string[],
    coupon_value: [] as number[],
    threshold: [] as number[],
    expires_on: [] as string[],
  };
  const members = new Map<string, string[]>(rules.map((r) => [r.id, []]));
  for (let u = 0; u < history.userIds.length; u++) {
    if (history.registeredDay[u] > day) continue;
    for (const r of rules) {
      if (!evaluator.holds(r.when, u, day)) continue;
      const id = history.userIds[u];
      members.get(r.id)!.push(id);
      cols.user_id.push(id);
      cols.rule.push(r.id);
      cols.coupon_kind.push(r.kind);
      cols.coupon_value.push(r.value);
      cols.threshold.push(r.threshold);
      cols.expires_on.push(formatDay(day + r.validDays));
      if (onePerUser) break;
    }
  }
  return {
    asOf: formatDay(day),
    timeZone: zone.name,
    grants: aq.table(cols),
    byRule: aq.table({
      rule: rules.map((r) => r.id),
      users: rules.map((r) => members.get(r.id)!.length),
      cost: rules.map((r) => members.get(r.id)!.length * r.value),
    }),
    totalCost: cols.coupon_value.reduce((a, b) => a + b, 0),
    usersIn(rule) {
      const m = members.get(rule);
      if (!m) throw new SpecError('rule', rule, [...members.keys()]);
      return [...m];
    },
  };
}
