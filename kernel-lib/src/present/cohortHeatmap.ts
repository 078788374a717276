import { SpecError } from '../errors.js';
import type { CohortMatrixResult } from '../metrics/cohort/cohortMatrix.js';
import { fupanTable, type FupanTableOptions, type FupanTablePayload } from './fupanTable.js';
import { plotlyFigure, type PlotlyFigure } from './plotly.js';
import { maxOf, minOf } from '../metrics/shared/extent.js';

/** A value of the cohort matrix to show. */
export type CohortValue = 'rate' | 'active' | 'revenue' | 'revenue_cum' | 'ltv';

const LABELS: Record<CohortValue, [string, string]> = {
  rate: ['retention rate', '留存率'],
  active: ['active users', '活跃用户数'],
  revenue: ['revenue', '收入'],
  revenue_cum: ['cumulative revenue', '累计收入'],
  ltv: ['cumulative LTV per user', '人均累计价值 (LTV)'],
};

function unitZh(period: string): string {
  return period === 'day' ? '天' : period === 'week' ? '周' : '月';
}

/**
 * The cohort matrix as rows (cohorts) × columns (offsets), for custom charts; null where a period is
 * incomplete or not yet reached.
 * @param result a result of `cohortMatrix()`
 * @param value which value fills the grid
 * @returns cohort labels, cohort sizes, offsets and the grid `z[cohort][offset]`
 * @example const { z } = cohortGrid(cohortMatrix(orders), 'rate');
 */
export function cohortGrid(
  result: CohortMatrixResult,
  value: CohortValue,
): { cohorts: string[]; sizes: number[]; offsets: number[]; z: (number | null)[][] } {
  const cells = result.cells.objects() as Record<string, unknown>[];
  if (cells.length && !(value in cells[0])) {
    throw new SpecError('value', value, 'rate or active: this matrix has no value columns (set spec.amount)');
  }
  const cohorts = [...new Set(cells.map((c) => c.cohort as string))];
  const maxOffset = Math.max(-1, maxOf(cells.map((c) => c.offset as number)));
  const offsets = Array.from({ length: maxOffset + 1 }, (_, i) => i);
  const z = cohorts.map(() => offsets.map((): number | null => null));
  const sizes = cohorts.map(() => 0);
  for (const c of cells) {
    const i = cohorts.indexOf(c.cohort as string);
    sizes[i] = c.cohort_size as number;
    z[i][c.offset as number] = c.complete ? (c[value] as number) : null;
  }
  return { cohorts, sizes, offsets, z };
}

/**
 * Cohort heat map (同期群热力图): cohorts down, period offsets across; incomplete cells blank (null), never 0.
 * @param result a result of `cohortMatrix()`
 * @param value which value to colour by. @default 'rate'
 * @returns a plotly figure for `display()`
 * @example display(cohortHeatmap(cohortMatrix(orders, { period: 'month' })))
 */
export function cohortHeatmap(result: CohortMatrixResult, value: CohortValue = 'rate'): PlotlyFigure {
  const { cohorts, sizes, offsets, z } = cohortGrid(result, value);
  const percent = value === 'rate';
  const values = z.flat().filter((v): v is number => v !== null);
  const text = z.map((row) =>
    row.map((v) =>
      v === null
        ? ''
        : percent
          ? `${(v * 100).toFixed(1)}%`
          : v.toLocaleString('en-US', { maximumFractionDigits: 1 }),
    ),
  );
  const [en, zh] = LABELS[value];
  const unit = unitZh(result.spec.period);
  return plotlyFigure({
    data: [
      {
        type: 'heatmap',
        x: offsets.map((o) => `${o}`),
        y: cohorts.map((c, i) => `${c} (${sizes[i]})`),
        z,
        text,
        texttemplate: '%{text}',
        colorscale: 'Blues',
        hoverongaps: false,
        // Colours span the values shown (a 5–40 % matrix is not washed out on a 0–100 % scale).
        zmin: values.length ? minOf(values) : undefined,
        zmax: values.length ? maxOf(values) : undefined,
        colorbar: { title: { text: zh }, tickformat: percent ? '.0%' : undefined },
        hovertemplate: `cohort %{y}, +%{x} ${result.spec.period}<br>${en}: %{text}<extra></extra>`,
      },
    ],
    layout: {
      title: { text: `Cohorts by ${result.spec.period} · 同期群 ${en} · ${zh} (as of ${result.asOf})` },
      xaxis: {
        title: { text: `${result.spec.period}s since first · 第N${unit}` },
        side: 'top',
        type: 'category',
      },
      yaxis: { title: { text: 'cohort (size) · 同期群 (人数)' }, autorange: 'reversed', type: 'category' },
    },
  });
}

/**
 * The cohort matrix as a Fupan table (同期群表): one row per cohort with its size, one heat-coloured column per
 * offset; incomplete cells blank.
 * @param result a result of `cohortMatrix()`
 * @param value which value fills the cells. @default 'rate'
 * @returns a payload for `display()`
 * @example display(cohortTable(m, 'ltv'))
 */
export function cohortTable(result: CohortMatrixResult, value: CohortValue = 'rate'): FupanTablePayload {
  const { cohorts, sizes, offsets, z } = cohortGrid(result, value);
  const unit = unitZh(result.spec.period);
  const percent = value === 'rate';
  const columns: FupanTableOptions['columns'] = {
    cohort: { label: 'Cohort', labelZh: '同期群', format: 'string' },
    cohort_size: { label: 'Users', labelZh: '人数', format: 'integer' },
  };
  for (const o of offsets) {
    columns[`m${o}`] = {
      label: `+${o}`,
      labelZh: `第${o}${unit}`,
      format: percent ? 'percent' : value === 'active' ? 'integer' : 'number',
      heat: true,
      digits: percent ? 1 : 2,
    };
  }
  const rows = cohorts.map((c, i) => ({
    cohort: c,
    cohort_size: sizes[i],
    ...Object.fromEntries(offsets.map((o) => [`m${o}`, z[i][o]])),
  }));
  const [en, zh] = LABELS[value];
  return fupanTable(rows, {
    title: `Cohorts: ${en}`,
    titleZh: `同期群:${zh}`,
    select: ['cohort', 'cohort_size', ...offsets.map((o) => `m${o}`)],
    columns,
    spec: result.spec,
    notes: [
      `as of ${result.asOf}; cohorts by ${result.spec.cohortBy === 'signup' ? 'sign-up' : 'first activity'} ${result.spec.period}`,
      'incomplete periods are blank, not zero · 未完整的周期留空,不计为 0',
    ],
  });
}
