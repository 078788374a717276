import type { HabitRetentionResult } from '../metrics/lifecycle/habit.js';
import type { LifecycleResult } from '../metrics/lifecycle/lifecycle.js';
import { LIFECYCLE_STAGES } from '../metrics/lifecycle/stages.js';
import { TRANSITION_STATES, type StageTransition } from '../metrics/lifecycle/transitions.js';
import type { LifecycleTreeResult, TreeNode } from '../metrics/lifecycle/tree.js';
import type { LifecycleTrendResult } from '../metrics/lifecycle/trend.js';
import { fupanTable, type FupanTableColumn, type FupanTablePayload } from './fupanTable.js';
import { stageLabel } from './lifecycleFigures.js';
import { STAGE_LABELS, STAGE_LABELS_ZH, TREE_NODE_LABELS_ZH } from './lifecycleLabels.js';

/** Users per row and their share of all rows' users (占比), heat-coloured by users. */
const USERS_AND_SHARE: Record<'users' | 'share', Omit<FupanTableColumn, 'name'>> = {
  users: { label: 'Users', labelZh: '用户数', format: 'integer', heat: true },
  share: { label: 'Share', labelZh: '占比', format: 'percent', digits: 1 },
};

/** Adds each row's share of all the rows' users; null shares when there are no users at all. */
function withShares<T extends { users: number }>(rows: T[]): (T & { share: number | null })[] {
  const total = rows.reduce((sum, r) => sum + r.users, 0);
  return rows.map((r) => ({ ...r, share: total ? r.users / total : null }));
}

/**
 * Users per life-cycle stage (生命周期阶段) with their share, as a Fupan table.
 * @param result what `lifecycle` returned
 * @returns a payload for `display()`
 * @example display(lifecycleStageTable(lifecycle(data, { asOf: '2017-03-01' })))
 */
export function lifecycleStageTable(result: LifecycleResult): FupanTablePayload {
  const rows = LIFECYCLE_STAGES.map((stage, i) => ({
    stage_zh: STAGE_LABELS_ZH[stage],
    stage: STAGE_LABELS[stage],
    users: result.counts.get('users', i) as number,
  }));
  return fupanTable(withShares(rows), {
    title: `Life-cycle stages as of ${result.spec.asOf}`,
    titleZh: '用户生命周期阶段',
    columns: {
      stage_zh: { label: 'Stage (中文)', labelZh: '阶段' },
      stage: { label: 'Stage', labelZh: '阶段(英文)' },
      ...USERS_AND_SHARE,
    },
    spec: result.spec,
    notes: result.notes,
  });
}

/**
 * The transition matrix (阶段流转矩阵) as a Fupan table: one row per earlier state, one column per later
 * stage, a total column.
 * @param transition what `stageTransitions` or `snapshots.transition()` returned
 * @returns a payload for `display()`
 * @example display(transitionTable(stageTransitions(data, spec, { from: '2017-01-31', to: '2017-02-28' })))
 */
export function transitionTable(transition: StageTransition): FupanTablePayload {
  const rows = TRANSITION_STATES.map((state, i) => {
    const row: Record<string, unknown> = { from: stageLabel(state) };
    LIFECYCLE_STAGES.forEach((stage, j) => (row[stage] = transition.matrix[i][j]));
    row.total = transition.matrix[i].reduce((a, b) => a + b, 0);
    return row;
  });
  const columns: Record<
    string,
    { label: string; labelZh?: string; format?: 'integer' | 'string'; heat?: boolean }
  > = {
    from: { label: `From (${transition.from})`, labelZh: `起始阶段 ${transition.from}`, format: 'string' },
    total: { label: 'Total', labelZh: '合计', format: 'integer' },
  };
  for (const stage of LIFECYCLE_STAGES) {
    columns[stage] = {
      label: `→ ${stageLabel(stage)}`,
      labelZh: stageLabel(stage).split(' ')[0],
      format: 'integer',
      heat: true,
    };
  }
  return fupanTable(rows, {
    title: `Stage transitions ${transition.from} → ${transition.to}`,
    titleZh: '生命周期阶段流转',
    columns,
    select: ['from', ...LIFECYCLE_STAGES, 'total'],
    notes: [
      'rows sum to the stage counts at the earlier date; "Not signed up" rows are users who signed up in between',
    ],
  });
}

