import type { HabitRetentionResult } from '../metrics/lifecycle/habit.js';
import { oneOf, rejectUnknownKeys } from '../spec.js';
import type { LifecycleResult } from '../metrics/lifecycle/lifecycle.js';
import { LIFECYCLE_STAGES, NOT_REGISTERED, type LifecycleStage } from '../metrics/lifecycle/stages.js';
import type { StageSnapshots, StageTransition, TransitionState } from '../metrics/lifecycle/transitions.js';
import { ACTIVITY_STATUSES, type LifecycleTrendResult } from '../metrics/lifecycle/trend.js';
import { ACTIVITY_STATUS_LABELS_ZH, STAGE_LABELS, STAGE_LABELS_ZH } from './lifecycleLabels.js';
import { plotlyFigure, type PlotlyFigure } from './plotly.js';

/** One colour per stage, the same in every lifecycle figure (acquisition blue, value-up greens, retention warm). */
export const STAGE_COLOURS: Record<LifecycleStage | 'notRegistered', string> = {
  introduction: '#4c78a8',
  growth: '#54a24b',
  maturity: '#2f7d32',
  dormancy: '#f58518',
  churn: '#e45756',
  notRegistered: '#bab0ac',
};

/**
 * Bilingual stage label for axes, nodes and rows: Chinese, then English.
 * @param stage a stage, or 'notRegistered' (a transition row)
 * @returns e.g. '新手期 Introduction'
 * @example stageLabel('dormancy') // '休眠期 Dormancy'
 */
export function stageLabel(stage: TransitionState): string {
  return stage === 'notRegistered'
    ? '未注册 Not signed up'
    : `${STAGE_LABELS_ZH[stage]} ${STAGE_LABELS[stage]}`;
}

/**
 * Bar chart of users per life-cycle stage (生命周期阶段分布) as of one day.
 * @param result what `lifecycle` returned
 * @returns a plotly figure spec
 * @example display(stageBars(lifecycle(data, { asOf: '2017-03-01' })))
 */
export function stageBars(result: LifecycleResult): PlotlyFigure {
  const users = result.counts.array('users') as number[];
  return plotlyFigure({
    data: [
      {
        type: 'bar',
        x: LIFECYCLE_STAGES.map(stageLabel),
        y: [...users],
        marker: { color: LIFECYCLE_STAGES.map((s) => STAGE_COLOURS[s]) },
        customdata: [...LIFECYCLE_STAGES],
        hovertemplate: '%{x}<br>%{y} users<extra>%{customdata}</extra>',
      },
    ],
    layout: {
      title: { text: `Life-cycle stages 生命周期阶段 (as of ${result.spec.asOf})` },
      xaxis: { title: { text: 'stage 阶段' } },
      yaxis: { title: { text: 'users 用户数' }, rangemode: 'tozero' },
    },
  });
}

/**
 * Stage counts over time (阶段人数趋势): stacked areas (or stacked bars) of users per stage at each snapshot.
 * @param snapshots what `lifecycleSnapshots` returned
 * @param options `mode`: 'area' (default) or 'bar'
 * @returns a plotly figure spec
 * @example display(stageTrend(lifecycleSnapshots(data, { asOf: '2017-03-31' }, { from: '2016-10-01' })))
 */
export function stageTrend(snapshots: StageSnapshots, options: { mode?: 'area' | 'bar' } = {}): PlotlyFigure {
  const rows = snapshots.counts.objects() as { as_of: string; stage: LifecycleStage; users: number }[];
  const area = (options.mode ?? 'area') === 'area';
  return plotlyFigure({
    data: LIFECYCLE_STAGES.map((stage) => {
      const own = rows.filter((r) => r.stage === stage);
      return {
        type: area ? 'scatter' : 'bar',
        ...(area ? { mode: 'lines', stackgroup: 'stages' } : {}),
        name: stageLabel(stage),
        x: own.map((r) => r.as_of),
        y: own.map((r) => r.users),
        marker: { color: STAGE_COLOURS[stage] },
        line: { color: STAGE_COLOURS[stage] },
      };
    }),
    layout: {
      title: { text: 'Users per life-cycle stage over time 各阶段用户数' },
      ...(area ? {} : { barmode: 'stack' }),
      xaxis: { title: { text: 'as of 截至' }, type: 'category' },
      yaxis: { title: { text: 'users 用户数' }, rangemode: 'tozero' },
    },
  });
}

/**
 * Sankey of stage flows (阶段流转桑基图): from each snapshot to the next (from `lifecycleSnapshots`), or
 * between the two dates of one transition (from `stageTransitions`). Empty flows are left out. With
 * `stayers: 'omit'` only moves between different stages are drawn (a wall of churn → churn hides them); the
 * users who stayed put are counted in the title, not dropped silently.
 * @param flows snapshots or one transition
 * @param options `stayers`: 'show' (default) draws stage → same stage flows, 'omit' leaves them out
 * @returns a plotly Sankey figure spec
 * @example display(stageSankey(lifecycleSnapshots(data, { asOf: '2017-03-31' }, { from: '2017-01-01' })))
 */
