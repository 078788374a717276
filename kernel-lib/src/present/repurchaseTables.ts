/**
 * Displays of the other article-002 lifecycle numbers that sit beside retention: active users (日活 / 周活 /
 * 月活, new vs existing) and conversion (首单率 / 复购率, the 90-day business mode).
 */
import type { ActiveUsersResult } from '../metrics/activity.js';
import { BUSINESS_MODE_LABELS_ZH, type RepurchaseResult } from '../metrics/repurchase.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';
import { plotlyFigure, type PlotlyFigure } from './plotly.js';

function activeName(result: ActiveUsersResult): [string, string] {
  const { period, window, rollingDays } = result.spec;
  if (window === 'rolling' && period !== 'day')
    return [`${rollingDays}-day active users`, `近${rollingDays}日活跃用户`];
  return period === 'day' ? ['DAU', '日活'] : period === 'week' ? ['WAU', '周活'] : ['MAU', '月活'];
}

/**
 * Stacked bars of active users, new (新用户) below existing (老用户), one bar per period or day.
 * @param result a result of `activeUsers()`
 * @returns a plotly figure for `display()`
 * @example display(activeUsersChart(activeUsers(events, { period: 'day' }, users)))
 */
export function activeUsersChart(result: ActiveUsersResult): PlotlyFigure {
  const rows = result.table.objects() as Record<string, unknown>[];
  const x = rows.map((r) => r.period);
  const [en, zh] = activeName(result);
  return plotlyFigure({
    data: [
      { type: 'bar', name: 'new · 新用户', x, y: rows.map((r) => r.new), marker: { color: '#ff7f0e' } },
      {
        type: 'bar',
        name: 'existing · 老用户',
        x,
        y: rows.map((r) => r.existing),
        marker: { color: '#1f77b4' },
      },
    ],
    layout: {
      title: { text: `${en} · ${zh}: new vs existing (新老用户)` },
      barmode: 'stack',
      xaxis: {
        title: { text: result.spec.window === 'rolling' ? 'window ending · 截止日' : result.spec.period },
      },
      yaxis: { title: { text: 'users · 用户数' }, rangemode: 'tozero' },
    },
  });
}

/**
 * A Fupan table of active users with the share of new users (新用户占比).
 * @param result a result of `activeUsers()`
 * @returns a payload for `display()`
 * @example display(activeUsersTable(activeUsers(events, { period: 'month' })))
 */
export function activeUsersTable(result: ActiveUsersResult): FupanTablePayload {
  const rows = (result.table.objects() as Record<string, unknown>[]).map((r) => ({
    ...r,
    new_share: (r.active as number) > 0 ? (r.new as number) / (r.active as number) : null,
  }));
  const [en, zh] = activeName(result);
  return fupanTable(rows, {
    title: en,
    titleZh: zh,
    select: ['period', 'active', 'new', 'existing', 'new_share'],
    columns: {
      period: {
        label: result.spec.window === 'rolling' ? 'Window ending' : 'Period',
        labelZh: result.spec.window === 'rolling' ? '截止日' : '周期',
        format: 'string',
      },
      active: { label: en, labelZh: zh, format: 'integer' },
      new: { label: 'New', labelZh: '新用户', format: 'integer' },
      existing: { label: 'Existing', labelZh: '老用户', format: 'integer' },
      new_share: { label: 'New share', labelZh: '新用户占比', format: 'percent', heat: true, digits: 1 },
    },
    spec: result.spec,
    notes: [
      `new = ${result.spec.newBy === 'signup' ? 'signed up in the period or window (当天注册当天访问)' : 'first seen in the period or window'}; as of ${result.asOf}`,
    ],
  });
}

/**
 * A Fupan table of conversion per period: paying users, first-order users and rate (首单人数 / 首单率),
 * repeat buyers and repurchase rate (复购人数 / 复购率), rates heat-coloured.
 * @param result a result of `repurchase()`
 * @returns a payload for `display()`
 * @example display(repurchaseTable(repurchase(orders, { period: 'week' }, users)))
 */
