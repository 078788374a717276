import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { fromMicros, toMicros } from '../../math/money.js';
import { readCampaignInputs, type CampaignData, type CampaignInputs } from './inputs.js';
import { buildLedger, countsAsReinvest, isUsed, type CampaignLedger } from './ledger.js';
import { proportionDifference } from './proportions.js';
import { resolveCampaignSpec, type CampaignReviewSpec, type ResolvedCampaignSpec } from './spec.js';
import { singleTier, userTiers, type UserTiers } from './tiers.js';
import { comparisonTable } from './comparison.js';
import { tableZones } from '../../time/context.js';

/** Headline figures of a campaign review. Rates are fractions; NaN when the denominator is 0. */
export interface CampaignSummary {
  usersTargeted: number;
  couponsGranted: number;
  couponsUsed: number;
  /** 红包使用率 = coupons used / coupons granted. */
  couponUsageRate: number;
  /** Coupons redeemed after the window closed (not counted as used). */
  couponsRedeemedAfterWindow: number;
  usersRecalled: number;
  /** 召回率 = users recalled / users targeted. */
  recallRate: number;
  /** 复投金额. */
  reinvestAmount: number;
  /** 客单价 of the campaign: re-invested amount per recalled user. */
  reinvestPerRecalledUser: number;
  /** Rewards paid on used coupons. */
  rewardCost: number;
  costPerRecalledUser: number;
}

/** Recall of the targeted users against a hold-out that got no coupon. */
export interface HoldoutComparison {
  /** Both groups are compared on "placed any order in the window" (a hold-out cannot use a coupon). */
  definition: 'invested in the window';
  targetedUsers: number;
  targetedInvested: number;
  targetedRate: number;
  holdoutUsers: number;
  holdoutInvested: number;
  holdoutRate: number;
  /** Incremental recall: targetedRate − holdoutRate. */
  incrementalRecall: number;
  low: number;
  high: number;
  confidence: number;
  interval: 'newcombe' | 'wald';
  /** Pooled two-proportion z statistic and its two-sided p-value. */
  z: number;
  pValue: number;
  /**
   * The same per tier (hold-out users whose tier is unknown are left out): tier, targetedUsers,
   * targetedInvested, holdoutUsers, holdoutInvested, incrementalRecall, low, high, pValue.
   */
  byTier: ColumnTable;
}

/** The whole review of a coupon / win-back campaign (活动复盘), computed from rows. */
export interface CampaignReview {
  spec: ResolvedCampaignSpec;
  summary: CampaignSummary;
  /** tier, usersTargeted, couponsGranted, couponsUsed, couponUsageRate, usersRecalled, recallRate, reinvestAmount, reinvestPerRecalledUser, rewardCost. */
  byTier: ColumnTable;
  /** coupon (满X返Y), threshold, reward, couponsGranted, couponsUsed, couponUsageRate, rewardCost. */
  byCouponType: ColumnTable;
  /** tier × coupon type, same columns plus tier. */
  byTierCoupon: ColumnTable;
  /** The 2 / 1 / 0 comparison on history before the campaign (see {@link comparisonTable}). */
  comparison: ColumnTable;
  /** Recalled users by what they invested beyond their coupon orders: class, users, amount. */
  beyondCoupon: ColumnTable;
  /** term_days, users (bought that term), usersByLongestTerm, orders, amount; null without term_days. */
  termChoice: ColumnTable | null;
  holdout: HoldoutComparison | null;
  /** One row per targeted or hold-out user: the figures behind every count. */
  users: ColumnTable;
}

