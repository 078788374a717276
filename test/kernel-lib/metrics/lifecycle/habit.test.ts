import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { retentionByPastInvestments } from '../../../../kernel-lib/src/metrics/lifecycle/habit.js';
import { wilsonInterval } from '../../../../kernel-lib/src/math/wilson.js';

const day = (d: string) => `2017-${d}T09:00:00Z`;
const orders = aq.from([
  ...['01-01', '01-10', '03-01', '03-05', '03-06', '03-07', '03-20'].map((d) => ({
    user_id: 'x',
    ts: day(d),
  })),
  { user_id: 'y', ts: day('04-10') }, // window ends after asOf: censored
  { user_id: 'z', ts: day('01-01') },
]);

describe('retentionByPastInvestments', () => {
  const r = retentionByPastInvestments(orders, { asOf: '2017-04-30', withinDays: 30, maxCount: 3 });

  it('counts, per number of past investments, who invests again in time', () => {
    assert.deepEqual(r.table.array('past_investments'), ['1', '2', '3+']);
    assert.deepEqual([...r.table.array('observations')], [2, 1, 5]);
    assert.deepEqual([...r.table.array('retained')], [1, 0, 4]);
    assert.deepEqual([...r.table.array('users')], [2, 1, 1]);
    assert.deepEqual([...r.table.array('rate')], [0.5, 0, 0.8]);
    assert.equal(r.table.get('ci_low', 0), wilsonInterval(1, 2)!.low);
    assert.equal(r.table.get('ci_high', 2), wilsonInterval(4, 5)!.high);
  });

  it('lists the users behind a bucket', () => {
    assert.deepEqual(r.usersIn('1'), ['x', 'z']);
    assert.deepEqual(r.usersIn('1', 'retained'), ['x']);
    assert.deepEqual(r.usersIn('1', 'lost'), ['z']);
    assert.throws(() => r.usersIn('4'), /invalid bucket: "4"/);
  });

  it('reads nothing after asOf', () => {
    const more = orders.concat(aq.from([{ user_id: 'z', ts: day('05-01') }]));
    const again = retentionByPastInvestments(more, { asOf: '2017-04-30', withinDays: 30, maxCount: 3 });
    assert.deepEqual(again.table.objects(), r.table.objects());
  });
});
