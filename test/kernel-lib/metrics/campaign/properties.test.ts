import assert from 'node:assert/strict';
import * as aq from 'arquero';
import fc from 'fast-check';
import { campaignReview } from '../../../../kernel-lib/src/metrics/campaign/campaign.js';
import { campaignUsersIn } from '../../../../kernel-lib/src/metrics/campaign/usersIn.js';
import { COUPON_COLUMNS, ORDER_COLUMNS, TARGET_COLUMNS, randomCampaign, tableOf } from './randomCampaign.js';

const sum = (t: aq.ColumnTable, c: string) => (t.array(c) as number[]).reduce((s, v) => s + v, 0);

describe('campaignReview properties', () => {
  it('rates lie in [0, 1], recalled ≤ targeted, and tiers, coupon types and groups add up to the totals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('usedCoupon', 'invested'),
        (seed, users, recall) => {
          const d = randomCampaign(seed, users);
          const review = campaignReview(
            {
              coupons: tableOf(d.coupons, COUPON_COLUMNS),
              orders: tableOf(d.orders, ORDER_COLUMNS),
              targets: tableOf(d.targets, TARGET_COLUMNS),
            },
            {
              start: '2017-03-01',
              tiers: { by: 'payout', cuts: [0, 5000, 20000] },
              recall: recall as 'usedCoupon' | 'invested',
            },
          );
          const s = review.summary;
          for (const rate of [
            s.couponUsageRate,
            s.recallRate,
            ...(review.byTier.array('couponUsageRate') as number[]),
          ]) {
            if (!Number.isNaN(rate)) assert.ok(rate >= 0 && rate <= 1, `rate ${rate}`);
          }
          assert.ok(s.usersRecalled <= s.usersTargeted);
          assert.ok(s.couponsUsed <= s.couponsGranted);
          assert.equal(sum(review.byTier, 'usersTargeted'), s.usersTargeted);
          assert.equal(sum(review.byTier, 'couponsUsed'), s.couponsUsed);
          assert.equal(sum(review.byCouponType, 'couponsGranted'), s.couponsGranted);
          assert.equal(sum(review.byTierCoupon, 'couponsUsed'), s.couponsUsed);
          assert.equal(sum(review.comparison, 'users'), s.usersTargeted);
          assert.equal(sum(review.beyondCoupon, 'users'), s.usersRecalled);
          assert.ok(Math.abs(sum(review.byTier, 'reinvestAmount') - s.reinvestAmount) < 1e-6);
          assert.equal(
            campaignUsersIn(review, 'recalled').length + campaignUsersIn(review, 'notRecalled').length,
            s.usersTargeted,
          );
          if (review.termChoice) assert.equal(sum(review.termChoice, 'usersByLongestTerm'), s.usersRecalled);
          if (review.holdout && !Number.isNaN(review.holdout.low))
            assert.ok(
              review.holdout.low <= review.holdout.incrementalRecall &&
                review.holdout.incrementalRecall <= review.holdout.high,
            );
        },
      ),
      { numRuns: 60 },
    );
  });
});
