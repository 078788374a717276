import assert from 'node:assert/strict';
import { cohortMatrix } from '../../../../kernel-lib/src/metrics/cohort/cohort.js';
import { oracleData, oracleDb, rowsOf } from '../retention/oracleData.js';

describe('cohortMatrix against a DuckDB oracle (seeded random data)', () => {
  it('agrees cell by cell on monthly purchase cohorts: sizes, active users and revenue', async () => {
    const data = oracleData(23, 400);
    const { db, close } = await oracleDb(data);
    try {
      const asOf = '2024-06-30';
      const expected = await rowsOf(
        db,
        `WITH a AS (SELECT user_id, date_trunc('month', ts) AS m, amount FROM ev
                    WHERE event = 'purchase' AND CAST(ts AS DATE) <= DATE '${asOf}'),
              f AS (SELECT user_id, min(m) AS c FROM a GROUP BY user_id),
              sz AS (SELECT c, count(*) AS n FROM f GROUP BY c)
         SELECT strftime(f.c, '%Y-%m') AS cohort, datediff('month', f.c, a.m) AS k, any_value(sz.n) AS n,
                count(DISTINCT a.user_id) AS active, sum(a.amount) AS revenue
         FROM a JOIN f USING (user_id) JOIN sz ON sz.c = f.c GROUP BY f.c, a.m ORDER BY f.c, a.m`,
      );
      const got = cohortMatrix(data.events, { activityEvent: 'purchase', amount: 'amount', asOf });
      const cells = got.cells.objects() as Record<string, unknown>[];
      assert.ok(cells.every((c) => c.complete === true));
      const byKey = new Map(expected.map((e) => [`${e.cohort}/${e.k}`, e]));
      for (const c of cells) {
        const e = byKey.get(`${c.cohort}/${c.offset}`);
        // A cell with no active user has no row in the SQL group-by.
        assert.equal(c.active, e ? e.active : 0, `${c.cohort} +${c.offset}`);
        if (e) {
          assert.equal(c.cohort_size, e.n);
          assert.ok(Math.abs((c.revenue as number) - (e.revenue as number)) < 1e-6);
        } else assert.equal(c.revenue, 0);
      }
      assert.equal(cells.filter((c) => (c.active as number) > 0).length, expected.length);
      assert.equal(cells.length, 21); // 6 monthly cohorts: 6 + 5 + … + 1 cells
    } finally {
      close();
    }
  });

  it('marks the running month incomplete (as of mid-May)', async () => {
    const data = oracleData(23, 400);
    const got = cohortMatrix(data.events, { activityEvent: 'purchase', asOf: '2024-05-15' });
    const cells = got.cells.objects() as Record<string, unknown>[];
    for (const c of cells) {
      const month = Number(String(c.cohort).slice(5)) + (c.offset as number);
      assert.equal(c.complete, month < 5);
      assert.equal(c.active === null, month === 5);
    }
  });
});
