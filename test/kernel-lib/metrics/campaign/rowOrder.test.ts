import assert from 'node:assert/strict';
import fc from 'fast-check';
import { campaignReview } from '../../../../kernel-lib/src/metrics/campaign/campaign.js';
import { COUPON_COLUMNS, ORDER_COLUMNS, TARGET_COLUMNS, randomCampaign, tableOf } from './randomCampaign.js';

/**
 * Money in a campaign review (re-invested amount, reward cost, history means and the mean of per-user
 * means, amounts per term) is summed exactly, so shuffling the rows of every input gives the same numbers
 * (`===`), not nearly the same.
 */

function shuffled<T>(rows: readonly T[], keys: readonly number[]): T[] {
  return rows
    .map((r, i) => ({ r, k: keys[i % keys.length] * 1000 + i }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r);
}

function review(d: ReturnType<typeof randomCampaign>) {
  const r = campaignReview(
    {
      coupons: tableOf(d.coupons, COUPON_COLUMNS),
      orders: tableOf(d.orders, ORDER_COLUMNS),
      targets: tableOf(d.targets, TARGET_COLUMNS),
    },
    { start: '2017-03-01', tiers: { by: 'payout', cuts: [0, 5000, 20000] }, recall: 'invested' },
  );
  return {
    summary: r.summary,
    byTier: r.byTier.objects(),
    beyondCoupon: r.beyondCoupon.objects(),
    comparison: r.comparison.objects(),
    termChoice: r.termChoice?.objects(),
  };
}

describe('campaignReview: money sums do not depend on row order', () => {
  it('amounts in cents (e.g. 0.1 + 0.2): the same review from shuffled orders, coupons and targets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.array(fc.nat({ max: 1e6 }), { minLength: 1, maxLength: 50 }),
        (seed, keys) => {
          const d = randomCampaign(seed, 30);
          // Amounts with cents (the generator draws whole units) and cent rewards.
          for (const [i, o] of d.orders.entries())
            o.amount = (o.amount as number) / 100 + [0.1, 0.2, 0.7][i % 3];
          for (const c of d.coupons) c.reward = (c.reward as number) / 10 + 0.1;
          const base = review(d);
          const other = review({
            ...d,
            orders: shuffled(d.orders, keys),
            coupons: shuffled(d.coupons, [...keys].reverse()),
            targets: shuffled(d.targets, keys),
          });
          assert.deepStrictEqual(other.summary, base.summary);
          assert.deepStrictEqual(other.beyondCoupon, base.beyondCoupon);
          assert.deepStrictEqual(other.termChoice, base.termChoice);
          assert.deepStrictEqual(other.byTier, base.byTier);
          // The mean of per-user means too: each user's mean is added in whole millionths, so users
          // counted in another order give the same bits (a float sum of ratios differed in the last bit).
          assert.deepStrictEqual(other.comparison, base.comparison);
        },
      ),
      { numRuns: 40 },
    );
  });
});
