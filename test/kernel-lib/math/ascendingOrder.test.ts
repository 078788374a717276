import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ascendingOrder } from '../../../kernel-lib/src/math/ascendingOrder.js';

/** The order an ordinary stable comparison sort gives (NaN last, -0 equal to 0). */
function byComparison(values: readonly number[]): number[] {
  const key = (v: number) => (Number.isNaN(v) ? Infinity : v);
  return values
    .map((_, i) => i)
    .sort((a, b) => {
      const x = values[a];
      const y = values[b];
      if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
      return key(x) - key(y) || a - b;
    });
}

describe('math/ascendingOrder', () => {
  it('orders negatives, zeros of both signs, fractions, infinities and NaN, keeping ties in input order', () => {
    const values = [3, -0, 1e-300, -2.5, 0, Infinity, NaN, -Infinity, -1e-300, 3, 2 ** 53, -(2 ** 53)];
    assert.deepEqual(
      Array.from(ascendingOrder(Float64Array.from(values))),
      [7, 11, 3, 8, 1, 4, 2, 0, 9, 10, 5, 6],
    );
  });

  it('handles no values and one value', () => {
    assert.equal(ascendingOrder(new Float64Array(0)).length, 0);
    assert.deepEqual(Array.from(ascendingOrder(Float64Array.of(-7))), [0]);
  });

  it('agrees with a stable comparison sort on any doubles (including values differing in the last bit)', () => {
    const nearby = fc.integer({ min: -3, max: 3 }).map((k) => 1234.5678 + k * Number.EPSILON * 1024);
    const value = fc.oneof(
      fc.double(),
      fc.integer({ min: -50, max: 50 }),
      nearby,
      fc.constantFrom(0, -0, NaN),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 300 }), (values) => {
        assert.deepEqual(Array.from(ascendingOrder(Float64Array.from(values))), byComparison(values));
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });
});
