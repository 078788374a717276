import assert from 'node:assert/strict';
import { P2P_DEFAULT_USERS, WINBACK } from '../../datasets/src/calibration.js';
import { planCampaign, tierOf } from '../../datasets/src/p2p/campaign.js';
import type { WinbackProfile } from '../../datasets/src/p2p/eligibility.js';

/** `n` eligible users per tier, with past investments around the tier's payouts. */
function eligible(perTier: number[]): WinbackProfile[] {
  const out: WinbackProfile[] = [];
  let index = 0;
  perTier.forEach((n, t) => {
    const from = WINBACK.tiers[t].from;
    for (let k = 0; k < n; k++) {
      const payout = from + 1000 + ((k * 37) % 900) * (t === 4 ? 200 : t + 1) * 3;
      out.push({
        index: index++,
        investments: 5 + (k % 7),
        lastActiveDay: 17170,
        lastPayoutAmount: payout,
        maxInvestment: payout * (0.8 + (k % 10) / 10),
        meanInvestment: payout * 0.7,
      });
    }
  });
  return out;
}

describe('datasets/p2p planCampaign (the article-000 plan)', () => {
  it('tierOf cuts at 5,000, 20,000, 50,000 and 100,000', () => {
    assert.deepEqual(
      [0, 4999.99, 5000, 19999, 20000, 49999, 50000, 99999, 100000, 1e7].map(tierOf),
      [0, 0, 1, 1, 2, 2, 3, 3, 4, 4],
    );
  });

  it('at the default size: exact targets, hold-outs, coupons, redemptions and the window total', () => {
    const plan = planCampaign(eligible([1300, 1000, 600, 250, 200]), 1, P2P_DEFAULT_USERS);
    assert.deepEqual(plan.shortfalls, []);
    const all = [...plan.assignments.values()];
    const targets = all.filter((a) => a.role === 'target');
    assert.equal(targets.length, 2488);
    assert.equal(all.length - targets.length, 219);
    assert.equal(
      targets.reduce((s, a) => s + a.coupons.length, 0),
      3195,
    );
    const couponOrders = targets.flatMap((a) => a.orders.filter((o) => o.coupon !== null));
    assert.equal(couponOrders.length, 439);
    const recalled = targets.filter((a) => a.orders.some((o) => o.coupon !== null));
    assert.equal(recalled.length, 383);
    assert.equal(recalled.filter((a) => a.orders.filter((o) => o.coupon !== null).length === 2).length, 56);
    const total = recalled.reduce((s, a) => s + a.orders.reduce((x, o) => x + o.amount, 0), 0);
    assert.equal(total, 4_684_600);
    const sixty = recalled.filter((a) => a.orders.every((o) => o.termDays === 60));
    assert.equal(sixty.length, 2);
    assert.ok(
      recalled.every(
        (a) => a.orders.every((o) => o.termDays === 30) || a.orders.every((o) => o.termDays === 60),
      ),
    );
    // Every coupon order reaches its threshold; amounts are whole hundreds.
    for (const a of targets) {
      for (const o of a.orders) {
        assert.equal(o.amount % 100, 0);
        if (o.coupon !== null) assert.ok(o.amount >= a.coupons[o.coupon].threshold);
      }
    }
    // Hold-out users get no coupon; 8 come back on their own.
    const holdout = all.filter((a) => a.role === 'holdout');
    assert.ok(holdout.every((a) => a.coupons.length === 0 && a.orders.every((o) => o.coupon === null)));
    assert.equal(holdout.filter((a) => a.orders.length > 0).length, 8);
  });

  it('with too few eligible users in a tier, scales that tier down and says so', () => {
    const plan = planCampaign(eligible([1300, 1000, 100, 250, 200]), 1, P2P_DEFAULT_USERS);
    assert.equal(plan.shortfalls.length, 1);
    assert.match(plan.shortfalls[0], /tier 20000\+: 100 eligible for 410 targets \+ 36 hold-out/);
    const tier2 = [...plan.assignments.values()].filter((a) => a.tier === 2);
    assert.ok(tier2.length <= 100);
  });

  it('scales with the size of the population and is deterministic for a seed', () => {
    const pool = eligible([400, 300, 200, 80, 60]);
    const quarter = planCampaign(pool, 3, P2P_DEFAULT_USERS / 4);
    const targets = [...quarter.assignments.values()].filter((a) => a.role === 'target').length;
    assert.equal(
      targets,
      [1020, 761, 410, 175, 122].reduce((s, n) => s + Math.round(n / 4), 0),
    );
    const again = planCampaign(pool, 3, P2P_DEFAULT_USERS / 4);
    assert.deepEqual([...again.assignments.entries()], [...quarter.assignments.entries()]);
    const other = planCampaign(pool, 4, P2P_DEFAULT_USERS / 4);
    assert.notDeepEqual([...other.assignments.keys()], [...quarter.assignments.keys()]);
  });
});
