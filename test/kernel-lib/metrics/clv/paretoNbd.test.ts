import assert from 'node:assert/strict';
import {
  fitParetoNbd,
  paretoNbdExpected,
  paretoNbdPAlive,
} from '../../../../kernel-lib/src/metrics/clv/paretoNbd.js';
import { fitMbgNbd, mbgNbdPAlive } from '../../../../kernel-lib/src/metrics/clv/mbgnbd.js';
import { fitBgNbd } from '../../../../kernel-lib/src/metrics/clv/bgnbd.js';
import { cdnowCalibration, withinHalfPercent } from './cdnowCalibration.js';

describe('Pareto/NBD and MBG/NBD', () => {
  const fit = fitParetoNbd(cdnowCalibration());

  it('Pareto/NBD reproduces Fader & Hardie (2005) on the CDNOW sample from default starts', () => {
    assert.deepEqual(withinHalfPercent(fit.params, { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }), []);
    assert.ok(Math.abs(fit.logLikelihood - -9595.0) <= 0.1, `LL ${fit.logLikelihood}`);
    assert.equal(fit.converged, true, fit.reason);
    assert.ok(Object.values(fit.standardErrors).every((se) => se > 0 && Number.isFinite(se)));
  });

  it('Pareto/NBD predictions: P(alive) in (0, 1], lower after a long silence; expected purchases grow with t', () => {
    const p = fit.params;
    assert.ok(paretoNbdPAlive(p, 2, 38, 38.86) > paretoNbdPAlive(p, 2, 5, 38.86));
    assert.ok(paretoNbdPAlive(p, 0, 0, 38.86) < 1);
    assert.ok(paretoNbdExpected(p, 52, 2, 30.43, 38.86) > paretoNbdExpected(p, 39, 2, 30.43, 38.86));
    // α ≥ β and α < β take different branches of ₂F₁; both must give the same likelihood near α = β.
    const q1 = { ...p, alpha: 10, beta: 10 - 1e-7 };
    const q2 = { ...p, alpha: 10, beta: 10 + 1e-7 };
    assert.ok(Math.abs(paretoNbdPAlive(q1, 3, 10, 38) - paretoNbdPAlive(q2, 3, 10, 38)) < 1e-6);
  });

  it('MBG/NBD fits the same summary, and customers without repeats are not certainly alive', () => {
    const mbg = fitMbgNbd(cdnowCalibration());
    assert.equal(mbg.converged, true, mbg.reason);
    // It nests no model here, but fits CDNOW about as well as BG/NBD (within 2 log-likelihood units).
    assert.ok(Math.abs(mbg.logLikelihood - fitBgNbd(cdnowCalibration()).logLikelihood) < 2);
    assert.ok(mbgNbdPAlive(mbg.params, 0, 0, 38.86) < 1);
  });
});
