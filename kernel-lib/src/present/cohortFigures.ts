import { SpecError } from '../errors.js';
import type { CohortMatrixResult } from '../metrics/cohort/cohort.js';
import { COHORT_VALUE_LABELS, IN_PROGRESS, cohortUnitZh, type CohortValue } from './cohortLabels.js';
import { HEAT_COLORSCALE, plotlyFigure, type PlotlyFigure } from './plotly.js';
import { maxOf, minOf } from '../math/extent.js';

/**
 * The cohort matrix as rows (cohorts) × columns (offsets), for custom charts: null where a period is not
 * yet reached, or in progress under `partialPeriods: 'blank'`; `inProgress[cohort][offset]` marks the
 * cells whose period is not over by the as-of day (their value, under `'count'`, is what was seen so far).
 * @param result a result of `cohortMatrix()` or `cohortMatrixSql()`
 * @param value which value fills the grid
 * @returns cohort labels, cohort sizes, offsets, the grid `z[cohort][offset]` and the in-progress cells
 * @example const { z } = cohortGrid(cohortMatrix(orders), 'rate');
 */
export function cohortGrid(
  result: CohortMatrixResult,
  value: CohortValue,
): {
  cohorts: string[];
  sizes: number[];
  offsets: number[];
  z: (number | null)[][];
  inProgress: boolean[][];
} {
  const cells = result.cells.objects() as Record<string, unknown>[];
  if (cells.length && !(value in cells[0])) {
    throw new SpecError('value', value, 'rate or active: this matrix has no value columns (set spec.amount)');
  }
  const cohorts = [...new Set(cells.map((c) => c.cohort as string))];
  const maxOffset = Math.max(-1, maxOf(cells.map((c) => c.offset as number)));
  const offsets = Array.from({ length: maxOffset + 1 }, (_, i) => i);
  const z = cohorts.map(() => offsets.map((): number | null => null));
  const inProgress = cohorts.map(() => offsets.map(() => false));
  const sizes = cohorts.map(() => 0);
  for (const c of cells) {
    const i = cohorts.indexOf(c.cohort as string);
    sizes[i] = c.cohort_size as number;
    // Blank ('blank') or seen so far ('count'): the cell says which, never a 0 for a running period.
    z[i][c.offset as number] = (c[value] as number | null) ?? null;
    if (!c.complete) inProgress[i][c.offset as number] = true;
  }
  return { cohorts, sizes, offsets, z, inProgress };
}

/**
 * Cohort heat map (同期群热力图): cohorts down, period offsets across. Cells of a period still in progress
 * are blank (`partialPeriods: 'blank'`) or show what was seen so far (`'count'`), never 0, and carry the
 * in-progress mark ◔ over an open-circle marker trace named "in progress 进行中" in the legend.
 * @param result a result of `cohortMatrix()`
 * @param value which value to colour by. @default 'rate'
 * @returns a plotly figure for `display()`
 * @example display(cohortHeatmap(cohortMatrix(orders, { period: 'month' })))
 */
export function cohortHeatmap(result: CohortMatrixResult, value: CohortValue = 'rate'): PlotlyFigure {
  const { cohorts, sizes, offsets, z, inProgress } = cohortGrid(result, value);
  const percent = value === 'rate';
  // A rate at offset 0 is 100 % by definition: the colours span the retention after it, so a 5–40 % matrix
  // is not washed out between its 100 % column and the rest (offset 0 shows the darkest blue).
  const ranged = percent && offsets.length > 1 ? z.map((row) => row.slice(1)) : z;
  const values = ranged.flat().filter((v): v is number => v !== null);
  const text = z.map((row, i) =>
    row.map((v, o) => {
      const shown =
        v === null
          ? ''
          : percent
            ? `${(v * 100).toFixed(1)}%`
            : v.toLocaleString('en-US', { maximumFractionDigits: 1 });
      return inProgress[i][o] ? `${shown}${shown ? ' ' : ''}${IN_PROGRESS.marker}` : shown;
    }),
  );
  const [en, zh] = COHORT_VALUE_LABELS[value];
  const unit = cohortUnitZh(result.spec.period);
  const y = cohorts.map((c, i) => `${c} (${sizes[i]})`);
  const running: { x: string[]; y: string[] } = { x: [], y: [] };
  inProgress.forEach((row, i) =>
    row.forEach((p, o) => {
      if (!p) return;
      running.x.push(`${offsets[o]}`);
      running.y.push(y[i]);
    }),
  );
  const marks = running.x.length
    ? [
        {
          type: 'scatter',
          mode: 'markers',
          name: `${IN_PROGRESS.en} ${IN_PROGRESS.zh} (${result.spec.partialPeriods === 'count' ? 'so far · 截至目前' : 'blank · 留空'})`,
          x: running.x,
          y: running.y,
          marker: { symbol: 'circle-open', size: 26, color: '#888', line: { width: 1, dash: 'dot' } },
          hovertemplate: `cohort %{y}, +%{x} ${result.spec.period}: ${IN_PROGRESS.en} · ${IN_PROGRESS.zh}<extra></extra>`,
          showlegend: true,
        },
      ]
    : [];
  return plotlyFigure({
    data: [
      {
        type: 'heatmap',
        x: offsets.map((o) => `${o}`),
        y,
        z,
        text,
        texttemplate: '%{text}',
        colorscale: HEAT_COLORSCALE,
        hoverongaps: false,
        // Colours span the values shown (a 5–40 % matrix is not washed out on a 0–100 % scale).
        zmin: values.length ? minOf(values) : undefined,
        zmax: values.length ? maxOf(values) : undefined,
        colorbar: { title: { text: zh }, tickformat: percent ? '.0%' : undefined },
        hovertemplate: `cohort %{y}, +%{x} ${result.spec.period}<br>${en}: %{text}<extra></extra>`,
      },
      ...marks,
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
