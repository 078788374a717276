import assert from 'node:assert/strict';
import type { ColumnTable } from 'arquero';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import type { RfmSpec } from '../../../kernel-lib/src/metrics/rfm/spec.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { rfmSegmentsSql, rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';
import { repurchase } from '../../../kernel-lib/src/metrics/repurchase/repurchase.js';
import { repurchaseSql } from '../../../kernel-lib/src/sql/metrics/repurchase.js';
import {
  assertRowsClose,
  asTable,
  parityOrders,
  random,
  rowsOf,
  writeParquet,
  type OrderRow,
} from './parityData.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

/** Where the order id of the order-line rows is: the parity rows' `line` column, named `order_id`. */
export const LINE_COLUMNS = { user_id: 'user_id', ts: 'ts', amount: 'amount', line: 'order_id' } as const;

/**
 * Invoice-like order lines: each parity order split into 1–3 lines a few seconds apart (amounts summing to
 * the order's), under the order id in `line`. Some orders mix a refund line into a purchase.
 */
export function orderLines(seed: number, orders: number): OrderRow[] {
  const next = random(seed);
  const out: OrderRow[] = [];
  parityOrders(seed, orders).forEach((o, i) => {
    const k = 1 + Math.floor(next() * 3);
    let left = o.amount;
    for (let j = 0; j < k; j++) {
      const part = j === k - 1 ? left : Math.round((o.amount / k) * 100) / 100;
      left = Math.round((left - part) * 100) / 100;
      out.push({ user_id: o.user_id, ts: o.ts + j * 7000, amount: part, line: `o${i}` });
    }
    if (o.amount > 0 && next() < 0.05) out.push({ ...o, amount: -1, line: `o${i}` });
  });
  return out;
}

/** The order lines in memory, with the order id column. */
export function linesTable(rows: OrderRow[]): ColumnTable {
  return asTable(rows).rename({ line: 'order_id' });
}

function sortedUsers(t: ColumnTable): Record<string, unknown>[] {
  return rowsOf(t).sort((a, b) => (String(a.user_id) < String(b.user_id) ? -1 : 1));
}

const RFM_SPECS: RfmSpec[] = [
  {},
  { frequency: 'rows' },
  { frequency: 'purchaseDays', monetary: 'mean', timeZone: 'Asia/Shanghai' },
  { refunds: 'exclude', monetary: 'mean', window: 200, asOf: '2017-01-01' },
  { orderColumn: null },
];

describe('SQL engines on order lines (order_id mapped): the same orders as in memory', function () {
  this.timeout(180_000);
  const rows = orderLines(16, 2500);
  const memory = linesTable(rows);
  const run = engineHooks(() => parityEngines(rows, LINE_COLUMNS, 'order_lines'));

  for (const spec of RFM_SPECS) {
    it(`rfm ${JSON.stringify(spec)}`, async () => {
      const expected = rfm(memory, spec);
      assert.equal(
        expected.spec.orderColumn,
        spec.frequency === 'rows' || spec.orderColumn === null ? null : 'order_id',
      );
      await sameOnEveryEngine(
        run().engines,
        expected,
        async (e) => rfmSql(e.engine, e.source, spec),
        (actual, x, name) => {
          assertRowsClose(sortedUsers(actual.users), sortedUsers(x.users), `${name} users`);
          assert.deepEqual(actual.spec, x.spec, `${name} spec`);
        },
      );
      const counts = await rfmSegmentsSql(run().engines[0].engine, run().engines[0].source, spec);
      assert.equal(counts.orderColumn, expected.spec.orderColumn);
    });
  }

  for (const spec of [
    { windowDays: 30 },
    { sameDay: 'later' as const, breakdown: { firstPurchase: 'month' as const } },
  ]) {
    it(`repurchase ${JSON.stringify(spec)}`, async () => {
      const expected = repurchase(memory, spec);
      assert.ok(expected.summary.window.repurchased > 0);
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => repurchaseSql(e.engine, e.source, spec),
        partsClose('asOf', 'periods', 'summary', 'breakdown'),
      );
    });
  }

  it('the orders are not the lines: F by orders differs from F by rows', () => {
    const byOrders = rfm(memory).users.array('frequency') as number[];
    const byRows = rfm(memory, { frequency: 'rows' }).users.array('frequency') as number[];
    assert.ok(byRows.reduce((a, b) => a + b, 0) > byOrders.reduce((a, b) => a + b, 0) * 1.5);
  });
});

describe('order ids that are not one order: the same error on DuckDB and chdb as in memory', function () {
  this.timeout(60_000);
  const cases: [string, OrderRow[], RegExp][] = [
    [
      'two users',
      [
        { user_id: 'a', ts: Date.UTC(2020, 0, 1, 10), amount: 5, line: 'o1' },
        { user_id: 'b', ts: Date.UTC(2020, 0, 1, 10), amount: 5, line: 'o1' },
        { user_id: 'b', ts: Date.UTC(2020, 0, 2, 10), amount: 5, line: 'o2' },
      ],
      /1 order ids under more than one user, e.g. o1 \(users a and b\)/,
    ],
    [
      'hours apart',
      [
        { user_id: 'a', ts: Date.UTC(2020, 0, 1, 10), amount: 5, line: 'o1' },
        { user_id: 'a', ts: Date.UTC(2020, 0, 1, 12), amount: 5, line: 'o1' },
      ],
      /1 order ids whose lines are more than an hour apart, e.g. o1 \(2020-01-01T10:00:00.000Z to 2020-01-01T12:00:00.000Z\)/,
    ],
  ];
  for (const [name, rows, error] of cases) {
    it(name, async () => {
      assert.throws(() => rfm(linesTable(rows)), error);
      const file = await writeParquet(rows, LINE_COLUMNS);
      for (const engine of [await duckdb({ threads: 1 }), await chdbEngine()]) {
        try {
          await assert.rejects(rfmSql(engine, { file }), error);
          const lines = await rfmSql(engine, { file }, { frequency: 'rows' });
          assert.equal(lines.spec.orderColumn, null);
        } finally {
          await engine.close();
        }
      }
    });
  }
});
