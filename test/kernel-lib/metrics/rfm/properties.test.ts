import assert from 'node:assert/strict';
import * as aq from 'arquero';
import fc from 'fast-check';
import {
  rfm,
  rfmUsersIn,
  RFM_SEGMENTS,
  type RfmScoring,
  type RfmSpec,
} from '../../../../kernel-lib/src/metrics/rfm/index.js';
import { minOf } from '../../../../kernel-lib/src/math/extent.js';

const START = Date.UTC(2023, 0, 1);

const order = fc.record({
  user_id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'),
  product_line: fc.constantFrom('P', 'Q'),
  ts: fc.integer({ min: 0, max: 90 * 24 }).map((h) => START + h * 3_600_000),
  amount: fc.integer({ min: -20, max: 500 }),
});
const orders = fc.array(order, { minLength: 1, maxLength: 60 }).filter((os) => os.some((o) => o.amount >= 0));

const scoring: fc.Arbitrary<RfmScoring> = fc.oneof(
  fc.record({
    method: fc.constant('quantile' as const),
    bins: fc.integer({ min: 2, max: 7 }),
    ties: fc.constantFrom('min' as const, 'max' as const, 'average' as const),
  }),
  fc.constant({ method: 'mean' as const }),
  fc.record({
    method: fc.constant('pareto' as const),
    share: fc.constantFrom(0.5, 0.8, 0.9),
    basis: fc.constantFrom('users' as const),
  }),
  fc.record({ method: fc.constant('topN' as const), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ method: fc.constant('topPercent' as const), percent: fc.integer({ min: 1, max: 100 }) }),
  fc.constant<RfmScoring>({ method: 'cuts', recency: [7, 30], frequency: [2, 4], monetary: [100, 400] }),
);
const spec: fc.Arbitrary<RfmSpec> = fc.record(
  {
    scoring,
    frequency: fc.constantFrom('orders' as const, 'purchaseDays' as const, 'rows' as const),
    monetary: fc.constantFrom('sum' as const, 'mean' as const),
    refunds: fc.constantFrom('net' as const, 'exclude' as const),
    groupBy: fc.constant('product_line'),
    high: fc.constantFrom('aboveMeanScore' as const, 3),
  },
  { requiredKeys: ['scoring'] },
);

/** Rows of the users table as sorted strings (order-free comparison). */
function rowSet(orders: Record<string, unknown>[], s: RfmSpec): string[] {
  return (rfm(aq.from(orders), s).users.objects() as Record<string, unknown>[])
    .map((r) => JSON.stringify(r))
    .sort();
}

describe('rfm properties', () => {
  it('segment counts sum to the users of each group, shares to 1', () => {
    fc.assert(
      fc.property(orders, spec, (os, s) => {
        const result = rfm(aq.from(os), s);
        const total = (result.segments.array('users') as number[]).reduce((a, b) => a + b, 0);
        assert.equal(total, result.users.numRows());
        for (const t of result.thresholds) {
          const rows = result.segments
            .objects()
            .filter((r: any) => r.product_line === t.group || !s.groupBy) as any[];
          assert.equal(rows.length, 8);
          assert.equal(
            rows.reduce((a, r) => a + r.users, 0),
            t.users,
          );
          assert.ok(Math.abs(rows.reduce((a, r) => a + r.share, 0) - 1) < 1e-9);
        }
        const listed = RFM_SEGMENTS.flatMap((seg) => rfmUsersIn(result, seg));
        assert.equal(new Set(listed).size, new Set(result.users.array('user_id') as string[]).size);
      }),
      { numRuns: 150 },
    );
  });
  it('scores stay within 1..levels of their dimension', () => {
    fc.assert(
      fc.property(orders, spec, (os, s) => {
        const result = rfm(aq.from(os), s);
        const groups = new Map(result.thresholds.map((t) => [t.group, t]));
        for (const row of result.users.objects() as any[]) {
          const t = groups.get(s.groupBy ? row.product_line : null)!;
          for (const [col, dim] of [
            ['r', 'recency'],
            ['f', 'frequency'],
            ['m', 'monetary'],
          ] as const) {
            assert.ok(
              Number.isInteger(row[col]) && row[col] >= 1 && row[col] <= t[dim].levels,
              `${col}=${row[col]}`,
            );
          }
        }
      }),
      { numRuns: 150 },
    );
  });
  it('row order does not change the result', () => {
    fc.assert(
      fc.property(orders, spec, fc.integer(), (os, s, seed) => {
        const shuffled = os
          .map((o, i) => ({ o, k: Math.sin(seed + i * 7919) }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.o);
        assert.deepEqual(rowSet(shuffled, s), rowSet(os, s));
      }),
      { numRuns: 150 },
    );
  });
  it('adding an older order does not change days since last purchase', () => {
    fc.assert(
      fc.property(
        orders,
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 500 }),
        (os, daysBack, amount) => {
          const user = os.find((o) => o.amount >= 0)!.user_id;
          const first = minOf(os.filter((o) => o.user_id === user).map((o) => o.ts));
          const more = [...os, { ...os[0], user_id: user, ts: first - daysBack * 86_400_000, amount }];
          const recencyOf = (rows: typeof os) =>
            (rfm(aq.from(rows)).users.objects() as any[]).find((r) => r.user_id === user).recency;
          assert.equal(recencyOf(more), recencyOf(os));
        },
      ),
      { numRuns: 150 },
    );
  });
});
