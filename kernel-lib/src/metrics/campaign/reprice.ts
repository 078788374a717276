import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { numberIn, rejectUnknownKeys } from '../../spec.js';
import { couponLabel, type CampaignReview } from './campaign.js';

/** One line of a coupon plan (红包发放表): every targeted user of `tier` gets this coupon. Data, not code. */
export interface CouponPlanRow {
  tier: string;
  threshold: number;
  reward: number;
}

/**
 * How users are assumed to respond to a re-priced coupon.
 * - `fixedUsage`: each coupon's usage rate is the rate observed in the same tier for the same coupon, else
 *   for a coupon with the same threshold, else for all the tier's coupons; each tier's recall rate stays as
 *   observed. Only the cost changes. The honest default: it extrapolates nothing.
 * - `elasticity`: usage rate = that observed rate × (new rebate / its rebate)^elasticity (capped at 1),
 *   where rebate = reward / threshold (0.5 % for 满10000返50) and "its rebate" is the matched coupon's, or
 *   the tier's grant-weighted mean rebate; recall scales with the tier's grant-weighted mean rebate the
 *   same way. An assumption to argue about, not a measurement.
 */
export type ResponseModel = { kind: 'fixedUsage' } | { kind: 'elasticity'; elasticity: number };

/** A re-priced plan next to what was observed. */
export interface RepricedCampaign {
  model: ResponseModel;
  /** The response model in words, to print beside the numbers. */
  assumption: string;
  /** tier, coupon, threshold, reward, users, usageRate, expectedUsed, expectedCost, basis (which observed rate). */
  coupons: ColumnTable;
  /** tier, users, observedRecalled, observedCost, expectedRecalled, expectedCost, costPerRecalledUser. */
  byTier: ColumnTable;
  total: {
    observedRecalled: number;
    observedCost: number;
    observedCostPerRecalledUser: number;
    expectedRecalled: number;
    expectedCost: number;
    costPerRecalledUser: number;
  };
  /** Tiers of the review that the plan gives no coupon (left out of the totals). */
  tiersWithoutCoupons: string[];
}

/**
 * Re-prices a campaign with another coupon table (what-if): expected coupons used, cost and cost per
 * recalled user under a stated response model, beside the observed ones. E.g. raise the 20,000+ rebate
 * from 0.5 % to 0.6 %, or add 满20000返120 for 5,000–19,999, as the article proposes.
 * @param review a result of {@link campaignReview}
 * @param plan the new coupon table, one row per (tier, coupon)
 * @param model the response model (see {@link ResponseModel}) @default { kind: 'fixedUsage' }
 * @returns expected figures, never a claim about what users will do beyond the stated model
 * @example repriceCampaign(review, [{ tier: '20000-49999', threshold: 20000, reward: 120 }], { kind: 'fixedUsage' })
 */