export function repurchaseTable(result: RepurchaseResult): FupanTablePayload {
  return fupanTable(result.periods, {
    title: 'Conversion',
    titleZh: '用户转化',
    select: [
      'period',
      'pool',
      'paying_users',
      'first_order_users',
      'first_order_rate',
      'repeat_buyers',
      'repurchase_rate',
    ],
    columns: {
      period: { label: 'Period', labelZh: '周期', format: 'string' },
      pool: { label: 'Users not yet buying', labelZh: '未下单用户数', format: 'integer' },
      paying_users: { label: 'Paying users', labelZh: '支付人数', format: 'integer' },
      first_order_users: { label: 'First-order users', labelZh: '首单人数', format: 'integer' },
      first_order_rate: {
        label: 'First-order rate',
        labelZh: '首单率',
        format: 'percent',
        heat: true,
        digits: 1,
      },
      repeat_buyers: { label: 'Repeat buyers', labelZh: '复购人数', format: 'integer' },
      repurchase_rate: {
        label: 'Repurchase rate',
        labelZh: '复购率',
        format: 'percent',
        heat: true,
        digits: 1,
      },
    },
    spec: result.spec,
    notes: [
      `as of ${result.asOf}; repeat buyer = ${result.spec.repeatRule === 'withinPeriod' ? '2+ orders in the period' : 'ordered in the period and before it'}`,
      'first-order rate = first-order users / users who had not bought before the period (首单率)',
    ],
  });
}

/**
 * The conversion totals as a one-row Fupan table (raw values, rates as percentages), ending with the N-day
 * repurchase rate, its interval and the business mode it implies (用户获取模式 / 混合模式 / 忠诚者模式).
 * @param result a result of `repurchase()`
 * @returns a payload for `display()`
 * @example display(repurchaseSummaryTable(repurchase(orders, {}, users)))
 */
export function repurchaseSummaryTable(result: RepurchaseResult): FupanTablePayload {
  const s = result.summary;
  const w = s.window;
  const [lo, hi] = result.spec.modeBounds;
  const pct = { format: 'percent' as const, digits: 1 };
  const row = {
    users: s.users,
    first_order_users: s.firstOrderUsers,
    first_order_rate: s.firstOrderRate,
    repeat_buyers: s.repeatBuyers,
    repurchase_rate: s.repurchaseRate,
    observed: w.observed,
    window_rate: w.rate,
    window_low: w.low,
    window_high: w.high,
    mode: w.mode ? `${w.mode} · ${BUSINESS_MODE_LABELS_ZH[w.mode]}` : null,
  };
  return fupanTable([row], {
    title: 'Conversion summary',
    titleZh: '转化汇总',
    columns: {
      users: { label: 'Users', labelZh: '用户数', format: 'integer' },
      first_order_users: { label: 'First-order users', labelZh: '首单人数', format: 'integer' },
      first_order_rate: { label: 'First-order rate', labelZh: '首单率', ...pct },
      repeat_buyers: { label: 'Repeat buyers', labelZh: '复购人数', format: 'integer' },
      repurchase_rate: { label: 'Repurchase rate', labelZh: '复购率', ...pct },
      observed: { label: `Observed ${w.days} days`, labelZh: `观察满${w.days}天`, format: 'integer' },
      window_rate: { label: `${w.days}-day repurchase rate`, labelZh: `${w.days}天复购率`, ...pct },
      window_low: { label: 'Low', labelZh: '置信下限', ...pct },
      window_high: { label: 'High', labelZh: '置信上限', ...pct },
      mode: { label: 'Business mode', labelZh: '业务模式', format: 'string' },
    },
    spec: result.spec,
    notes: [
      `as of ${result.asOf}; modes: acquisition < ${lo * 100} % ≤ hybrid ≤ ${hi * 100} % < loyalty (《精益数据分析》)`,
    ],
  });
}
