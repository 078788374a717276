import type { ColumnTable } from 'arquero';
import { SpecError } from '../errors.js';
import type { ClvModelFit } from '../metrics/clv/likelihood.js';
import type { SbgCohortProjection } from '../metrics/clv/sbgCohorts.js';
import { transactionModel } from '../metrics/clv/transactionModel.js';
import { GOOD_BAD_COLORSCALE, HEAT_COLORSCALE, plotlyFigure, type PlotlyFigure } from './plotly.js';

/** Options of {@link clvFrequencyRecencyHeatmap}. */
export interface FrequencyRecencyOptions {
  /** What to colour: expected purchases over `horizon`, or P(alive). @default 'expected' */
  value?: 'expected' | 'pAlive';
  /** Age T of the hypothetical customer (the summary's longest T, usually). */
  T: number;
  /** Frequencies 0..maxFrequency. @default 20 */
  maxFrequency?: number;
  /** Horizon of the expected purchases, in summary units. @default 1 */
  horizon?: number;
  /** Recency steps across 0..T. @default 40 */
  steps?: number;
}

/**
 * Frequency / recency heat map (频次-最近购买热力图) of a customer of age T: expected purchases in the next
 * `horizon` units or P(alive), as lifetimes' plot_frequency_recency_matrix / plot_probability_alive_matrix.
 * @param fit a fitted purchase model
 * @param options the value, T and ranges
 */
export function clvFrequencyRecencyHeatmap(fit: ClvModelFit, options: FrequencyRecencyOptions): PlotlyFigure {
  const model = transactionModel(fit);
  const value = options.value ?? 'expected';
  if (value !== 'expected' && value !== 'pAlive') throw new SpecError('value', value, ['expected', 'pAlive']);
  const T = options.T;
  if (!(T > 0)) throw new SpecError('T', T, 'a positive age');
  const maxF = options.maxFrequency ?? 20;
  const horizon = options.horizon ?? 1;
  const steps = options.steps ?? 40;
  const recency = Array.from({ length: steps + 1 }, (_, k) => (T * k) / steps);
  const frequency = Array.from({ length: maxF + 1 }, (_, x) => x);
  const z = frequency.map((x) =>
    recency.map((tx) => {
      if (x === 0 && tx > 0) return null; // no repeats means recency 0
      return value === 'pAlive' ? model.pAlive(x, tx, T) : model.expected(horizon, x, tx, T);
    }),
  );
  const title =
    value === 'pAlive'
      ? `P(alive) by frequency and recency (T = ${T.toFixed(1)}) · 存活概率`
      : `Expected purchases in the next ${horizon} by frequency and recency (T = ${T.toFixed(1)}) · 预期购买次数`;
  return plotlyFigure({
    data: [
      {
        type: 'heatmap',
        x: recency,
        y: frequency,
        z,
        colorscale: value === 'pAlive' ? GOOD_BAD_COLORSCALE : HEAT_COLORSCALE,
        zmin: value === 'pAlive' ? 0 : undefined,
        zmax: value === 'pAlive' ? 1 : undefined,
        hoverongaps: false,
        hovertemplate: 'recency %{x:.1f}, frequency %{y}<br>%{z:.3f}<extra></extra>',
      },
    ],
    layout: {
      title: { text: `${title} (${fit.model})` },
      xaxis: { title: { text: "recency (customer's age at last purchase) · 最近购买时点" } },
      yaxis: { title: { text: 'frequency (repeat purchases) · 复购次数' }, autorange: 'reversed' },
    },
  });
}

/**
 * Actual vs predicted holdout purchases by calibration frequency (模型校验图).
 * @param holdout what clvHoldoutByFrequency returned
 */
export function clvHoldoutBars(holdout: ColumnTable): PlotlyFigure {
  const x = holdout.array('frequency') as string[];
  return plotlyFigure({
    data: [
      { type: 'bar', name: 'actual · 实际', x, y: Array.from(holdout.array('actual') as ArrayLike<number>) },
      {
        type: 'bar',
        name: 'predicted · 预测',
        x,
        y: Array.from(holdout.array('predicted') as ArrayLike<number>),
      },
    ],
    layout: {
      title: {
        text: 'Holdout purchases per customer by calibration frequency · 验证期人均购买:实际 vs 预测',
      },
      barmode: 'group',
      xaxis: { title: { text: 'repeat purchases in calibration · 校准期复购次数' }, type: 'category' },
      yaxis: { title: { text: 'mean purchases in holdout · 验证期人均购买次数' } },
    },
  });
}

/**
 * Cumulative repeat purchases, actual vs expected, with the end of calibration marked (累计复购跟踪图).
 * @param tracking what clvTracking returned
 */
export function clvTrackingPlot(tracking: ColumnTable): PlotlyFigure {
  const day = tracking.array('day') as string[];
  const calibration = tracking.array('calibration') as boolean[];
  const last = calibration.lastIndexOf(true);
  const shapes =
    last >= 0 && last < day.length - 1
      ? [{ type: 'line', x0: day[last], x1: day[last], yref: 'paper', y0: 0, y1: 1, line: { dash: 'dot' } }]
      : [];
  return plotlyFigure({
    data: [
      {
        type: 'scatter',
        mode: 'lines',
        name: 'actual · 实际',
        x: day,
        y: Array.from(tracking.array('actual') as ArrayLike<number>),
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: 'expected · 模型',
        line: { dash: 'dash' },
        x: day,
        y: Array.from(tracking.array('expected') as ArrayLike<number>),
      },
    ],
    layout: {
      title: { text: 'Cumulative repeat purchases: actual vs expected · 累计复购:实际 vs 模型' },
      xaxis: { title: { text: 'end of period · 周期末' } },
      yaxis: { title: { text: 'cumulative repeat purchases · 累计复购次数' } },
      shapes,
    },
  });
}

/**
 * Each cohort's observed survivors (markers) and its sBG projection (line) (同期群留存预测曲线).
 * @param projection what sbgCohortProjection returned
 */
export function sbgCurves(projection: SbgCohortProjection): PlotlyFigure {
  const rows = projection.curves.objects() as {
    cohort: string;
    offset: number;
    observed: number | null;
    projected: number;
  }[];
  const cohorts = [...new Set(rows.map((r) => r.cohort))];
  const data = cohorts.flatMap((c) => {
    const mine = rows.filter((r) => r.cohort === c);
    return [
      {
        type: 'scatter',
        mode: 'markers',
        name: `${c} observed`,
        legendgroup: c,
        x: mine.map((r) => r.offset),
        y: mine.map((r) => r.observed),
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `${c} sBG`,
        legendgroup: c,
        x: mine.map((r) => r.offset),
        y: mine.map((r) => r.projected),
      },
    ];
  });
  return plotlyFigure({
    data,
    layout: {
      title: {
        text: `Retention by cohort, observed and projected (sBG; survivors: ${projection.survivors}) · 同期群留存预测`,
      },
      xaxis: { title: { text: 'periods since first · 第N期' } },
      yaxis: { title: { text: 'customers still active · 存活人数' }, rangemode: 'tozero' },
    },
  });
}
