import type { CampaignReview } from '../metrics/campaign/campaign.js';
import { plotlyFigure, type PlotlyFigure } from './plotly.js';

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '');

/**
 * Bars of coupon usage rate (红包使用率) per tier, one bar per coupon type in the tier, with counts on hover.
 * @param review what {@link campaignReview} returned
 * @returns a plotly figure spec
 * @example display(campaignUsageBars(review))
 */
export function campaignUsageBars(review: CampaignReview): PlotlyFigure {
  const rows = review.byTierCoupon.objects() as Record<string, any>[];
  const coupons = [...new Set(rows.map((r) => r.coupon as string))];
  const tiers = review.byTier.array('tier') as string[];
  const data = coupons.map((coupon) => {
    const own = tiers.map((t) => rows.find((r) => r.tier === t && r.coupon === coupon));
    return {
      type: 'bar',
      name: coupon,
      x: tiers,
      y: own.map((r) => (r ? r.couponUsageRate : null)),
      text: own.map((r) => (r ? pct(r.couponUsageRate) : '')),
      textposition: 'outside',
      customdata: own.map((r) => (r ? [r.couponsUsed, r.couponsGranted] : null)),
      // The name through fullData (escaped with the trace), never spliced into the template: a coupon named
      // %{y} or <b> is shown as written.
      hovertemplate: '%{x} · %{fullData.name}<br>%{customdata[0]} of %{customdata[1]} used<extra></extra>',
    };
  });
  return plotlyFigure({
    data,
    layout: {
      title: { text: 'Coupon usage rate by tier 各分层红包使用率' },
      barmode: 'group',
      xaxis: { title: { text: 'tier 分层' }, type: 'category' },
      yaxis: { title: { text: 'usage rate 红包使用率' }, tickformat: '.0%', rangemode: 'tozero' },
    },
  });
}

/**
 * Grouped bars of the 2 / 1 / 0 comparison (三类用户比较): for each tier, one bar per group of a history
 * measure, with the tier's coupon threshold drawn as a marker line when the measure is the max single investment.
 * @param review what {@link campaignReview} returned
 * @param measure meanMaxSingle (default), meanSingle, meanCumulative or meanCount
 * @returns a plotly figure spec
 * @example display(campaignComparisonBars(review, 'meanMaxSingle'))
 */
export function campaignComparisonBars(
  review: CampaignReview,
  measure: 'meanMaxSingle' | 'meanSingle' | 'meanCumulative' | 'meanCount' = 'meanMaxSingle',
): PlotlyFigure {
  const rows = review.comparison.objects() as Record<string, any>[];
  const tiers = review.byTier.array('tier') as string[];
  const names: Record<number, string> = { 2: 'used 2 用2个', 1: 'used 1 用1个', 0: 'used none 未使用' };
  const data: Record<string, unknown>[] = [2, 1, 0].map((g) => {
    const own = tiers.map((t) => rows.find((r) => r.tier === t && r.couponsUsed === g)!);
    return {
      type: 'bar',
      name: names[g],
      x: tiers,
      y: own.map((r) => (Number.isFinite(r[measure]) ? r[measure] : null)),
      customdata: own.map((r) => r.users),
      hovertemplate: '%{x} · %{fullData.name}<br>%{y:,.0f} (%{customdata} users)<extra></extra>',
    };
  });
  if (measure === 'meanMaxSingle') {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'coupon threshold 红包门槛',
      x: tiers,
      y: tiers.map((t) => rows.find((r) => r.tier === t)!.couponThreshold),
      marker: { symbol: 'line-ew-open', size: 40, line: { width: 3 } },
    });
  }
  const titles = {
    meanMaxSingle: 'mean max single investment 历史平均最大投资金额',
    meanSingle: 'mean single investment 平均单笔投资',
    meanCumulative: 'mean cumulative investment 平均累计投资',
    meanCount: 'mean investment count 平均投资次数',
  };
  return plotlyFigure({
    data,
    layout: {
      title: { text: `Users who used 2 / 1 / 0 coupons: ${titles[measure]}` },
      barmode: 'group',
      xaxis: { title: { text: 'tier 分层' }, type: 'category' },
      yaxis: { title: { text: titles[measure] }, rangemode: 'tozero' },
    },
  });
}

/**
 * Bars of recalled users by product term (召回用户购买产品期限), counting each user at their longest term.
 * @param review what {@link campaignReview} returned
 * @returns a plotly figure spec, or null when orders have no term_days
 * @example display(campaignTermBars(review)!)
 */
export function campaignTermBars(review: CampaignReview): PlotlyFigure | null {
  if (!review.termChoice) return null;
  const t = review.termChoice;
  const terms = (t.array('term_days') as number[]).map((d) => `${d} days 天`);
  return plotlyFigure({
    data: [
      {
        type: 'bar',
        x: terms,
        y: Array.from(t.array('usersByLongestTerm') as ArrayLike<number>),
        text: Array.from(t.array('usersByLongestTerm') as ArrayLike<number>).map(String),
        textposition: 'outside',
        hovertemplate: '%{x}: %{y} users<extra></extra>',
      },
    ],
    layout: {
      title: { text: 'Product term chosen by recalled users 召回用户购买产品期限' },
      xaxis: { title: { text: 'term 期限' }, type: 'category' },
      yaxis: { title: { text: 'users 人数' }, rangemode: 'tozero' },
    },
  });
}
