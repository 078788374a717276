import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import { rfm, resolveRfmSpec } from '../../../../kernel-lib/src/metrics/rfm/index.js';
import { fiveUsers } from './fixture.js';

const specError = (pattern: RegExp) => (e: unknown) => e instanceof SpecError && pattern.test(e.message);
const inputError = (pattern: RegExp) => (e: unknown) => e instanceof InputError && pattern.test(e.message);

describe('rfm spec validation', () => {
  it('fills in the documented defaults', () => {
    assert.deepEqual(resolveRfmSpec({}), {
      timeZone: 'UTC',
      recency: 'daysSinceLast',
      frequency: 'orders',
      monetary: 'sum',
      scoring: {
        recency: { method: 'quantile', bins: 5, ties: 'min' },
        frequency: { method: 'quantile', bins: 5, ties: 'min' },
        monetary: { method: 'quantile', bins: 5, ties: 'min' },
      },
      high: 'aboveMeanScore',
      refunds: 'net',
      userColumn: 'user_id',
      orderColumn: 'order_id',
    });
  });
  it('the result spec is JSON-serialisable and re-runs to the same result', () => {
    const first = rfm(fiveUsers(), { scoring: { method: 'pareto' }, window: 30 });
    const again = rfm(fiveUsers(), JSON.parse(JSON.stringify(first.spec)));
    assert.deepEqual(again.users.objects(), first.users.objects());
  });
  it('rejects unknown options and values, naming what is allowed', () => {
    assert.throws(
      () => rfm(fiveUsers(), { recency: 'days' as never }),
      specError(/invalid recency: "days" \(allowed: "daysSinceLast", "ageAtLast"\)/),
    );
    assert.throws(
      () => rfm(fiveUsers(), { asof: '2020-01-01' } as never),
      specError(/invalid rfm option: "asof"/),
    );
    assert.throws(() => rfm(fiveUsers(), { asOf: '2020-02-30' }), specError(/invalid asOf: "2020-02-30"/));
    assert.throws(
      () => rfm(fiveUsers(), { frequency: 'transactions' as never }),
      specError(/invalid frequency/),
    );
    assert.throws(() => rfm(fiveUsers(), { monetary: 'max' as never }), specError(/invalid monetary/));
    assert.throws(() => rfm(fiveUsers(), { refunds: 'ignore' as never }), specError(/invalid refunds/));
    assert.throws(() => rfm(fiveUsers(), { window: 0 }), specError(/invalid window: "0"/));
    assert.throws(() => rfm(fiveUsers(), { timeZone: 'Mars/Olympus' }), specError(/invalid timeZone/));
    assert.throws(() => rfm(fiveUsers(), { high: 'median' as never }), specError(/invalid high/));
  });
  it('rejects bad scoring rules', () => {
    const bad = (scoring: unknown, pattern: RegExp) =>
      assert.throws(() => rfm(fiveUsers(), { scoring: scoring as never }), specError(pattern));
    bad({ method: 'kmeans' }, /invalid scoring.method: "kmeans"/);
    bad({ method: 'quantile', bins: 1 }, /invalid scoring.bins: "1"/);
    bad({ method: 'quantile', ties: 'first' }, /invalid scoring.ties: "first"/);
    bad({ method: 'quantile', share: 0.8 }, /invalid scoring option: "share"/);
    bad({ method: 'pareto', share: 1 }, /invalid scoring.share: "1"/);
    bad({ recency: { method: 'pareto', basis: 'total' } }, /invalid scoring.recency.basis: "total"/);
    bad({ method: 'topN' }, /invalid scoring.n: undefined/);
    bad({ method: 'topN', n: 2.5 }, /invalid scoring.n: "2.5"/);
    bad({ method: 'topPercent', percent: 0 }, /invalid scoring.percent: "0"/);
    bad({ method: 'cuts', recency: [1], frequency: [1] }, /invalid scoring.monetary: undefined/);
    bad({ method: 'cuts', recency: [5, 1], frequency: [1], monetary: [1] }, /strictly ascending/);
    bad({ recency: { method: 'mean' }, monthly: { method: 'mean' } }, /invalid scoring option: "monthly"/);
    const many = Array.from({ length: 100 }, (_v, i) => i);
    bad(
      { method: 'cuts', recency: many, frequency: [1], monetary: [1] },
      /invalid scoring.recency: "100 cut points"/,
    );
  });
  it('names missing columns and bad rows', () => {
    const noAmount = aq.from([{ user_id: 'a', ts: '2020-01-01' }]);
    assert.throws(() => rfm(noAmount), inputError(/missing column "amount"/));
    assert.throws(
      () => rfm(fiveUsers(), { groupBy: 'product_line' }),
      inputError(/missing column "product_line"/),
    );
    const missingUser = aq.from([
      { user_id: 'a', ts: '2020-01-01', amount: 1 },
      { user_id: null, ts: '2020-01-01', amount: 1 },
    ]);
    assert.throws(() => rfm(missingUser), inputError(/row 2, column "user_id": missing user id/));
    const badDate = aq.from([{ user_id: 'a', ts: 'yesterday', amount: 1 }]);
    assert.throws(() => rfm(badDate), inputError(/column "ts": unparseable timestamp: "yesterday"/));
    const badAmount = aq.from([{ user_id: 'a', ts: '2020-01-01', amount: 'ten' }]);
    assert.throws(() => rfm(badAmount), inputError(/column "amount": not a number: "ten"/));
  });
  it('an empty table: error without asOf, empty result with one', () => {
    const empty = aq.table({ user_id: [] as string[], ts: [] as string[], amount: [] as number[] });
    assert.throws(() => rfm(empty), inputError(/no purchases to score/));
    const result = rfm(empty, { asOf: '2020-01-01' });
    assert.equal(result.users.numRows(), 0);
    assert.equal(result.segments.numRows(), 0);
  });
  it('does not change its input', () => {
    const orders = fiveUsers();
    const before = orders.objects();
    rfm(orders, { groupBy: undefined, scoring: { method: 'mean' } });
    assert.deepEqual(orders.objects(), before);
  });
});

describe('rfm groupBy limits', () => {
  it('rejects a group column with too many values for direct indexing', () => {
    const n = 6000;
    const orders = aq.table({
      user_id: Array.from({ length: n }, (_v, i) => `u${i}`),
      ts: Array.from({ length: n }, () => '2020-01-01'),
      amount: Array.from({ length: n }, () => 1),
      order_id: Array.from({ length: n }, (_v, i) => `o${i}`),
    });
    assert.throws(
      () => rfm(orders, { groupBy: 'order_id' }),
      specError(/invalid groupBy: "order_id".*6000 groups × 6000 users/),
    );
  });
});
