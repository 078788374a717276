import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';

/** a and b start in January; a is back on 10 February, and the as-of day is 15 February (mid-month). */
const EVENTS = aq.from(
  [
    ['a', '2020-01-05T10:00:00Z', 5],
    ['b', '2020-01-07T10:00:00Z', 3],
    ['a', '2020-02-10T10:00:00Z', 4],
  ].map(([user_id, ts, amount]) => ({ user_id, ts: new Date(ts as string), amount })),
);
const SPEC = { asOf: '2020-02-15', amount: 'amount' };
const february = (partialPeriods?: 'blank' | 'count') =>
  (cohortMatrix(EVENTS, { ...SPEC, partialPeriods }).cells.objects() as Record<string, unknown>[]).find(
    (r) => r.cohort === '2020-01' && r.offset === 1,
  )!;

describe('cohortMatrix partialPeriods', () => {
  it("'blank' (default) leaves a period in progress empty; 'count' shows what was seen; both mark it", () => {
    const blank = february();
    assert.deepEqual([blank.active, blank.rate, blank.revenue, blank.complete], [null, null, null, false]);
    const count = february('count');
    assert.deepEqual(
      [count.active, count.rate, count.revenue, count.ltv, count.complete],
      [1, 0.5, 4, 6, false],
    );
    assert.equal(cohortMatrix(EVENTS, SPEC).spec.partialPeriods, 'blank');
  });
  it('rejects other values', () => {
    assert.throws(() => cohortMatrix(EVENTS, { partialPeriods: 'hatch' as never }), /invalid partialPeriods/);
  });
});
