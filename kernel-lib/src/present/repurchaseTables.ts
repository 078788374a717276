/**
 * Displays of conversion (首单率 / 复购率, the 90-day business mode) beside retention in article 002.
 */
import type { RepurchaseResult } from '../metrics/repurchase/repurchase.js';
import { BUSINESS_MODE_LABELS_ZH } from './repurchaseLabels.js';
import { fupanTable, type FupanTablePayload } from './fupanTable.js';

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