/**
 * Reviews a coupon campaign (流失用户召回活动复盘): coupon usage rate (红包使用率) per coupon type and tier,
 * recall rate (召回率), re-invested amount (复投金额) and amount per recalled user, the 2 / 1 / 0 comparison
 * of users' history, investment beyond the coupon orders, product-term choice and, with a hold-out group,
 * incremental recall with a confidence interval and a z-test.
 * @param data coupons and orders (and optionally targets, holdout, users, payouts), canonical columns
 * @param spec the campaign window, tiers and definitions (see {@link CampaignReviewSpec})
 * @returns counts and amounts, never formatted percentages
 * @example
 * const review = campaignReview({ coupons, orders, payouts }, {
 *   start: '2017-03-01', days: 7, timeZone: 'Asia/Shanghai',
 *   tiers: { by: 'lastPayoutAmount', cuts: [0, 5000, 20000, 50000, 100000] },
 * });
 * review.summary.couponUsageRate; campaignUsersIn(review, 'notRecalled');
 */
export function campaignReview(data: CampaignData, spec: CampaignReviewSpec): CampaignReview {
  const s = resolveCampaignSpec(spec, tableZones(data, spec?.timeZone));
  const inputs = readCampaignInputs(data, s.campaignId, s.orphanRedemptions, s);
  const tiers = s.tiers
    ? userTiers(data, s.tiers, inputs.dictionary, s.windowStart, s.timeZone)
    : singleTier(inputs.dictionary.size);
  checkTiers(inputs, tiers, s);
  const ledger = buildLedger(inputs, s);
  const summary = summarise(inputs, ledger, s);
  return {
    spec: { ...s, orderColumn: inputs.orderColumn },
    summary,
    byTier: tierTable(inputs, ledger, tiers),
    ...couponTables(inputs, tiers, s),
    comparison: comparisonTable(inputs, ledger, tiers),
    beyondCoupon: beyondCouponTable(inputs, ledger),
    termChoice: termChoiceTable(inputs, ledger, s),
    holdout: holdoutComparison(inputs, ledger, s, tiers),
    users: userTable(inputs, ledger, tiers),
  };
}

/** Unknown tiers are an error by default; with `unknownTier: 'keep'` they form a last tier "unknown". */
function checkTiers(inputs: CampaignInputs, tiers: UserTiers, s: ResolvedCampaignSpec): void {
  let unknown = false;
  for (let u = 0; u < tiers.tier.length; u++) {
    if (tiers.tier[u] >= 0 || !inputs.targeted[u]) continue;
    if (s.unknownTier === 'error') {
      throw new InputError(
        'user has no tier',
        { file: 'tiers', column: s.tiers!.by, value: `${inputs.dictionary.decode(u)}: ${tiers.value[u]}` },
        `a value ≥ ${s.tiers!.cuts[0]} for every targeted user (or unknownTier: "keep")`,
      );
    }
    unknown = true;
  }
  if (!unknown) return;
  const k = tiers.labels.length;
  tiers.labels = [...tiers.labels, 'unknown'];
  for (let u = 0; u < tiers.tier.length; u++) if (tiers.tier[u] < 0) tiers.tier[u] = k;
}

function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : NaN;
}

function summarise(inputs: CampaignInputs, l: CampaignLedger, s: ResolvedCampaignSpec): CampaignSummary {
  let usersTargeted = 0;
  let couponsGranted = 0;
  let couponsUsed = 0;
  let usersRecalled = 0;
  let reinvestAmount = 0;
  let rewardCost = 0;
  for (let u = 0; u < inputs.targeted.length; u++) {
    if (!inputs.targeted[u]) continue;
    usersTargeted++;
    couponsGranted += l.couponsGranted[u];
    couponsUsed += l.couponsUsed[u];
    usersRecalled += l.recalled[u];
    reinvestAmount += toMicros(l.reinvestAmount[u]);
    rewardCost += toMicros(l.rewardCost[u]);
  }
  let couponsRedeemedAfterWindow = 0;
  for (const r of inputs.coupons.redeemedAt)
    if (!Number.isNaN(r) && !isUsed(r, s)) couponsRedeemedAfterWindow++;
  // Totals summed in whole millionths: the same whatever order users and rows came in.
  reinvestAmount = fromMicros(reinvestAmount);
  rewardCost = fromMicros(rewardCost);
  return {
    usersTargeted,
    couponsGranted,
    couponsUsed,
    couponUsageRate: rate(couponsUsed, couponsGranted),
    couponsRedeemedAfterWindow,
    usersRecalled,
    recallRate: rate(usersRecalled, usersTargeted),
    reinvestAmount,
    reinvestPerRecalledUser: rate(reinvestAmount, usersRecalled),
    rewardCost,
    costPerRecalledUser: rate(rewardCost, usersRecalled),
  };
}

