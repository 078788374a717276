import assert from 'node:assert/strict';
import {
  normalCdf,
  normalQuantile,
  proportionDifference,
} from '../../../../kernel-lib/src/metrics/campaign/proportions.js';
import { wilsonInterval } from '../../../../kernel-lib/src/math/wilson.js';

const close = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('proportions', () => {
  it('normalCdf and normalQuantile agree with tables', () => {
    close(normalCdf(0), 0.5, 1e-7);
    close(normalCdf(1.959964), 0.975, 1e-6);
    close(normalCdf(-2.575829), 0.005, 1e-6);
    close(normalQuantile(0.975), 1.959964, 1e-6);
    close(normalQuantile(0.005), -2.575829, 1e-6);
    assert.throws(() => normalQuantile(1), RangeError);
  });

  it('wilsonInterval matches Newcombe (1998) table I: 81/263', () => {
    const { low, high } = wilsonInterval(81, 263)!;
    close(low, 0.2553, 1e-4);
    close(high, 0.3662, 1e-4);
    assert.equal(wilsonInterval(0, 0), null);
  });

  it('Newcombe hybrid score interval matches Newcombe (1998) example 56/70 − 48/80', () => {
    const d = proportionDifference(56, 70, 48, 80);
    close(d.difference, 0.2, 1e-12);
    close(d.low, 0.0524, 1e-4);
    close(d.high, 0.3339, 1e-4);
  });

  it('Wald interval and the pooled z-test, worked by hand', () => {
    const d = proportionDifference(56, 70, 48, 80, 0.95, 'wald');
    const se = Math.sqrt((0.8 * 0.2) / 70 + (0.6 * 0.4) / 80);
    close(d.low, 0.2 - 1.959964 * se, 1e-6);
    close(d.high, 0.2 + 1.959964 * se, 1e-6);
    const p = 104 / 150;
    close(d.z, 0.2 / Math.sqrt(p * (1 - p) * (1 / 70 + 1 / 80)), 1e-12);
    close(d.pValue, 0.00805, 1e-4);
  });

  it('gives NaN, not a false certainty, when rates are all 0', () => {
    const d = proportionDifference(0, 10, 0, 10);
    assert.ok(Number.isNaN(d.z) && Number.isNaN(d.pValue));
  });
});
