import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { channelRoi } from '../../../../kernel-lib/src/metrics/channelRoi/channelRoi.js';
import { InputError } from '../../../../kernel-lib/src/errors.js';
import { acquisitionUsers as users } from '../../../support/acquisitionUsers.js';

const orders = aq.from([
  { user_id: 'a', ts: '2024-01-06T00:00:00Z', amount: 600 },
  { user_id: 'a', ts: '2024-02-06T00:00:00Z', amount: 300 },
  { user_id: 'b', ts: '2024-01-21T00:00:00Z', amount: 500 },
  { user_id: 'c', ts: '2024-02-03T00:00:00Z', amount: 400 },
  { user_id: 'd', ts: '2024-01-11T00:00:00Z', amount: 200 },
  { user_id: 'e', ts: '2024-02-01T00:00:00Z', amount: 50 },
]);
const costs = aq.from([
  { channel: 'baidu', period: '2024-01', cost: 1000 },
  { channel: 'baidu', period: '2024-02', cost: 1000 },
  { channel: 'wechat', period: '2024-01', cost: 400 },
]);

describe('channelRoi', () => {
  it('divides the revenue of each channel’s users by its cost, per month, and marks ROI ≥ 1 sustainable', () => {
    const r = channelRoi({ users, orders, costs });
    assert.deepEqual(r.table.objects(), [
      {
        channel: 'baidu',
        period: '2024-01',
        cost: 1000,
        revenue: 1100,
        payingUsers: 2,
        roi: 1.1,
        sustainable: true,
      },
      {
        channel: 'baidu',
        period: '2024-02',
        cost: 1000,
        revenue: 700,
        payingUsers: 2,
        roi: 0.7,
        sustainable: false,
      },
      {
        channel: 'organic',
        period: '2024-02',
        cost: null,
        revenue: 50,
        payingUsers: 1,
        roi: NaN,
        sustainable: null,
      },
      {
        channel: 'wechat',
        period: '2024-01',
        cost: 400,
        revenue: 200,
        payingUsers: 1,
        roi: 0.5,
        sustainable: false,
      },
    ]);
    assert.deepEqual(r.byChannel.objects()[1], {
      channel: 'organic',
      cost: null,
      revenue: 50,
      roi: NaN,
      sustainable: null,
    });
    assert.deepEqual(r.byChannel.objects()[0], {
      channel: 'baidu',
      cost: 2000,
      revenue: 1800,
      roi: 0.9,
      sustainable: false,
    });
  });

  it('counts only users acquired in the period when asked, and applies a revenue share and threshold', () => {
    const r = channelRoi(
      { users, orders, costs },
      { revenueOf: 'registeredInPeriod', revenueShare: 0.5, sustainableAt: 0.5 },
    );
    const baidu = r.table.objects().filter((x: any) => x.channel === 'baidu');
    assert.deepEqual(
      baidu.map((x: any) => [x.period, x.revenue, x.sustainable]),
      [
        ['2024-01', 550, true], // a 600 + b 500, halved
        ['2024-02', 200, false], // only c (a's February order is not from a February sign-up)
      ],
    );
  });

  it('follows the time zone for period boundaries', () => {
    const r = channelRoi(
      { users, orders: aq.from([{ user_id: 'd', ts: '2024-01-31T17:00:00Z', amount: 10 }]), costs },
      { timeZone: 'Asia/Shanghai' },
    );
    assert.equal(
      (r.table.objects().find((x: any) => x.channel === 'wechat' && x.period === '2024-02') as any).revenue,
      10,
    );
  });

  it('rejects duplicate and unreadable cost rows', () => {
    const dup = aq.from([...costs.objects(), { channel: 'baidu', period: '2024-01-15', cost: 5 }]);
    assert.throws(
      () => channelRoi({ users, orders, costs: dup }),
      /costs, row 4, column "period": duplicate cost row/,
    );
    const bad = aq.from([{ channel: 'baidu', period: 'Jan', cost: 5 }]);
    assert.throws(() => channelRoi({ users, orders, costs: bad }), InputError);
    assert.throws(
      () => channelRoi({ users, orders, costs }, { revenueOf: 'x' as never }),
      /invalid revenueOf/,
    );
  });
});
