import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { rfm } from '../../../../kernel-lib/src/metrics/rfm/rfm.js';

/** One order each: monetary 10, 10, 10, 20, 30 (three tied), all on one day (recency tied too). */
const ORDERS = aq.from(
  [
    ['c', 10],
    ['a', 10],
    ['b', 10],
    ['d', 20],
    ['e', 30],
  ].map(([user_id, amount]) => ({ user_id, amount, ts: new Date('2020-01-01T10:00:00Z') })),
);

const scores = (ties: 'min' | 'ordinal', dim: 'm' | 'r') => {
  const r = rfm(ORDERS, { asOf: '2020-01-10', scoring: { method: 'quantile', ties } });
  return Object.fromEntries((r.users.objects() as Record<string, unknown>[]).map((u) => [u.user_id, u[dim]]));
};

describe("rfm quantile ties: 'ordinal'", () => {
  it('ranks ties by user id ascending, as pandas rank(method="first") on rows sorted by id', () => {
    // pandas: s = pd.Series([10, 10, 10, 20, 30], index=['a','b','c','d','e']); s.rank(method='first') → 1..5
    assert.deepEqual(scores('ordinal', 'm'), { a: 1, b: 2, c: 3, d: 4, e: 5 });
    // The shared-rank rules keep ties together.
    assert.deepEqual(scores('min', 'm'), { a: 1, b: 1, c: 1, d: 4, e: 5 });
    // Recency is tied for everyone: ordinal still spreads them over the bins by id.
    assert.deepEqual(scores('ordinal', 'r'), { a: 1, b: 2, c: 3, d: 4, e: 5 });
    assert.deepEqual(new Set(Object.values(scores('min', 'r'))), new Set([1]));
  });
  it('is named in the result spec, and other values are rejected', () => {
    const r = rfm(ORDERS, { scoring: { method: 'quantile', ties: 'ordinal' } });
    assert.equal(r.spec.scoring.monetary.method === 'quantile' && r.spec.scoring.monetary.ties, 'ordinal');
    assert.throws(
      () => rfm(ORDERS, { scoring: { method: 'quantile', ties: 'first' as never } }),
      /invalid scoring.ties/,
    );
  });
});