export function stageSankey(
  flows: StageSnapshots | StageTransition,
  options: { stayers?: 'show' | 'omit' } = {},
): PlotlyFigure {
  rejectUnknownKeys('stageSankey options', options, ['stayers']);
  const omitStayers = oneOf('stayers', options.stayers, ['show', 'omit'], 'show') === 'omit';
  let stayed = 0;
  const labels: string[] = [];
  const colours: string[] = [];
  const index = new Map<string, number>();
  const node = (state: TransitionState, date: string) => {
    const key = `${state}@${date}`;
    let i = index.get(key);
    if (i === undefined) {
      i = labels.length;
      index.set(key, i);
      labels.push(`${stageLabel(state)}\n${date}`);
      colours.push(STAGE_COLOURS[state]);
    }
    return i;
  };
  const link = {
    source: [] as number[],
    target: [] as number[],
    value: [] as number[],
    color: [] as string[],
  };
  const add = (
    from: TransitionState,
    fromDate: string,
    to: LifecycleStage,
    toDate: string,
    users: number,
  ) => {
    if (users === 0) return;
    if (omitStayers && from === to) {
      stayed += users;
      return;
    }
    link.source.push(node(from, fromDate));
    link.target.push(node(to, toDate));
    link.value.push(users);
    link.color.push(`${STAGE_COLOURS[from]}66`);
  };
  let title: string;
  if ('matrix' in flows) {
    title = `Stage flows 阶段流转 ${flows.from} → ${flows.to}`;
    const states: TransitionState[] = [...LIFECYCLE_STAGES, 'notRegistered'];
    flows.matrix.forEach((row, i) =>
      row.forEach((n, j) => add(states[i], flows.from, LIFECYCLE_STAGES[j], flows.to, n)),
    );
  } else {
    title = `Stage flows 阶段流转 ${flows.dates[0]} → ${flows.dates[flows.dates.length - 1]}`;
    for (let k = 0; k + 1 < flows.dates.length; k++) {
      const a = flows.codes[k];
      const b = flows.codes[k + 1];
      const counts = new Map<string, number>();
      for (let u = 0; u < a.length; u++) {
        if (b[u] === NOT_REGISTERED) continue;
        const key = `${a[u]},${b[u]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      for (const [key, n] of [...counts].sort()) {
        const [i, j] = key.split(',').map(Number);
        const from: TransitionState = i === NOT_REGISTERED ? 'notRegistered' : LIFECYCLE_STAGES[i];
        add(from, flows.dates[k], LIFECYCLE_STAGES[j], flows.dates[k + 1], n);
      }
    }
  }
  return plotlyFigure({
    data: [
      {
        type: 'sankey',
        arrangement: 'snap',
        node: { label: labels, color: colours, pad: 12, thickness: 14 },
        link,
      },
    ],
    layout: {
      title: {
        // A line break is written as \n: plotlyFigure escapes markup and turns \n into <br>.
        text: omitStayers
          ? `${title}\nmoves between stages only; ${stayed.toLocaleString('en-US')} stayed in their stage (留在原阶段)`
          : title,
      },
    },
  });
}

/**
 * New / returning / resurrecting / dormant users per period as PostHog draws them: stacked bars with
 * dormant below zero.
 * @param result what `lifecycleTrend` returned
 * @returns a plotly figure spec
 * @example display(lifecycleTrendBars(lifecycleTrend(data, { asOf: '2017-03-31' })))
 */
export function lifecycleTrendBars(result: LifecycleTrendResult): PlotlyFigure {
  const rows = result.counts.objects() as { period: string; status: string; users: number }[];
  const colours: Record<string, string> = {
    new: '#4c78a8',
    returning: '#54a24b',
    resurrecting: '#b279a2',
    dormant: '#e45756',
  };
  return plotlyFigure({
    data: ACTIVITY_STATUSES.map((status) => {
      const own = rows.filter((r) => r.status === status);
      return {
        type: 'bar',
        name: `${ACTIVITY_STATUS_LABELS_ZH[status]} ${status}`,
        x: own.map((r) => r.period),
        y: own.map((r) => (status === 'dormant' ? -r.users : r.users)),
        marker: { color: colours[status] },
      };
    }),
    layout: {
      title: { text: `Lifecycle 用户生命周期 (new rule: ${result.spec.newRule})` },
      barmode: 'relative',
      xaxis: { title: { text: 'period 周期' }, type: 'category' },
      yaxis: { title: { text: 'users 用户数 (dormant below zero)' } },
    },
  });
}

/**
 * Retention by number of past investments (复投次数与留存) with Wilson intervals as error bars.
 * @param result what `retentionByPastInvestments` returned
 * @returns a plotly figure spec
 * @example display(habitRetentionBars(retentionByPastInvestments(orders, { asOf: '2017-03-31' })))
 */
export function habitRetentionBars(result: HabitRetentionResult): PlotlyFigure {
  const rows = result.table.objects() as {
    past_investments: string;
    rate: number | null;
    ci_low: number | null;
    ci_high: number | null;
    observations: number;
  }[];
  return plotlyFigure({
    data: [
      {
        type: 'bar',
        x: rows.map((r) => r.past_investments),
        y: rows.map((r) => r.rate),
        text: rows.map((r) => (r.rate === null ? '' : `${(r.rate * 100).toFixed(1)}%`)),
        textposition: 'outside',
        customdata: rows.map((r) => r.observations),
        hovertemplate: '%{x} investments: %{y:.1%} of %{customdata}<extra></extra>',
        error_y: {
          type: 'data',
          symmetric: false,
          array: rows.map((r) => (r.rate === null || r.ci_high === null ? null : r.ci_high - r.rate)),
          arrayminus: rows.map((r) => (r.rate === null || r.ci_low === null ? null : r.rate - r.ci_low)),
        },
        marker: { color: '#54a24b' },
      },
    ],
    layout: {
      title: {
        text: `Invests again within ${result.spec.withinDays} days, by past investments 复投次数与留存`,
      },
      xaxis: { title: { text: 'investments so far 已投资次数' }, type: 'category' },
      yaxis: { title: { text: 'retention 留存率' }, tickformat: '.0%', rangemode: 'tozero' },
    },
  });
}
