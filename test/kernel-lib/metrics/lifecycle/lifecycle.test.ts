import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { lifecycle } from '../../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import { AS_OF, data, users, orders, events, payouts, balances } from './fixture.js';

function stageOf(result: ReturnType<typeof lifecycle>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of result.users.objects() as any[]) out[r.user_id] = `${r.stage}:${r.signal}`;
  return out;
}

describe('lifecycle', () => {
  it('puts each hand-worked user in its stage with the signal that fired', () => {
    const r = lifecycle(data, { asOf: AS_OF });
    assert.deepEqual(stageOf(r), {
      u1: 'introduction:signedUp',
      u2: 'growth:invested',
      u3: 'maturity:longerTerm',
      u4: 'dormancy:noTransactionSinceSignup',
      u5: 'dormancy:withdrawnAfterMaturity',
      u6: 'dormancy:holdingsDrop',
      u7: 'churn:inactive',
      u9: 'introduction:signedUp',
    });
    assert.deepEqual(r.counts.array('users'), [2, 1, 1, 3, 1]);
    assert.deepEqual(r.counts.array('stage'), ['introduction', 'growth', 'maturity', 'dormancy', 'churn']);
    assert.deepEqual(r.usersIn('dormancy'), ['u4', 'u5', 'u6']);
  });

  it('records churn day, base stage and every dormancy flag', () => {
    const rows = lifecycle(data, { asOf: AS_OF }).users.objects() as any[];
    const u7 = rows.find((r) => r.user_id === 'u7');
    assert.equal(u7.churn_day, '2017-02-14');
    assert.equal(u7.last_active, '2017-01-15'); // page_view does not count as activity by default
    assert.equal(u7.base_stage, 'growth');
    const u5 = rows.find((r) => r.user_id === 'u5');
    assert.equal(u5.withdrawn_after_maturity, true);
    assert.equal(u5.holdings_drop, true); // 0 is also below half of 5,100
    assert.equal(u5.no_transaction_since_signup, false);
  });

  it('counts a user as churned from exactly lastActive + days', () => {
    const u = aq.from([
      { user_id: 'a', registered_at: '2016-12-01', verified_at: null, card_bound_at: null },
    ]);
    const onLine = aq.from([{ user_id: 'a', ts: '2017-01-30T12:00:00Z', event: 'login' }]);
    const dayAfter = aq.from([{ user_id: 'a', ts: '2017-01-31T12:00:00Z', event: 'login' }]);
    assert.equal(lifecycle({ users: u, events: onLine }, { asOf: AS_OF }).users.get('stage', 0), 'churn');
    assert.notEqual(
      lifecycle({ users: u, events: dayAfter }, { asOf: AS_OF }).users.get('stage', 0),
      'churn',
    );
  });

  it('takes the churn rule from the spec (activity kinds, days)', () => {
    const r = lifecycle(data, { asOf: AS_OF, churn: { days: 45, activityEvents: ['login', 'page_view'] } });
    assert.equal(stageOf(r).u7, 'growth:invested');
  });

  it('applies either maturity rule, ignoring orders placed at the same instant', () => {
    const u = aq.from([
      { user_id: 'a', registered_at: '2017-01-01', verified_at: '2017-01-01', card_bound_at: '2017-01-01' },
      { user_id: 'b', registered_at: '2017-01-01', verified_at: '2017-01-01', card_bound_at: '2017-01-01' },
    ]);
    const o = aq.from([
      { user_id: 'a', ts: '2017-02-01T00:00:00Z', amount: 1, term_days: 30 },
      { user_id: 'a', ts: '2017-02-10T00:00:00Z', amount: 1, term_days: 60 },
      { user_id: 'b', ts: '2017-02-01T00:00:00Z', amount: 1, term_days: 90 },
      { user_id: 'b', ts: '2017-02-01T00:00:00Z', amount: 1, term_days: 30 },
    ]);
    const ev = aq.from([
      { user_id: 'a', ts: '2017-02-28T00:00:00Z', event: 'login' },
      { user_id: 'b', ts: '2017-02-28T00:00:00Z', event: 'login' },
    ]);
    const later = lifecycle({ users: u, orders: o, events: ev }, { asOf: AS_OF });
    assert.deepEqual(later.users.array('stage'), ['maturity', 'growth']);
    const long = lifecycle(
      { users: u, orders: o, events: ev },
      { asOf: AS_OF, maturityRule: 'longTermAfterShort' },
    );
    assert.deepEqual(long.users.array('stage'), ['growth', 'growth']);
    const long60 = lifecycle(
      { users: u, orders: o, events: ev },
      { asOf: AS_OF, maturityRule: 'longTermAfterShort', longTermDays: 60 },
    );
    assert.deepEqual(long60.users.array('stage'), ['maturity', 'growth']);
  });

  it('lets growth require only an investment', () => {
    const r = lifecycle(data, { asOf: AS_OF, growthRequires: [] });
    assert.equal(stageOf(r).u9, 'growth:invested');
  });

  it('uses X and the drop share from the spec', () => {
    const r = lifecycle(data, { asOf: AS_OF, dormancyDays: 60, holdingsDropShare: 0.7 });
    const s = stageOf(r);
    assert.equal(s.u4, 'introduction:signedUp'); // 50 days < 60
    assert.equal(s.u5, 'dormancy:withdrawnAfterMaturity'); // 86 days ≥ 60
    assert.equal(s.u6, 'growth:invested'); // 60 % drop is not above 70 %
  });

  it('never looks ahead: rows after the as-of day change nothing', () => {
    const before = lifecycle(data, { asOf: AS_OF });
    const future = {
      users: users.concat(
        aq.from([
          {
            user_id: 'z',
            registered_at: '2017-03-02',
            channel: 'app',
            verified_at: null,
            card_bound_at: null,
          },
        ]),
      ),
      events: events.concat(aq.from([{ user_id: 'u7', ts: '2017-03-02T00:00:00Z', event: 'login' }])),
      orders: orders.concat(
        aq.from([
          { user_id: 'u1', ts: '2017-03-02T00:00:00Z', amount: 9, term_days: 365, product_type: 'regular' },
        ]),
      ),
      payouts: payouts.concat(aq.from([{ user_id: 'u3', ts: '2017-03-02T00:00:00Z', amount: 3000 }])),
      balances: balances.concat(aq.from([{ user_id: 'u6', date: '2017-03-02', balance: 10000 }])),
    };
    const after = lifecycle(future, { asOf: AS_OF });
    assert.deepEqual(after.users.objects(), before.users.objects());
    assert.deepEqual(after.counts.objects(), before.counts.objects());
  });

  it('reads filtered arquero tables by their visible rows, and empty tables as absent', () => {
    const shortOnly = orders.filter((d: any) => d.term_days < 90);
    assert.equal(stageOf(lifecycle({ ...data, orders: shortOnly }, { asOf: AS_OF })).u3, 'growth:invested');
    const none = lifecycle({ ...data, payouts: aq.from([]) }, { asOf: AS_OF });
    assert.equal(stageOf(none).u5, 'dormancy:holdingsDrop'); // no payout: only the balance signal is left
  });

  it('names the table in input errors', () => {
    const bad = aq.from([{ user_id: 'u1', ts: 'yesterday', event: 'login' }]);
    assert.throws(
      () => lifecycle({ ...data, events: bad }, { asOf: AS_OF }),
      /^InputError: events, row 1, column "ts": unparseable timestamp/,
    );
  });

  it('refuses two different balances of one user on one date, naming the row; the same balance twice is a repeat', () => {
    const tie = aq.from([{ user_id: 'u5', date: '2016-12-06', balance: 4800 }]);
    // Row 9 of the concatenated table (8 fixture rows, then the tie): the second balance of u5 on 2016-12-06 (the first is 0).
    assert.throws(
      () => lifecycle({ ...data, balances: balances.concat(tie) }, { asOf: AS_OF }),
      /^InputError: balances, row 9, column "balance": two different balances of one user at one time.*u5 at 2016-12-06T00:00:00\.000Z: 0 and 4800.*one balance per user and date/,
    );
    // In either order: the second row in time order is named.
    assert.throws(
      () => lifecycle({ ...data, balances: tie.concat(balances) }, { asOf: AS_OF }),
      /balances, row 7, .*u5 at 2016-12-06T00:00:00\.000Z: 4800 and 0/,
    );
    const repeat = aq.from([{ user_id: 'u5', date: '2016-12-06', balance: 0 }]);
    const repeated = lifecycle({ ...data, balances: balances.concat(repeat) }, { asOf: AS_OF });
    assert.deepEqual(repeated.users.objects(), lifecycle(data, { asOf: AS_OF }).users.objects());
  });

  it('notes what the data cannot show', () => {
    const r = lifecycle({ users, orders }, { asOf: AS_OF });
    assert.match(r.notes.join('\n'), /no balance rows/);
  });

  it('rejects bad specs and missing columns', () => {
    assert.throws(() => lifecycle(data, { asOf: '2017-02-30' }), SpecError);
    assert.throws(
      () => lifecycle(data, { asOf: AS_OF, maturityRule: 'x' as any }),
      /invalid maturityRule: "x"/,
    );
    assert.throws(
      () => lifecycle(data, { asOf: AS_OF, dormancyDay: 3 } as any),
      /invalid lifecycle option: "dormancyDay"/,
    );
    const bare = aq.from([{ user_id: 'a', registered_at: '2017-01-01' }]);
    assert.throws(
      () => lifecycle({ users: bare }, { asOf: AS_OF }),
      (e: unknown) => e instanceof InputError && /verified_at/.test(e.message),
    );
    const dup = aq.from([
      { user_id: 'a', registered_at: '2017-01-01' },
      { user_id: 'a', registered_at: '2017-01-02' },
    ]);
    assert.throws(
      () => lifecycle({ users: dup }, { asOf: AS_OF, growthRequires: [] }),
      /users, row 2, column "user_id": duplicate user id: "a"/,
    );
  });
});
