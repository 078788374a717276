/* eslint-disable no-restricted-syntax -- this file compares minOf/maxOf with the spreads they replace */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as aq from 'arquero';
import { maxOf, minOf } from '../../../kernel-lib/src/math/extent.js';
import { cohortMatrix } from '../../../kernel-lib/src/metrics/cohort/cohort.js';
import { cohortHeatmap } from '../../../kernel-lib/src/present/cohortFigures.js';
import { cohortTable } from '../../../kernel-lib/src/present/cohortTables.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { rfmTable } from '../../../kernel-lib/src/present/rfmTables.js';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';

const DAY = 86_400_000;

describe('minOf / maxOf', () => {
  it('agree with Math.min / Math.max on small arrays, NaN skipped, ±Infinity when empty', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true })), (xs) => {
        assert.equal(minOf(xs), Math.min(...xs));
        assert.equal(maxOf(xs), Math.max(...xs));
        assert.equal(minOf([...xs, NaN]), Math.min(...xs));
      }),
    );
    assert.equal(minOf([]), Infinity);
    assert.equal(maxOf(new Set<number>()), -Infinity);
  });

  it('take arrays of any length, where a spread into Math.max throws RangeError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 500_000, max: 2_000_000 }), fc.integer(), (n, at) => {
        const xs = new Float64Array(n).fill(1);
        const i = Math.abs(at) % n;
        xs[i] = 2;
        assert.equal(maxOf(xs), 2);
        xs[i] = 0;
        assert.equal(minOf(xs), 0);
      }),
      { numRuns: 3 },
    );
    assert.throws(() => Math.max(...new Float64Array(2_000_000)), RangeError, 'the trap this guards');
  });
});

describe('metrics and their presentations on large inputs (no spread of data into a call)', function () {
  this.timeout(120_000);

  it('RFM of 300k+ users, daily cohorts over 2 years (365k cells), retention: tables and figures build', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300_000, max: 360_000 }),
        fc.integer({ min: 1, max: 1000 }),
        (users, seed) => {
          const start = Date.UTC(2020, 0, 1);
          const n = users * 2;
          const user_id = new Array<string>(n);
          const ts = new Float64Array(n);
          const amount = new Float64Array(n);
          for (let i = 0; i < n; i++) {
            const u = i % users;
            user_id[i] = `u${u}`;
            // Spread first orders over 850 days; the second order 0–60 days later.
            const first = (u * 7 + seed) % 850;
            ts[i] = start + (i < users ? first : first + ((u * 13) % 61)) * DAY + (u % 86_400) * 1000;
            amount[i] = ((u * 31 + i) % 5000) / 100 + 0.01;
          }
          const orders = aq.table({ user_id, ts: Array.from(ts, (t) => new Date(t)), amount });
          const segments = rfm(orders, { scoring: { method: 'quantile' } });
          assert.equal(segments.users.numRows(), users);
          assert.ok(rfmTable(segments).rows.length > 0);
          const daily = cohortMatrix(orders, { period: 'day' });
          assert.ok(daily.cells.numRows() > 300_000, `${daily.cells.numRows()} cells`);
          assert.equal(cohortHeatmap(daily).data.length, 1);
          assert.ok(cohortTable(daily).rows.length > 800);
          const kept = retention(orders, { days: [1, 7, 30] });
          assert.ok(kept.total.numRows() > 0);
        },
      ),
      { numRuns: 1 },
    );
  });
});
