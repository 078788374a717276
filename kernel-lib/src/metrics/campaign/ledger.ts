import { fromMicros, toMicros } from '../../math/money.js';
import type { CampaignInputs } from './inputs.js';
import type { ResolvedCampaignSpec } from './spec.js';

/**
 * Per-user figures of a campaign, one typed array per quantity, indexed by user code. Everything the
 * review's tables show is summed from here, so each count can be traced back to its users.
 */
export interface CampaignLedger {
  couponsGranted: Int32Array;
  couponsUsed: Int32Array;
  /** Sum of rewards of used coupons (the campaign's cost). */
  rewardCost: Float64Array;
  /** 1 = recalled under the spec's definition. */
  recalled: Uint8Array;
  /** 1 = placed any order in the window (the definition used against a hold-out). */
  invested: Uint8Array;
  windowOrders: Int32Array;
  windowAmount: Float64Array;
  couponOrderAmount: Float64Array;
  /** Re-invested amount (复投金额) under the spec's definition; 0 for users not recalled. */
  reinvestAmount: Float64Array;
  /** Longest term_days among the orders counted as re-invested (NaN = none). */
  longestTerm: Float64Array;
  /** History before the window: order count, total, largest single order. */
  historyOrders: Int32Array;
  historyAmount: Float64Array;
  historyMax: Float64Array;
}

/** Fills the ledger in one pass over coupons and one over orders. */
export function buildLedger(inputs: CampaignInputs, spec: ResolvedCampaignSpec): CampaignLedger {
  const n = inputs.dictionary.size;
  const l: CampaignLedger = {
    couponsGranted: new Int32Array(n),
    couponsUsed: new Int32Array(n),
    rewardCost: new Float64Array(n),
    recalled: new Uint8Array(n),
    invested: new Uint8Array(n),
    windowOrders: new Int32Array(n),
    windowAmount: new Float64Array(n),
    couponOrderAmount: new Float64Array(n),
    reinvestAmount: new Float64Array(n),
    longestTerm: new Float64Array(n).fill(NaN),
    historyOrders: new Int32Array(n),
    historyAmount: new Float64Array(n),
    historyMax: new Float64Array(n).fill(NaN),
  };
  const c = inputs.coupons;
  for (let k = 0; k < c.user.length; k++) {
    const u = c.user[k];
    l.couponsGranted[u]++;
    if (isUsed(c.redeemedAt[k], spec)) {
      l.couponsUsed[u]++;
      l.rewardCost[u] += toMicros(c.reward[k]);
    }
  }
  const { orderUser, orderTs, orderAmount, orderIsCoupon } = inputs;
  for (let i = 0; i < orderUser.length; i++) {
    const u = orderUser[i];
    if (u < 0 || !(inputs.targeted[u] || inputs.holdout[u])) continue;
    const t = orderTs[i];
    const a = orderAmount[i];
    if (t < spec.windowStart) {
      l.historyOrders[u]++;
      l.historyAmount[u] += toMicros(a);
      if (!(a <= l.historyMax[u])) l.historyMax[u] = a;
    } else if (t < spec.windowEnd) {
      l.windowOrders[u]++;
      l.windowAmount[u] += toMicros(a);
      if (orderIsCoupon[i]) l.couponOrderAmount[u] += toMicros(a);
      l.invested[u] = 1;
    }
  }
  // Summed above in whole millionths (exact, so a user's totals do not depend on the order of the rows).
  for (const sums of [l.rewardCost, l.historyAmount, l.windowAmount, l.couponOrderAmount]) {
    for (let u = 0; u < n; u++) sums[u] = fromMicros(sums[u]);
  }
  for (let u = 0; u < n; u++) {
    l.recalled[u] =
      inputs.targeted[u] && (spec.recall === 'invested' ? l.invested[u] : l.couponsUsed[u] > 0) ? 1 : 0;
    if (l.recalled[u]) {
      l.reinvestAmount[u] = spec.reinvest === 'allOrders' ? l.windowAmount[u] : l.couponOrderAmount[u];
    }
  }
  if (inputs.terms) {
    const { order, term } = inputs.terms;
    for (let i = 0; i < order.length; i++) {
      const u = orderUser[order[i]];
      if (u < 0 || !l.recalled[u] || !countsAsReinvest(inputs, spec, order[i])) continue;
      if (!(term[i] <= l.longestTerm[u])) l.longestTerm[u] = term[i];
    }
  }
  return l;
}

/** A coupon counts as used when it was redeemed before the window closed. */
export function isUsed(redeemedAt: number, spec: ResolvedCampaignSpec): boolean {
  return redeemedAt < spec.windowEnd;
}

/** Whether order `i` is part of the re-invested amount (in the window; a coupon order if so defined). */
export function countsAsReinvest(inputs: CampaignInputs, spec: ResolvedCampaignSpec, i: number): boolean {
  const t = inputs.orderTs[i];
  if (!(t >= spec.windowStart && t < spec.windowEnd)) return false;
  return spec.reinvest === 'allOrders' || inputs.orderIsCoupon[i] === 1;
}