function tierTable(inputs: CampaignInputs, l: CampaignLedger, tiers: UserTiers): ColumnTable {
  const k = tiers.labels.length;
  const users = new Float64Array(k);
  const granted = new Float64Array(k);
  const used = new Float64Array(k);
  const recalled = new Float64Array(k);
  const reinvest = new Float64Array(k);
  const cost = new Float64Array(k);
  for (let u = 0; u < inputs.targeted.length; u++) {
    if (!inputs.targeted[u]) continue;
    const t = tiers.tier[u];
    users[t]++;
    granted[t] += l.couponsGranted[u];
    used[t] += l.couponsUsed[u];
    recalled[t] += l.recalled[u];
    reinvest[t] += toMicros(l.reinvestAmount[u]);
    cost[t] += toMicros(l.rewardCost[u]);
  }
  for (let t = 0; t < k; t++) {
    reinvest[t] = fromMicros(reinvest[t]);
    cost[t] = fromMicros(cost[t]);
  }
  const idx = [...Array(k).keys()];
  return aq.table({
    tier: tiers.labels,
    usersTargeted: Array.from(users),
    couponsGranted: Array.from(granted),
    couponsUsed: Array.from(used),
    couponUsageRate: idx.map((t) => rate(used[t], granted[t])),
    usersRecalled: Array.from(recalled),
    recallRate: idx.map((t) => rate(recalled[t], users[t])),
    reinvestAmount: Array.from(reinvest),
    reinvestPerRecalledUser: idx.map((t) => rate(reinvest[t], recalled[t])),
    rewardCost: Array.from(cost),
  });
}

/**
 * The label of a coupon type: 满X返Y (spend at least X, get Y back).
 * @param threshold spend at least this much
 * @param reward get this much back
 * @returns e.g. `满10000返50`
 * @example couponLabel(10000, 50) // '满10000返50'
 */
export function couponLabel(threshold: number, reward: number): string {
  return `满${threshold}返${reward}`;
}

function couponTables(
  inputs: CampaignInputs,
  tiers: UserTiers,
  s: ResolvedCampaignSpec,
): { byCouponType: ColumnTable; byTierCoupon: ColumnTable } {
  type Cell = { tier: number; threshold: number; reward: number; granted: number; used: number };
  const byType = new Map<string, Cell>();
  const byTierType = new Map<string, Cell>();
  const c = inputs.coupons;
  for (let k = 0; k < c.user.length; k++) {
    const t = tiers.tier[c.user[k]];
    const used = isUsed(c.redeemedAt[k], s) ? 1 : 0;
    for (const [map, key, tier] of [
      [byType, `${c.threshold[k]}|${c.reward[k]}`, -1],
      [byTierType, `${t}|${c.threshold[k]}|${c.reward[k]}`, t],
    ] as const) {
      let cell = map.get(key);
      if (!cell) {
        cell = { tier, threshold: c.threshold[k], reward: c.reward[k], granted: 0, used: 0 };
        map.set(key, cell);
      }
      cell.granted++;
      cell.used += used;
    }
  }
  const order = (a: Cell, b: Cell) => a.tier - b.tier || a.threshold - b.threshold || a.reward - b.reward;
  const toTable = (cells: Cell[], withTier: boolean) =>
    aq.table({
      ...(withTier ? { tier: cells.map((x) => tiers.labels[x.tier]) } : {}),
      coupon: cells.map((x) => couponLabel(x.threshold, x.reward)),
      threshold: cells.map((x) => x.threshold),
      reward: cells.map((x) => x.reward),
      couponsGranted: cells.map((x) => x.granted),
      couponsUsed: cells.map((x) => x.used),
      couponUsageRate: cells.map((x) => rate(x.used, x.granted)),
      rewardCost: cells.map((x) => x.used * x.reward),
    });
  return {
    byCouponType: toTable([...byType.values()].sort(order), false),
    byTierCoupon: toTable([...byTierType.values()].sort(order), true),
  };
}

