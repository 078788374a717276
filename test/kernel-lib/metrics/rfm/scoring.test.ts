import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rankBounds } from '../../../../kernel-lib/src/metrics/rfm/scoring.js';

describe('rankBounds', () => {
  it('counts smaller and at-most values for whole numbers (counted directly)', () => {
    const { lo, hi } = rankBounds(Float64Array.from([3, 1, 2, 1, -0, 0]));
    assert.deepEqual(Array.from(lo), [5, 2, 4, 2, 0, 0]);
    assert.deepEqual(Array.from(hi), [6, 4, 5, 4, 2, 2]);
  });
  it('gives the same answer for fractions and wide ranges (put in order, then tie blocks)', () => {
    const fractions = rankBounds(Float64Array.from([0.5, 1e9, 0.5, -2.25]));
    assert.deepEqual(Array.from(fractions.lo), [1, 3, 1, 0]);
    assert.deepEqual(Array.from(fractions.hi), [3, 4, 3, 1]);
  });
  it('agrees with counting by comparison on any values, ties and signed zeros included', () => {
    const value = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -5, max: 5 }),
      fc.constantFrom(0, -0, 0.1),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (values) => {
        const { lo, hi } = rankBounds(Float64Array.from(values));
        values.forEach((v, i) => {
          assert.equal(lo[i], values.filter((w) => w < v).length);
          assert.equal(hi[i], values.filter((w) => w <= v).length);
        });
      }),
      { numRuns: 300, seed: 20261204 },
    );
  });
  it('handles no values', () => {
    assert.equal(rankBounds(new Float64Array(0)).lo.length, 0);
  });
});
