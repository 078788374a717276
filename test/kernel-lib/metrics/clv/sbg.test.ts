import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { fitSbg, sbgRetentionRates, sbgSurvival } from '../../../../kernel-lib/src/metrics/clv/sbg.js';
import { sbgCohortProjection } from '../../../../kernel-lib/src/metrics/clv/sbgCohorts.js';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';
import { InputError } from '../../../../kernel-lib/src/errors.js';
import { withinHalfPercent } from './cdnowCalibration.js';

// Fader & Hardie (2007), "How to project customer retention": of 1,000 customers, active at years 0..12.
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

describe('shifted-Beta-Geometric', () => {
  it('fitted on years 0..7 gives the published α, β (regular 0.704, 1.182; high-end 0.668, 3.806)', () => {
    const regular = fitSbg(REGULAR.slice(0, 8));
    const high = fitSbg(HIGH_END.slice(0, 8));
    assert.deepEqual(withinHalfPercent(regular.params, { alpha: 0.704, beta: 1.182 }), []);
    assert.deepEqual(withinHalfPercent(high.params, { alpha: 0.668, beta: 3.806 }), []);
    assert.ok(regular.converged && high.converged);
  });

  it('projects years 8..12 within 2 % (regular) and 4.1 % (high-end) of the actual counts', () => {
    for (const [data, tolerance] of [
      [REGULAR, 0.02],
      [HIGH_END, 0.041],
    ] as const) {
      const curve = sbgSurvival(fitSbg(data.slice(0, 8)).params, 12).map((s) => 1000 * s);
      for (let t = 8; t <= 12; t++) {
        assert.ok(Math.abs(curve[t] / data[t] - 1) < tolerance, `year ${t}: ${curve[t]} vs ${data[t]}`);
      }
      // The retention rate r(t) = S(t)/S(t-1) rises with t (heterogeneity: the loyal remain).
      const rates = sbgRetentionRates(fitSbg(data.slice(0, 8)).params, 12);
      assert.ok(rates.every((r, i) => i === 0 || r > rates[i - 1]));
    }
  });

  it('says why it cannot fit: no churn, too few periods; refuses growing counts', () => {
    assert.match(fitSbg([100, 100, 100, 100]).reason, /no churn observed/);
    assert.match(fitSbg([100, 60]).reason, /too few periods/);
    assert.match(fitSbg([1000, 500, 250, 125, 62]).reason, /boundary/); // one churn rate for all: α, β → ∞
    assert.throws(() => fitSbg([100, 50, 60]), InputError);
  });

  it('projects each cohort of a cohort matrix forward', () => {
    // Two monthly cohorts of purchasers; each user buys every month until they stop.
    const user: string[] = [];
    const ts: string[] = [];
    const months = ['2020-01', '2020-02', '2020-03', '2020-04', '2020-05', '2020-06'];
    const lives = [
      [6, 6, 6, 4, 3, 2, 2, 1, 1, 1],
      [5, 5, 3, 2, 2, 1, 1, 1],
    ];
    lives.forEach((life, c) =>
      life.forEach((len, u) => {
        for (let m = 0; m < len && c + m < months.length; m++) {
          user.push(`c${c}u${u}`);
          ts.push(`${months[c + m]}-15T00:00:00Z`);
        }
      }),
    );
    const matrix = cohortMatrix(aq.table({ user_id: user, ts }), { period: 'month', asOf: '2020-06-30' });
    const p = sbgCohortProjection(matrix, { horizon: 12 });
    assert.deepEqual(
      p.fits.map((f) => f.cohort),
      ['2020-01', '2020-02'],
    );
    const jan = p.curves.filter(aq.escape((d: { cohort: string }) => d.cohort === '2020-01')).objects() as {
      observed: number | null;
      projected: number;
      offset: number;
    }[];
    assert.equal(jan.length, 13);
    assert.deepEqual(
      jan.slice(0, 6).map((r) => r.observed),
      [10, 7, 5, 4, 3, 3],
    );
    assert.equal(jan[12].observed, null);
    assert.ok(jan[12].projected < 3 && jan[12].projected > 0, `${jan[12].projected}`);
    const last = sbgCohortProjection(matrix, { horizon: 12, survivors: 'lastActive' });
    assert.equal(last.fits.length, 2);
    // A returning buyer makes active counts rise: 'active' refuses, 'lastActive' counts them as survivors.
    const back = cohortMatrix(
      aq.table({
        user_id: ['a', 'b', 'c', 'a', 'c'],
        ts: ['2020-01-01', '2020-01-02', '2020-01-03', '2020-03-01', '2020-03-02'],
      }),
      { period: 'month', asOf: '2020-04-30' },
    );
    assert.throws(() => sbgCohortProjection(back, { horizon: 6 }), /active users rise/);
    const fixed = sbgCohortProjection(back, { horizon: 6, survivors: 'lastActive' });
    assert.deepEqual((fixed.curves.array('observed') as (number | null)[]).slice(0, 4), [3, 2, 2, 0]);
  });
});
