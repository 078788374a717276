import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { campaignReview } from '../../../../kernel-lib/src/metrics/campaign/campaign.js';
import { duckQuery } from './duckOracle.js';
import { randomCampaign } from './randomCampaign.js';

/** Usage, recall and re-invested amount per tier, written independently in SQL. */
function oracleSql(start: number, end: number): string {
  return `
WITH targeted AS (
  SELECT user_id, CASE WHEN payout >= 20000 THEN 2 WHEN payout >= 5000 THEN 1 ELSE 0 END AS tier
  FROM targets WHERE NOT holdout
),
used AS (
  SELECT user_id, count(*) AS granted, count(*) FILTER (WHERE redeemed_at < ${end}) AS used
  FROM coupons GROUP BY user_id
),
window_orders AS (
  SELECT user_id, sum(amount) AS amount FROM orders WHERE ts >= ${start} AND ts < ${end} GROUP BY user_id
)
SELECT t.tier,
  count(*) AS users,
  sum(coalesce(u.granted, 0)) AS granted,
  sum(coalesce(u.used, 0)) AS used,
  count(*) FILTER (WHERE u.used > 0) AS recalled,
  coalesce(sum(w.amount) FILTER (WHERE u.used > 0), 0) AS reinvest
FROM targeted t LEFT JOIN used u USING (user_id) LEFT JOIN window_orders w USING (user_id)
GROUP BY t.tier ORDER BY t.tier`;
}

describe('campaignReview against a DuckDB SQL oracle', () => {
  for (const seed of [1, 7, 2024]) {
    it(`agrees on usage, recall and re-invested amount per tier (seed ${seed})`, async () => {
      const d = randomCampaign(seed, 300);
      const review = campaignReview(
        { coupons: aq.from(d.coupons), orders: aq.from(d.orders), targets: aq.from(d.targets) },
        { start: '2017-03-01', days: 7, tiers: { by: 'payout', cuts: [0, 5000, 20000] } },
      );
      const sql = await duckQuery(
        { coupons: d.coupons, orders: d.orders, targets: d.targets },
        oracleSql(d.start, d.end),
      );
      const mine = review.byTier.objects() as Record<string, number>[];
      assert.equal(sql.length, mine.length);
      sql.forEach((row, t) => {
        assert.equal(mine[t].usersTargeted, row.users);
        assert.equal(mine[t].couponsGranted, row.granted);
        assert.equal(mine[t].couponsUsed, row.used);
        assert.equal(mine[t].usersRecalled, row.recalled);
        assert.ok(Math.abs(mine[t].reinvestAmount - (row.reinvest as number)) < 1e-6);
      });
      assert.ok(
        review.summary.couponsUsed > 0 && review.summary.usersRecalled > 0,
        'the data exercises the counts',
      );
    });
  }
});
