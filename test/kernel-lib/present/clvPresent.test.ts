import assert from 'node:assert/strict';
import { fitBgNbd } from '../../../kernel-lib/src/metrics/clv/bgnbd.js';
import { fitGammaGamma } from '../../../kernel-lib/src/metrics/clv/gammaGamma.js';
import { clvHoldoutByFrequency, clvTracking } from '../../../kernel-lib/src/metrics/clv/calibration.js';
import { clvPredictions } from '../../../kernel-lib/src/metrics/clv/predictions.js';
import { fitSbg } from '../../../kernel-lib/src/metrics/clv/sbg.js';
import {
  clvFitRows,
  clvFitTable,
  clvHoldoutTable,
  clvPredictionsTable,
} from '../../../kernel-lib/src/present/clvTables.js';
import {
  clvFrequencyRecencyHeatmap,
  clvHoldoutBars,
  clvTrackingPlot,
} from '../../../kernel-lib/src/present/clvFigures.js';
import { cdnowOrders } from '../../../datasets/cdnow/cdnow.js';
import { cdnowCalibration } from '../metrics/clv/cdnowCalibration.js';

describe('CLV tables and figures', () => {
  const summary = cdnowCalibration();
  const fit = fitBgNbd(summary);

  it('fit table: one row per parameter with its SE and the verdict', () => {
    const rows = clvFitRows([fit, fitGammaGamma(summary), fitSbg([1000, 631, 468, 382, 326, 289, 262, 241])]);
    assert.equal(rows.numRows(), 4 + 3 + 2);
    assert.deepEqual(rows.array('parameter'), ['r', 'alpha', 'a', 'b', 'p', 'q', 'gamma', 'alpha', 'beta']);
    const payload = clvFitTable([fit]);
    assert.equal(payload.rows.length, 4);
    assert.match(String(payload.rows[0][6]), /^converged/);
  });

  it('heat maps: P(alive) falls as recency falls for a frequent buyer; expected purchases rise with frequency', () => {
    const alive = clvFrequencyRecencyHeatmap(fit, { value: 'pAlive', T: 38.86, maxFrequency: 10, steps: 10 });
    const z = alive.data[0].z as (number | null)[][];
    assert.equal(z.length, 11);
    assert.ok(z[10][10]! > z[10][2]!);
    assert.equal(z[0][0], 1);
    assert.equal(z[0][5], null);
    const expected = clvFrequencyRecencyHeatmap(fit, { T: 38.86, horizon: 4, maxFrequency: 10, steps: 10 });
    const e = expected.data[0].z as (number | null)[][];
    assert.ok(e[10][10]! > e[2][10]!);
    assert.throws(() => clvFrequencyRecencyHeatmap(fit, { value: 'clv' as never, T: 1 }), /invalid value/);
  });

  it('holdout bars, tracking plot and predictions table carry the computed numbers', () => {
    const holdout = clvHoldoutByFrequency(summary, fit);
    const bars = clvHoldoutBars(holdout);
    assert.deepEqual(bars.data[0].y, Array.from(holdout.array('actual') as number[]));
    assert.equal(clvHoldoutTable(holdout).rows.length, 8);
    const plot = clvTrackingPlot(clvTracking(cdnowOrders(), summary, fit));
    assert.equal((plot.data[0].y as number[]).length, 78);
    assert.equal((plot.layout.shapes as { x0: string }[])[0].x0, '1997-09-30');
    const table = clvPredictionsTable(
      clvPredictions(summary, { purchases: fit, spend: fitGammaGamma(summary) }),
      10,
    );
    assert.equal(table.rows.length, 11, 'the top 10 customers, then the total');
    assert.ok(table.notes?.some((n) => n.includes('top 10 of 2357 rows')));
    const all = clvPredictions(summary, { purchases: fit, spend: fitGammaGamma(summary) });
    const names = table.columns.map((c) => c.name);
    const total = table.rows[10];
    assert.equal(total[names.indexOf('user_id')], 'Total · 合计');
    const sum = (name: string) => (all.array(name) as number[]).reduce((s, v) => s + v, 0);
    assert.ok(Math.abs((total[names.indexOf('clv')] as number) - sum('clv')) < 1e-6);
    assert.ok(
      Math.abs((total[names.indexOf('expected_purchases')] as number) - sum('expected_purchases')) < 1e-6,
    );
    assert.equal(total[names.indexOf('expected_spend')], null, 'a mean spend summed means nothing');
    assert.equal(total[names.indexOf('p_alive')], null);
  });
});
