import assert from 'node:assert/strict';
import { activeUsers } from '../../../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import { oracleData, oracleDb, rowsOf } from '../retention/oracleData.js';

describe('activeUsers against a DuckDB oracle (seeded random data)', () => {
  it('agrees on DAU, calendar MAU and rolling 30-day MAU, new (signed up in it) vs existing', async () => {
    const data = oracleData(43);
    const { db, close } = await oracleDb(data);
    const asOf = '2024-06-15';
    try {
      const act = `act AS (SELECT DISTINCT e.user_id, CAST(e.ts AS DATE) AS d, CAST(u.registered_at AS DATE) AS s
                           FROM ev e JOIN users u USING (user_id) WHERE CAST(e.ts AS DATE) <= DATE '${asOf}')`;
      const dau = await rowsOf(
        db,
        `WITH ${act} SELECT strftime(d, '%Y-%m-%d') AS p, count(*) AS active, count(*) FILTER (WHERE s = d) AS new
         FROM act GROUP BY d ORDER BY d`,
      );
      const mau = await rowsOf(
        db,
        `WITH ${act} SELECT strftime(date_trunc('month', d), '%Y-%m') AS p, count(DISTINCT user_id) AS active,
                count(DISTINCT user_id) FILTER (WHERE date_trunc('month', s) = date_trunc('month', d)) AS new
         FROM act GROUP BY 1 ORDER BY 1`,
      );
      const rolling = await rowsOf(
        db,
        `WITH ${act}, days AS (SELECT CAST(unnest(generate_series((SELECT min(d) FROM act), DATE '${asOf}', INTERVAL 1 DAY)) AS DATE) AS d)
         SELECT strftime(days.d, '%Y-%m-%d') AS p, count(DISTINCT act.user_id) AS active,
                count(DISTINCT act.user_id) FILTER (WHERE act.s BETWEEN days.d - 29 AND days.d) AS new
         FROM days LEFT JOIN act ON act.d BETWEEN days.d - 29 AND days.d GROUP BY days.d ORDER BY days.d`,
      );
      const check = (got: Record<string, unknown>[], expected: Record<string, unknown>[]) => {
        const byP = new Map(expected.map((e) => [e.p, e]));
        assert.ok(got.length >= expected.length);
        for (const g of got) {
          const e = byP.get(g.period) ?? { active: 0, new: 0 };
          assert.deepEqual(
            [g.active, g.new, g.existing],
            [e.active, e.new, (e.active as number) - (e.new as number)],
            String(g.period),
          );
        }
      };
      check(activeUsers(data.events, { asOf }, data.users).table.objects() as never, dau);
      check(activeUsers(data.events, { asOf, period: 'month' }, data.users).table.objects() as never, mau);
      const roll = activeUsers(data.events, { asOf, period: 'month', window: 'rolling' }, data.users);
      check(roll.table.objects() as never, rolling);
      assert.equal(roll.table.numRows(), rolling.length);
    } finally {
      close();
    }
  });
});
