import type { BacktestResult } from '../metrics/churn/backtest.js';
import type { WarningLevel } from '../metrics/churn/warnings.js';
import type { ChurnResult } from '../metrics/churn/churn.js';
import { STAGE_COLOURS, stageLabel } from './lifecycleFigures.js';
import type { LifecycleStage } from '../metrics/lifecycle/stages.js';
import { warningLevelLabel } from './churnLabels.js';
import { plotlyFigure, type PlotlyFigure } from './plotly.js';
import { checkPeriod, periodIndex, periodLabel, type Period } from '../time/periods.js';
import { TimeZone } from '../time/zone.js';

/**
 * Churned users per month (每月流失用户数, article 000 §1): users who crossed the churn line in each period.
 * @param result what `churn` returned
 * @returns a plotly figure spec
 * @example display(churnByMonthBars(churn(data, { asOf: '2017-02-28', from: '2016-06-01' })))
 */
export function churnByMonthBars(result: ChurnResult): PlotlyFigure {
  const rows = result.byPeriod.objects() as { period: string; churned_users: number }[];
  return plotlyFigure({
    data: [
      {
        type: 'bar',
        x: rows.map((r) => r.period),
        y: rows.map((r) => r.churned_users),
        marker: { color: '#e45756' },
        hovertemplate: '%{x}: %{y} churned users<extra></extra>',
      },
    ],
    layout: {
      title: {
        text: `Churned users per ${result.spec.period} 流失用户数 (no activity for ${result.spec.days} days)`,
      },
      xaxis: { title: { text: 'churn month 流失月份' }, type: 'category' },
      yaxis: { title: { text: 'churned users 流失用户' }, rangemode: 'tozero' },
    },
  });
}

/**
 * Churned users by the stage they churned from (流失用户结构), as bars with each stage's share.
 * @param result what `churn` returned
 * @returns a plotly figure spec
 * @example display(churnByStageBars(churn(data, { asOf: '2017-02-28' })))
 */
export function churnByStageBars(result: ChurnResult): PlotlyFigure {
  const rows = result.byStage.objects() as {
    stage: LifecycleStage;
    churned: number;
    share_of_churned: number | null;
  }[];
  return plotlyFigure({
    data: [
      {
        type: 'bar',
        x: rows.map((r) => stageLabel(r.stage)),
        y: rows.map((r) => r.churned),
        text: rows.map((r) =>
          r.share_of_churned === null ? '' : `${(r.share_of_churned * 100).toFixed(1)}%`,
        ),
        textposition: 'outside',
        marker: { color: rows.map((r) => STAGE_COLOURS[r.stage]) },
      },
    ],
    layout: {
      title: { text: `Churned users by stage 流失用户结构 (as of ${result.spec.asOf})` },
      yaxis: { title: { text: 'churned users 流失用户' }, rangemode: 'tozero' },
    },
  });
}

/**
 * Precision and recall of a warning backtest per level (预警回测), grouped bars.
 * @param result what `backtestWarnings` returned
 * @returns a plotly figure spec
 * @example display(backtestBars(backtestWarnings(data, rules, { asOf: '2017-01-31' })))
 */
export function backtestBars(result: BacktestResult): PlotlyFigure {
  const rows = result.byLevel.objects() as {
    level: WarningLevel;
    precision: number | null;
    share_of_churned: number | null;
  }[];
  const x = rows.map((r) => warningLevelLabel(r.level));
  return plotlyFigure({
    data: [
      {
        type: 'bar',
        name: 'precision 精确率',
        x,
        y: rows.map((r) => r.precision),
        marker: { color: '#4c78a8' },
      },
      {
        type: 'bar',
        name: 'recall 召回率',
        x,
        y: rows.map((r) => r.share_of_churned),
        marker: { color: '#f58518' },
      },
    ],
    layout: {
      title: { text: `Warning backtest 预警回测: ${result.asOf} → ${result.horizonEnd}` },
      barmode: 'group',
      yaxis: { title: { text: 'share' }, tickformat: '.0%', range: [0, 1] },
    },
  });
}

/**
 * Sign-up dates of churned users (流失用户注册时间分布, article 001 §9): churned users counted by the period
 * they signed up in, to see whether they cluster around campaigns and holidays.
 * @param result what `churn` returned
 * @param options `period` of the histogram (default 'week')
 * @returns a plotly figure spec
 * @example display(churnedSignupBars(churn(data, { asOf: '2017-02-28' }), { period: 'day' }))
 */
export function churnedSignupBars(result: ChurnResult, options: { period?: Period } = {}): PlotlyFigure {
  const period = options.period === undefined ? 'week' : checkPeriod(options.period);
  const utc = TimeZone.of('UTC'); // registered_on is already a local calendar day
  const counts = new Map<number, number>();
  for (const u of result.users.objects() as { churned: boolean; registered_on: string }[]) {
    if (!u.churned) continue;
    const p = periodIndex(utc.dayOf(u.registered_on), period);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const all = keys.length
    ? Array.from({ length: keys[keys.length - 1] - keys[0] + 1 }, (_, i) => keys[0] + i)
    : [];
  return plotlyFigure({
    data: [
      {
        type: 'bar',
        x: all.map((p) => periodLabel(p, period)),
        y: all.map((p) => counts.get(p) ?? 0),
        marker: { color: '#e45756' },
      },
    ],
    layout: {
      title: { text: `Sign-up ${period} of churned users 流失用户注册时间分布 (as of ${result.spec.asOf})` },
      xaxis: { title: { text: `sign-up ${period} 注册时间` }, type: 'category' },
      yaxis: { title: { text: 'churned users 流失用户' }, rangemode: 'tozero' },
    },
  });
}
