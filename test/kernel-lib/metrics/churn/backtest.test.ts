import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { backtestWarnings } from '../../../../kernel-lib/src/metrics/churn/backtest.js';
import { evaluateWarnings, type WarningRuleSet } from '../../../../kernel-lib/src/metrics/churn/warnings.js';

const users = aq.from(
  ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ user_id: id, registered_at: '2016-12-01' })),
);
const logins: [string, string][] = [
  ['a', '01-10'],
  ['b', '01-05'],
  ['b', '01-12'],
  ['b', '02-05'],
  ['c', '01-20'],
  ['c', '01-25'],
  ['c', '01-30'],
  ['d', '01-28'],
  ['d', '01-29'],
  ['d', '02-20'],
  ['d', '03-02'],
  ['e', '01-25'],
  ['e', '01-26'],
  ['e', '01-27'],
  ['e', '02-15'],
  ['e', '03-02'],
];
const events = aq.from([
  ...logins.map(([u, d]) => ({ user_id: u, ts: `2017-${d}T10:00:00Z`, event: 'login' })),
  { user_id: 'f', ts: '2016-12-20T10:00:00Z', event: 'login' },
]);
const data = { users, events };
const RULES: WarningRuleSet = {
  rules: [
    { id: 'quiet', level: 'high', when: { daysSinceLast: { event: 'login' }, gt: 15 } },
    { id: 'fewLogins', level: 'low', when: { eventCount: { event: 'login', withinDays: 30 }, lt: 3 } },
  ],
};

describe('backtestWarnings', () => {
  const r = backtestWarnings(data, RULES, { asOf: '2017-01-31', horizonDays: 30 });

  it('scores warnings against who churned within the horizon', () => {
    assert.equal(r.population, 5); // f churned before asOf
    assert.deepEqual(r.confusion, { truePositive: 1, falsePositive: 2, falseNegative: 1, trueNegative: 1 });
    assert.deepEqual(r.usersIn('truePositive'), ['a']);
    assert.deepEqual(r.usersIn('falsePositive'), ['b', 'd']);
    assert.deepEqual(r.usersIn('falseNegative'), ['c']);
    assert.equal(r.precision, 1 / 3);
    assert.equal(r.recall, 0.5);
    assert.equal(r.accuracy, 0.4);
    assert.equal(r.baseRate, 0.4);
    assert.deepEqual(r.leadTime, { mean: 9, median: 9, min: 9, max: 9 });
    assert.equal(r.horizonEnd, '2017-03-02');
    assert.deepEqual(r.confusionTable.objects()[0], {
      actual: 'churned',
      warned: 1,
      not_warned: 1,
    });
  });

  it('reports precision, share of churners and lead time per level', () => {
    assert.deepEqual(r.byLevel.objects(), [
      {
        level: 'high',
        warned: 2,
        churned: 1,
        precision: 0.5,
        share_of_churned: 0.5,
        mean_lead_days: 9,
      },
      {
        level: 'medium',
        warned: 0,
        churned: 0,
        precision: null,
        share_of_churned: 0,
        mean_lead_days: null,
      },
      {
        level: 'low',
        warned: 1,
        churned: 0,
        precision: 0,
        share_of_churned: 0,
        mean_lead_days: null,
      },
    ]);
    const c = (r.users.objects() as any[]).find((u) => u.user_id === 'c');
    assert.deepEqual(c, { user_id: 'c', level: null, churned: true, churn_day: '2017-03-01', lead_days: 29 });
  });

  it('warns with what was known at asOf only', () => {
    const atAsOf = evaluateWarnings(data, RULES, { asOf: '2017-01-31', includeChurned: true });
    const warned = (r.users.objects() as any[]).filter((u) => u.level).map((u) => `${u.user_id}:${u.level}`);
    const direct = (atAsOf.warnings.objects() as any[])
      .filter((w) => w.user_id !== 'f')
      .map((w) => `${w.user_id}:${w.level}`);
    assert.deepEqual(warned, direct);
    const after = {
      ...data,
      events: events.concat(aq.from([{ user_id: 'a', ts: '2017-03-03T00:00:00Z', event: 'login' }])),
    };
    assert.deepEqual(backtestWarnings(after, RULES, { asOf: '2017-01-31' }).confusion, r.confusion);
  });

  it('refuses a horizon the data does not cover', () => {
    assert.throws(
      () => backtestWarnings(data, RULES, { asOf: '2017-02-15', horizonDays: 30 }),
      /invalid horizonDays: "30".*data end 2017-03-02/,
    );
  });
});
