import type { ColumnTable } from 'arquero';
import type { CampaignReview } from '../metrics/campaign/campaign.js';
import type { RepricedCampaign } from '../metrics/campaign/reprice.js';
import type { TargetingStep, WinbackTargetingResult } from '../metrics/campaign/targeting.js';
import { targetingStepLabel } from './campaignLabels.js';
import { fupanTable, type FupanTableOptions, type FupanTablePayload } from './fupanTable.js';

/** A column's bilingual label and format in campaign tables. */
export interface CampaignLabel {
  label: string;
  labelZh: string;
  format?: 'integer' | 'percent' | 'currency' | 'number';
}

/** The bilingual column labels of campaign tables (the article's terms: a P2P platform's investments). */
export const CAMPAIGN_LABELS: Record<string, CampaignLabel> = {
  tier: { label: 'Tier', labelZh: '分层' },
  coupon: { label: 'Coupon', labelZh: '红包' },
  threshold: { label: 'Threshold', labelZh: '门槛', format: 'integer' },
  reward: { label: 'Reward', labelZh: '返现', format: 'integer' },
  usersTargeted: { label: 'Users targeted', labelZh: '发放人数', format: 'integer' },
  couponsGranted: { label: 'Coupons granted', labelZh: '发放红包数', format: 'integer' },
  couponsUsed: { label: 'Coupons used', labelZh: '使用红包数', format: 'integer' },
  couponUsageRate: { label: 'Coupon usage rate', labelZh: '红包使用率', format: 'percent' },
  couponsRedeemedAfterWindow: {
    label: 'Used after the window',
    labelZh: '活动期后使用数',
    format: 'integer',
  },
  usersRecalled: { label: 'Users recalled', labelZh: '召回人数', format: 'integer' },
  recallRate: { label: 'Recall rate', labelZh: '召回率', format: 'percent' },
  reinvestAmount: { label: 'Re-invested amount', labelZh: '复投金额', format: 'currency' },
  reinvestPerRecalledUser: { label: 'Per recalled user', labelZh: '客单价', format: 'currency' },
  rewardCost: { label: 'Reward cost', labelZh: '红包成本', format: 'currency' },
  costPerRecalledUser: { label: 'Cost per recalled user', labelZh: '人均召回成本', format: 'currency' },
  users: { label: 'Users', labelZh: '人数', format: 'integer' },
  usersWithHistory: { label: 'With history', labelZh: '有历史投资', format: 'integer' },
  meanSingle: { label: 'Mean single investment', labelZh: '平均单笔投资', format: 'currency' },
  meanMaxSingle: { label: 'Mean max single investment', labelZh: '历史平均最大投资金额', format: 'currency' },
  meanCumulative: { label: 'Mean cumulative', labelZh: '平均累计投资', format: 'currency' },
  meanCount: { label: 'Mean count', labelZh: '平均投资次数', format: 'number' },
  couponThreshold: { label: 'Coupon threshold', labelZh: '红包门槛', format: 'integer' },
  capacityAboveThreshold: { label: 'Could afford it', labelZh: '有能力购买' },
  shareAboveThreshold: { label: 'Share who could afford it', labelZh: '有能力购买占比', format: 'percent' },
  term_days: { label: 'Term (days)', labelZh: '产品期限(天)', format: 'integer' },
  usersByLongestTerm: { label: 'Users (longest term)', labelZh: '人数(按最长期限)', format: 'integer' },
  orders: { label: 'Orders', labelZh: '笔数', format: 'integer' },
  amount: { label: 'Amount', labelZh: '金额', format: 'currency' },
  class: { label: 'Beyond the coupon', labelZh: '红包外投资' },
  usageRate: { label: 'Usage rate', labelZh: '红包使用率', format: 'percent' },
  expectedUsed: { label: 'Expected used', labelZh: '预计使用数', format: 'number' },
  expectedCost: { label: 'Expected cost', labelZh: '预计成本', format: 'currency' },
  expectedRecalled: { label: 'Expected recalled', labelZh: '预计召回人数', format: 'number' },
  observedRecalled: { label: 'Observed recalled', labelZh: '实际召回人数', format: 'integer' },
  observedCost: { label: 'Observed cost', labelZh: '实际成本', format: 'currency' },
  basis: { label: 'Rate from', labelZh: '使用率依据' },
  invested: { label: 'Invested in the window', labelZh: '活动期投资人数', format: 'integer' },
};

