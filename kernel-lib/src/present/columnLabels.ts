/**
 * Presented headers (表头) of the columns that Fupan's results and the notebooks' tables share, English and
 * Chinese, so a table never shows a raw `churn_rate` or `shareOfChurned`: {@link fupanTable} looks a column
 * up here when its options give no label, and words a name it does not know ("churn_rate" → "Churn rate").
 */
export const COLUMN_LABELS: Record<string, readonly [en: string, zh: string]> = {
  user_id: ['User', '用户ID'],
  users: ['Users', '用户数'],
  active: ['Active users', '活跃用户数'],
  churned: ['Churned', '流失用户数'],
  churn_rate: ['Churn rate', '流失率'],
  churned_users: ['Churned users', '流失用户数'],
  share_of_churned: ['Share of churned', '占流失用户比例'],
  share: ['Share', '占比'],
  rate: ['Rate', '比率'],
  retained: ['Retained', '留存人数'],
  cohort: ['Cohort', '同期群'],
  cohort_size: ['Cohort size', '同期群人数'],
  stage: ['Stage', '阶段'],
  stage_zh: ['Stage (Chinese)', '阶段'],
  stage_en: ['Stage', '阶段(英文)'],
  level: ['Level', '预警等级'],
  level_zh: ['Level (Chinese)', '预警等级'],
  level_en: ['Level', '预警等级(英文)'],
  channel: ['Channel', '渠道'],
  channel_code: ['Channel code', '渠道编码'],
  period: ['Period', '周期'],
  month: ['Month', '月份'],
  week: ['Week', '周'],
  day: ['Day', '日期'],
  year: ['Year', '年'],
  as_of: ['As of', '截至'],
  signups: ['Sign-ups', '注册用户数'],
  promoter: ['Promoter', '推广员'],
  utm_source: ['UTM source', '流量来源'],
  utm_medium: ['UTM medium', '流量媒介'],
  utm_campaign: ['UTM campaign', '推广活动'],
  rule: ['Rule', '规则'],
  cost: ['Cost', '成本'],
  revenue: ['Revenue', '收入'],
  gmv: ['GMV', '交易额'],
  amount: ['Amount', '金额'],
  orders: ['Orders', '订单数'],
  buyers: ['Buyers', '购买人数'],
  again: ['Bought again', '再次购买人数'],
  window: ['Window', '时间窗口'],
  windowZh: ['Window (Chinese)', '时间窗口'],
  signal: ['Signal', '信号'],
  dormant: ['Dormant', '休眠用户数'],
  segment: ['Segment', '分群'],
  segment_zh: ['Segment (Chinese)', '客户分群'],
  segment_en: ['Segment', '分群(英文)'],
  product_line: ['Product line', '产品线'],
  frequency: ['Frequency', '消费频次'],
  recency: ['Recency', '最近消费间隔'],
  monetary: ['Monetary', '消费金额'],
  monetary_value: ['Mean order value', '平均客单价'],
  T: ['Age (T)', '客户年龄 T'],
  frequency_holdout: ['Frequency (holdout)', '验证期消费频次'],
  monetary_value_holdout: ['Mean order value (holdout)', '验证期平均客单价'],
  duration_holdout: ['Holdout length', '验证期长度'],
  first_window_bucket: ['First-window orders', '首个窗口订单数'],
  tier: ['Tier', '分层'],
  coupon: ['Coupon', '红包'],
  lift: ['Lift', '提升倍数'],
  precision: ['Precision', '精确率'],
  recall: ['Recall', '召回率'],
  accuracy: ['Accuracy', '准确率'],
  // sql-engines: one result computed by each engine, side by side.
  in_memory: ['Users (in memory)', '用户数(内存计算)'],
  duckdb_parquet: ['Users (DuckDB on Parquet)', '用户数(DuckDB·Parquet)'],
  clickhouse: ['Users (ClickHouse)', '用户数(ClickHouse)'],
  total_amount_in_memory: ['Total amount (in memory)', '总金额(内存计算)'],
  total_amount_duckdb: ['Total amount (DuckDB)', '总金额(DuckDB)'],
  total_amount_clickhouse: ['Total amount (ClickHouse)', '总金额(ClickHouse)'],
  // clv: sBG survivors of the regular and high-end cohorts, actual and projected.
  regular_actual: ['Regular: actual', '普通客户:实际'],
  regular_projected: ['Regular: projected', '普通客户:预测'],
  high_end_actual: ['High-end: actual', '高端客户:实际'],
  high_end_projected: ['High-end: projected', '高端客户:预测'],
  model: ['Model', '模型'],
  parameter: ['Parameter', '参数'],
  estimate: ['Estimate', '估计值'],
  customers: ['Customers', '客户数'],
  actual: ['Actual', '实际'],
  predicted: ['Predicted', '预测'],
  projected: ['Projected', '预测'],
  observed: ['Observed', '观测'],
  offset: ['Periods since first', '第N期'],
  total_monetary: ['Total amount', '总金额'],
  mean_monetary: ['Mean amount', '平均金额'],
};

/**
 * A column name worded for a header when no label is known: snake_case and camelCase split into words,
 * the first capitalised.
 * @example wordedName('share_of_churned') // 'Share of churned'
 * @example wordedName('payingUsers') // 'Paying users'
 */
export function wordedName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

/**
 * The headers of a grouping column named by the user (a breakdown, a groupBy): the known ones, else the
 * name in words over 分组 (group).
 * @example groupColumnLabels('product_line') // { label: 'Product line', labelZh: '产品线' }
 */
export function groupColumnLabels(name: string): { label: string; labelZh: string } {
  const known = COLUMN_LABELS[name];
  return known ? { label: known[0], labelZh: known[1] } : { label: wordedName(name), labelZh: '分组' };
}
