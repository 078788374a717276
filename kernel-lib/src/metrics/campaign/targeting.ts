import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { ascendingNumbers, integerIn, rejectUnknownKeys } from '../../spec.js';
import { formatDay } from '../../time/zone.js';
import { buildHistory, type UserData } from '../history/history.js';
import { asOfDayOf, metricZone } from '../../time/context.js';
import { activityMask, lastActiveDay, resolveChurnRule, type ChurnRule } from '../history/churnRule.js';

/** The article's targeting rule of a win-back campaign (召回目标用户), as data. */
export interface WinbackTargetingSpec {
  /** First day of the campaign (`YYYY-MM-DD`): the rule reads only rows before it. */
  start: string;
  /** At least this many investments before the start ("invested 5 or more times"). */
  minInvestments: number;
  /** First and last day (inclusive) on which the user must have churned ("churned in January and February"). */
  churnedFrom: string;
  churnedTo: string;
  /** The churn definition. @default 30 days without a login and without an investment */
  churn?: ChurnRule;
  /** Acquisition channels screened out for poor quality (渠道筛选). @default none */
  excludeChannels?: string[];
  /** Tiers of the last payout amount (最后一天到账金额): ascending lower bounds and their labels. */
  tiers: { cuts: number[]; labels: string[] };
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
}

/**
 * The rules of the targeting funnel (筛选步骤), in order: signed up before the start, channel not screened
 * out, at least `minInvestments` investments, churned in the window and still churned at the start.
 */
export const TARGETING_STEPS = ['signedUp', 'channel', 'investments', 'churned'] as const;

/** One rule of the targeting funnel. */
export type TargetingStep = (typeof TARGETING_STEPS)[number];

/** Who the rule targets, each user with the values the rule and the tiers used. */
export interface WinbackTargetingResult {
  /**
   * user_id, channel, investments, max_single (largest single investment before the start), last_active
   * (last login or investment), churn_day, last_payout_amount (0 when nothing was paid back yet), tier.
   */
  users: ColumnTable;
  /**
   * step (a code of {@link TARGETING_STEPS}; its words are in present/campaignLabels.ts), users: how many
   * users remain after each rule, in order (the targeting funnel).
   */
  steps: ColumnTable;
  /** tier, users: the article's Fig. 1 (last payout amount × number of users). */
  byTier: ColumnTable;
  spec: WinbackTargetingSpec;
}

/**
 * Targets of a win-back campaign computed from raw rows with the article's rules, per user (召回目标用户
 * 筛选, article 000 §2): signed up before the start, from a channel not screened out, at least
 * `minInvestments` investments, and churned (by the churn rule) on a day in [churnedFrom, churnedTo] and
 * still churned at the start; then each is tiered by the amount paid back on their last payout day.
 * @param data `{ users, events, orders, payouts }`
 * @param spec the rule
 * @returns the targeted users, the funnel of the rules and the users per tier
 * @example winbackTargets(data, { start: '2017-03-06', minInvestments: 5, churnedFrom: '2017-01-01',
 *   churnedTo: '2017-02-28', tiers: { cuts: [0, 5000], labels: ['0–4,999', '5,000+'] } })
 */
export function winbackTargets(data: UserData, spec: WinbackTargetingSpec): WinbackTargetingResult {
  rejectUnknownKeys('winback targeting', spec, [
    'start',
    'minInvestments',
    'churnedFrom',
    'churnedTo',
    'churn',
    'excludeChannels',
    'tiers',
    'timeZone',
  ]);
  const zone = metricZone(spec.timeZone, data);
  const startDay = asOfDayOf(zone, spec.start, 'start');
  const from = asOfDayOf(zone, spec.churnedFrom, 'churnedFrom');
  const to = asOfDayOf(zone, spec.churnedTo, 'churnedTo');
  if (to < from)
    throw new SpecError('churnedTo', spec.churnedTo, `a day on or after churnedFrom (${spec.churnedFrom})`);
  const minInvestments = integerIn('minInvestments', spec.minInvestments, 0, 1_000_000, 1);
  const rule = resolveChurnRule(spec.churn);
  const excluded = new Set(spec.excludeChannels ?? []);
  if (typeof spec.tiers !== 'object' || spec.tiers === null)
    throw new SpecError('tiers', spec.tiers, '{ cuts, labels }');
  const cuts = ascendingNumbers('tiers.cuts', spec.tiers.cuts);
  const labels = spec.tiers.labels;
  if (!Array.isArray(labels) || labels.length !== cuts.length)
    throw new SpecError('tiers.labels', labels, `${cuts.length} labels, one per cut`);

  const history = buildHistory(data, { zone, untilDay: startDay - 1 });
  const mask = activityMask(history, rule.activityEvents);
  const counts = { signedUp: 0, channel: 0, investments: 0, churned: 0 };
  const cols = {
    user_id: [] as string[],
    channel: [] as (string | null)[],
    investments: [] as number[],
    max_single: [] as number[],
    last_active: [] as string[],
    churn_day: [] as string[],
    last_payout_amount: [] as number[],
    tier: [] as (string | null)[],
  };
  const od = history.orders;
  const pay = history.payouts;
  for (let u = 0; u < history.userIds.length; u++) {
    if (history.registeredDay[u] >= startDay) continue;
    counts.signedUp++;
    const channel = history.channel[u];
    if (channel !== null && excluded.has(channel)) continue;
    counts.channel++;
    const investments = od.start[u + 1] - od.start[u];
    if (investments < minInvestments) continue;
    counts.investments++;
    const last = lastActiveDay(history, u, startDay - 1, mask, rule.ordersCountAsActivity);
    const churnDay = last + rule.days;
    if (churnDay < from || churnDay > to || churnDay > startDay) continue;
    counts.churned++;
    let max = 0;
    for (let i = od.start[u]; i < od.start[u + 1]; i++) max = Math.max(max, od.amount[i]);
    let payout = 0;
    const lastPayDay = pay.start[u + 1] > pay.start[u] ? pay.day[pay.start[u + 1] - 1] : NaN;
    for (let i = pay.start[u]; i < pay.start[u + 1]; i++)
      if (pay.day[i] === lastPayDay) payout += pay.amount[i];
    let t = -1;
    for (let i = 0; i < cuts.length && payout >= cuts[i]; i++) t = i;
    cols.user_id.push(history.userIds[u]);
    cols.channel.push(channel);
    cols.investments.push(investments);
    cols.max_single.push(max);
    cols.last_active.push(formatDay(last));
    cols.churn_day.push(formatDay(churnDay));
    cols.last_payout_amount.push(Math.round(payout * 100) / 100);
    cols.tier.push(t < 0 ? null : labels[t]);
  }
  const users = aq.table(cols);
  const perTier = labels.map((label) => cols.tier.filter((x) => x === label).length);
  return {
    users,
    steps: aq.table({
      step: [...TARGETING_STEPS],
      users: [counts.signedUp, counts.channel, counts.investments, counts.churned],
    }),
    byTier: aq.table({ tier: labels, users: perTier }),
    spec,
  };
}
