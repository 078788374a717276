import assert from 'node:assert/strict';
import type { ColumnTable } from 'arquero';
import { join } from 'node:path';
import {
  campaignReview,
  churn,
  retention,
  retentionByPastInvestments,
  repurchase,
} from '../../kernel-lib/src/index.js';
import { generateB2b } from '../../datasets/src/b2b/generate.js';
import { DEFAULT_SEED } from '../../datasets/src/calibration.js';
import { generateP2p } from '../../datasets/src/p2p/generate.js';
import { loadB2b, loadP2p, rows, WINBACK_SPEC } from './figures.js';
import { hashes, tempDir } from './support.js';

describe('datasets: another seed gives other data on which the same analyses run', function () {
  this.timeout(180_000);
  const t = tempDir('seed');
  let p2p: Record<string, ColumnTable>;
  let b2b: Record<string, ColumnTable>;
  before(async () => {
    // A smaller platform (the campaign plan scales with the size) for seed 7.
    const summary = await generateP2p({ seed: 7, size: 11_000, outDir: join(t.dir, 'p2p') });
    assert.deepEqual(summary.shortfalls, []);
    await generateB2b({ seed: 7, size: 1500, outDir: join(t.dir, 'b2b') });
    p2p = await loadP2p(join(t.dir, 'p2p'), '.csv');
    b2b = await loadB2b(join(t.dir, 'b2b'), '.csv');
  });
  after(() => t.remove());

  it('every table but the campaign list differs from the default seed at the same size', async () => {
    await generateP2p({ seed: DEFAULT_SEED, size: 11_000, outDir: join(t.dir, 'p2p-default') });
    const other = hashes(join(t.dir, 'p2p'));
    const base = hashes(join(t.dir, 'p2p-default'));
    for (const f of Object.keys(base)) {
      if (f === 'campaigns.csv') assert.equal(other[f], base[f]);
      else assert.notEqual(other[f], base[f], f);
    }
  });

  it('campaignReview runs and gives other counts (the plan scales: a quarter of the targets)', () => {
    const r = campaignReview(
      { coupons: p2p.coupons, orders: p2p.orders, targets: p2p.targets, payouts: p2p.payouts },
      WINBACK_SPEC,
    );
    assert.equal(
      r.summary.usersTargeted,
      Math.round(1020 / 4) +
        Math.round(761 / 4) +
        Math.round(410 / 4) +
        Math.round(175 / 4) +
        Math.round(122 / 4),
    );
    assert.ok(r.summary.couponsUsed > 0 && r.summary.usersRecalled > 0);
    assert.ok(r.summary.couponUsageRate > 0.08 && r.summary.couponUsageRate < 0.2);
    assert.ok(r.holdout && r.holdout.holdoutUsers > 0);
    assert.equal(rows(r.byTier).length, 5);
  });

  it('churn, habit and B2B retention run and land near, not on, the default figures', () => {
    const c = churn(
      { users: p2p.users, events: p2p.events, orders: p2p.orders },
      { asOf: '2017-06-30', timeZone: 'Asia/Shanghai', days: 30, activityEvents: ['login'] },
    );
    const share = rows(c.byStage).find((r) => r.stage === 'introduction')!.share_of_churned;
    assert.ok(share > 0.4 && share < 0.56, `newcomer share ${share}`);
    const habit = rows(
      retentionByPastInvestments(p2p.orders, {
        asOf: '2017-06-30',
        timeZone: 'Asia/Shanghai',
        withinDays: 45,
      }).table,
    );
    assert.ok(
      habit.find((r) => r.past_investments === '2')!.rate >
        habit.find((r) => r.past_investments === '1')!.rate,
    );
    const r = retention(
      b2b.events,
      { timeZone: 'Asia/Shanghai', startColumn: 'registered_at', returnEvent: 'visit', days: [1, 7, 30] },
      b2b.users,
    );
    const day1 = rows(r.total).find((x) => x.offset === 1)!.rate;
    assert.ok(day1 > 0.33 && day1 < 0.47, `day 1 ${day1}`);
    const p = repurchase(b2b.orders, { timeZone: 'Asia/Shanghai' }, b2b.users);
    assert.ok(p.summary.firstOrderUsers > 0);
  });
});
