import assert from 'node:assert/strict';
import { campaignReview } from '../../../../kernel-lib/src/metrics/campaign/campaign.js';
import { repriceCampaign } from '../../../../kernel-lib/src/metrics/campaign/reprice.js';
import { SpecError } from '../../../../kernel-lib/src/errors.js';
import * as f from './fixture.js';

const review = campaignReview({ coupons: f.coupons, orders: f.orders, targets: f.targets }, f.spec);

describe('repriceCampaign', () => {
  it('holds usage rates fixed: same coupon → its rate, new coupon → the tier rate', () => {
    const r = repriceCampaign(review, [
      { tier: '5000-19999', threshold: 10000, reward: 50 }, // observed 1 of 2
      { tier: '5000-19999', threshold: 20000, reward: 120 }, // new: tier rate 0.5
    ]);
    assert.deepEqual(r.coupons.array('usageRate'), [0.5, 0.5]);
    assert.deepEqual(r.coupons.array('expectedCost'), [2 * 0.5 * 50, 2 * 0.5 * 120]);
    assert.deepEqual(r.coupons.array('basis'), ['same coupon', 'tier average']);
    assert.deepEqual(r.byTier.objects(), [
      {
        tier: '5000-19999',
        users: 2,
        observedRecalled: 1,
        observedCost: 50,
        expectedRecalled: 1,
        expectedCost: 170,
        costPerRecalledUser: 170,
      },
    ]);
    assert.deepEqual(r.tiersWithoutCoupons, ['0-4999', '20000+']);
    assert.match(r.assumption, /usage rates held fixed/);
  });

  it('scales usage with the rebate under an elasticity model', () => {
    // 满20000返120 is a 0.6 % rebate against the observed 0.5 % of 满20000返100 (used 1 of 2)
    const r = repriceCampaign(review, [{ tier: '20000+', threshold: 20000, reward: 120 }], {
      kind: 'elasticity',
      elasticity: 1,
    });
    assert.ok(Math.abs((r.coupons.get('usageRate', 0) as number) - 0.6) < 1e-12);
    assert.equal(r.coupons.get('basis', 0), 'same threshold');
    assert.ok(Math.abs(r.total.expectedCost - 2 * 0.6 * 120) < 1e-9);
    // tier mean observed rebate (100 + 100 + 300 + 300) / (20000 × 2 + 50000 × 2) = 800 / 140000
    const factor = 0.006 / (800 / 140000);
    assert.ok(Math.abs(r.total.expectedRecalled - 2 * 0.5 * factor) < 1e-9);
  });

  it('rejects tiers not in the review and bad models', () => {
    assert.throws(
      () => repriceCampaign(review, [{ tier: '1M+', threshold: 1, reward: 1 }]),
      /invalid plan\[0\].tier: "1M\+"/,
    );
    assert.throws(() => repriceCampaign(review, []), SpecError);
    assert.throws(
      () =>
        repriceCampaign(review, [{ tier: '20000+', threshold: 1, reward: 1 }], { kind: 'magic' } as never),
      /invalid model.kind/,
    );
  });
});
