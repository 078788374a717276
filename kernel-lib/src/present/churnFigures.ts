import type { BacktestResult } from '../metrics/churn/backtest.js';
import type { ChurnResult } from '../metrics/churn/churn.js';
import { STAGE_COLOURS, stageLabel } from './lifecycleFigures.js';
import type { LifecycleStage } from '../metrics/lifecycle/stages.js';
import type { PlotlyFigure } from './plotly.js';

/**
 * Churned users per month (每月流失用户数, article 000 §1): users who crossed the churn line in each period.
 * @param result what `churn` returned
 * @returns a plotly figure spec
 * @example display(churnByMonthBars(churn(data, { asOf: '2017-02-28', from: '2016-06-01' })))
 */
export function churnByMonthBars(result: ChurnResult): PlotlyFigure {
  const rows = result.byPeriod.objects() as { period: string; churned_users: number }[];
  return {
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
  };
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
  return {
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
  };
}

/**
 * Precision and recall of a warning backtest per level (预警回测), grouped bars.
 * @param result what `backtestWarnings` returned
 * @returns a plotly figure spec
 * @example display(backtestBars(backtestWarnings(data, rules, { asOf: '2017-01-31' })))
 */
export function backtestBars(result: BacktestResult): PlotlyFigure {
  const rows = result.byLevel.objects() as {
    level: string;
    level_zh: string;
    precision: number | null;
    share_of_churned: number | null;
  }[];
  const x = rows.map((r) => `${r.level_zh} ${r.level}`);
  return {
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
  };
}
