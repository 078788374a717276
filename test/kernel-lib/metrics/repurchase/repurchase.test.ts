import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { businessMode, repurchase } from '../../../../kernel-lib/src/metrics/repurchase/repurchase.js';
import { SpecError } from '../../../../kernel-lib/src/errors.js';
import { pick, signups } from '../../../support/tables.js';

// a: two orders on 01-01 (two invoices) and one on 01-02; b: 01-01 (one order of two lines) and 01-03;
// c: one order 01-03. Users: a, b, c, d (never buys), e signs up 01-03.
const orders = aq.from([
  { order_id: 'o1', user_id: 'a', ts: '2024-01-01T09:00:00Z' },
  { order_id: 'o2', user_id: 'a', ts: '2024-01-01T15:00:00Z' },
  { order_id: 'o3', user_id: 'b', ts: '2024-01-01T10:00:00Z' },
  { order_id: 'o3', user_id: 'b', ts: '2024-01-01T10:00:00Z' },
  { order_id: 'o4', user_id: 'a', ts: '2024-01-02T10:00:00Z' },
  { order_id: 'o5', user_id: 'b', ts: '2024-01-03T10:00:00Z' },
  { order_id: 'o6', user_id: 'c', ts: '2024-01-03T11:00:00Z' },
]);
const users = signups({
  a: '2023-12-31T00:00:00Z',
  b: '2023-12-31T00:00:00Z',
  c: '2024-01-01T00:00:00Z',
  d: '2024-01-01T00:00:00Z',
  e: '2024-01-03T00:00:00Z',
});

describe('repurchase', () => {
  it('counts first-order users, pool, repeat buyers per day (repeat = 2+ orders in the period)', () => {
    const r = repurchase(orders, { asOf: '2024-01-03' }, users);
    assert.deepEqual(
      pick(
        r.periods,
        'period',
        'pool',
        'paying_users',
        'first_order_users',
        'first_order_rate',
        'repeat_buyers',
        'repurchase_rate',
      ),
      [
        {
          period: '2023-12-31',
          pool: 2,
          paying_users: 0,
          first_order_users: 0,
          first_order_rate: 0,
          repeat_buyers: 0,
          repurchase_rate: null,
        },
        {
          period: '2024-01-01',
          pool: 4,
          paying_users: 2,
          first_order_users: 2,
          first_order_rate: 0.5,
          repeat_buyers: 1,
          repurchase_rate: 0.5,
        },
        {
          period: '2024-01-02',
          pool: 2,
          paying_users: 1,
          first_order_users: 0,
          first_order_rate: 0,
          repeat_buyers: 0,
          repurchase_rate: 0,
        },
        {
          period: '2024-01-03',
          pool: 3,
          paying_users: 2,
          first_order_users: 1,
          first_order_rate: 1 / 3,
          repeat_buyers: 0,
          repurchase_rate: 0,
        },
      ],
    );
    assert.equal(r.summary.users, 5);
    assert.equal(r.summary.firstOrderUsers, 3);
    assert.equal(r.summary.firstOrderRate, 3 / 5);
    assert.equal(r.summary.repeatBuyers, 2);
    assert.equal(r.summary.repurchaseRate, 2 / 3);
  });

  it('counts returning buyers with repeatRule "returning"', () => {
    const r = repurchase(orders, { asOf: '2024-01-03', repeatRule: 'returning' }, users);
    assert.deepEqual(r.periods.array('repeat_buyers'), [0, 0, 1, 1]);
  });

  it('counts each row as an order when there is no order column', () => {
    const r = repurchase(orders.select('user_id', 'ts'), { asOf: '2024-01-03', period: 'month' });
    // b's two lines of o3 are now two orders: b repeats within January too.
    assert.deepEqual(pick(r.periods, 'period', 'paying_users', 'repeat_buyers', 'pool', 'first_order_rate'), [
      { period: '2024-01', paying_users: 3, repeat_buyers: 2, pool: null, first_order_rate: null },
    ]);
    assert.equal(r.summary.firstOrderRate, null);
  });

  it('computes the N-day repurchase rate over customers observed N days, and the business mode', () => {
    // Window of 1 day, as of 01-03: customers whose first order is on or before 01-02 (a, b).
    // a reorders the same day (o2); b's second order is 2 days later: outside a 1-day window.
    const r = repurchase(orders, { asOf: '2024-01-03', windowDays: 1 });
    assert.deepEqual(
      {
        ...r.summary.window,
        low: undefined,
        high: undefined,
        all: undefined,
        lastEligibleFirstDay: undefined,
      },
      {
        days: 1,
        observed: 2,
        repurchased: 1,
        rate: 0.5,
        low: undefined,
        high: undefined,
        mode: 'loyalty',
        all: undefined,
        lastEligibleFirstDay: undefined,
      },
    );
    const two = repurchase(orders, { asOf: '2024-01-03', windowDays: 2, modeBounds: [0.5, 0.9] });
    assert.equal(two.summary.window.observed, 2);
    assert.equal(two.summary.window.repurchased, 2);
    assert.equal(two.summary.window.mode, 'loyalty');
    const none = repurchase(orders, { asOf: '2024-01-03' });
    assert.equal(none.summary.window.observed, 0);
    assert.equal(none.summary.window.rate, null);
    assert.equal(none.summary.window.mode, null);
  });

  it('groups lines by a custom order column, and counts every user from the start without sign-up dates', () => {
    const invoices = orders.rename({ order_id: 'invoice' });
    const r = repurchase(
      invoices,
      { asOf: '2024-01-03', orderColumn: 'invoice', period: 'month' },
      users.select('user_id'),
    );
    assert.deepEqual(pick(r.periods, 'pool', 'paying_users', 'repeat_buyers'), [
      { pool: 5, paying_users: 3, repeat_buyers: 2 },
    ]);
    assert.equal(r.summary.firstOrderRate, 3 / 5);
  });

  it('classifies rates at the documented bounds', () => {
    assert.equal(businessMode(0.05), 'acquisition');
    assert.equal(businessMode(0.15), 'hybrid');
    assert.equal(businessMode(0.3), 'hybrid');
    assert.equal(businessMode(0.31), 'loyalty');
  });

  it('rejects bad options', () => {
    assert.throws(() => repurchase(orders, { repeatRule: 'twice' as never }), /invalid repeatRule: "twice"/);
    assert.throws(() => repurchase(orders, { modeBounds: [0.3, 0.15] }), SpecError);
    assert.throws(() => repurchase(orders, { windowDays: 0 }), /invalid windowDays/);
  });
});
