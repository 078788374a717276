import assert from 'node:assert/strict';
import type { ColumnTable } from 'arquero';
import { join } from 'node:path';
import {
  bucketByFirstWindowCount,
  campaignReview,
  channelRoi,
  churn,
  codesOf,
  numbersOf,
  repurchase,
  retention,
  retentionByPastInvestments,
  stringsOf,
} from '../../kernel-lib/src/index.js';
import {
  B2B_FIGURES,
  CHURN_FIGURES,
  HABIT_FIGURES,
  WINBACK_FIGURES,
} from '../../datasets/src/calibration.js';
import { loadB2b, loadP2p, rows, WINBACK_SPEC } from './figures.js';
import { ROOT } from './support.js';
import { maxOf } from '../../kernel-lib/src/math/extent.js';

/** |actual − expected| ≤ tolerance, with a message naming the figure. */
function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${what}: ${actual} is not within ${tolerance} of the article's ${expected}`,
  );
}
const PT = 0.005; // rates: 0.5 percentage point
const SHARE = 0.02; // shares: 2 points

describe('datasets calibration: the kernel-lib analyses on the default samples land on the articles', function () {
  this.timeout(180_000);
  let p2p: Record<string, ColumnTable>;
  let b2b: Record<string, ColumnTable>;
  before(async () => {
    p2p = await loadP2p(join(ROOT, 'datasets/p2p'));
    b2b = await loadB2b(join(ROOT, 'datasets/b2b'));
  });

  describe('article 000: win-back campaign review (campaignReview)', () => {
    let review: ReturnType<typeof campaignReview>;
    before(() => {
      review = campaignReview(
        { coupons: p2p.coupons, orders: p2p.orders, targets: p2p.targets, payouts: p2p.payouts },
        WINBACK_SPEC,
      );
    });

    it('2,488 users, 3,195 coupons, 439 used, 383 recalled: exactly', () => {
      const s = review.summary;
      assert.equal(s.usersTargeted, WINBACK_FIGURES.targets);
      assert.equal(s.couponsGranted, WINBACK_FIGURES.coupons);
      assert.equal(s.couponsUsed, WINBACK_FIGURES.used);
      assert.equal(s.usersRecalled, WINBACK_FIGURES.recalled);
    });

    it('usage 13.7 % and recall 15.4 % within 0.5 pt; re-invested 4,684,600 and 12,231 per user within 1 %', () => {
      const s = review.summary;
      near(s.couponUsageRate, WINBACK_FIGURES.usageRate, PT, 'coupon usage rate');
      near(s.recallRate, WINBACK_FIGURES.recallRate, PT, 'recall rate');
      near(
        s.reinvestAmount,
        WINBACK_FIGURES.reinvestAmount,
        WINBACK_FIGURES.reinvestAmount * 0.01,
        'reinvest',
      );
      near(
        s.reinvestPerRecalledUser,
        WINBACK_FIGURES.avgPerRecalled,
        WINBACK_FIGURES.avgPerRecalled * 0.01,
        'per user',
      );
    });

    it('381 recalled users chose 30-day products and 2 chose 60-day', () => {
      const terms = rows(review.termChoice!);
      const users = (term: number) => terms.find((r) => r.term_days === term)?.users ?? 0;
      assert.equal(users(30), WINBACK_FIGURES.thirtyDay);
      assert.equal(users(60), WINBACK_FIGURES.sixtyDay);
      assert.equal(
        terms.reduce((s, r) => s + r.users, 0),
        WINBACK_FIGURES.recalled,
      );
    });

    it('usage is best for 满10000返50 at 5,000–19,999 and 满20000返100 at 20,000–49,999, 0 % for 满100000返500', () => {
      const coupons = rows(review.byTierCoupon).sort((a, b) => b.couponUsageRate - a.couponUsageRate);
      const top = coupons.slice(0, 2).map((r) => `${r.tier} ${r.coupon}`);
      assert.deepEqual(top.sort(), ['20000-49999 满20000返100', '5000-19999 满10000返50']);
      const big = coupons.find((r) => r.coupon === '满100000返500')!;
      assert.equal(big.couponUsageRate, 0);
      const tiers = rows(review.byTier);
      const usage = (label: string) => tiers.find((r) => r.tier === label)!.couponUsageRate;
      for (const poor of ['50000-99999', '100000+']) assert.ok(usage(poor) < usage('0-4999'), poor);
    });

    it('at 20,000+ non-users are historically stronger than users of one or two coupons, and above the threshold', () => {
      const cmp = rows(review.comparison);
      for (const tier of ['20000-49999', '50000-99999', '100000+']) {
        const none = cmp.find((r) => r.tier === tier && r.couponsUsed === 0)!;
        for (const used of [1, 2]) {
          const group = cmp.find((r) => r.tier === tier && r.couponsUsed === used)!;
          if (group.users > 0) assert.ok(none.meanMaxSingle > group.meanMaxSingle, `${tier}, ${used} used`);
        }
        assert.equal(none.capacityAboveThreshold, true, tier);
      }
    });

    it('below 20,000 users of one coupon and non-users are of similar quality (means within 30 %)', () => {
      const cmp = rows(review.comparison);
      for (const tier of ['0-4999', '5000-19999']) {
        const none = cmp.find((r) => r.tier === tier && r.couponsUsed === 0)!;
        const one = cmp.find((r) => r.tier === tier && r.couponsUsed === 1)!;
        for (const m of ['meanSingle', 'meanCumulative', 'meanCount']) {
          assert.ok(Math.abs(one[m] / none[m] - 1) < 0.3, `${tier} ${m}: ${one[m]} vs ${none[m]}`);
        }
      }
    });

    it('a random hold-out exists and comes back less than the targets', () => {
      const h = review.holdout!;
      assert.ok(h.holdoutUsers > 100);
      assert.ok(h.holdoutRate > 0 && h.holdoutRate < h.targetedRate);
      assert.ok(h.low > 0, 'the incremental recall is significant');
    });
  });

  describe('article 001: churn (no login and no investment for 30 days)', () => {
    let result: ReturnType<typeof churn>;
    before(() => {
      result = churn(
        { users: p2p.users, events: p2p.events, orders: p2p.orders },
        { asOf: '2017-06-30', timeZone: 'Asia/Shanghai', days: 30, activityEvents: ['login'] },
      );
    });

    it('churned users explode from 2016-10 to 2017-01 (article 000 §1), January 2017 the peak', () => {
      const byMonth = new Map(rows(result.byPeriod).map((r) => [r.period, r.churned_users]));
      const wave = ['2016-10', '2016-11', '2016-12', '2017-01'].map((m) => byMonth.get(m)!);
      for (let k = 1; k < wave.length; k++) assert.ok(wave[k] > wave[k - 1], `churn rises into ${k}`);
      assert.equal(maxOf(byMonth.values()), byMonth.get('2017-01'));
    });

    it('newcomers (新手期) are 48 % of churned users, within 2 points', () => {
      const intro = rows(result.byStage).find((r) => r.stage === 'introduction')!;
      near(intro.share_of_churned, CHURN_FIGURES.newcomerShareOfChurned, SHARE, 'newcomer share');
    });

    it('distribution churns worst among newcomers, invite worst among growth and mature users', () => {
      const cells = rows(result.byStageChannel);
      const worst = (stage: string) =>
        cells.filter((r) => r.stage === stage).sort((a, b) => b.churn_rate - a.churn_rate)[0].channel;
      assert.equal(worst('introduction'), 'distribution');
      assert.equal(worst('growth'), 'invite');
      assert.equal(worst('maturity'), 'invite');
    });

    it('理财超市 (wealth supermarket) users churn 95 %, within 2 points', () => {
      const users = rows(result.users).filter((r) => r.channel === 'wealth_supermarket');
      const rate = users.filter((r) => r.churned).length / users.length;
      near(rate, CHURN_FIGURES.wealthSupermarketChurn, SHARE, '理财超市 churn');
    });

    it('distribution churners who invested: >90 % at most 2 times; 80 % max under 10,000 and no rate-boost', () => {
      // Independent count (no metric filters churners by investment history): per churned distribution user.
      const churned = new Set(
        rows(result.users)
          .filter((r) => r.churned && r.channel === 'distribution')
          .map((r) => r.user_id),
      );
      const ids = codesOf(p2p.orders, 'user_id');
      const amount = numbersOf(p2p.orders, 'amount');
      const type = stringsOf(p2p.orders, 'product_type');
      const per = new Map<string, { n: number; max: number; boost: boolean }>();
      for (let i = 0; i < amount.length; i++) {
        const id = ids.dictionary.values[ids.codes[i]];
        if (!churned.has(id)) continue;
        const p = per.get(id) ?? { n: 0, max: 0, boost: false };
        p.n++;
        p.max = Math.max(p.max, amount[i]);
        p.boost ||= type[i] === 'rateBoost';
        per.set(id, p);
      }
      const investors = [...per.values()];
      const atMostTwo = investors.filter((p) => p.n <= 2).length / investors.length;
      const small = investors.filter((p) => p.max < 10000 && !p.boost).length / investors.length;
      assert.ok(atMostTwo > CHURN_FIGURES.distributionAtMostTwoInvestments, `≤2 investments: ${atMostTwo}`);
      near(small, CHURN_FIGURES.distributionSmallNoRateBoost, SHARE, 'max < 10,000 and no rate-boost');
    });
  });

  describe('article 003: habit effect (retentionByPastInvestments, invest again within 45 days)', () => {
    it('one repeat investment lifts retention by 30 %+, five make it 60 %+', () => {
      const t = rows(
        retentionByPastInvestments(p2p.orders, {
          asOf: '2017-06-30',
          timeZone: 'Asia/Shanghai',
          withinDays: 45,
        }).table,
      );
      const rate = (b: string) => t.find((r) => r.past_investments === b)!.rate;
      assert.ok(rate('2') >= rate('1') * (1 + HABIT_FIGURES.repeatLift), `${rate('1')} → ${rate('2')}`);
      assert.ok(rate(`${HABIT_FIGURES.loyalAfter}+`) >= HABIT_FIGURES.loyalRetention, `5+: ${rate('5+')}`);
    });
  });

  describe('article 002: B2B retention and conversion', () => {
    it('visit retention of new sign-ups on day 1, 7, 30 is about 40 %, 20 %, 10 % (within 2 points)', () => {
      const r = retention(
        b2b.events,
        {
          timeZone: 'Asia/Shanghai',
          startColumn: 'registered_at',
          returnEvent: 'visit',
          days: [1, 7, 14, 30],
        },
        b2b.users,
      );
      const rate = (d: number) => rows(r.total).find((x) => x.offset === d)!.rate;
      near(rate(1), B2B_FIGURES.day1, SHARE, 'day 1');
      near(rate(7), B2B_FIGURES.day7, SHARE, 'day 7');
      near(rate(30), B2B_FIGURES.day30, SHARE, 'day 30');
    });

    it('the 90-day repurchase rate puts the business in the hybrid mode (15–30 %)', () => {
      const p = repurchase(b2b.orders, { timeZone: 'Asia/Shanghai' }, b2b.users);
      assert.equal(p.summary.window.mode, 'hybrid');
      near(p.summary.window.rate!, B2B_FIGURES.repurchase90, 0.05, '90-day repurchase');
    });

    it('channel ROI at a 5 % commission: some channels sustainable (≥ 1), douyin not', () => {
      const roi = rows(
        channelRoi(
          { users: b2b.users, orders: b2b.orders, costs: b2b.costs },
          { timeZone: 'Asia/Shanghai', revenueShare: 0.05 },
        ).byChannel,
      );
      const of = (c: string) => roi.find((r) => r.channel === c)!;
      assert.equal(of('douyin').sustainable, false);
      for (const c of ['wechat', 'ground_push']) assert.equal(of(c).sustainable, true, c);
    });

    it('north star: new users who buy 2–3 times in their first week retain better than the rest', () => {
      const bucketed = bucketByFirstWindowCount(
        b2b.orders,
        { anchorColumn: 'registered_at', windowDays: 7, buckets: [[2, 3]], timeZone: 'Asia/Shanghai' },
        b2b.users,
      );
      const r = retention(
        b2b.events,
        {
          timeZone: 'Asia/Shanghai',
          startColumn: 'registered_at',
          returnEvent: 'visit',
          days: [30],
          breakdown: 'first_window_bucket',
        },
        bucketed,
      );
      const groups = rows(r.total);
      const star = groups.find((g) => g.first_window_bucket !== 'other')!;
      const other = groups.find((g) => g.first_window_bucket === 'other')!;
      assert.ok(star.cohort_size >= 30, `${star.cohort_size} north-star users`);
      assert.ok(star.rate > 2 * other.rate, `${star.rate} vs ${other.rate}`);
    });
  });
});
