import assert from 'node:assert/strict';
import { campaignReview } from '../../../kernel-lib/src/metrics/campaign/campaign.js';
import { repriceCampaign } from '../../../kernel-lib/src/metrics/campaign/reprice.js';
import {
  CAMPAIGN_LABELS,
  campaignComparisonTable,
  campaignHoldoutTable,
  campaignSummaryTable,
  campaignTermTable,
  campaignTierTable,
  repricedTable,
} from '../../../kernel-lib/src/present/campaignTables.js';
import {
  campaignComparisonBars,
  campaignTermBars,
  campaignUsageBars,
} from '../../../kernel-lib/src/present/campaignFigures.js';
import { tableHtml } from '../../../kernel-lib/src/present/html.js';
import * as f from '../metrics/campaign/fixture.js';

const review = campaignReview({ coupons: f.coupons, orders: f.orders, targets: f.targets }, f.spec);

describe('campaign presentation', () => {
  it('summary and tier tables carry raw fractions and the article’s Chinese terms', () => {
    const s = campaignSummaryTable(review);
    const usage = s.rows.find((r) => r[0] === 'Coupon usage rate')!;
    assert.deepEqual(usage, ['Coupon usage rate', '红包使用率', 4 / 7]);
    // One column of different figures, each in its own format: the rate as a percent, not 0.57.
    const html = tableHtml(s);
    assert.match(html, /<td>Coupon usage rate<\/td><td>红包使用率<\/td><td class="num">57\.1%<\/td>/);
    assert.match(html, /<td>Coupons granted<\/td><td>发放红包数<\/td><td class="num">7<\/td>/);
    const tiers = campaignTierTable(review);
    const col = tiers.columns.find((c) => c.name === 'recallRate')!;
    assert.equal(col.labelZh, '召回率');
    assert.equal(col.format, 'percent');
    assert.match(tableHtml(tiers), /60\.0%|50\.0%/);
    assert.match(tableHtml(tiers), /复投金额/);
  });

  it("summary table takes a shop's own words for the article's investment terms, in its rows and notes", () => {
    const article = campaignSummaryTable(review);
    assert.ok(article.rows.some((r) => r[0] === 'Re-invested amount' && r[1] === '复投金额'));
    assert.match(article.notes![0], /re-invested amount = all window orders of recalled users/);
    const shop = campaignSummaryTable(review, {
      ...CAMPAIGN_LABELS,
      reinvestAmount: { label: 'Re-spent amount', labelZh: '复购金额', format: 'currency' },
    });
    const row = shop.rows.find((r) => r[0] === 'Re-spent amount')!;
    assert.deepEqual(row.slice(0, 2), ['Re-spent amount', '复购金额']);
    assert.equal(row[2], review.summary.reinvestAmount);
    assert.ok(!shop.rows.some((r) => String(r[0]).includes('invested')));
    assert.match(shop.notes![0], /re-spent amount = all window orders of recalled users/);
    assert.doesNotMatch(shop.notes![0], /invest/);
  });

  it('comparison, term and hold-out tables state their definitions', () => {
    assert.match(campaignComparisonTable(review).notes!.join(' '), /could afford it/);
    assert.deepEqual(
      campaignTermTable(review)!.rows.map((r) => r[0]),
      [30, 60],
    );
    const h = campaignHoldoutTable(review)!;
    assert.deepEqual(
      h.rows.map((r) => r[1]),
      [5, 2],
    );
    assert.match(h.notes![0], /incremental recall 30\.0 points, 95 % CI \[.*\] \(Newcombe hybrid score\)/);
    assert.match(
      repricedTable(repriceCampaign(review, [{ tier: '0-4999', threshold: 5000, reward: 30 }])).notes![0],
      /usage rates held fixed/,
    );
  });

  it('usage bars: one trace per coupon, rates per tier, null where a tier did not get that coupon', () => {
    const fig = campaignUsageBars(review);
    assert.equal(fig.data.length, 4);
    assert.deepEqual(fig.data[0].y, [1, null, null]); // 满5000返20 went to tier 0-4999 only
    assert.deepEqual(fig.data[1].x, ['0-4999', '5000-19999', '20000+']);
  });

  it('comparison bars: groups 2 / 1 / 0 and the coupon threshold line', () => {
    const fig = campaignComparisonBars(review);
    assert.deepEqual(
      fig.data.map((d) => d.type),
      ['bar', 'bar', 'bar', 'scatter'],
    );
    assert.deepEqual(fig.data[2].y, [null, 16000, 100000]); // used none
    assert.deepEqual(fig.data[3].y, [5000, 10000, 50000]);
    assert.equal(campaignComparisonBars(review, 'meanCount').data.length, 3);
  });

  it('term bars count each recalled user once', () => {
    assert.deepEqual(campaignTermBars(review)!.data[0].y, [2, 1]);
  });
});
