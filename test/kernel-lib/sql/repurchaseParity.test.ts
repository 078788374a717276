import assert from 'node:assert/strict';
import { repurchase } from '../../../kernel-lib/src/metrics/repurchase/repurchase.js';
import type { RepurchaseSpec } from '../../../kernel-lib/src/metrics/repurchase/spec.js';
import { repurchaseSql } from '../../../kernel-lib/src/sql/metrics/repurchase.js';
import { asTable, parityOrders } from './parityData.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const SPECS: RepurchaseSpec[] = [
  {},
  { period: 'week', repeatRule: 'returning', windowDays: 30, timeZone: 'Asia/Shanghai' },
  { period: 'month', windowDays: 90, asOf: '2016-09-15', timeZone: 'America/New_York' },
  { period: 'month', repeatRule: 'returning', asOf: '2017-06-30', modeBounds: [0.2, 0.5], level: 0.9 },
  // Lines grouped into orders: one order per user, so no one repeats.
  { period: 'week', orderColumn: 'user_id' },
  // Rows at 23:xx UTC are on the next local day in London's summer only: an offset change placed wrong moves days.
  { period: 'week', windowDays: 3, timeZone: 'Europe/London' },
  // A second order on the first purchase day is no repurchase; breakdowns by first-purchase month and by a column.
  { sameDay: 'later', windowDays: 30, breakdown: { firstPurchase: 'month' }, timeZone: 'Asia/Shanghai' },
  { sameDay: 'later', period: 'week', breakdown: { column: 'line' } },
  { breakdown: { firstPurchase: 'week' }, asOf: '2016-12-31' },
];

describe('repurchaseSql: the same periods and summary as repurchase() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(120_000);
  const rows = parityOrders(7, 2500);
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = repurchase(memory, spec);
      assert.ok(expected.periods.numRows() > 5);
      if (spec.orderColumn === undefined)
        assert.ok(expected.summary.window.repurchased > 0, 'some repurchase');
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => repurchaseSql(e.engine, e.source, spec),
        partsClose('asOf', 'periods', 'summary', 'breakdown', 'breakdownConflicts'),
      );
      if (spec.breakdown) assert.ok(expected.breakdown!.numRows() > 1);
    });
  }

  it('takes rows as orders when told the source has no order id, and rejects bad options', async () => {
    const { engine, source } = run().engines[0];
    const expected = repurchase(memory, { orderColumn: 'no_such_column' });
    const actual = await repurchaseSql(engine, source, {}, { orderId: null });
    assert.deepEqual(actual.summary, expected.summary);
    await assert.rejects(repurchaseSql(engine, source, { windowDays: 0 }), /invalid windowDays/);
  });
});