/** Classes of what a recalled user invested beyond the coupon orders, against their own history. */
export const BEYOND_CLASSES = ['none', 'withinUsual', 'aboveUsual', 'noHistory'] as const;
export type BeyondCouponClass = (typeof BEYOND_CLASSES)[number];

/** none = nothing beyond the coupon orders; within / above usual = at most / more than the user's largest single past order. */
export function beyondClass(beyond: number, historyMax: number): BeyondCouponClass {
  if (!(beyond > 0)) return 'none';
  if (Number.isNaN(historyMax)) return 'noHistory';
  return beyond <= historyMax ? 'withinUsual' : 'aboveUsual';
}

function beyondCouponTable(inputs: CampaignInputs, l: CampaignLedger): ColumnTable {
  const users = new Map<BeyondCouponClass, number>(BEYOND_CLASSES.map((c) => [c, 0]));
  const amount = new Map<BeyondCouponClass, number>(BEYOND_CLASSES.map((c) => [c, 0]));
  for (let u = 0; u < inputs.targeted.length; u++) {
    if (!l.recalled[u]) continue;
    const beyond = l.windowAmount[u] - l.couponOrderAmount[u];
    const c = beyondClass(beyond, l.historyMax[u]);
    users.set(c, users.get(c)! + 1);
    amount.set(c, amount.get(c)! + toMicros(beyond));
  }
  return aq.table({
    class: [...BEYOND_CLASSES],
    users: BEYOND_CLASSES.map((c) => users.get(c)!),
    amount: BEYOND_CLASSES.map((c) => fromMicros(amount.get(c)!)),
  });
}

function termChoiceTable(
  inputs: CampaignInputs,
  l: CampaignLedger,
  s: ResolvedCampaignSpec,
): ColumnTable | null {
  if (!inputs.terms) return null;
  const { order, term, amount } = inputs.terms;
  type Cell = { users: Set<number>; longest: number; orders: Set<number>; amount: number };
  const cells = new Map<number, Cell>();
  const cell = (t: number) => {
    let c = cells.get(t);
    if (!c) cells.set(t, (c = { users: new Set(), longest: 0, orders: new Set(), amount: 0 }));
    return c;
  };
  // Per line (an order's lines may choose different terms); an order counts once per term.
  for (let i = 0; i < term.length; i++) {
    const u = inputs.orderUser[order[i]];
    if (u < 0 || !l.recalled[u] || !countsAsReinvest(inputs, s, order[i])) continue;
    const c = cell(term[i]);
    c.users.add(u);
    c.orders.add(order[i]);
    c.amount += toMicros(amount[i]);
  }
  for (let u = 0; u < l.longestTerm.length; u++)
    if (l.recalled[u] && !Number.isNaN(l.longestTerm[u])) cell(l.longestTerm[u]).longest++;
  const keys = [...cells.keys()].sort((a, b) => a - b);
  return aq.table({
    term_days: keys,
    users: keys.map((k) => cells.get(k)!.users.size),
    usersByLongestTerm: keys.map((k) => cells.get(k)!.longest),
    orders: keys.map((k) => cells.get(k)!.orders.size),
    amount: keys.map((k) => fromMicros(cells.get(k)!.amount)),
  });
}