function columns(names: string[]) {
  return Object.fromEntries(names.filter((n) => CAMPAIGN_LABELS[n]).map((n) => [n, CAMPAIGN_LABELS[n]]));
}

/** A campaign result table with the article's labels on every column it has, the given ones on top. */
function labelledTable(t: ColumnTable, options: FupanTableOptions): FupanTablePayload {
  return fupanTable(t, { ...options, columns: { ...columns(t.columnNames()), ...options.columns } });
}

/** 红包使用率 per row, heat-coloured: the tier and the tier × coupon tables. */
function usageTable(t: ColumnTable, options: FupanTableOptions): FupanTablePayload {
  return labelledTable(t, {
    ...options,
    columns: { couponUsageRate: { ...CAMPAIGN_LABELS.couponUsageRate, heat: true } },
  });
}

/**
 * The review's headline figures as one table (活动效果): users targeted, coupons granted and used,
 * 红包使用率, 召回率, 复投金额, 客单价, cost.
 * @param review what {@link campaignReview} returned
 * @param labels the measures' labels, {@link CAMPAIGN_LABELS} by default (the article's investment terms); a
 *   shop's review passes its own words (e.g. `reinvestAmount: 'Re-spent amount'`), used in the notes too
 * @returns a Fupan table payload with the spec and definitions as notes
 * @example display(campaignSummaryTable(review, { ...CAMPAIGN_LABELS, reinvestAmount: { label: 'Re-spent amount', labelZh: '复购金额', format: 'currency' } }))
 */
export function campaignSummaryTable(
  review: CampaignReview,
  labels: Record<string, CampaignLabel> = CAMPAIGN_LABELS,
): FupanTablePayload {
  const s = review.summary;
  const keys = Object.keys(s) as (keyof typeof s)[];
  const rows = keys.map((k) => ({
    measure: labels[k]?.label ?? k,
    measureZh: labels[k]?.labelZh ?? '',
    value: s[k],
  }));
  // One column of different figures: each row in its own format (a count, a rate, money).
  const rowFormats = keys.map((k) => ({ format: labels[k]?.format ?? ('number' as const) }));
  const lower = (key: string, fallback: string) => (labels[key]?.label ?? fallback).toLowerCase();
  const notes = [
    `window ${review.spec.start} + ${review.spec.days} days (${review.spec.timeZone}); recalled = ${review.spec.recall === 'usedCoupon' ? 'used ≥ 1 coupon' : lower('invested', 'invested in the window')}; ${lower('reinvestAmount', 're-invested amount')} = ${review.spec.reinvest === 'allOrders' ? 'all window orders of recalled users' : 'coupon orders only'}`,
    'rates are fractions of the counts above them: usage = used / granted, recall = recalled / targeted',
  ];
  return fupanTable(rows, {
    title: 'Campaign review',
    titleZh: '活动复盘',
    columns: {
      measure: { label: 'Measure', labelZh: '指标(英文)' },
      measureZh: { label: 'Measure (中文)', labelZh: '指标' },
      value: { label: 'Value', format: 'number', rowFormats },
    },
    spec: review.spec,
    notes,
  });
}

/**
 * Usage and recall per tier (各阶段红包使用率), bilingual headers, usage heat-coloured.
 * @param review what {@link campaignReview} returned
 * @returns a Fupan table payload
 * @example display(campaignTierTable(review))
 */
export function campaignTierTable(review: CampaignReview): FupanTablePayload {
  return usageTable(review.byTier, {
    title: 'Usage and recall by tier',
    titleZh: '各分层红包使用率与召回率',
    spec: review.spec,
  });
}

/**
 * Usage per tier and coupon type (红包发放与使用).
 * @param review what {@link campaignReview} returned
 * @returns a Fupan table payload
 * @example display(campaignCouponTable(review))
 */
export function campaignCouponTable(review: CampaignReview): FupanTablePayload {
  return usageTable(review.byTierCoupon, {
    title: 'Usage by tier and coupon',
    titleZh: '各分层各红包使用率',
  });
}

/**
 * The 2 / 1 / 0 comparison (三类用户比较) with the "could afford it" flag.
 * @param review what {@link campaignReview} returned
 * @returns a Fupan table payload
 * @example display(campaignComparisonTable(review))
 */
