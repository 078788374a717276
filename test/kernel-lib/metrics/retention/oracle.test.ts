import assert from 'node:assert/strict';
import { retention } from '../../../../kernel-lib/src/metrics/retention/retention.js';
import { oracleData, oracleDb, rowsOf } from './oracleData.js';

const AS_OF = '2024-05-10';
const DAYS = [0, 1, 3, 7, 14, 30];

/** Retention per daily cohort in SQL: start = first purchase, return = a visit on day d0 + k (or later). */
function retentionSql(onOrAfter: boolean): string {
  return `
    WITH s AS (
      SELECT user_id, CAST(min(ts) AS DATE) AS d0 FROM ev
      WHERE event = 'purchase' AND CAST(ts AS DATE) <= DATE '${AS_OF}' GROUP BY user_id),
    r AS (SELECT DISTINCT user_id, CAST(ts AS DATE) AS d FROM ev WHERE event = 'visit' AND CAST(ts AS DATE) <= DATE '${AS_OF}'),
    k AS (SELECT unnest([${DAYS.join(',')}]) AS k),
    hit AS (
      SELECT DISTINCT s.user_id, k.k FROM s JOIN r ON r.user_id = s.user_id CROSS JOIN k
      WHERE ${onOrAfter ? 'r.d >= s.d0 + k.k' : 'r.d = s.d0 + k.k'})
    SELECT strftime(s.d0, '%Y-%m-%d') AS cohort, k.k AS k, count(*) AS n, count(hit.user_id) AS retained,
           max(s.d0) + k.k <= DATE '${AS_OF}' AS complete
    FROM s CROSS JOIN k LEFT JOIN hit ON hit.user_id = s.user_id AND hit.k = k.k
    GROUP BY s.d0, k.k ORDER BY s.d0, k.k`;
}

describe('retention against a DuckDB oracle (seeded random data)', () => {
  for (const mode of ['onDay', 'onOrAfter'] as const) {
    it(`agrees cell by cell for mode "${mode}" with calendar days`, async () => {
      const data = oracleData(7);
      const { db, close } = await oracleDb(data);
      try {
        const expected = await rowsOf(db, retentionSql(mode === 'onOrAfter'));
        const got = retention(data.events, {
          startEvent: 'purchase',
          returnEvent: 'visit',
          days: DAYS,
          mode,
          asOf: AS_OF,
        });
        const cells = got.cells.objects() as Record<string, unknown>[];
        assert.equal(cells.length, expected.length);
        assert.ok(expected.length > 200);
        let incomplete = 0;
        cells.forEach((c, i) => {
          const e = expected[i];
          assert.deepEqual([c.cohort, c.offset, c.cohort_size, c.complete], [e.cohort, e.k, e.n, e.complete]);
          if (e.complete) assert.equal(c.retained, e.retained, `${e.cohort} day ${e.k}`);
          else {
            assert.equal(c.retained, null);
            incomplete++;
          }
        });
        assert.ok(incomplete > 0);
      } finally {
        close();
      }
    });
  }

  it('agrees on totals by channel over complete cohorts, with sign-up starts', async () => {
    const data = oracleData(11);
    const { db, close } = await oracleDb(data);
    try {
      const expected = await rowsOf(
        db,
        `WITH s AS (SELECT user_id, channel, CAST(registered_at AS DATE) AS d0 FROM users WHERE CAST(registered_at AS DATE) <= DATE '${AS_OF}'),
              r AS (SELECT DISTINCT user_id, CAST(ts AS DATE) AS d FROM ev WHERE event = 'visit'),
              k AS (SELECT unnest([1, 7, 14, 30]) AS k)
         SELECT s.channel, k.k, count(*) AS n,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM r WHERE r.user_id = s.user_id AND r.d = s.d0 + k.k)) AS retained
         FROM s CROSS JOIN k WHERE s.d0 + k.k <= DATE '${AS_OF}' GROUP BY s.channel, k.k ORDER BY s.channel, k.k`,
      );
      const got = retention(
        data.events,
        { startColumn: 'registered_at', returnEvent: 'visit', breakdown: 'channel', asOf: AS_OF },
        data.users,
      );
      const total = got.total.objects() as Record<string, unknown>[];
      assert.deepEqual(
        total.map((t) => [t.channel, t.offset, t.cohort_size, t.retained]),
        expected.map((e) => [e.channel, e.k, e.n, e.retained]),
      );
    } finally {
      close();
    }
  });
});
