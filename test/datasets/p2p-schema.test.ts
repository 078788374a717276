import assert from 'node:assert/strict';
import { join } from 'node:path';
import { P2P_TABLES } from '../../datasets/src/p2p/generate.js';
import { CHANNELS } from '../../datasets/src/p2p/world.js';
import { readTable, ROOT } from './support.js';

const DIR = join(ROOT, 'datasets/p2p');
const DAY = 86_400_000;
const DATA_END = Date.parse('2017-07-01T00:00:00+08:00');
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;

describe('datasets/p2p: schema and mechanisms of the committed sample', function () {
  this.timeout(120_000);
  const t = Object.fromEntries(
    Object.keys(P2P_TABLES).map((name) => [name, readTable(join(DIR, `${name}.csv.gz`))]),
  ) as Record<keyof typeof P2P_TABLES, ReturnType<typeof readTable>>;

  it('every table has its documented columns, in order', () => {
    for (const [name, columns] of Object.entries(P2P_TABLES)) {
      assert.deepEqual(t[name as keyof typeof P2P_TABLES].header, [...columns], name);
    }
  });

  const users = new Map<
    string,
    { reg: number; verified: number; card: number; channel: string; index: number }
  >();
  before(() => {
    const u = t.users;
    u.rows.forEach((r, index) => {
      users.set(r[0], {
        reg: Date.parse(r[u.col('registered_at')]),
        verified: r[u.col('verified_at')] ? Date.parse(r[u.col('verified_at')]) : NaN,
        card: r[u.col('card_bound_at')] ? Date.parse(r[u.col('card_bound_at')]) : NaN,
        channel: r[u.col('channel')],
        index,
      });
    });
  });

  it('users: unique ids, Shanghai timestamps, verification before card binding, inviters signed up earlier', () => {
    const u = t.users;
    assert.equal(users.size, u.rows.length);
    const channels = new Set<string>(CHANNELS);
    for (const r of u.rows) {
      assert.match(r[u.col('registered_at')], TS);
      assert.ok(channels.has(r[u.col('channel')]), r[u.col('channel')]);
      assert.ok(['ios', 'android', 'web'].includes(r[u.col('platform')]));
      const me = users.get(r[0])!;
      if (!Number.isNaN(me.verified)) assert.ok(me.verified >= me.reg, r[0]);
      if (!Number.isNaN(me.card)) assert.ok(me.card >= me.verified, r[0]);
      const inviter = r[u.col('invited_by')];
      if (inviter) {
        assert.equal(me.channel, 'invite');
        assert.ok(users.get(inviter)!.reg < me.reg, `${r[0]} invited by ${inviter}`);
      }
    }
  });

  it('invites: invite users name their inviter, distribution users their distributor (分销商), before signing up', () => {
    const u = t.users;
    const referred = new Map<string, string>();
    for (const r of u.rows) {
      const inviter = r[u.col('invited_by')] || r[u.col('promoter')];
      if (r[u.col('channel')] === 'distribution') assert.match(r[u.col('promoter')], /^d\d{3}$/);
      else assert.equal(r[u.col('promoter')], '');
      if (inviter) referred.set(r[0], inviter);
    }
    const inv = t.invites;
    assert.equal(inv.rows.length, referred.size);
    for (const r of inv.rows) {
      assert.equal(referred.get(r[1]), r[0]);
      assert.equal(Date.parse(r[3]), users.get(r[1])!.reg);
      assert.ok(Date.parse(r[2]) <= Date.parse(r[3]));
    }
  });

  it('events: logins only, none before sign-up or after the data end', () => {
    const e = t.events;
    for (const r of e.rows) {
      const ts = Date.parse(r[1]);
      assert.equal(r[2], 'login');
      assert.ok(ts >= users.get(r[0])!.reg && ts < DATA_END, `${r[0]} ${r[1]}`);
    }
  });

  it('orders: after card binding, fixed terms, positive whole amounts; novice products capped at 10,000 for 30 days', () => {
    const o = t.orders;
    const terms = new Set(['30', '60', '90', '180', '365']);
    for (const r of o.rows) {
      const u = users.get(r[1])!;
      const ts = Date.parse(r[2]);
      assert.ok(ts > u.card && ts < DATA_END, `${r[0]} before card binding`);
      assert.ok(terms.has(r[4]));
      assert.ok(['regular', 'rateBoost', 'novice'].includes(r[5]));
      const amount = Number(r[3]);
      assert.ok(amount >= 100 && amount % 100 === 0);
      if (r[5] === 'novice') assert.ok(amount <= 10000 && r[4] === '30');
    }
  });

  it('payouts: one per investment matured before the data end, exactly ts + term_days, principal plus interest', () => {
    const o = t.orders;
    const byId = new Map(o.rows.map((r) => [r[0], r]));
    const paid = new Set<string>();
    for (const r of t.payouts.rows) {
      const order = byId.get(r[3])!;
      assert.equal(r[0], order[1]);
      assert.equal(Date.parse(r[1]), Date.parse(order[2]) + Number(order[4]) * DAY, r[3]);
      assert.ok(Number(r[2]) > Number(order[3]) && Number(r[2]) < Number(order[3]) * 1.13);
      assert.ok(!paid.has(r[3]));
      paid.add(r[3]);
    }
    for (const r of o.rows) {
      const due = Date.parse(r[2]) + Number(r[4]) * DAY;
      assert.equal(paid.has(r[0]), due < DATA_END, r[0]);
    }
  });

  it('balances: never negative, one row per user and changed day, in date order', () => {
    let last = '';
    for (const r of t.balances.rows) {
      assert.ok(Number(r[2]) >= 0);
      const key = `${r[0]} ${r[1]}`;
      if (last.split(' ')[0] === r[0]) assert.ok(r[1] > last.split(' ')[1], key);
      last = key;
    }
  });

  it('coupons: redeemed in their window on an order of their user at or above the threshold; hold-outs get none', () => {
    const c = t.coupons;
    const orders = new Map(t.orders.rows.map((r) => [r[0], r]));
    let redeemed = 0;
    for (const r of c.rows) {
      const granted = Date.parse(r[c.col('granted_at')]);
      const expires = Date.parse(r[c.col('expires_at')]);
      const at = r[c.col('redeemed_at')];
      if (!at) {
        assert.equal(r[c.col('order_id')], '');
        continue;
      }
      redeemed++;
      const order = orders.get(r[c.col('order_id')])!;
      assert.equal(order[1], r[1]);
      assert.equal(order[6], r[0], 'the order names its coupon');
      assert.equal(Date.parse(at), Date.parse(order[2]));
      assert.ok(Date.parse(at) >= granted && Date.parse(at) <= expires);
      assert.ok(Number(order[3]) >= Number(r[c.col('threshold')]));
    }
    assert.ok(redeemed > 0);
    const holdout = new Set(t.campaign_targets.rows.filter((r) => r[2] === 'true').map((r) => r[1]));
    assert.ok(holdout.size > 0);
    for (const r of c.rows) assert.ok(!holdout.has(r[1]), `hold-out ${r[1]} got a coupon`);
  });

  it('campaign users: 5+ investments before the start and churned (30 days inactive) with the churn day in Jan-Feb 2017', () => {
    const start = Date.parse('2017-03-06T00:00:00+08:00');
    const last = new Map<string, number>();
    const count = new Map<string, number>();
    for (const r of t.events.rows) {
      const ts = Date.parse(r[1]);
      if (ts < start) last.set(r[0], Math.max(last.get(r[0]) ?? 0, ts));
    }
    for (const r of t.orders.rows) {
      const ts = Date.parse(r[2]);
      if (ts >= start) continue;
      last.set(r[1], Math.max(last.get(r[1]) ?? 0, ts));
      count.set(r[1], (count.get(r[1]) ?? 0) + 1);
    }
    const day = (ms: number) => Math.floor((ms + 8 * 3_600_000) / DAY);
    const from = day(Date.parse('2017-01-01T00:00:00+08:00'));
    const to = day(Date.parse('2017-02-28T00:00:00+08:00'));
    for (const r of t.campaign_targets.rows) {
      assert.ok((count.get(r[1]) ?? 0) >= 5, r[1]);
      const churnDay = day(last.get(r[1])!) + 30;
      assert.ok(churnDay >= from && churnDay <= to, `${r[1]} churn day`);
    }
  });
});
