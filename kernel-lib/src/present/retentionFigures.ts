import type { RetentionResult } from '../metrics/retention/retention.js';
import { plotlyFigure, type PlotlyFigure } from './plotly.js';

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

/** `#rrggbb` with alpha, for interval bands. */
function translucent(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/**
 * Retention curves (留存曲线): the total rate per offset, one line per breakdown group, each with its Wilson
 * interval as a shaded band, on a numeric axis (day 1, 7, 14 and 30 spaced by value, each labelled). Offsets
 * not yet observable for any cohort are left out (not drawn as 0).
 * @param result a result of `retention()`
 * @returns a plotly figure for `display()`
 * @example display(retentionCurves(retention(events, { days: [1, 7, 14, 30], breakdown: 'channel' })))
 */
export function retentionCurves(result: RetentionResult): PlotlyFigure {
  const breakdown = result.spec.breakdown;
  const rows = (result.total.objects() as Record<string, unknown>[]).filter((r) => r.complete === true);
  const groups = [...new Set(rows.map((r) => (breakdown ? String(r[breakdown]) : 'all')))];
  const data: Record<string, unknown>[] = [];
  groups.forEach((g, i) => {
    const mine = rows.filter((r) => (breakdown ? String(r[breakdown]) : 'all') === g);
    // Offsets by value (day 1, 7, 14, 30 spaced as days are), not as evenly spaced categories.
    const x = mine.map((r) => r.offset as number);
    const colour = PALETTE[i % PALETTE.length];
    data.push({
      type: 'scatter',
      mode: 'lines',
      x: [...x, ...[...x].reverse()],
      y: [...mine.map((r) => r.rate_high), ...mine.map((r) => r.rate_low).reverse()],
      fill: 'toself',
      fillcolor: translucent(colour, 0.15),
      line: { width: 0 },
      hoverinfo: 'skip',
      showlegend: false,
      legendgroup: g,
      name: `${g} interval`,
    });
    data.push({
      type: 'scatter',
      mode: 'lines+markers',
      name: g,
      legendgroup: g,
      x,
      y: mine.map((r) => r.rate),
      customdata: mine.map((r) => [r.retained, r.cohort_size]),
      line: { color: colour },
      hovertemplate: '%{y:.1%} (%{customdata[0]} / %{customdata[1]})<extra>%{fullData.name}</extra>',
    });
  });
  const ticks = [...new Map(rows.map((r) => [r.offset as number, String(r.offset_label)])).entries()].sort(
    (a, b) => a[0] - b[0],
  );
  const unit = result.spec.period === 'day' ? '天' : result.spec.period === 'week' ? '周' : '月';
  return plotlyFigure({
    data,
    layout: {
      title: { text: `Retention · 留存曲线 (as of ${result.asOf})` },
      xaxis: {
        title: { text: `${result.spec.period} · 第N${unit}` },
        type: 'linear',
        tickvals: ticks.map(([offset]) => offset),
        ticktext: ticks.map(([, label]) => label),
        rangemode: 'tozero',
      },
      yaxis: { title: { text: 'retention rate · 留存率' }, tickformat: '.0%', rangemode: 'tozero' },
      showlegend: groups.length > 1,
    },
  });
}
