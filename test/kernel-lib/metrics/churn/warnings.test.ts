import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { compileCondition } from '../../../../kernel-lib/src/metrics/churn/conditions.js';
import {
  escalateWarnings,
  evaluateWarnings,
  warningRules,
  type WarningRuleSet,
} from '../../../../kernel-lib/src/metrics/churn/warnings.js';
import { SpecError, InputError } from '../../../../kernel-lib/src/errors.js';
import { AS_OF, data } from '../lifecycle/fixture.js';

const RULES: WarningRuleSet = {
  rules: [
    { id: 'noRateBoost', level: 'low', when: { orderCount: { productType: 'rateBoost' }, eq: 0 } },
    {
      id: 'quietPoor',
      level: 'high',
      when: { all: [{ daysSinceLast: { event: 'login' }, gt: 8 }, { balance: { lt: 100 } }] },
    },
    {
      id: 'fewOrders',
      level: 'medium',
      when: { all: [{ orderCount: { lte: 1 } }, { daysSinceLast: { activity: true, gte: 3 } }] },
    },
  ],
};

function levels(r: ReturnType<typeof evaluateWarnings>): Record<string, string> {
  return Object.fromEntries(
    (r.warnings.objects() as any[]).map((w) => [w.user_id, `${w.level}:${w.rule}:${w.channel}`]),
  );
}

describe('warning rules', () => {
  it('gives each user the most urgent level whose rule holds, with its channel', () => {
    const r = evaluateWarnings(data, RULES, AS_OF);
    assert.deepEqual(levels(r), {
      u1: 'medium:fewOrders:push',
      u2: 'medium:fewOrders:push',
      u4: 'medium:fewOrders:push',
      u5: 'high:quietPoor:sms',
      u6: 'low:noRateBoost:push',
      u9: 'medium:fewOrders:push',
    });
    assert.equal(r.population, 7); // u7 is already churned, u8 signs up later
    assert.deepEqual(r.counts.array('users'), [1, 4, 1]);
    assert.deepEqual(r.counts.array('level'), ['high', 'medium', 'low']);
    assert.deepEqual(r.usersIn('high'), ['u5']);
    const u1 = (r.warnings.objects() as any[]).find((w) => w.user_id === 'u1');
    assert.equal(u1.escalate_on, '2017-03-04');
  });

  it('can include users already churned', () => {
    const r = evaluateWarnings(data, RULES, { asOf: AS_OF, includeChurned: true });
    assert.equal(levels(r).u7, 'high:quietPoor:sms'); // no balance rows: balance 0
  });

  it('never looks ahead', () => {
    const later = {
      ...data,
      events: data.events!.concat(aq.from([{ user_id: 'u5', ts: '2017-03-02T00:00:00Z', event: 'login' }])),
      balances: data.balances!.concat(aq.from([{ user_id: 'u5', date: '2017-03-02', balance: 5000 }])),
    };
    assert.deepEqual(
      evaluateWarnings(later, RULES, AS_OF).warnings.objects(),
      evaluateWarnings(data, RULES, AS_OF).warnings.objects(),
    );
  });

  it('escalates ignored push warnings to SMS after the delay', () => {
    const warned = evaluateWarnings(data, RULES, AS_OF);
    const later = {
      ...data,
      events: data.events!.concat(aq.from([{ user_id: 'u1', ts: '2017-03-02T08:00:00Z', event: 'login' }])),
    };
    assert.equal(escalateWarnings(later, RULES, warned, '2017-03-03').numRows(), 0);
    const due = escalateWarnings(later, RULES, warned, '2017-03-04');
    assert.deepEqual(due.array('user_id'), ['u2', 'u4', 'u6', 'u9']);
    assert.deepEqual([...new Set(due.array('channel'))], ['sms']);
  });

  it('takes channels and the delay from the rule set', () => {
    const r = evaluateWarnings(
      data,
      { ...RULES, channels: { medium: 'inApp' }, escalateAfterDays: 7 },
      AS_OF,
    );
    const u1 = (r.warnings.objects() as any[]).find((w) => w.user_id === 'u1');
    assert.equal(u1.channel, 'inApp');
    assert.equal(u1.escalate_on, '2017-03-08');
  });

  it('mixes life-cycle stage and channel with behaviour', () => {
    const newcomers = evaluateWarnings(
      data,
      { rules: [{ id: 'newcomer', level: 'low', when: { stage: { in: ['introduction'] } } }] },
      AS_OF,
    );
    assert.deepEqual(newcomers.usersIn('low'), ['u1', 'u9']);
    const distribution = evaluateWarnings(
      data,
      {
        rules: [
          {
            id: 'distributionNewcomer',
            level: 'medium',
            when: {
              all: [{ stage: { in: ['introduction', 'dormancy'] } }, { channel: { in: ['distribution'] } }],
            },
          },
        ],
      },
      AS_OF,
    );
    assert.deepEqual(distribution.usersIn('medium'), ['u4', 'u9']);
    const investedOnly = evaluateWarnings(
      data,
      {
        rules: [{ id: 'grown', level: 'low', when: { stage: { in: ['growth'] } } }],
        stages: { growthRequires: [] },
      },
      AS_OF,
    );
    assert.deepEqual(investedOnly.usersIn('low'), ['u2', 'u9']);
    assert.throws(
      () => warningRules({ rules: [{ id: 'x', level: 'low', when: { stage: { in: ['newbie' as any] } } }] }),
      /invalid rules\[0\]\.when\.stage\.in: "newbie" \(allowed: "introduction"/,
    );
    assert.throws(
      () => warningRules({ ...RULES, stages: { asOf: '2017-01-01' } as any }),
      /invalid stages option: "asOf"/,
    );
  });

  it('rejects malformed rules, naming the part', () => {
    const bad = (when: unknown) => () =>
      warningRules({ rules: [{ id: 'x', level: 'high', when: when as any }] });
    assert.throws(bad({ daysSinceLogin: 3, gt: 1 }), /invalid rules\[0\]\.when measure: "daysSinceLogin"/);
    assert.throws(bad({ balance: {} }), /at least one of gt/);
    assert.throws(bad({ balance: { lt: '100' } }), /invalid rules\[0\]\.when\.balance\.lt: "100"/);
    assert.throws(
      bad({ all: [{ balance: { lt: 1 } }, { daysSinceLast: {}, gt: 1 }] }),
      /rules\[0\]\.when\.all\[1\]\.daysSinceLast/,
    );
    assert.throws(
      bad({ orderCount: { within: 3, gt: 1 } }),
      /invalid rules\[0\]\.when\.orderCount option: "within"/,
    );
    assert.throws(
      () => warningRules({ rules: [{ id: 'x', level: 'urgent' as any, when: { balance: { lt: 1 } } }] }),
      /invalid rules\[0\]\.level: "urgent"/,
    );
    assert.throws(() => warningRules({ rules: [] }), SpecError);
    assert.throws(
      () => evaluateWarnings({ users: data.users }, RULES, AS_OF),
      (e: unknown) => e instanceof InputError && /orders/.test(e.message),
    );
  });

  it('accepts comparisons beside the measure or inside it, and checks them all', () => {
    const a = compileCondition({ balance: { lt: 100 }, gte: 10 });
    assert.equal(a.kind === 'measure' && a.ops.length, 2);
    const r = evaluateWarnings(
      data,
      { rules: [{ id: 'mid', level: 'low', when: { balance: { lt: 3000 }, gt: 100 } }] },
      AS_OF,
    );
    assert.deepEqual(r.usersIn('low'), ['u3']); // 2,500; u5 has 0, u6 4,000
  });
});