/**
 * New / returning / resurrecting / dormant users per period (用户生命周期趋势), one row per period.
 * @param result what `lifecycleTrend` returned
 * @returns a payload for `display()`
 * @example display(lifecycleTrendTable(lifecycleTrend(data, { asOf: '2017-03-31' })))
 */
export function lifecycleTrendTable(result: LifecycleTrendResult): FupanTablePayload {
  const wide = result.counts.groupby('period').pivot('status', 'users');
  return fupanTable(wide, {
    title: 'New, returning, resurrecting and dormant users',
    titleZh: '新用户 / 持续活跃 / 回流 / 沉默',
    columns: {
      period: { label: 'Period', labelZh: '周期', format: 'string' },
      new: { label: 'New', labelZh: '新用户', format: 'integer' },
      returning: { label: 'Returning', labelZh: '持续活跃', format: 'integer' },
      resurrecting: { label: 'Resurrecting', labelZh: '回流', format: 'integer' },
      dormant: { label: 'Dormant', labelZh: '沉默', format: 'integer' },
    },
    select: ['period', 'new', 'returning', 'resurrecting', 'dormant'],
    spec: result.spec,
    notes: result.notes,
  });
}

/**
 * Article 002's lifecycle tree (用户生命周期树) as a Fupan table: users per leaf with its thresholds.
 * @param result what `lifecycleTree` returned
 * @returns a payload for `display()`
 * @example display(lifecycleTreeTable(lifecycleTree(data, { asOf: '2019-06-30' })))
 */
export function lifecycleTreeTable(result: LifecycleTreeResult): FupanTablePayload {
  const rows = (result.counts.objects() as { node: TreeNode; users: number }[]).map((r) => ({
    node_zh: TREE_NODE_LABELS_ZH[r.node],
    node: r.node,
    users: r.users,
  }));
  return fupanTable(withShares(rows), {
    title: `Lifecycle tree as of ${result.spec.asOf}`,
    titleZh: '用户生命周期分层',
    columns: {
      node_zh: { label: 'Group (中文)', labelZh: '用户分层' },
      node: { label: 'Group', labelZh: '分层(英文)' },
      ...USERS_AND_SHARE,
    },
    spec: result.spec,
    notes: [
      `high order value threshold: ${Number.isNaN(result.highOrderValue) ? 'none (no paying user)' : result.highOrderValue}`,
    ],
  });
}

/**
 * Retention by number of past investments (复投次数与留存) with Wilson intervals.
 * @param result what `retentionByPastInvestments` returned
 * @returns a payload for `display()`
 * @example display(habitRetentionTable(retentionByPastInvestments(orders, { asOf: '2017-03-31' })))
 */
export function habitRetentionTable(result: HabitRetentionResult): FupanTablePayload {
  return fupanTable(result.table, {
    title: `Invests again within ${result.spec.withinDays} days, by investments so far`,
    titleZh: '复投次数与留存',
    columns: {
      past_investments: { label: 'Investments so far', labelZh: '已投资次数', format: 'string' },
      observations: { label: 'Investments observed', labelZh: '样本数', format: 'integer' },
      users: { label: 'Users', labelZh: '用户数', format: 'integer' },
      retained: { label: 'Invested again', labelZh: '复投数', format: 'integer' },
      rate: { label: 'Retention', labelZh: '留存率', format: 'percent', digits: 1, heat: true },
      ci_low: {
        label: `CI low (${result.spec.level * 100}%)`,
        labelZh: '置信下限',
        format: 'percent',
        digits: 1,
      },
      ci_high: {
        label: `CI high (${result.spec.level * 100}%)`,
        labelZh: '置信上限',
        format: 'percent',
        digits: 1,
      },
    },
    spec: result.spec,
    notes: [
      `an investment counts only when its ${result.spec.withinDays}-day window ends by ${result.spec.asOf}`,
      `the last bucket counts each investment from the ${result.spec.maxCount}th on`,
    ],
  });
}
