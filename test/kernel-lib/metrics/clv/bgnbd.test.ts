import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { bgNbdExpected, bgNbdPAlive, fitBgNbd } from '../../../../kernel-lib/src/metrics/clv/bgnbd.js';
import { cdnowCalibration, withinHalfPercent } from './cdnowCalibration.js';

describe('BG/NBD', () => {
  const fit = fitBgNbd(cdnowCalibration());

  it('reproduces Fader, Hardie & Lee (2005) on the CDNOW sample from default starts', () => {
    assert.deepEqual(withinHalfPercent(fit.params, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }), []);
    assert.ok(Math.abs(fit.logLikelihood - -9582.4) <= 0.1, `LL ${fit.logLikelihood}`);
    assert.equal(fit.converged, true, fit.reason);
    assert.equal(fit.observations, 2357);
    assert.ok(fit.iterations > 0);
  });

  it('gives standard errors from the Hessian (lifetimes prints 0.0126, 0.378, 0.186, 0.705)', () => {
    const se = fit.standardErrors;
    assert.ok(Math.abs(se.r - 0.0126) < 0.0005, `se r ${se.r}`);
    assert.ok(Math.abs(se.alpha - 0.378) < 0.005, `se alpha ${se.alpha}`);
    assert.ok(Math.abs(se.a - 0.186) < 0.005, `se a ${se.a}`);
    assert.ok(Math.abs(se.b - 0.705) < 0.01, `se b ${se.b}`);
  });

  it('E[Y(39) | x = 2, t_x = 30.43, T = 38.86] = 1.226', () => {
    assert.equal(bgNbdExpected(fit.params, 39, 2, 30.43, 38.86).toFixed(3), '1.226');
  });

  it('P(alive) is 1 without repeats and falls with time since the last purchase', () => {
    assert.equal(bgNbdPAlive(fit.params, 0, 0, 38.86), 1);
    const recent = bgNbdPAlive(fit.params, 2, 38, 38.86);
    const old = bgNbdPAlive(fit.params, 2, 5, 38.86);
    assert.ok(recent > old && old > 0 && recent < 1, `${recent} ${old}`);
  });

  it('says why it did not converge: too few repeat buyers, a boundary', () => {
    const few = fitBgNbd(aq.table({ frequency: [0, 0, 1], recency: [0, 0, 3], T: [5, 6, 7] }));
    assert.equal(few.converged, false);
    assert.match(few.reason, /too few repeat buyers \(1\)/);
    // Everyone buys until the end: nobody drops out, so a → 0 (a boundary, not an answer).
    const x = Array.from({ length: 200 }, (_, i) => 5 + (i % 7));
    const loyal = fitBgNbd(aq.table({ frequency: x, recency: x.map(() => 20), T: x.map(() => 20) }));
    assert.equal(loyal.converged, false);
    assert.match(loyal.reason, /boundary: .*a → 0/);
  });

  it('an L2 penaliser shrinks the parameters', () => {
    const penalised = fitBgNbd(cdnowCalibration(), { penalizer: 0.01 });
    const size = (p: Record<string, number>) => Object.values(p).reduce((s, v) => s + v * v, 0);
    assert.ok(size(penalised.params) < size(fit.params));
    assert.ok(penalised.logLikelihood < fit.logLikelihood);
    assert.equal(penalised.penalizer, 0.01);
    assert.throws(() => fitBgNbd(cdnowCalibration(), { penalizer: -1 }), /invalid penalizer/);
  });
});
