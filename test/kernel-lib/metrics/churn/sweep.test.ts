import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { backtestWarnings } from '../../../../kernel-lib/src/metrics/churn/backtest.js';
import { warningRuleSweep } from '../../../../kernel-lib/src/metrics/churn/sweep.js';

const users = aq.from(['a', 'b', 'c', 'd', 'e'].map((id) => ({ user_id: id, registered_at: '2016-12-01' })));
const logins: [string, string][] = [
  ['a', '01-10'],
  ['b', '01-12'],
  ['b', '02-05'],
  ['c', '01-30'],
  ['d', '01-29'],
  ['d', '02-20'],
  ['e', '01-27'],
  ['e', '02-15'],
  ['e', '03-02'],
];
const events = aq.from(logins.map(([u, d]) => ({ user_id: u, ts: `2017-${d}T10:00:00Z`, event: 'login' })));
const balances = aq.from(
  [
    ['a', 50],
    ['b', 500],
    ['c', 50],
    ['d', 0],
    ['e', 2000],
  ].map(([u, b]) => ({ user_id: u, date: '2017-01-01', balance: b })),
);
const data = { users, events, balances };
const OPTIONS = { asOf: '2017-01-31', horizonDays: 30, quietDays: [15, 0], balanceBelow: [1000, 100] };

describe('warningRuleSweep', () => {
  const r = warningRuleSweep(data, OPTIONS);
  const row = (d: number, b: number) =>
    (r.settings.objects() as any[]).find((s) => s.quiet_days === d && s.balance_below === b);

  it('scores every days × balance setting of the rule, sorted', () => {
    assert.deepEqual(
      (r.settings.objects() as any[]).map((s) => [s.quiet_days, s.balance_below]),
      [
        [0, 100],
        [0, 1000],
        [15, 100],
        [15, 1000],
      ],
    );
    assert.equal(r.population, 5);
    assert.equal(r.baseRate, 0.4); // a and c churn by 2017-03-02
    // > 15 days quiet and under 100: only a (21 days, 50) is warned, and churns.
    assert.deepEqual(row(15, 100), {
      quiet_days: 15,
      balance_below: 100,
      warned: 1,
      true_positives: 1,
      precision: 1,
      recall: 0.5,
      accuracy: 0.8,
      mean_lead_days: 9,
    });
    // Under 1000 adds b (19 days, 500), who logs in again: precision halves.
    assert.equal(row(15, 1000).precision, 0.5);
    // Any quiet day and under 100: a, c (churn) and d (stays).
    assert.equal(row(0, 100).precision, 2 / 3);
    assert.equal(row(0, 100).recall, 1);
  });

  it('gives what backtestWarnings gives for each setting alone', () => {
    for (const s of r.settings.objects() as any[]) {
      const one = backtestWarnings(
        data,
        {
          rules: [
            {
              id: 'x',
              level: 'high',
              when: {
                all: [
                  { daysSinceLast: { event: 'login' }, gt: s.quiet_days },
                  { balance: { lt: s.balance_below } },
                ],
              },
            },
          ],
        },
        { asOf: OPTIONS.asOf, horizonDays: OPTIONS.horizonDays },
      );
      assert.equal(s.precision, one.precision);
      assert.equal(s.recall, one.recall);
      assert.equal(s.accuracy, one.accuracy);
    }
  });

  it('refuses an empty grid and unknown options', () => {
    assert.throws(() => warningRuleSweep(data, { ...OPTIONS, quietDays: [] }), /invalid quietDays/);
    assert.throws(() => warningRuleSweep(data, { ...OPTIONS, days: [1] } as any), /days/);
  });
});