export function repriceCampaign(
  review: CampaignReview,
  plan: CouponPlanRow[],
  model: ResponseModel = { kind: 'fixedUsage' },
): RepricedCampaign {
  const elasticity = checkModel(model);
  const tierRows = review.byTier.objects() as Record<string, any>[];
  const tiers = new Map(tierRows.map((t) => [t.tier as string, t]));
  const observed = review.byTierCoupon.objects() as Record<string, any>[];
  if (!Array.isArray(plan) || plan.length === 0)
    throw new SpecError('plan', plan, 'a non-empty array of coupon rows');

  const rows = plan.map((p, i) => {
    if (typeof p !== 'object' || p === null) throw new SpecError(`plan[${i}]`, p, 'an object');
    rejectUnknownKeys(`plan[${i}]`, p, ['tier', 'threshold', 'reward']);
    const tier = tiers.get(p.tier);
    if (!tier) throw new SpecError(`plan[${i}].tier`, p.tier, [...tiers.keys()]);
    const threshold = numberIn(`plan[${i}].threshold`, p.threshold, 0, Infinity);
    const reward = numberIn(`plan[${i}].reward`, p.reward, 0, Infinity);
    const same =
      observed.find((o) => o.tier === p.tier && o.threshold === threshold && o.reward === reward) ??
      observed.find((o) => o.tier === p.tier && o.threshold === threshold);
    const baseRate = same ? same.couponUsageRate : tier.couponUsageRate;
    const baseRebate = same ? same.reward / same.threshold : meanRebate(observed, p.tier);
    const rebate = threshold > 0 ? reward / threshold : NaN;
    const usageRate =
      elasticity === undefined ? baseRate : Math.min(1, baseRate * (rebate / baseRebate) ** elasticity);
    const users = tier.usersTargeted as number;
    return {
      tier: p.tier,
      coupon: couponLabel(threshold, reward),
      threshold,
      reward,
      users,
      usageRate,
      expectedUsed: users * usageRate,
      expectedCost: users * usageRate * reward,
      basis: !same ? 'tier average' : same.reward === reward ? 'same coupon' : 'same threshold',
    };
  });

  const planTiers = [...new Set(rows.map((r) => r.tier))];
  const byTier = planTiers.map((name) => {
    const t = tiers.get(name)!;
    const mine = rows.filter((r) => r.tier === name);
    let factor = 1;
    if (elasticity !== undefined) {
      const newRebate = mine.reduce((s, r) => s + r.reward, 0) / mine.reduce((s, r) => s + r.threshold, 0);
      factor = (newRebate / meanRebate(observed, name)) ** elasticity;
    }
    const expectedRecalled = Math.min(t.usersTargeted, t.usersTargeted * Math.min(1, t.recallRate * factor));
    const expectedCost = mine.reduce((s, r) => s + r.expectedCost, 0);
    return {
      tier: name,
      users: t.usersTargeted as number,
      observedRecalled: t.usersRecalled as number,
      observedCost: t.rewardCost as number,
      expectedRecalled,
      expectedCost,
      costPerRecalledUser: expectedRecalled > 0 ? expectedCost / expectedRecalled : NaN,
    };
  });
  const sum = (k: 'observedRecalled' | 'observedCost' | 'expectedRecalled' | 'expectedCost') =>
    byTier.reduce((s, r) => s + r[k], 0);
  const total = {
    observedRecalled: sum('observedRecalled'),
    observedCost: sum('observedCost'),
    observedCostPerRecalledUser: sum('observedCost') / sum('observedRecalled'),
    expectedRecalled: sum('expectedRecalled'),
    expectedCost: sum('expectedCost'),
    costPerRecalledUser: sum('expectedCost') / sum('expectedRecalled'),
  };
  return {
    model,
    assumption: describeModel(model),
    coupons: aq.from(rows),
    byTier: aq.from(byTier),
    total,
    tiersWithoutCoupons: [...tiers.keys()].filter((t) => !planTiers.includes(t)),
  };
}

function checkModel(model: ResponseModel): number | undefined {
  if (typeof model !== 'object' || model === null) throw new SpecError('model', model, 'an object');
  if (model.kind === 'fixedUsage') {
    rejectUnknownKeys('model', model, ['kind']);
    return undefined;
  }
  if (model.kind === 'elasticity') {
    rejectUnknownKeys('model', model, ['kind', 'elasticity']);
    return numberIn('model.elasticity', model.elasticity, -10, 10);
  }
  throw new SpecError('model.kind', (model as { kind: unknown }).kind, ['fixedUsage', 'elasticity']);
}

/** Grant-weighted mean rebate (reward / threshold) of the coupons a tier got. */
function meanRebate(observed: Record<string, any>[], tier: string): number {
  let reward = 0;
  let threshold = 0;
  for (const o of observed) {
    if (o.tier !== tier) continue;
    reward += o.reward * o.couponsGranted;
    threshold += o.threshold * o.couponsGranted;
  }
  return threshold > 0 ? reward / threshold : NaN;
}

/** The response model in plain words. */
export function describeModel(model: ResponseModel): string {
  return model.kind === 'fixedUsage'
    ? "usage rates held fixed: each coupon is used as often as the same coupon (else one with the same threshold, else the tier's coupons) was in the same tier; each tier's recall rate stays as observed"
    : `usage and recall scale with the rebate (reward / threshold) to the power ${model.elasticity}, from the observed rates and rebates, capped at 100 %`;
}