export function campaignComparisonTable(review: CampaignReview): FupanTablePayload {
  return labelledTable(review.comparison, {
    title: 'Users who used 2 / 1 / 0 coupons, history before the campaign',
    titleZh: '使用2个/1个/未使用红包用户的历史投资比较',
    notes: [
      'couponsUsed 2 = two or more; mean single and max over users with history; "could afford it" = mean max single investment ≥ the largest coupon threshold of the tier',
    ],
  });
}

/**
 * Term choice of recalled users (召回用户购买产品期限).
 * @param review what {@link campaignReview} returned
 * @returns a Fupan table payload, or null when orders have no term_days
 * @example display(campaignTermTable(review)!)
 */
export function campaignTermTable(review: CampaignReview): FupanTablePayload | null {
  if (!review.termChoice) return null;
  return labelledTable(review.termChoice, {
    title: 'Product term chosen by recalled users',
    titleZh: '召回用户购买产品期限',
    notes: ['users = bought at least one order of that term; users (longest term) counts each user once'],
  });
}

/**
 * The hold-out comparison as a small table (对照组), with the interval method stated.
 * @param review what {@link campaignReview} returned
 * @returns a Fupan table payload, or null without a hold-out
 * @example display(campaignHoldoutTable(review)!)
 */
export function campaignHoldoutTable(review: CampaignReview): FupanTablePayload | null {
  const h = review.holdout;
  if (!h) return null;
  return fupanTable(
    [
      {
        group: 'targeted 发券组',
        users: h.targetedUsers,
        invested: h.targetedInvested,
        rate: h.targetedRate,
      },
      { group: 'hold-out 对照组', users: h.holdoutUsers, invested: h.holdoutInvested, rate: h.holdoutRate },
    ],
    {
      title: 'Recall against the hold-out',
      titleZh: '对照组召回比较',
      columns: {
        group: { label: 'Group', labelZh: '组' },
        users: { label: 'Users', labelZh: '人数', format: 'integer' },
        invested: { label: 'Invested in the window', labelZh: '活动期投资人数', format: 'integer' },
        rate: { label: 'Rate', labelZh: '召回率', format: 'percent' },
      },
      notes: [
        `incremental recall ${(h.incrementalRecall * 100).toFixed(1)} points, ${Math.round(h.confidence * 100)} % CI [${(h.low * 100).toFixed(1)}, ${(h.high * 100).toFixed(1)}] (${h.interval === 'newcombe' ? 'Newcombe hybrid score' : 'Wald'}); two-proportion z = ${h.z.toFixed(2)}, p = ${h.pValue.toPrecision(2)}`,
        'both groups are compared on "placed any order in the window": a hold-out user has no coupon to use',
      ],
    },
  );
}

/**
 * A re-priced plan beside the observed one (what-if 方案测算), with the response model in words.
 * @param result what {@link repriceCampaign} returned
 * @returns a Fupan table payload
 * @example display(repricedTable(repriceCampaign(review, plan)))
 */
export function repricedTable(result: RepricedCampaign): FupanTablePayload {
  return labelledTable(result.byTier, {
    title: 'What-if: the plan re-priced',
    titleZh: '红包方案测算',
    notes: [`assumed response: ${result.assumption}`],
  });
}

/**
 * The targeting rule step by step (目标用户筛选, article 000 §2): each rule in English and Chinese with the
 * spec's values, and the users left after it.
 * @param result what `winbackTargets` returned
 * @returns a payload for `display()`
 * @example display(targetingStepsTable(winbackTargets(data, spec)))
 */
export function targetingStepsTable(result: WinbackTargetingResult): FupanTablePayload {
  const rows = (result.steps.objects() as { step: TargetingStep; users: number }[]).map((r) => {
    const [en, zh] = targetingStepLabel(r.step, result.spec);
    return { step_zh: zh, step_en: en, users: r.users };
  });
  return fupanTable(rows, {
    title: 'The targeting rule, step by step',
    titleZh: '目标用户筛选',
    columns: {
      step_zh: { label: 'Rule (中文)', labelZh: '规则' },
      step_en: { label: 'Rule', labelZh: '规则(英文)' },
      users: { label: 'Users left', labelZh: '剩余人数', format: 'integer' },
    },
    select: ['step_zh', 'step_en', 'users'],
    spec: result.spec,
  });
}
