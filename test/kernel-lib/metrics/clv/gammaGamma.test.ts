import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { fitGammaGamma, gammaGammaExpectedSpend } from '../../../../kernel-lib/src/metrics/clv/gammaGamma.js';
import { InputError } from '../../../../kernel-lib/src/errors.js';
import { cdnowCalibration, withinHalfPercent } from './cdnowCalibration.js';

describe('Gamma-Gamma', () => {
  const fit = fitGammaGamma(cdnowCalibration());

  it('reproduces p = 6.25, q = 3.74, γ = 15.44 on the 946 repeat buyers', () => {
    assert.deepEqual(withinHalfPercent(fit.params, { p: 6.25, q: 3.74, gamma: 15.44 }), []);
    assert.equal(fit.observations, 946);
    assert.equal(fit.converged, true, fit.reason);
  });

  it('expected spend shrinks a customer mean toward the population mean', () => {
    const population = gammaGammaExpectedSpend(fit.params, 0, 0);
    const { p, q, gamma } = fit.params;
    assert.equal(population, (p * gamma) / (q - 1));
    const high = gammaGammaExpectedSpend(fit.params, 2, 100);
    assert.ok(high < 100 && high > population);
    // lifetimes' documentation (conditional_expected_average_profit on this summary): customers 1, 2, 3
    // (x = 2, zbar = 22.35; x = 1, zbar = 11.77; x = 0) expect 24.66, 18.91 and 35.17 per purchase.
    const expected = [
      gammaGammaExpectedSpend(fit.params, 2, 22.35),
      gammaGammaExpectedSpend(fit.params, 1, 11.77),
      population,
    ];
    assert.deepEqual(
      expected.map((v) => v.toFixed(2)),
      ['24.66', '18.91', '35.17'],
    );
  });

  it('refuses a repeat buyer without a positive spend, naming the row', () => {
    const t = aq.table({ frequency: [1, 2, 3, 1], monetary_value: [10, 0, 5, 7] });
    assert.throws(
      () => fitGammaGamma(t),
      (e: unknown) => e instanceof InputError && /row 2/.test(e.message),
    );
  });
});
