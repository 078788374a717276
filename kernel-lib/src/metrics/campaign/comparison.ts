import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { fromMicros, toMicros } from '../../math/money.js';
import type { CampaignInputs } from './inputs.js';
import type { CampaignLedger } from './ledger.js';
import type { UserTiers } from './tiers.js';

/** Groups of the comparison: users who used two (or more), one, or no coupons. */
export const USAGE_GROUPS = [2, 1, 0] as const;

/**
 * The 2 / 1 / 0 comparison (三类用户比较) per tier, on each user's history before the campaign:
 * columns tier, couponsUsed (2 = two or more), users, usersWithHistory, meanSingle (mean of users' mean
 * single investment), meanMaxSingle (mean of users' largest single investment, the article's
 * 历史平均最大投资金额), meanCumulative, meanCount (investment frequency), couponThreshold (the largest
 * threshold granted in the tier) and capacityAboveThreshold: meanMaxSingle ≥ couponThreshold, i.e. the
 * group could afford the coupon and capacity was not what held it back (null for an empty group), and
 * shareAboveThreshold: the share of the group's users with history whose *own* largest single investment is at
 * least that threshold (per user, so one big investor cannot carry the group mean). Mean single and max are over users
 * with history; cumulative and count over all users of the group (no history counts as 0). Money, the
 * per-user means included, is summed in whole millionths (math/money.ts): the same users in any row
 * order give the same bits.
 */
export function comparisonTable(inputs: CampaignInputs, l: CampaignLedger, tiers: UserTiers): ColumnTable {
  const k = tiers.labels.length;
  const cells = k * USAGE_GROUPS.length;
  const users = new Float64Array(cells);
  const withHistory = new Float64Array(cells);
  const sumMean = new Float64Array(cells);
  const sumMax = new Float64Array(cells);
  const sumCumulative = new Float64Array(cells);
  const sumCount = new Float64Array(cells);
  const aboveThreshold = new Float64Array(cells);
  const threshold = new Float64Array(k).fill(NaN);
  const c = inputs.coupons;
  for (let i = 0; i < c.user.length; i++) {
    const t = tiers.tier[c.user[i]];
    if (!(c.threshold[i] <= threshold[t])) threshold[t] = c.threshold[i];
  }
  for (let u = 0; u < inputs.targeted.length; u++) {
    if (!inputs.targeted[u]) continue;
    const group = Math.min(l.couponsUsed[u], 2);
    const cell = tiers.tier[u] * USAGE_GROUPS.length + (2 - group);
    users[cell]++;
    sumCumulative[cell] += toMicros(l.historyAmount[u]);
    sumCount[cell] += l.historyOrders[u];
    if (l.historyOrders[u] > 0) {
      withHistory[cell]++;
      // Each user's mean in whole millionths, so the mean of means does not depend on user order.
      sumMean[cell] += toMicros(l.historyAmount[u] / l.historyOrders[u]);
      sumMax[cell] += toMicros(l.historyMax[u]);
      if (l.historyMax[u] >= threshold[tiers.tier[u]]) aboveThreshold[cell]++;
    }
  }
  const rows = [...Array(cells).keys()];
  const tierOf = (r: number) => Math.floor(r / USAGE_GROUPS.length);
  const div = (a: number, b: number) => (b > 0 ? a / b : NaN);
  const meanMax = rows.map((r) => div(fromMicros(sumMax[r]), withHistory[r]));
  return aq.table({
    tier: rows.map((r) => tiers.labels[tierOf(r)]),
    couponsUsed: rows.map((r) => USAGE_GROUPS[r % USAGE_GROUPS.length]),
    users: Array.from(users),
    usersWithHistory: Array.from(withHistory),
    meanSingle: rows.map((r) => div(fromMicros(sumMean[r]), withHistory[r])),
    meanMaxSingle: meanMax,
    meanCumulative: rows.map((r) => div(fromMicros(sumCumulative[r]), users[r])),
    meanCount: rows.map((r) => div(sumCount[r], users[r])),
    couponThreshold: rows.map((r) => threshold[tierOf(r)]),
    capacityAboveThreshold: rows.map((r) =>
      Number.isNaN(meanMax[r]) ? null : meanMax[r] >= threshold[tierOf(r)],
    ),
    shareAboveThreshold: rows.map((r) => (withHistory[r] > 0 ? aboveThreshold[r] / withHistory[r] : null)),
  });
}