function holdoutComparison(
  inputs: CampaignInputs,
  l: CampaignLedger,
  s: ResolvedCampaignSpec,
  tiers: UserTiers,
): HoldoutComparison | null {
  let holdoutUsers = 0;
  let holdoutInvested = 0;
  let targetedUsers = 0;
  let targetedInvested = 0;
  const k = tiers.labels.length;
  const perTier = [...Array(k)].map(() => [0, 0, 0, 0]); // targeted, invested, hold-out, invested
  for (let u = 0; u < inputs.holdout.length; u++) {
    const t = tiers.tier[u];
    if (inputs.holdout[u]) {
      holdoutUsers++;
      holdoutInvested += l.invested[u];
      if (t >= 0 && t < k) {
        perTier[t][2]++;
        perTier[t][3] += l.invested[u];
      }
    } else if (inputs.targeted[u]) {
      targetedUsers++;
      targetedInvested += l.invested[u];
      perTier[t][0]++;
      perTier[t][1] += l.invested[u];
    }
  }
  const tierDiffs = perTier.map(([n1, x1, n2, x2]) =>
    proportionDifference(x1, n1, x2, n2, s.confidence, s.interval),
  );
  const byTier = aq.table({
    tier: tiers.labels,
    targetedUsers: perTier.map((c) => c[0]),
    targetedInvested: perTier.map((c) => c[1]),
    holdoutUsers: perTier.map((c) => c[2]),
    holdoutInvested: perTier.map((c) => c[3]),
    incrementalRecall: tierDiffs.map((d) => d.difference),
    low: tierDiffs.map((d) => d.low),
    high: tierDiffs.map((d) => d.high),
    pValue: tierDiffs.map((d) => d.pValue),
  });
  if (holdoutUsers === 0) return null;
  const d = proportionDifference(
    targetedInvested,
    targetedUsers,
    holdoutInvested,
    holdoutUsers,
    s.confidence,
    s.interval,
  );
  return {
    definition: 'invested in the window',
    targetedUsers,
    targetedInvested,
    targetedRate: rate(targetedInvested, targetedUsers),
    holdoutUsers,
    holdoutInvested,
    holdoutRate: rate(holdoutInvested, holdoutUsers),
    incrementalRecall: d.difference,
    low: d.low,
    high: d.high,
    confidence: s.confidence,
    interval: s.interval,
    z: d.z,
    pValue: d.pValue,
    byTier,
  };
}

function userTable(inputs: CampaignInputs, l: CampaignLedger, tiers: UserTiers): ColumnTable {
  const codes: number[] = [];
  for (let u = 0; u < inputs.targeted.length; u++) if (inputs.targeted[u] || inputs.holdout[u]) codes.push(u);
  const pick = <T>(f: (u: number) => T) => codes.map(f);
  return aq.table({
    user_id: pick((u) => inputs.dictionary.decode(u)),
    group: pick((u) => (inputs.holdout[u] ? 'holdout' : 'targeted')),
    tier: pick((u) => tiers.labels[tiers.tier[u]] ?? null),
    tierValue: pick((u) => tiers.value[u]),
    couponsGranted: pick((u) => l.couponsGranted[u]),
    couponsUsed: pick((u) => l.couponsUsed[u]),
    recalled: pick((u) => l.recalled[u] === 1),
    invested: pick((u) => l.invested[u] === 1),
    windowOrders: pick((u) => l.windowOrders[u]),
    windowAmount: pick((u) => l.windowAmount[u]),
    couponOrderAmount: pick((u) => l.couponOrderAmount[u]),
    beyondCouponAmount: pick((u) => l.windowAmount[u] - l.couponOrderAmount[u]),
    reinvestAmount: pick((u) => l.reinvestAmount[u]),
    rewardCost: pick((u) => l.rewardCost[u]),
    longestTerm: pick((u) => l.longestTerm[u]),
    historyOrders: pick((u) => l.historyOrders[u]),
    historyAmount: pick((u) => l.historyAmount[u]),
    historyMax: pick((u) => l.historyMax[u]),
    historyMean: pick((u) => (l.historyOrders[u] ? l.historyAmount[u] / l.historyOrders[u] : NaN)),
  });
}
