import assert from 'node:assert/strict';
import * as aq from 'arquero';
import fc from 'fast-check';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';

/**
 * Cohort revenue is summed exactly (whole millionths), so a cell is the same number (`===`) whatever the
 * order of the rows: a sorted, a reversed or a shuffled file gives identical revenue, revenue_cum and ltv.
 */

type Order = { user_id: string; ts: string; amount: number };

function cells(rows: readonly Order[]): Record<string, unknown>[] {
  const m = cohortMatrix(aq.from(rows), { amount: 'amount', asOf: '2024-04-30' });
  return m.cells.objects() as Record<string, unknown>[];
}

describe('cohortMatrix revenue: order-independent money sums', () => {
  it('0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 are the same revenue, 0.6 (a float sum differs in the last bit)', () => {
    assert.notEqual(0.1 + 0.2 + 0.3, 0.3 + 0.2 + 0.1); // why the sums are exact
    const forward: Order[] = [
      { user_id: 'a', ts: '2024-01-05T10:00:00Z', amount: 0.1 },
      { user_id: 'b', ts: '2024-01-06T10:00:00Z', amount: 0.2 },
      { user_id: 'a', ts: '2024-01-07T10:00:00Z', amount: 0.3 },
      { user_id: 'a', ts: '2024-02-07T10:00:00Z', amount: 0.7 },
    ];
    const a = cells(forward);
    const b = cells([...forward].reverse());
    assert.deepStrictEqual(b, a);
    const jan0 = a.find((c) => c.cohort === '2024-01' && c.offset === 0)!;
    assert.equal(jan0.revenue, 0.6);
    const jan1 = a.find((c) => c.cohort === '2024-01' && c.offset === 1)!;
    assert.equal(jan1.revenue, 0.7);
    assert.equal(jan1.revenue_cum, 1.3); // 0.6 + 0.7 is 1.2999999999999998 in doubles
    assert.equal(jan1.ltv, 0.65);
  });

  it('shuffling the rows gives identical cells (===), with refunds, cents and odd fractions', () => {
    const order = fc.record({
      user: fc.integer({ min: 0, max: 11 }),
      day: fc.integer({ min: 0, max: 110 }),
      // Cents (refunds too) and amounts with up to 4 decimals, as exports of prices × quantities have.
      amount: fc.oneof(
        fc.integer({ min: -50_000, max: 500_000 }).map((c) => c / 100),
        fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 10_000),
      ),
    });
    fc.assert(
      fc.property(
        fc.array(order, { minLength: 1, maxLength: 80 }),
        fc.array(fc.nat(), { minLength: 80, maxLength: 80 }),
        (raw, keys) => {
          const rows: Order[] = raw.map((r) => ({
            user_id: `u${r.user}`,
            ts: new Date(Date.UTC(2024, 0, 1 + r.day, 12)).toISOString(),
            amount: r.amount,
          }));
          const shuffled = rows
            .map((r, i) => ({ r, k: keys[i] }))
            .sort((x, y) => x.k - y.k)
            .map((x) => x.r);
          const a = cells(rows);
          assert.deepStrictEqual(cells(shuffled), a);
          assert.deepStrictEqual(cells([...rows].reverse()), a);
          // And the cells hold the exact total: no cent lost or gained.
          const totalCents = raw.reduce((s, r) => s + Math.round(r.amount * 1e4), 0);
          const cellTotal = a
            .filter((c) => c.complete)
            .reduce((s, c) => s + Math.round((c.revenue as number) * 1e4), 0);
          assert.equal(cellTotal, totalCents);
        },
      ),
      { numRuns: 200 },
    );
  });
});
