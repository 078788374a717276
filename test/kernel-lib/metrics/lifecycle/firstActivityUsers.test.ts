import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { firstActivityUsers } from '../../../../kernel-lib/src/metrics/lifecycle/firstActivityUsers.js';
import { lastDataDay } from '../../../../kernel-lib/src/metrics/lifecycle/lastDataDay.js';
import { lifecycle } from '../../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { InputError } from '../../../../kernel-lib/src/errors.js';

const orders = aq.from([
  { user_id: 'a', ts: Date.parse('2024-01-05T10:00:00Z'), amount: 10 },
  { user_id: 'a', ts: Date.parse('2024-03-01T10:00:00Z'), amount: 5 },
  { user_id: 'b', ts: Date.parse('2024-02-10T23:30:00Z'), amount: 7 },
]);
const events = aq.from([{ user_id: 'b', ts: Date.parse('2024-01-20T00:00:00Z'), event: 'login' }]);

describe('lifecycle on one file: firstActivityUsers and lastDataDay', () => {
  it('signs each user up at the earliest row of any given table', () => {
    const users = firstActivityUsers({ orders: orders, events: events });
    assert.deepEqual(users.objects(), [
      { user_id: 'a', registered_at: Date.parse('2024-01-05T10:00:00Z') },
      { user_id: 'b', registered_at: Date.parse('2024-01-20T00:00:00Z') }, // the event is earlier than b's order
    ]);
  });

  it('the default as-of is the last local day with a row, in the given zone', () => {
    const users = firstActivityUsers({ orders: orders });
    assert.equal(lastDataDay({ users, orders }, 'UTC'), '2024-03-01');
    // b's order at 23:30 UTC is 2024-02-11 in Shanghai; a's March order is still the last.
    assert.equal(
      lastDataDay({ users, orders: orders.filter((d: any) => d.user_id === 'b') }, 'Asia/Shanghai'),
      '2024-02-11',
    );
  });

  it('lifecycle runs on orders alone with the derived users (growth and churn, nobody in introduction)', () => {
    const users = firstActivityUsers({ orders: orders });
    const r = lifecycle(
      { users, orders },
      {
        asOf: '2024-03-20',
        growthRequires: [],
        churn: { days: 30, activityEvents: [], ordersCountAsActivity: true },
      },
    );
    const counts = Object.fromEntries(r.counts.objects().map((c: any) => [c.stage, c.users]));
    assert.equal(counts.introduction, 0);
    assert.equal(counts.churn, 1); // b: last order 2024-02-10, churned at the end of 2024-03-11
    assert.equal(counts.growth, 1); // a: ordered on 2024-03-01
  });

  it('a row without a user is an error naming table and row', () => {
    const bad = aq.from([{ user_id: null, ts: 0, amount: 1 }]);
    assert.throws(
      () => firstActivityUsers({ orders: bad }),
      (e: unknown) => e instanceof InputError && /orders.*row 1/.test(e.message),
    );
  });
});
