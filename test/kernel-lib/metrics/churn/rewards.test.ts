import assert from 'node:assert/strict';
import { rewardRules, type RewardRuleSet } from '../../../../kernel-lib/src/metrics/churn/rewards.js';
import { AS_OF, data } from '../lifecycle/fixture.js';

const RULES: RewardRuleSet = {
  rules: [
    {
      id: 'bigInvestorEmptied',
      when: { all: [{ cumulativeInvestment: { gte: 5000 } }, { balance: { lt: 100 } }] },
      coupon: { value: 1000, threshold: 10000, kind: 'interest' },
    },
    {
      id: 'neverInvested',
      when: { all: [{ orderCount: { eq: 0 } }, { daysSinceSignup: { gte: 30 } }] },
      coupon: { value: 50, threshold: 1000, kind: 'trialVoucher', validDays: 7 },
    },
  ],
};

describe('rewardRules', () => {
  it('lists the users each reward rule picks and what it costs', () => {
    const r = rewardRules(data, RULES, AS_OF);
    assert.deepEqual(r.grants.objects(), [
      {
        user_id: 'u4',
        rule: 'neverInvested',
        coupon_kind: 'trialVoucher',
        coupon_value: 50,
        threshold: 1000,
        expires_on: '2017-03-08',
      },
      {
        user_id: 'u5',
        rule: 'bigInvestorEmptied',
        coupon_kind: 'interest',
        coupon_value: 1000,
        threshold: 10000,
        expires_on: '2017-03-31',
      },
    ]);
    assert.equal(r.totalCost, 1050);
    assert.deepEqual(r.byRule.objects(), [
      { rule: 'bigInvestorEmptied', users: 1, cost: 1000 },
      { rule: 'neverInvested', users: 1, cost: 50 },
    ]);
    assert.deepEqual(r.usersIn('bigInvestorEmptied'), ['u5']);
  });

  it('grants every matching rule when onePerUser is false', () => {
    const both: RewardRuleSet = {
      onePerUser: false,
      rules: [
        { id: 'lowBalance', when: { balance: { lt: 100 } }, coupon: { value: 10, threshold: 100 } },
        {
          id: 'quiet',
          when: { daysSinceLast: { event: 'login' }, gte: 9 },
          coupon: { value: 20, threshold: 100 },
        },
      ],
    };
    const r = rewardRules(data, both, AS_OF);
    assert.deepEqual(r.usersIn('quiet'), ['u5', 'u7']);
    assert.equal(r.grants.filter((d: any) => d.user_id === 'u5').numRows(), 2);
  });

  it('rejects a coupon without a value', () => {
    const bad = { rules: [{ id: 'x', when: { balance: { lt: 1 } }, coupon: { threshold: 1 } }] } as any;
    assert.throws(() => rewardRules(data, bad, AS_OF), /invalid rules\[0\]\.coupon\.value/);
    const twice = { rules: [RULES.rules[0], RULES.rules[0]] };
    assert.throws(() => rewardRules(data, twice, AS_OF), /invalid rules\[1\]\.id: "bigInvestorEmptied"/);
  });
});
