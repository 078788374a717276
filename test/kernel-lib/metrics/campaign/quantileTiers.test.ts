import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { quantileTiers } from '../../../../kernel-lib/src/metrics/campaign/quantileTiers.js';
import { campaignReview } from '../../../../kernel-lib/src/metrics/campaign/campaign.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import * as f from './fixture.js';

// Targeted users (hold-out h1, h2 left out) spent before 2017-03-01: u1 6000, u2 10000, u3 24000,
// u4 60000, u5 240000 (the fixture's history orders p1 … p10).
const data = { coupons: f.coupons, orders: f.orders, targets: f.targets };

describe('campaign tiers from the data: spentBefore and quantileTiers', () => {
  it('spentBefore tiers a review by what each user spent before the start (hand-worked)', () => {
    const review = campaignReview(data, { ...f.spec, tiers: { by: 'spentBefore', cuts: [0, 20000] } });
    const users = review.byTier.objects().map((r: any) => [r.tier, r.usersTargeted]);
    assert.deepEqual(users, [
      ['0-19999', 2], // u1 6000, u2 10000
      ['20000+', 3], // u3 24000, u4 60000, u5 240000
    ]);
  });

  it('cuts at the quantiles of the targeted users’ own values: rank ⌊k·n/q⌋', () => {
    const tiers = quantileTiers(data, { start: '2017-03-01', by: 'spentBefore', quantiles: 4 });
    assert.deepEqual(tiers.cuts, [6000, 10000, 24000, 60000]); // ranks 0, 1, 2, 3 of 5
    assert.deepEqual(tiers.labels, ['6000-9999', '10000-23999', '24000-59999', '60000+']);
    assert.equal(tiers.users, 5);
    assert.equal(tiers.usersWithoutValue, 0);
    assert.match(tiers.rule, /4 tiers cut at the 4-quantiles of the 5 targeted users' values/);
    // The result is a tier spec the review takes as it is; every targeted user lands in a tier.
    const review = campaignReview(data, {
      ...f.spec,
      tiers: { by: tiers.by, cuts: tiers.cuts, labels: tiers.labels },
    });
    assert.deepEqual(
      review.byTier.objects().map((r: any) => r.usersTargeted),
      [1, 1, 1, 2],
    );
  });

  it('tied values give fewer tiers, and the rule says so', () => {
    const flat = aq.from(f.orderRecords.map((o) => ({ ...o, amount: 100 })));
    const tiers = quantileTiers(
      { ...data, orders: flat },
      { start: '2017-03-01', by: 'spentBefore', quantiles: 3 },
    );
    // u1 200, u2 100, u3 200, u4 200, u5 300: ranks 0, 1, 3 of 5 → 100, 200, 200
    assert.deepEqual(tiers.cuts, [100, 200]);
    assert.match(tiers.rule, /2 tiers .*\(1 fell together on tied values\)/);
  });

  it('counts targeted users without a value (no earlier order) instead of dropping them silently', () => {
    const later = aq.from(f.orderRecords.filter((o) => o.user_id !== 'u1' || o.ts >= '2017-03-01'));
    const tiers = quantileTiers(
      { ...data, orders: later },
      { start: '2017-03-01', by: 'spentBefore', quantiles: 2 },
    );
    assert.equal(tiers.users, 4);
    assert.equal(tiers.usersWithoutValue, 1);
    assert.match(tiers.rule, /1 targeted users have no value/);
  });

  it('refuses bad options and data with nothing to cut', () => {
    assert.throws(
      () => quantileTiers(data, { start: '2017-03-01', by: 'spentBefore', quantiles: 1 }),
      (e: unknown) => e instanceof SpecError && /invalid quantiles: "1"/.test(e.message),
    );
    assert.throws(
      () => quantileTiers(data, { start: '2017-03-01', by: 'spentBefore', bins: 3 } as never),
      (e: unknown) => e instanceof SpecError && /bins/.test(e.message),
    );
    const none = aq.from(f.orderRecords.filter((o) => o.ts >= '2017-03-01'));
    assert.throws(
      () => quantileTiers({ ...data, orders: none }, { start: '2017-03-01', by: 'spentBefore' }),
      (e: unknown) =>
        e instanceof InputError && /no targeted user has a value for tiers.by "spentBefore"/.test(e.message),
    );
  });
});
