import type { FunnelResult } from '../metrics/funnel/funnel.js';
import { horizontalBarLayout, plotlyFigure, type PlotlyFigure } from './plotly.js';

/**
 * A plotly funnel chart (`type: 'funnel'`, 转化漏斗) of users per step, with conversion from the first
 * step inside the bars; one trace per breakdown value when the funnel has a breakdown.
 * @param result what {@link funnel} returned
 * @param options `byBreakdown`: one trace per breakdown value; `breakdownLabels`: the presented name of each
 * breakdown value in the legend (e.g. `{ baidu_sem: 'Baidu SEM 百度竞价' }`; a value not listed shows as it is)
 * @returns a plotly figure spec
 * @example display(funnelChart(funnel(events, spec), { byBreakdown: true, breakdownLabels: { sem: 'SEM 搜索' } }))
 */
export function funnelChart(
  result: FunnelResult,
  options: { byBreakdown?: boolean; breakdownLabels?: Readonly<Record<string, string>> } = {},
): PlotlyFigure {
  const labels = result.spec.steps.map((s) => (s.labelZh ? `${s.label}\n${s.labelZh}` : s.label));
  const trace = (name: string | undefined, users: number[]) => ({
    type: 'funnel',
    ...(name === undefined ? {} : { name }),
    y: labels,
    x: users,
    textinfo: 'value+percent initial',
    hovertemplate: '%{y}<br>%{x} users, %{percentPrevious:.1%} of previous<extra></extra>',
  });
  let data: Record<string, unknown>[];
  if (options.byBreakdown && result.breakdown) {
    const rows = result.breakdown.objects() as Record<string, any>[];
    const values = [...new Set(rows.map((r) => r.breakdown as string | null))];
    data = values.map((v) =>
      trace(
        v === null ? '(none)' : (options.breakdownLabels?.[v] ?? v),
        rows.filter((r) => r.breakdown === v).map((r) => r.users),
      ),
    );
  } else data = [trace(undefined, result.steps.array('users') as number[])];
  // One row per step, tall enough for a bar per breakdown value side by side; the connectors between
  // grouped bars only cross each other, so they are left out.
  if (data.length > 1) data = data.map((t) => ({ ...t, connector: { visible: false } }));
  const bars = horizontalBarLayout(labels.length, data.length);
  return plotlyFigure({
    data,
    layout: {
      title: { text: 'Conversion funnel 转化漏斗' },
      funnelmode: 'group',
      showlegend: data.length > 1,
      height: bars.height,
      yaxis: bars.yaxis,
    },
  });
}
