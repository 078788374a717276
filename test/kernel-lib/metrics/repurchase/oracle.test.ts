import assert from 'node:assert/strict';
import { repurchase } from '../../../../kernel-lib/src/metrics/repurchase/repurchase.js';
import { oracleData, oracleDb, rowsOf } from '../retention/oracleData.js';

describe('repurchase against a DuckDB oracle (seeded random data)', () => {
  it('agrees per day and in total, including the N-day repurchase rate and the first-order pool', async () => {
    const data = oracleData(31);
    const { db, close } = await oracleDb(data);
    const asOf = '2024-05-31';
    const orders = data.events.filter((d: { event: string }) => d.event === 'purchase');
    try {
      const o = `o AS (SELECT order_id, any_value(user_id) AS user_id, CAST(min(ts) AS DATE) AS d FROM ev
                       WHERE event = 'purchase' AND CAST(ts AS DATE) <= DATE '${asOf}' GROUP BY order_id),
                 first AS (SELECT user_id, min(d) AS fd FROM o GROUP BY user_id)`;
      const perDay = await rowsOf(
        db,
        `WITH ${o}, per AS (SELECT d, user_id, count(*) AS n FROM o GROUP BY d, user_id)
         SELECT strftime(d, '%Y-%m-%d') AS day, count(*) AS paying, count(*) FILTER (WHERE n >= 2) AS repeat,
                count(*) FILTER (WHERE fd = d) AS firsts
         FROM per JOIN first USING (user_id) GROUP BY d ORDER BY d`,
      );
      const pool = await rowsOf(
        db,
        `WITH ${o},
              known AS (SELECT u.user_id, least(CAST(u.registered_at AS DATE), f.fd) AS kd, f.fd
                        FROM users u LEFT JOIN first f USING (user_id) WHERE CAST(u.registered_at AS DATE) <= DATE '${asOf}'),
              days AS (SELECT CAST(unnest(generate_series(DATE '2024-01-01', DATE '${asOf}', INTERVAL 1 DAY)) AS DATE) AS d)
         SELECT strftime(days.d, '%Y-%m-%d') AS day, count(known.user_id) AS pool
         FROM days LEFT JOIN known ON known.kd <= days.d AND (known.fd IS NULL OR known.fd >= days.d)
         GROUP BY days.d ORDER BY days.d`,
      );
      const totals = (
        await rowsOf(
          db,
          `WITH ${o}, n AS (SELECT user_id, count(*) AS orders FROM o GROUP BY user_id),
                w AS (SELECT f.user_id, count(*) AS within FROM first f JOIN o USING (user_id)
                      WHERE f.fd <= DATE '${asOf}' - 30 AND o.d <= f.fd + 30 GROUP BY f.user_id)
           SELECT (SELECT count(*) FROM n) AS paying, (SELECT count(*) FROM n WHERE orders >= 2) AS repeat,
                  (SELECT count(*) FROM w) AS observed, (SELECT count(*) FROM w WHERE within >= 2) AS repurchased,
                  (SELECT count(*) FROM users WHERE CAST(registered_at AS DATE) <= DATE '${asOf}') AS users`,
        )
      )[0];
      const got = repurchase(orders, { asOf, windowDays: 30 }, data.users);
      const rows = got.periods.objects() as Record<string, unknown>[];
      const byDay = new Map(perDay.map((e) => [e.day, e]));
      const poolByDay = new Map(pool.map((e) => [e.day, e.pool]));
      assert.ok(perDay.length > 50);
      for (const r of rows) {
        const e = byDay.get(r.period);
        assert.deepEqual(
          [r.paying_users, r.repeat_buyers, r.first_order_users],
          e ? [e.paying, e.repeat, e.firsts] : [0, 0, 0],
          String(r.period),
        );
        assert.equal(r.pool, poolByDay.get(r.period as string), `pool ${r.period}`);
      }
      assert.equal(got.summary.firstOrderUsers, totals.paying);
      assert.equal(got.summary.repeatBuyers, totals.repeat);
      assert.equal(got.summary.users, totals.users);
      assert.equal(got.summary.window.observed, totals.observed);
      assert.equal(got.summary.window.repurchased, totals.repurchased);
    } finally {
      close();
    }
  });
});
