import assert from 'node:assert/strict';
import * as aq from 'arquero';
import fc from 'fast-check';
import { funnel } from '../../../../kernel-lib/src/metrics/funnel/funnel.js';
import { duckQuery } from '../campaign/duckOracle.js';
import { rng } from '../campaign/randomCampaign.js';

const WINDOW = 60 * 60_000; // one hour

/** Random events a, b, c, x over a day for `users` users; timestamps distinct (epoch ms). */
function randomEvents(seed: number, users: number): Record<string, unknown>[] {
  const r = rng(seed);
  const rows: Record<string, unknown>[] = [];
  let clock = 0;
  for (let u = 0; u < users; u++) {
    const n = Math.floor(r() * 8);
    for (let i = 0; i < n; i++) {
      rows.push({
        user_id: `u${u}`,
        ts: Date.UTC(2024, 0, 1) + Math.floor(r() * 1440) * 10_000 + ++clock, // 4 hours, 10 s steps
        event: ['a', 'b', 'c', 'x'][Math.floor(r() * 4)],
        channel: u % 3 === 0 ? 'wechat' : 'baidu',
      });
    }
  }
  return rows;
}

/** Users reaching each step of an ordered a → b → c funnel within the window, in SQL (earliest next step). */
const ORACLE = `
WITH s1 AS (SELECT user_id, ts AS t0 FROM events WHERE event = 'a'),
s2 AS (
  SELECT s1.user_id, s1.t0, min(e.ts) AS t1 FROM s1 JOIN events e
    ON e.user_id = s1.user_id AND e.event = 'b' AND e.ts > s1.t0 AND e.ts - s1.t0 <= ${WINDOW}
  GROUP BY s1.user_id, s1.t0
),
s3 AS (
  SELECT s2.user_id FROM s2 JOIN events e
    ON e.user_id = s2.user_id AND e.event = 'c' AND e.ts > s2.t1 AND e.ts - s2.t0 <= ${WINDOW}
)
SELECT (SELECT count(DISTINCT user_id) FROM s1) AS step1,
       (SELECT count(DISTINCT user_id) FROM s2) AS step2,
       (SELECT count(DISTINCT user_id) FROM s3) AS step3`;

describe('funnel against a DuckDB SQL oracle', () => {
  for (const seed of [3, 11, 99]) {
    it(`agrees on users per step of an ordered funnel (seed ${seed})`, async () => {
      const rows = randomEvents(seed, 400);
      const result = funnel(aq.from(rows), {
        steps: ['a', 'b', 'c'],
        window: { amount: 60, unit: 'minute' },
      });
      const [sql] = await duckQuery({ events: rows }, ORACLE);
      assert.deepEqual(result.steps.array('users'), [sql.step1, sql.step2, sql.step3]);
      assert.ok((sql.step3 as number) > 0, 'the data reaches the last step');
    });
  }
});

describe('funnel properties', () => {
  it('step counts never increase, conversions lie in [0, 1], breakdowns add up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom('ordered', 'strict'), (seed, order) => {
        const rows = randomEvents(seed, 30);
        const r = funnel(aq.from(rows), {
          steps: ['a', 'b', 'c'],
          order: order as 'ordered' | 'strict',
          window: { amount: 1, unit: 'hour' },
          breakdownBy: 'channel',
        });
        const users = r.steps.array('users') as number[];
        for (let i = 1; i < users.length; i++) assert.ok(users[i] <= users[i - 1]);
        for (const c of r.steps.array('conversionFromPrevious') as number[])
          if (!Number.isNaN(c)) assert.ok(c >= 0 && c <= 1);
        const by = r.breakdown!.objects() as { step: number; users: number }[];
        for (let s = 1; s <= 3; s++) {
          assert.equal(
            by.filter((b) => b.step === s).reduce((t, b) => t + b.users, 0),
            users[s - 1],
          );
        }
        if (order === 'strict') {
          const ordered = funnel(aq.from(rows), {
            steps: ['a', 'b', 'c'],
            window: { amount: 1, unit: 'hour' },
          });
          const loose = ordered.steps.array('users') as number[];
          users.forEach((n, i) => assert.ok(n <= loose[i], 'strict order never counts more users'));
        }
      }),
      { numRuns: 60 },
    );
  });
});
