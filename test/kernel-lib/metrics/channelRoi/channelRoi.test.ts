import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { channelRoi } from '../../../../kernel-lib/src/metrics/acquisition/channelRoi.js';
import { signupsBy } from '../../../../kernel-lib/src/metrics/acquisition/signups.js';
import { InputError } from '../../../../kernel-lib/src/errors.js';

const users = aq.from([
  {
    user_id: 'a',
    registered_at: '2024-01-05T10:00:00Z',
    channel: 'baidu',
    channel_code: 'B01',
    promoter: 'p1',
    department: 'east',
  },
  {
    user_id: 'b',
    registered_at: '2024-01-20T10:00:00Z',
    channel: 'baidu',
    channel_code: 'B02',
    promoter: 'p2',
    department: 'east',
  },
  {
    user_id: 'c',
    registered_at: '2024-02-02T10:00:00Z',
    channel: 'baidu',
    channel_code: 'B01',
    promoter: 'p1',
    department: 'east',
  },
  {
    user_id: 'd',
    registered_at: '2024-01-10T10:00:00Z',
    channel: 'wechat',
    channel_code: 'W01',
    promoter: 'p3',
    department: 'west',
  },
  {
    user_id: 'e',
    registered_at: '2024-01-31T23:30:00Z',
    channel: 'organic',
    channel_code: null,
    promoter: null,
    department: null,
  },
]);
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

describe('signupsBy', () => {
  it('counts sign-ups by channel code, promoter or department per period', () => {
    const r = signupsBy(users, { by: 'department', period: 'month' });
    assert.deepEqual(r.table.objects(), [
      { period: '2024-01', department: 'east', signups: 2 },
      { period: '2024-01', department: 'west', signups: 1 },
      { period: '2024-01', department: null, signups: 1 },
      { period: '2024-02', department: 'east', signups: 1 },
    ]);
    assert.deepEqual(r.users.filter((d: any) => d.value === 'west').array('user_id'), ['d']);
  });

  it('uses local days and a date range', () => {
    const r = signupsBy(users, {
      by: 'channel',
      period: 'month',
      timeZone: 'Asia/Shanghai',
      from: '2024-02-01',
    });
    assert.deepEqual(r.table.objects(), [
      { period: '2024-02', channel: 'baidu', signups: 1 },
      { period: '2024-02', channel: 'organic', signups: 1 }, // 23:30 UTC on Jan 31 is Feb 1 in Shanghai
    ]);
    assert.throws(() => signupsBy(users, { by: 'channel', period: 'year' as never }), /invalid period/);
  });
});

describe('signupsBy with a channel-code table', () => {
  it('looks promoter and department up by channel_code (渠道码)', () => {
    const bare = users.select('user_id', 'registered_at', 'channel_code');
    const codes = aq.from([
      { channel_code: 'B01', promoter: 'p1', department: 'east' },
      { channel_code: 'B02', promoter: 'p2', department: 'east' },
      { channel_code: 'W01', promoter: 'p3', department: 'west' },
    ]);
    const r = signupsBy(bare, { by: 'promoter', period: 'month' }, codes);
    assert.deepEqual(r.table.objects(), [
      { period: '2024-01', promoter: 'p1', signups: 1 },
      { period: '2024-01', promoter: 'p2', signups: 1 },
      { period: '2024-01', promoter: 'p3', signups: 1 },
      { period: '2024-01', promoter: null, signups: 1 },
      { period: '2024-02', promoter: 'p1', signups: 1 },
    ]);
    const dup = aq.from([...codes.objects(), { channel_code: 'B01', promoter: 'p9', department: 'x' }]);
    assert.throws(
      () => signupsBy(bare, { by: 'promoter' }, dup),
      /channel codes, row 4, column "channel_code": duplicate channel code: "B01"/,
    );
  });
});
