import * as aq from 'arquero';
import fc from 'fast-check';
import type { UserData } from '../../../../kernel-lib/src/metrics/history/history.js';

const DAY = 86_400_000;
const START = Date.parse('2016-09-01T00:00:00Z');

/** A random small platform: days are offsets from 2016-09-01, some after the as-of date. */
export const platform = fc
  .array(
    fc.record({
      reg: fc.integer({ min: 0, max: 200 }),
      verified: fc.boolean(),
      logins: fc.array(fc.integer({ min: 0, max: 220 }), { maxLength: 6 }),
      orders: fc.array(
        fc.record({ day: fc.integer({ min: 0, max: 220 }), term: fc.constantFrom(0, 30, 90, 180) }),
        { maxLength: 4 },
      ),
      payouts: fc.array(fc.integer({ min: 0, max: 220 }), { maxLength: 2 }),
      // One balance per user and date: two different ones are refused as an InputError (balanceTies.ts).
      balances: fc.uniqueArray(
        fc.record({ day: fc.integer({ min: 0, max: 220 }), balance: fc.integer({ min: 0, max: 5000 }) }),
        { maxLength: 4, selector: (b) => b.day % 90 },
      ),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((list): UserData => {
    const at = (d: number) => new Date(START + d * DAY + 3_600_000).toISOString();
    const users = list.map((u, i) => ({
      user_id: `u${i}`,
      registered_at: at(u.reg),
      verified_at: u.verified ? at(u.reg) : null,
      card_bound_at: u.verified ? at(u.reg) : null,
    }));
    const after = (u: { reg: number }, d: number) => u.reg + (d % 40);
    return {
      users: aq.from(users),
      events: aq.from(
        list.flatMap((u, i) =>
          u.logins.map((d) => ({ user_id: `u${i}`, ts: at(after(u, d)), event: 'login' })),
        ),
      ),
      orders: aq.from(
        list.flatMap((u, i) =>
          u.orders.map((o) => ({
            user_id: `u${i}`,
            ts: at(u.reg + (o.day % 60)),
            amount: 100,
            term_days: o.term,
          })),
        ),
      ),
      payouts: aq.from(
        list.flatMap((u, i) =>
          u.payouts.map((d) => ({ user_id: `u${i}`, ts: at(u.reg + (d % 90)), amount: 100 })),
        ),
      ),
      balances: aq.from(
        list.flatMap((u, i) =>
          u.balances.map((b) => ({
            user_id: `u${i}`,
            date: at(u.reg + (b.day % 90)).slice(0, 10),
            balance: b.balance,
          })),
        ),
      ),
    };
  });
