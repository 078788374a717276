import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { campaignReview } from '../../../../kernel-lib/src/metrics/campaign/campaign.js';
import { campaignUsersIn } from '../../../../kernel-lib/src/metrics/campaign/usersIn.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import * as f from './fixture.js';

const data = { coupons: f.coupons, orders: f.orders, targets: f.targets };
const review = campaignReview(data, f.spec);

describe('campaignReview', () => {
  it('counts users, coupons, usage, recall and re-invested amount (hand-worked)', () => {
    assert.deepEqual(review.summary, {
      usersTargeted: 5, // u1..u5; h1, h2 are the hold-out
      couponsGranted: 7,
      couponsUsed: 4, // c1, c2, c4, c5
      couponUsageRate: 4 / 7,
      couponsRedeemedAfterWindow: 0,
      usersRecalled: 3, // u1, u2, u4 used at least one coupon
      recallRate: 3 / 5,
      reinvestAmount: 5000 + 13000 + 115000, // all window orders of u1, u2, u4
      reinvestPerRecalledUser: 133000 / 3,
      rewardCost: 20 + 50 + 100 + 300,
      costPerRecalledUser: 470 / 3,
    });
  });

  it('breaks usage and recall down by tier, in tier order', () => {
    assert.deepEqual(review.byTier.objects(), [
      {
        tier: '0-4999',
        usersTargeted: 1,
        couponsGranted: 1,
        couponsUsed: 1,
        couponUsageRate: 1,
        usersRecalled: 1,
        recallRate: 1,
        reinvestAmount: 5000,
        reinvestPerRecalledUser: 5000,
        rewardCost: 20,
      },
      {
        tier: '5000-19999',
        usersTargeted: 2,
        couponsGranted: 2,
        couponsUsed: 1,
        couponUsageRate: 0.5,
        usersRecalled: 1,
        recallRate: 0.5,
        reinvestAmount: 13000,
        reinvestPerRecalledUser: 13000,
        rewardCost: 50,
      },
      {
        tier: '20000+',
        usersTargeted: 2,
        couponsGranted: 4,
        couponsUsed: 2,
        couponUsageRate: 0.5,
        usersRecalled: 1,
        recallRate: 0.5,
        reinvestAmount: 115000,
        reinvestPerRecalledUser: 115000,
        rewardCost: 400,
      },
    ]);
  });

  it('breaks usage down by coupon type (满X返Y) and by tier × type', () => {
    assert.deepEqual(
      review.byCouponType.select('coupon', 'couponsGranted', 'couponsUsed', 'couponUsageRate').objects(),
      [
        { coupon: '满5000返20', couponsGranted: 1, couponsUsed: 1, couponUsageRate: 1 },
        { coupon: '满10000返50', couponsGranted: 2, couponsUsed: 1, couponUsageRate: 0.5 },
        { coupon: '满20000返100', couponsGranted: 2, couponsUsed: 1, couponUsageRate: 0.5 },
        { coupon: '满50000返300', couponsGranted: 2, couponsUsed: 1, couponUsageRate: 0.5 },
      ],
    );
    assert.deepEqual(review.byTierCoupon.array('tier'), ['0-4999', '5000-19999', '20000+', '20000+']);
    assert.deepEqual(review.byTierCoupon.array('rewardCost'), [20, 50, 100, 300]);
  });

  it('compares users who used 2 / 1 / 0 coupons on their history and flags capacity above the threshold', () => {
    const rows = review.comparison.objects().filter((r: any) => r.users > 0);
    assert.deepEqual(
      rows.map((r: any) => [
        r.tier,
        r.couponsUsed,
        r.users,
        r.meanSingle,
        r.meanMaxSingle,
        r.meanCumulative,
        r.meanCount,
        r.couponThreshold,
        r.capacityAboveThreshold,
      ]),
      [
        ['0-4999', 1, 1, 3000, 4000, 6000, 2, 5000, false], // u1: 2000, 4000
        ['5000-19999', 1, 1, 10000, 10000, 10000, 1, 10000, true], // u2: 10000
        ['5000-19999', 0, 1, 12000, 16000, 24000, 2, 10000, true], // u3: 8000, 16000
        ['20000+', 2, 1, 30000, 40000, 60000, 2, 50000, false], // u4: 20000, 40000
        ['20000+', 0, 1, 80000, 100000, 240000, 3, 50000, true], // u5 could afford 满50000 and did not use it
      ],
    );
    const empty = review.comparison
      .objects()
      .find((r: any) => r.tier === '20000+' && r.couponsUsed === 1) as any;
    assert.equal(empty.users, 0);
    assert.equal(empty.capacityAboveThreshold, null);
    assert.equal(empty.shareAboveThreshold, null);
  });

  it('says per user, not from the group mean, who could afford the coupon threshold', () => {
    const share = (tier: string, used: number) =>
      (review.comparison.objects() as any[]).find((r) => r.tier === tier && r.couponsUsed === used)
        .shareAboveThreshold;
    assert.equal(share('0-4999', 1), 0); // u1's largest, 4000, is under 5000
    assert.equal(share('5000-19999', 0), 1); // u3: 16000 ≥ 10000
    assert.equal(share('20000+', 2), 0); // u4: 40000 < 50000
    assert.equal(share('20000+', 0), 1); // u5: 100000 ≥ 50000
  });

  it('classifies what recalled users invested beyond their coupon orders against their usual range', () => {
    assert.deepEqual(review.beyondCoupon.objects(), [
      { class: 'none', users: 1, amount: 0 }, // u1 only used the coupon
      { class: 'withinUsual', users: 1, amount: 3000 }, // u2: 3000 ≤ past max 10000
      { class: 'aboveUsual', users: 1, amount: 45000 }, // u4: 45000 > past max 40000
      { class: 'noHistory', users: 0, amount: 0 },
    ]);
  });

  it('counts the product terms recalled users chose', () => {
    assert.deepEqual(review.termChoice!.objects(), [
      { term_days: 30, users: 3, usersByLongestTerm: 2, orders: 5, amount: 130000 },
      { term_days: 60, users: 1, usersByLongestTerm: 1, orders: 1, amount: 3000 },
    ]);
  });

  it('compares against the hold-out on "invested in the window"', () => {
    const h = review.holdout!;
    assert.equal(h.targetedInvested, 4); // u1..u4 (u5's order is after the window)
    assert.equal(h.holdoutUsers, 2);
    assert.equal(h.holdoutInvested, 1);
    assert.ok(Math.abs(h.incrementalRecall - 0.3) < 1e-12);
    assert.ok(h.low < 0 && h.high > 0.3, 'two hold-out users cannot make the difference significant');
    assert.ok(h.pValue > 0.05);
    // per tier: h1, h2 are in 5000-19999 (8000, 9000); u2 and u3 both invested there
    const mid = h.byTier.objects()[1] as any;
    assert.deepEqual(
      [
        mid.tier,
        mid.targetedUsers,
        mid.targetedInvested,
        mid.holdoutUsers,
        mid.holdoutInvested,
        mid.incrementalRecall,
      ],
      ['5000-19999', 2, 2, 2, 1, 0.5],
    );
    assert.ok(
      Number.isNaN(h.byTier.get('incrementalRecall', 0) as number),
      'no hold-out users in tier 0-4999',
    );
  });

  it('takes the hold-out from a holdout column of coupons or from a separate holdout table', () => {
    const targetsOnly = f.targets.filter((d: any) => !d.holdout);
    // A held-out user has a row in the coupon table but no coupon.
    const heldOut = (user_id: string) => ({
      coupon_id: null,
      user_id,
      granted_at: null,
      threshold: null,
      reward: null,
      redeemed_at: null,
      order_id: null,
      holdout: true,
    });
    const marked = aq.from([
      ...f.couponRecords.map((c) => ({ ...c, holdout: false })),
      heldOut('h1'),
      heldOut('h2'),
    ]);
    const fromColumn = campaignReview({ coupons: marked, orders: f.orders, targets: targetsOnly }, f.spec);
    const fromTable = campaignReview(
      {
        coupons: f.coupons,
        orders: f.orders,
        targets: targetsOnly,
        holdout: aq.from([{ user_id: 'h1' }, { user_id: 'h2' }]),
      },
      { ...f.spec, tiers: undefined },
    );
    for (const r of [fromColumn, fromTable]) {
      assert.equal(r.summary.couponsGranted, 7);
      assert.deepEqual([r.holdout!.holdoutUsers, r.holdout!.holdoutInvested], [2, 1]);
      assert.deepEqual(campaignUsersIn(r, 'holdout'), ['h1', 'h2']);
    }
  });

  it('has no hold-out comparison without a hold-out', () => {
    const r = campaignReview(
      { coupons: f.coupons, orders: f.orders, targets: f.targets.filter((d: any) => !d.holdout) },
      f.spec,
    );
    assert.equal(r.holdout, null);
    assert.equal(r.summary.usersTargeted, 5);
  });

  it('recall "invested" counts any window order; re-invest "couponOrders" counts only coupon orders', () => {
    const invested = campaignReview(data, { ...f.spec, recall: 'invested' });
    assert.equal(invested.summary.usersRecalled, 4);
    assert.equal(invested.summary.reinvestAmount, 140000);
    const couponOnly = campaignReview(data, { ...f.spec, reinvest: 'couponOrders' });
    assert.equal(couponOnly.summary.reinvestAmount, 5000 + 10000 + 70000);
    assert.deepEqual(couponOnly.termChoice!.array('term_days'), [30]);
  });

  it('lists the users behind each group', () => {
    assert.deepEqual(campaignUsersIn(review, 'recalled'), ['u1', 'u2', 'u4']);
    assert.deepEqual(campaignUsersIn(review, 'notRecalled'), ['u3', 'u5']);
    assert.deepEqual(campaignUsersIn(review, 'notRecalled', '20000+'), ['u5']);
    assert.deepEqual(campaignUsersIn(review, 'holdout'), ['h1', 'h2']);
    assert.deepEqual(campaignUsersIn(review, 'usedTwo'), ['u4']);
    assert.deepEqual(campaignUsersIn(review, 'usedOne'), ['u1', 'u2']);
    assert.deepEqual(campaignUsersIn(review, 'usedNone'), ['u3', 'u5']);
    assert.throws(() => campaignUsersIn(review, 'everyone' as never), SpecError);
  });

  it('does not count a coupon redeemed after the window', () => {
    const late = f.couponRecords.map((c) =>
      c.coupon_id === 'c6' ? { ...c, redeemed_at: '2017-03-08T00:00:00Z', order_id: 'o51' } : c,
    );
    const r = campaignReview({ ...data, coupons: aq.from(late) }, f.spec);
    assert.equal(r.summary.couponsUsed, 4); // u5's coupon on o51, at the very end of the window: not used
    assert.equal(r.summary.couponsRedeemedAfterWindow, 1);
    assert.equal(r.summary.usersRecalled, 3);
  });

  it('rejects a coupon linked to another user’s order', () => {
    const wrong = f.couponRecords.map((c) => (c.coupon_id === 'c5' ? { ...c, order_id: 'o51' } : c));
    assert.throws(
      () => campaignReview({ ...data, coupons: aq.from(wrong) }, f.spec),
      /row 5, column "order_id": redeemed coupon has no matching order: "o51" \(expected the order the coupon was used on, placed by the same user/,
    );
  });

  it('filters one campaign by campaign_id', () => {
    const two = aq.from(
      f.couponRecords.map((c) => ({ ...c, campaign_id: c.coupon_id === 'c1' ? 'other' : 'recall-2017' })),
    );
    const r = campaignReview({ ...data, coupons: two }, { ...f.spec, campaignId: 'recall-2017' });
    assert.equal(r.summary.couponsGranted, 6);
    assert.equal(r.summary.usersTargeted, 5); // u1 is still on the target list
    assert.equal(r.summary.usersRecalled, 2);
  });

  it('works without tiers (one tier "all") and without targets (users with a coupon)', () => {
    const r = campaignReview({ coupons: f.coupons, orders: f.orders }, { start: '2017-03-01' });
    assert.deepEqual(r.byTier.array('tier'), ['all']);
    assert.equal(r.summary.usersTargeted, 5);
    assert.equal(r.holdout, null);
  });

  it('cuts tiers from the last payout amount (最后一天到账金额) computed from payouts', () => {
    const payouts = aq.from([
      { user_id: 'u1', ts: '2017-01-10T00:00:00Z', amount: 9000 },
      { user_id: 'u1', ts: '2017-02-10T01:00:00Z', amount: 1000 },
      { user_id: 'u1', ts: '2017-02-10T09:00:00Z', amount: 2500 }, // last day: 3500
      { user_id: 'u1', ts: '2017-03-02T00:00:00Z', amount: 99999 }, // after the start: ignored
      { user_id: 'u2', ts: '2017-02-01T00:00:00Z', amount: 12000 },
      { user_id: 'u3', ts: '2017-02-01T00:00:00Z', amount: 7000 },
      { user_id: 'u4', ts: '2017-02-01T00:00:00Z', amount: 25000 },
      { user_id: 'u5', ts: '2017-02-01T00:00:00Z', amount: 60000 },
    ]);
    const r = campaignReview(
      { coupons: f.coupons, orders: f.orders, payouts },
      { start: '2017-03-01', tiers: { by: 'lastPayoutAmount', cuts: [0, 5000, 20000] } },
    );
    assert.deepEqual(r.users.array('tierValue'), [3500, 12000, 7000, 25000, 60000]);
    assert.deepEqual(r.byTier.array('usersTargeted'), [1, 2, 2]);
  });
});

describe('campaignReview bad input', () => {
  const withCoupon = (change: Record<string, unknown>) =>
    aq.from(f.couponRecords.map((c) => (c.coupon_id === 'c2' ? { ...c, ...change } : c)));

  it('rejects a coupon redeemed before it was granted, naming the row and column', () => {
    assert.throws(
      () => campaignReview({ ...data, coupons: withCoupon({ redeemed_at: '2017-02-28T00:00:00Z' }) }, f.spec),
      (e: Error) =>
        e instanceof InputError &&
        /coupons, row 2, column "redeemed_at": coupon redeemed before it was granted/.test(e.message),
    );
  });

  it('rejects a redeemed coupon whose order is missing, unless told to count it without an order', () => {
    const coupons = withCoupon({ order_id: 'nope' });
    assert.throws(
      () => campaignReview({ ...data, coupons }, f.spec),
      /row 2, column "order_id": redeemed coupon has no matching order: "nope"/,
    );
    const r = campaignReview({ ...data, coupons }, { ...f.spec, orphanRedemptions: 'countWithoutOrder' });
    assert.equal(r.summary.couponsUsed, 4);
    assert.equal(r.summary.reinvestAmount, 133000); // all window orders still count
    assert.equal(
      campaignReview(
        { ...data, coupons },
        { ...f.spec, orphanRedemptions: 'countWithoutOrder', reinvest: 'couponOrders' },
      ).summary.reinvestAmount,
      75000,
    );
  });

  it('rejects a user without a tier value, or keeps them in an "unknown" tier', () => {
    const targets = aq.from(
      f.targets.objects().map((t: any) => (t.user_id === 'u3' ? { ...t, last_payout_amount: null } : t)),
    );
    assert.throws(() => campaignReview({ ...data, targets }, f.spec), /user has no tier: "u3: NaN"/);
    const r = campaignReview({ ...data, targets }, { ...f.spec, unknownTier: 'keep' });
    assert.deepEqual(r.byTier.array('tier'), ['0-4999', '5000-19999', '20000+', 'unknown']);
    assert.deepEqual(r.byTier.array('usersTargeted'), [1, 1, 2, 1]);
  });

  it('rejects a hold-out user who got a coupon', () => {
    const coupons = aq.from([...f.couponRecords, { ...f.couponRecords[2], coupon_id: 'c8', user_id: 'h2' }]);
    assert.throws(
      () => campaignReview({ ...data, coupons }, f.spec),
      /row 8, column "user_id": a hold-out user was granted a coupon: "h2"/,
    );
  });

  it('rejects unknown and invalid spec options', () => {
    assert.throws(
      () => campaignReview(data, { ...f.spec, recal: 'x' } as never),
      /invalid campaignReview option: "recal"/,
    );
    assert.throws(
      () => campaignReview(data, { ...f.spec, recall: 'coupon' as never }),
      /invalid recall: "coupon" \(allowed: "usedCoupon", "invested"\)/,
    );
    assert.throws(
      () => campaignReview(data, { ...f.spec, tiers: { by: 'x', cuts: [0, 10, 5] } }),
      /invalid tiers.cuts/,
    );
    assert.throws(
      () => campaignReview(data, { ...f.spec, tiers: { by: 'x', cuts: [0, 10], labels: ['a'] } }),
      /invalid tiers.labels/,
    );
    assert.throws(
      () => campaignReview(data, { ...f.spec, tiers: { by: 'nope', cuts: [0] } }),
      /missing tier column "nope"/,
    );
  });

  it('rejects an order without a time', () => {
    const orders = aq.from(f.orderRecords.map((o) => (o.order_id === 'p3' ? { ...o, ts: null } : o)));
    assert.throws(
      () => campaignReview({ ...data, orders }, f.spec),
      /orders, row 3, column "ts": missing order time/,
    );
  });

  it('rejects a hold-out flag that is not a flag', () => {
    const targets = aq.from([{ user_id: 'u1', last_payout_amount: 1, holdout: 'maybe' }]);
    assert.throws(
      () => campaignReview({ ...data, targets }, f.spec),
      /targets, row 1, column "holdout": not a flag: "maybe"/,
    );
  });
});
