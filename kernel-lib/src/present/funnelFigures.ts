import type { FunnelResult } from '../metrics/funnel.js';
import type { ChannelRoiResult } from '../metrics/acquisition/channelRoi.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';
import { horizontalBarLayout, plotlyFigure, type PlotlyFigure } from './plotly.js';

/**
 * A plotly funnel chart (`type: 'funnel'`, 转化漏斗) of users per step, with conversion from the first
 * step inside the bars; one trace per breakdown value when the funnel has a breakdown.
 * @param result what {@link funnel} returned
 * @param options `byBreakdown`: one trace per breakdown value
 * @returns a plotly figure spec
 * @example display(funnelChart(funnel(events, spec)))
 */
export function funnelChart(result: FunnelResult, options: { byBreakdown?: boolean } = {}): PlotlyFigure {
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
        v ?? '(none)',
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

/**
 * The funnel's steps as a Fupan table: PV, UV, step and overall conversion, median minutes between steps.
 * @param result what {@link funnel} returned
 * @returns a Fupan table payload
 * @example display(funnelTable(result))
 */
export function funnelTable(result: FunnelResult): FupanTablePayload {
  const t = result.steps;
  const rows = (t.objects() as Record<string, any>[]).map((r) => ({
    ...r,
    medianMinutesFromPrevious: Number.isFinite(r.medianMsFromPrevious)
      ? r.medianMsFromPrevious / 60_000
      : null,
  }));
  return fupanTable(rows, {
    title: 'Funnel',
    titleZh: '转化漏斗',
    select: [
      'step',
      'label',
      'events',
      'users',
      'conversionFromPrevious',
      'conversionFromStart',
      'medianMinutesFromPrevious',
    ],
    columns: {
      step: { label: 'Step', labelZh: '步骤', format: 'integer' },
      label: { label: 'Step name', labelZh: '步骤名' },
      events: { label: 'Events (PV)', labelZh: '次数(PV)', format: 'integer' },
      users: { label: 'Users (UV)', labelZh: '人数(UV)', format: 'integer' },
      conversionFromPrevious: { label: 'From previous', labelZh: '步骤转化率', format: 'percent' },
      conversionFromStart: { label: 'Overall', labelZh: '总体转化率', format: 'percent', heat: true },
      medianMinutesFromPrevious: {
        label: 'Median minutes',
        labelZh: '中位耗时(分钟)',
        format: 'number',
        digits: 1,
      },
    },
    spec: result.spec,
  });
}

/**
 * Channel ROI (渠道ROI) as a Fupan table, with sustainable (可持续) marked.
 * @param result what {@link channelRoi} returned
 * @param options `byPeriod`: one row per channel and period instead of per channel
 * @returns a Fupan table payload
 * @example display(channelRoiTable(channelRoi({ users, orders, costs })))
 */
export function channelRoiTable(
  result: ChannelRoiResult,
  options: { byPeriod?: boolean } = {},
): FupanTablePayload {
  const t = options.byPeriod ? result.table : result.byChannel;
  return fupanTable(t, {
    title: 'Channel ROI',
    titleZh: '渠道ROI',
    columns: {
      channel: { label: 'Channel', labelZh: '渠道' },
      period: { label: 'Period', labelZh: '周期' },
      cost: { label: 'Cost', labelZh: '渠道成本', format: 'currency' },
      revenue: { label: 'Revenue', labelZh: '渠道收入', format: 'currency' },
      payingUsers: { label: 'Paying users', labelZh: '付费用户数', format: 'integer' },
      roi: { label: 'ROI', labelZh: 'ROI', format: 'number', digits: 2, heat: true },
      sustainable: { label: 'Sustainable', labelZh: '可持续' },
    },
    notes: [
      'ROI = revenue of the channel’s users / channel cost; blank ROI = no cost recorded for the channel',
    ],
  });
}
