import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { clvPredictions } from '../../../../kernel-lib/src/metrics/clv/predictions.js';
import { clvUsersIn } from '../../../../kernel-lib/src/metrics/clv/usersIn.js';
import { fitBgNbd } from '../../../../kernel-lib/src/metrics/clv/bgnbd.js';
import { fitGammaGamma } from '../../../../kernel-lib/src/metrics/clv/gammaGamma.js';
import { cdnowCalibration } from './cdnowCalibration.js';

describe('clvPredictions and clvUsersIn', () => {
  const summary = cdnowCalibration();
  const purchases = fitBgNbd(summary);
  const spend = fitGammaGamma(summary);

  it("discounted CLV as lifetimes' customer_lifetime_value (its documented CDNOW output)", () => {
    // lifetimes' docs call customer_lifetime_value(bgf, …, time=12, discount_rate=0.01) on this weekly summary
    // with the default freq 'D', i.e. 30 summary units per month: customers 1, 2, 3 get 140.096, 18.943, 38.181.
    const p = clvPredictions(summary, { purchases, spend, unitsPerMonth: 30 });
    const clv = p.array('clv') as Float64Array;
    for (const [i, published] of [140.096, 18.943, 38.181].entries()) {
      assert.ok(Math.abs(clv[i] / published - 1) < 0.002, `customer ${i + 1}: ${clv[i]} vs ${published}`);
    }
  });

  it('uses the summary unit by default (weeks: 4.345 per month), a margin and a horizon', () => {
    const p = clvPredictions(summary, { purchases, spend, margin: 0.3, horizon: 39, aliveAfter: 26 });
    assert.deepEqual(p.columnNames(), [
      'user_id',
      'p_alive',
      'expected_purchases',
      'p_alive_after',
      'expected_spend',
      'clv',
    ]);
    const row = p.object(0) as Record<string, number>;
    assert.equal(row.user_id, '1');
    // Customer 1 is x = 2, t_x = 30.43, T = 38.86 (to the published rounding): E[Y(39)] = 1.226.
    assert.ok(Math.abs(row.expected_purchases - 1.226) < 0.002, `${row.expected_purchases}`);
    assert.ok(row.p_alive_after < row.p_alive);
    const full = clvPredictions(summary, { purchases, spend }).object(0) as Record<string, number>;
    assert.ok(Math.abs(row.clv - 0.3 * full.clv) < 1e-9);
  });

  it('lists the users behind a P(alive) band, every customer in exactly one of complementary bands', () => {
    const p = clvPredictions(summary, { purchases });
    const low = clvUsersIn(p, [0, 0.3]);
    const high = clvUsersIn(p, [0.3, 1]);
    assert.equal(low.length + high.length, 2357);
    assert.ok(low.length > 100, `${low.length}`);
    assert.ok(!low.includes('3')); // no repeats: P(alive) = 1 under BG/NBD
    assert.throws(() => clvUsersIn(p, [0.5, 0.2]), /invalid band/);
    assert.throws(
      () =>
        clvPredictions(aq.table({ frequency: [1], recency: [1], T: [2], monetary_value: [3] }), {
          purchases,
          spend,
          horizon: 4,
        }),
      /invalid unitsPerMonth/,
    );
    assert.throws(() => clvPredictions(summary, { purchases, months: 0 }), /invalid months/);
  });
});
