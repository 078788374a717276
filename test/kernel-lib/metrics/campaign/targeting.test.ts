import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { TARGETING_STEPS, winbackTargets } from '../../../../kernel-lib/src/metrics/campaign/targeting.js';
import { targetingStepsTable } from '../../../../kernel-lib/src/present/campaignTables.js';

// Start 2017-03-06; churn = 30 days without login or order; churned 2017-01-01 … 2017-02-28; 2+ investments.
const users = aq.from([
  { user_id: 'a', registered_at: '2016-06-01', channel: 'sem' }, // 3 orders, last active 12-10 → churned 01-09
  { user_id: 'b', registered_at: '2016-06-01', channel: 'sem' }, // 1 order only
  { user_id: 'c', registered_at: '2016-06-01', channel: 'sem' }, // logs in 02-20: not churned
  { user_id: 'd', registered_at: '2016-06-01', channel: 'bad' }, // screened-out channel
  { user_id: 'e', registered_at: '2016-06-01', channel: 'sem' }, // churned 2016-12-01: too early
  { user_id: 'f', registered_at: '2017-03-10', channel: 'sem' }, // signed up after the start
]);
const order = (u: string, day: string, amount: number) => ({ user_id: u, ts: `${day}T10:00:00Z`, amount });
const orders = aq.from([
  order('a', '2016-10-01', 1000),
  order('a', '2016-11-01', 8000),
  order('a', '2016-12-10', 2000),
  order('b', '2016-12-10', 5000),
  order('c', '2016-11-01', 1000),
  order('c', '2016-12-01', 1000),
  order('d', '2016-11-01', 1000),
  order('d', '2016-12-10', 1000),
  order('e', '2016-10-01', 1000),
  order('e', '2016-11-01', 1000),
  order('a', '2017-03-07', 9999), // during the campaign: not read
]);
const events = aq.from([{ user_id: 'c', ts: '2017-02-20T10:00:00Z', event: 'login' }]);
const payouts = aq.from([
  { user_id: 'a', ts: '2016-11-01T01:00:00Z', amount: 1010 },
  { user_id: 'a', ts: '2016-12-01T01:00:00Z', amount: 6000 },
  { user_id: 'a', ts: '2016-12-01T05:00:00Z', amount: 2080 }, // same day: summed
  { user_id: 'a', ts: '2017-03-08T01:00:00Z', amount: 50000 }, // after the start: not read
]);
const SPEC = {
  start: '2017-03-06',
  minInvestments: 2,
  churnedFrom: '2017-01-01',
  churnedTo: '2017-02-28',
  excludeChannels: ['bad'],
  tiers: { cuts: [0, 5000], labels: ['0–4,999', '5,000+'] },
};

describe('winbackTargets', () => {
  const r = winbackTargets({ users, orders, events, payouts }, SPEC);

  it('applies the rules per user, reading only rows before the start', () => {
    assert.deepEqual(r.users.objects(), [
      {
        user_id: 'a',
        channel: 'sem',
        investments: 3,
        max_single: 8000,
        last_active: '2016-12-10',
        churn_day: '2017-01-09',
        last_payout_amount: 8080,
        tier: '5,000+',
      },
    ]);
  });

  it('counts the users left after each rule and per tier', () => {
    assert.deepEqual(r.steps.array('users'), [5, 4, 3, 1]); // f; d; b; c (active) and e (too early)
    assert.deepEqual(r.steps.columnNames(), ['step', 'users']);
    assert.deepEqual(r.steps.array('step'), [...TARGETING_STEPS]);
    assert.deepEqual(r.byTier.objects(), [
      { tier: '0–4,999', users: 0 },
      { tier: '5,000+', users: 1 },
    ]);
  });

  it('presents the steps in Chinese and English with the values of the spec', () => {
    const t = targetingStepsTable(r);
    assert.deepEqual(
      t.columns.map((c) => [c.name, c.label, c.labelZh]),
      [
        ['step_zh', 'Rule (中文)', '规则'],
        ['step_en', 'Rule', '规则(英文)'],
        ['users', 'Users left', '剩余人数'],
      ],
    );
    assert.deepEqual(t.rows[1], ['渠道筛选(排除 bad)', 'channel not in bad', 4]);
    assert.deepEqual(t.rows[2], ['投资 2 次及以上', '2+ investments', 3]);
  });

  it('refuses a churn range that ends before it starts, and unknown options', () => {
    assert.throws(
      () => winbackTargets({ users, orders }, { ...SPEC, churnedTo: '2016-12-31' }),
      /invalid churnedTo/,
    );
    assert.throws(() => winbackTargets({ users, orders }, { ...SPEC, min: 1 } as any), /min/);
  });
});
