import type { RfmMigration } from '../metrics/rfm/migration.js';
import type { RfmResult } from '../metrics/rfm/rfm.js';
import { RFM_SEGMENTS, type RfmSegment } from '../metrics/rfm/segments.js';
import { SpecError } from '../errors.js';
import { labelOf } from './labels.js';
import { RFM_MIGRATION_STATE_NAMES, segmentLabel } from './rfmLabels.js';
import { HEAT_COLORSCALE, horizontalBarLayout, plotlyFigure, type PlotlyFigure } from './plotly.js';

/** Bilingual segment label for axes and nodes: Chinese over English. */
function axisLabel(segment: RfmSegment): string {
  return `${segmentLabel(segment, 'zh')}\n${segmentLabel(segment, 'en')}`;
}

/**
 * Bar chart of users per RFM segment (客户分群人数), bilingual labels, share of users on each bar.
 * With `groupBy`, one bar series per group.
 * @param result what `rfm` returned
 * @returns a plotly figure spec
 * @example display(rfmSegmentBars(rfm(orders)))
 */
export function rfmSegmentBars(result: RfmResult): PlotlyFigure {
  const groupBy = result.spec.groupBy;
  const rows = result.segments.objects() as Record<string, unknown>[];
  const groups = groupBy ? [...new Set(rows.map((r) => String(r[groupBy])))] : [null];
  const data = groups.map((group) => {
    const own = rows.filter((r) => group === null || String(r[groupBy!]) === group);
    return {
      type: 'bar',
      orientation: 'h',
      name: group ?? 'users',
      y: own.map((r) => axisLabel(r.segment as RfmSegment)),
      x: own.map((r) => r.users as number),
      text: own.map((r) => `${((r.share as number) * 100).toFixed(1)}%`),
      textposition: 'outside',
      customdata: own.map((r) => r.segment),
      hovertemplate: '%{y}<br>%{x} users (%{text})<extra>%{customdata}</extra>',
    };
  });
  // Horizontal: the eight two-line bilingual labels read across, not rotated under squeezed bars.
  const bars = horizontalBarLayout(RFM_SEGMENTS.length, groups.length);
  return plotlyFigure({
    data,
    layout: {
      title: { text: `RFM segments 客户分群 (as of ${result.spec.asOf})` },
      barmode: 'group',
      height: bars.height,
      yaxis: { ...bars.yaxis, title: { text: 'segment 分群' } },
      xaxis: { title: { text: 'users 用户数' }, rangemode: 'tozero' },
      showlegend: groups.length > 1,
    },
  });
}

/**
 * Heat map of users by recency score (x) and frequency score (y) (R×F 热力图), for one group.
 * @param result what `rfm` returned
 * @param options `value`: cell = number of users (default) or their mean monetary value;
 *   `group`: which group when the result has `groupBy` (default: the first)
 * @returns a plotly figure spec
 * @example display(rfmHeatmap(result, { value: 'monetary' }))
 */
export function rfmHeatmap(
  result: RfmResult,
  options: { value?: 'users' | 'monetary'; group?: string } = {},
): PlotlyFigure {
  const value = options.value ?? 'users';
  if (value !== 'users' && value !== 'monetary') throw new SpecError('value', value, ['users', 'monetary']);
  const groupBy = result.spec.groupBy;
  const entry =
    options.group === undefined
      ? result.thresholds[0]
      : result.thresholds.find((t) => t.group === options.group);
  if (!entry) {
    throw new SpecError(
      'group',
      options.group,
      result.thresholds.map((t) => t.group ?? '(none)'),
    );
  }
  const rLevels = entry.recency.levels;
  const fLevels = entry.frequency.levels;
  const count = Array.from({ length: fLevels }, () => new Array<number>(rLevels).fill(0));
  const money = Array.from({ length: fLevels }, () => new Array<number>(rLevels).fill(0));
  const t = result.users;
  const r = t.array('r') as ArrayLike<number>;
  const f = t.array('f') as ArrayLike<number>;
  const m = t.array('monetary') as ArrayLike<number>;
  const g = groupBy ? (t.array(groupBy) as ArrayLike<string>) : undefined;
  for (let i = 0; i < r.length; i++) {
    if (g && g[i] !== entry.group) continue;
    count[f[i] - 1][r[i] - 1]++;
    money[f[i] - 1][r[i] - 1] += m[i];
  }
  const z =
    value === 'users'
      ? count
      : money.map((row, y) => row.map((sum, x) => (count[y][x] ? sum / count[y][x] : null)));
  const scores = (n: number) => Array.from({ length: n }, (_v, i) => i + 1);
  const what = value === 'users' ? 'users 用户数' : 'mean monetary 平均消费金额';
  return plotlyFigure({
    data: [
      {
        type: 'heatmap',
        x: scores(rLevels),
        y: scores(fLevels),
        z,
        colorscale: HEAT_COLORSCALE,
        colorbar: { title: { text: what } },
        hovertemplate: 'R %{x} · F %{y}<br>%{z}<extra></extra>',
      },
    ],
    layout: {
      title: { text: `R × F: ${what}${entry.group === null ? '' : ` (${entry.group})`}` },
      xaxis: { title: { text: 'R score 最近消费 (higher = more recent)' }, dtick: 1 },
      yaxis: { title: { text: 'F score 消费频率' }, dtick: 1 },
    },
  });
}

/**
 * Sankey of segment migration between two as-of dates (客户分群迁移), from {@link RfmMigration}.
 * Nodes are the states before (left) and after (right); empty states and flows are left out.
 * @param migration what `rfmMigration` returned
 * @returns a plotly figure spec
 * @example display(rfmMigrationSankey(rfmMigration(before, after)))
 */
export function rfmMigrationSankey(migration: RfmMigration): PlotlyFigure {
  const size = migration.states.length;
  const label = (i: number) =>
    `${labelOf(RFM_MIGRATION_STATE_NAMES, migration.states[i], 'zh')} ${labelOf(RFM_MIGRATION_STATE_NAMES, migration.states[i], 'en')}`;
  const nodeLabels = [
    ...Array.from({ length: size }, (_v, i) => `${label(i)} (${migration.before})`),
    ...Array.from({ length: size }, (_v, i) => `${label(i)} (${migration.after})`),
  ];
  const source: number[] = [];
  const target: number[] = [];
  const value: number[] = [];
  const customdata: string[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const n = migration.matrix[i][j];
      if (n === 0) continue;
      source.push(i);
      target.push(size + j);
      value.push(n);
      customdata.push(`${migration.states[i]} → ${migration.states[j]}`);
    }
  }
  return plotlyFigure({
    data: [
      {
        type: 'sankey',
        arrangement: 'snap',
        node: { label: nodeLabels, pad: 12, thickness: 14 },
        link: {
          source,
          target,
          value,
          customdata,
          hovertemplate: '%{customdata}: %{value} users<extra></extra>',
        },
      },
    ],
    layout: {
      title: { text: `RFM segment migration 客户分群迁移 ${migration.before} → ${migration.after}` },
    },
  });
}
