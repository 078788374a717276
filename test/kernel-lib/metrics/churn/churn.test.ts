import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { churn } from '../../../../kernel-lib/src/metrics/churn/churn.js';
import { AS_OF, data } from '../lifecycle/fixture.js';

describe('churn', () => {
  const r = churn(data, { asOf: AS_OF });

  it('finds who is churned as of the day, and since when', () => {
    assert.deepEqual(r.churned(), ['u7']);
    const u7 = (r.users.objects() as any[]).find((u) => u.user_id === 'u7');
    assert.equal(u7.churn_day, '2017-02-14');
    assert.equal(u7.stage, 'growth');
    assert.equal(u7.churn_period, '2017-02');
    assert.equal(u7.registered_on, '2016-10-01');
    const u3 = (r.users.objects() as any[]).find((u) => u.user_id === 'u3');
    assert.deepEqual(
      [u3.order_count, u3.max_order_amount, u3.total_invested, u3.product_types],
      [2, 2000, 3000, 'rateBoost,regular'],
    );
    const u1 = (r.users.objects() as any[]).find((u) => u.user_id === 'u1');
    assert.deepEqual([u1.order_count, u1.max_order_amount, u1.product_types], [0, null, '']);
    assert.equal(r.users.numRows(), 8); // u8 signs up later
  });

  it('counts every crossing of the churn line per month, including users who came back', () => {
    assert.deepEqual(r.byPeriod.objects(), [
      { period: '2016-10', churned_users: 1, episodes: 1 },
      { period: '2016-11', churned_users: 0, episodes: 0 },
      { period: '2016-12', churned_users: 3, episodes: 3 },
      { period: '2017-01', churned_users: 2, episodes: 2 },
      { period: '2017-02', churned_users: 3, episodes: 3 },
      { period: '2017-03', churned_users: 0, episodes: 0 },
    ]);
    assert.deepEqual(r.usersIn('2016-12'), ['u5', 'u6', 'u7']);
    assert.deepEqual(r.usersIn('2017-02'), ['u3', 'u4', 'u7']);
  });

  it('breaks churn down by stage and by channel within stage', () => {
    assert.deepEqual(r.byStage.objects(), [
      { stage: 'introduction', users: 3, churned: 0, churn_rate: 0, share_of_churned: 0 },
      { stage: 'growth', users: 4, churned: 1, churn_rate: 0.25, share_of_churned: 1 },
      { stage: 'maturity', users: 1, churned: 0, churn_rate: 0, share_of_churned: 0 },
    ]);
    const cells = (r.byStageChannel.objects() as any[]).map(
      (c) => `${c.stage}/${c.channel} ${c.churned}/${c.users}`,
    );
    assert.deepEqual(cells, [
      'introduction/distribution 0/2',
      'introduction/invite 0/1',
      'growth/app 0/2',
      'growth/distribution 1/1',
      'growth/invite 0/1',
      'maturity/app 0/1',
    ]);
  });

  it('follows the rule in the spec: days, activity kinds, orders', () => {
    const loose = churn(data, { asOf: AS_OF, days: 45, activityEvents: ['login', 'page_view'] });
    assert.deepEqual(loose.churned(), []);
    // Without orders as activity, u3's December order no longer resets the clock (he crosses on 12-31),
    // and u7's December crossing, which followed his 12-01 order, disappears.
    const noOrders = churn(data, { asOf: AS_OF, ordersCountAsActivity: false });
    assert.deepEqual(noOrders.churned(), ['u7']);
    assert.deepEqual(noOrders.usersIn('2016-12'), ['u3', 'u5', 'u6']);
  });

  it('starts the series at `from` and counts by week when asked', () => {
    const weekly = churn(data, { asOf: AS_OF, period: 'week', from: '2017-02-01' });
    const rows = weekly.byPeriod.objects() as { period: string; churned_users: number }[];
    assert.equal(rows[0].period, '2017-01-30'); // the ISO week (Monday) containing 2017-02-01
    assert.deepEqual(
      rows.filter((r) => r.churned_users > 0).map((r) => `${r.period} ${r.churned_users}`),
      ['2017-01-30 1', '2017-02-06 2', '2017-02-13 1'], // u2 on 01-31; u3, u4 on 02-09; u7 on 02-14
    );
    assert.deepEqual(weekly.usersIn('2017-02-06'), ['u3', 'u4']);
  });

  it('reads no row after asOf', () => {
    const future = {
      ...data,
      events: data.events!.concat(aq.from([{ user_id: 'u7', ts: '2017-03-02T00:00:00Z', event: 'login' }])),
    };
    assert.deepEqual(churn(future, { asOf: AS_OF }).users.objects(), r.users.objects());
  });

  it('rejects a bad rule', () => {
    assert.throws(() => churn(data, { asOf: AS_OF, days: 0 }), /invalid churn.days: "0"/);
    assert.throws(
      () => churn(data, { asOf: AS_OF, activityEvents: 'login' as any }),
      /invalid churn.activityEvents/,
    );
    assert.throws(() => churn(data, { asOf: AS_OF, window: 30 } as any), /invalid churn option: "window"/);
  });
});
