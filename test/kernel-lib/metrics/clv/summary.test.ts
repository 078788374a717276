import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { clvSummary } from '../../../../kernel-lib/src/metrics/clv/summary.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import { cdnowOrders, cdnowPublishedSummary } from '../../../../datasets/cdnow/cdnow.js';

const CDNOW_SPEC = {
  timeUnit: 'day',
  durationUnit: 'week',
  end: '1998-06-30',
  calibrationEnd: '1997-09-30',
} as const;

describe('clvSummary', () => {
  describe('on the CDNOW sample, against the published calibration summary', () => {
    const summary = clvSummary(cdnowOrders(), CDNOW_SPEC);
    const published = cdnowPublishedSummary();
    const t = summary.customers;

    it('has all 2,357 customers and Σx = 2,457, x exact per customer', () => {
      assert.equal(t.numRows(), 2357);
      assert.equal(published.length, 2357);
      const ids = t.array('user_id') as string[];
      const x = t.array('frequency') as Float64Array;
      const byId = new Map(ids.map((id, i) => [id, i]));
      let sum = 0;
      for (const row of published) {
        const i = byId.get(row.id);
        assert.ok(i !== undefined, `customer ${row.id}`);
        assert.equal(x[i], row.x, `x of ${row.id}`);
        sum += x[i];
      }
      assert.equal(sum, 2457);
      assert.equal(summary.counts.repeatBuyers, 946);
      assert.equal(summary.counts.customersFirstSeenAfter, 0);
    });

    it('matches t_x, T and zbar to the published rounding (2 decimals)', () => {
      const ids = t.array('user_id') as string[];
      const byId = new Map(ids.map((id, i) => [id, i]));
      const cols = { t_x: 'recency', T: 'T', zbar: 'monetary_value' } as const;
      for (const [pub, col] of Object.entries(cols) as [keyof typeof cols, string][]) {
        const v = t.array(col) as Float64Array;
        for (const row of published) {
          const got = v[byId.get(row.id)!];
          // Half a unit of the published 2nd decimal (32.535 is printed 32.54; in doubles it is 32.534999…).
          assert.ok(Math.abs(got - row[pub]) <= 0.005 + 1e-9, `${pub} of ${row.id}: ${got} vs ${row[pub]}`);
        }
      }
    });

    it('gives the holdout columns (39-week calibration, 39-week holdout) and counts what it left out', () => {
      assert.deepEqual(t.columnNames(), [
        'user_id',
        'frequency',
        'recency',
        'T',
        'monetary_value',
        'frequency_holdout',
        'monetary_value_holdout',
        'duration_holdout',
      ]);
      assert.equal((t.array('duration_holdout') as Float64Array)[0], 273 / 7);
      assert.equal(summary.counts.rowsAfterEnd, 0);
      assert.equal(summary.counts.rows, 6919);
      const holdout = aq.agg(t, aq.op.sum('frequency_holdout'));
      assert.ok(holdout > 1000 && holdout < 2000, `holdout purchases ${holdout}`);
      assert.ok(summary.definitions.some((d) => d.includes('weeks (days × 0.142857)')));
    });
  });

  describe('rules', () => {
    const orders = aq.table({
      user_id: ['a', 'a', 'a', 'a', 'b', 'c', 'a'],
      ts: [
        '2020-01-01T10:00Z',
        '2020-01-01T20:00Z',
        '2020-01-03T00:00Z',
        '2020-01-09T00:00Z',
        '2020-01-05T00:00Z',
        '2020-01-20T00:00Z',
        '2020-01-15T00:00Z',
      ],
      amount: [10, 5, 7, 3, 4, 9, 100],
    });

    it('merges purchases per day, excludes the first period from the mean, leaves out later customers', () => {
      const s = clvSummary(orders, { timeUnit: 'day', end: '2020-01-10' });
      assert.deepEqual(s.customers.objects(), [
        { user_id: 'a', frequency: 2, recency: 8, T: 9, monetary_value: 5 },
        { user_id: 'b', frequency: 0, recency: 0, T: 5, monetary_value: 0 },
      ]);
      assert.equal(s.counts.rowsAfterEnd, 2);
      assert.equal(s.counts.customersFirstSeenAfter, 0);
    });

    it('merges per ISO week and counts whole weeks', () => {
      // 2020-01-01 (Wed) and 01-03 are week 1, 01-09 is week 2, 01-15 week 3; end 2020-01-20 (Mon) week 4.
      const s = clvSummary(orders, { timeUnit: 'week', end: '2020-01-20' });
      assert.deepEqual(s.customers.objects()[0], {
        user_id: 'a',
        frequency: 2,
        recency: 2,
        T: 3,
        monetary_value: 51.5,
      });
    });

    it('with calibrationEnd, splits calibration and holdout and counts customers first seen in the holdout', () => {
      const s = clvSummary(orders, { timeUnit: 'day', end: '2020-01-20', calibrationEnd: '2020-01-04' });
      assert.deepEqual(s.customers.objects()[0], {
        user_id: 'a',
        frequency: 1,
        recency: 2,
        T: 3,
        monetary_value: 7,
        frequency_holdout: 2,
        monetary_value_holdout: 51.5,
        duration_holdout: 16,
      });
      assert.equal(s.customers.numRows(), 1);
      assert.equal(s.counts.customersFirstSeenAfter, 2);
    });

    it('refuses unclear options and missing values', () => {
      assert.throws(() => clvSummary(orders, { end: '2020-01-10' } as never), SpecError);
      assert.throws(
        () => clvSummary(orders, { timeUnit: 'fortnight', end: '2020-01-10' } as never),
        /invalid timeUnit/,
      );
      assert.throws(
        () => clvSummary(orders, { timeUnit: 'week', durationUnit: 'day', end: '2020-01-10' }),
        /invalid durationUnit/,
      );
      assert.throws(() => clvSummary(orders, { timeUnit: 'day', end: '2020-02-30' }), /invalid end/);
      assert.throws(
        () => clvSummary(orders, { timeUnit: 'day', end: '2020-01-10', calibrationEnd: '2020-01-10' }),
        /invalid calibrationEnd/,
      );
      const bad = aq.table({ user_id: ['a', null], ts: ['2020-01-01', '2020-01-02'], amount: [1, 2] });
      assert.throws(
        () => clvSummary(bad, { timeUnit: 'day', end: '2020-01-10' }),
        (e: unknown) => e instanceof InputError && /row 2/.test(e.message),
      );
    });
  });
});
