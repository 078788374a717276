import type { BacktestResult } from '../metrics/churn/backtest.js';
import type { ChurnResult } from '../metrics/churn/churn.js';
import type { RewardResult } from '../metrics/churn/rewards.js';
import type { WarningLevel, WarningResult } from '../metrics/churn/warnings.js';
import { BACKTEST_ACTUAL_NAMES, WARNING_LEVEL_NAMES, warningLevelLabel } from './churnLabels.js';
import { fupanTable, type FupanTableColumn, type FupanTablePayload } from './fupanTable.js';
import { labelledRows } from './labels.js';
import { STAGE_NAMES } from './lifecycleLabels.js';

/** Column labels shared by the churn tables (the article's terms), by column name. */
const CHURN_LABELS: Record<string, Omit<FupanTableColumn, 'name'>> = {
  stage_en: { label: 'Stage', labelZh: '阶段(英文)' },
  stage_zh: { label: 'Stage (中文)', labelZh: '阶段' },
  users: { label: 'Users', labelZh: '用户数', format: 'integer' },
  churned: { label: 'Churned users', labelZh: '流失用户', format: 'integer' },
  churn_rate: { label: 'Churn rate', labelZh: '流失率', format: 'percent', digits: 1, heat: true },
  user_id: { label: 'User', labelZh: '用户', format: 'string' },
  rule: { label: 'Rule', labelZh: '规则' },
};

/**
 * Churned users by life-cycle stage (流失用户结构, article 001 §2): users, churned, churn rate and each
 * stage's share of all churned users.
 * @param result what `churn` returned
 * @returns a payload for `display()`
 * @example display(churnByStageTable(churn(data, { asOf: '2017-02-28' })))
 */
export function churnByStageTable(result: ChurnResult): FupanTablePayload {
  return fupanTable(labelledRows(result.byStage, 'stage', STAGE_NAMES), {
    title: `Churned users by stage as of ${result.spec.asOf}`,
    titleZh: '流失用户结构(按生命周期阶段)',
    columns: {
      ...CHURN_LABELS,
      share_of_churned: { label: 'Share of churned', labelZh: '流失占比', format: 'percent', digits: 1 },
    },
    select: ['stage_zh', 'stage_en', 'users', 'churned', 'churn_rate', 'share_of_churned'],
    spec: result.spec,
    notes: [
      'stage = the stage a user reached (introduction / growth / maturity), i.e. the stage churned users churned from',
    ],
  });
}

/**
 * Churn rate by acquisition channel within each stage (各阶段渠道流失率, article 001 §3).
 * @param result what `churn` returned
 * @returns a payload for `display()`
 * @example display(churnByChannelTable(churn(data, { asOf: '2017-02-28' })))
 */
export function churnByChannelTable(result: ChurnResult): FupanTablePayload {
  return fupanTable(labelledRows(result.byStageChannel, 'stage', STAGE_NAMES), {
    title: `Churn rate by channel within stage as of ${result.spec.asOf}`,
    titleZh: '各阶段渠道流失率',
    columns: { ...CHURN_LABELS, channel: { label: 'Channel', labelZh: '渠道', format: 'string' } },
    select: ['stage_zh', 'stage_en', 'channel', 'users', 'churned', 'churn_rate'],
    spec: result.spec,
  });
}

/**
 * Warned users (流失预警名单) with level, rule, channel and escalation day: the list for SMS / push tools.
 * @param result what `evaluateWarnings` returned
 * @returns a payload for `display()`
 * @example display(warningsTable(evaluateWarnings(data, rules, '2017-03-01')))
 */
export function warningsTable(result: WarningResult): FupanTablePayload {
  const counts = result.counts.objects() as { level: WarningLevel; users: number }[];
  return fupanTable(labelledRows(result.warnings, 'level', WARNING_LEVEL_NAMES), {
    title: `Churn warnings as of ${result.asOf}`,
    titleZh: '流失预警',
    columns: {
      ...CHURN_LABELS,
      level_en: { label: 'Level', labelZh: '预警等级(英文)' },
      level_zh: { label: 'Level (中文)', labelZh: '预警等级' },
      channel: { label: 'Channel', labelZh: '触达渠道' },
      escalate_on: { label: 'Escalate on', labelZh: '升级日期', format: 'date' },
    },
    select: ['user_id', 'level_zh', 'level_en', 'rule', 'channel', 'escalate_on'],
    notes: [
      `${result.population} users evaluated; ` +
        counts.map((c) => `${warningLevelLabel(c.level)}: ${c.users}`).join(', '),
    ],
  });
}

/**
 * A warning backtest (预警回测) as a Fupan table: precision, recall, accuracy and lead time per level and
 * overall, with the base rate so a high accuracy is read honestly.
 * @param result what `backtestWarnings` returned
 * @returns a payload for `display()`
 * @example display(backtestTable(backtestWarnings(data, rules, { asOf: '2017-01-31' })))
 */
export function backtestTable(result: BacktestResult): FupanTablePayload {
  const levels = result.byLevel.objects() as Record<string, number | string | null>[];
  const c = result.confusion;
  const rows = [
    ...levels.map((l) => ({ level: warningLevelLabel(l.level as WarningLevel), ...pick(l) })),
    {
      level: '合计 all levels',
      warned: c.truePositive + c.falsePositive,
      churned: c.truePositive,
      precision: result.precision,
      share_of_churned: result.recall,
      mean_lead_days: result.leadTime?.mean ?? null,
    },
  ];
  return fupanTable(rows, {
    title: `Warning backtest: warned ${result.asOf}, churn by ${result.horizonEnd}`,
    titleZh: '预警回测',
    columns: {
      level: { label: 'Level', labelZh: '预警等级', format: 'string' },
      warned: { label: 'Warned', labelZh: '预警人数', format: 'integer' },
      churned: { label: 'Warned and churned', labelZh: '预警且流失', format: 'integer' },
      precision: { label: 'Precision', labelZh: '精确率', format: 'percent', digits: 1, heat: true },
      share_of_churned: {
        label: 'Recall (share of churners)',
        labelZh: '召回率',
        format: 'percent',
        digits: 1,
      },
      mean_lead_days: { label: 'Mean lead (days)', labelZh: '平均提前天数', format: 'number', digits: 1 },
    },
    notes: [
      `population ${result.population} (signed up and not churned at ${result.asOf}); confusion: TP ${c.truePositive}, FP ${c.falsePositive}, FN ${c.falseNegative}, TN ${c.trueNegative}`,
      `accuracy ${fmt(result.accuracy)}; base rate ${fmt(result.baseRate)}, so warning nobody would score ${fmt(result.baseRate === null ? null : 1 - result.baseRate)}`,
    ],
  });
}

/**
 * The confusion matrix of a warning backtest (混淆矩阵): churned and stayed users, warned or not.
 * @param result what `backtestWarnings` returned
 * @returns a payload for `display()`
 * @example display(backtestConfusionTable(backtestWarnings(data, rules, { asOf: '2017-01-31' })))
 */
export function backtestConfusionTable(result: BacktestResult): FupanTablePayload {
  return fupanTable(labelledRows(result.confusionTable, 'actual', BACKTEST_ACTUAL_NAMES), {
    title: `Warnings of ${result.asOf} against churn by ${result.horizonEnd}`,
    titleZh: '预警混淆矩阵',
    columns: {
      actual_zh: { label: 'Actual (中文)', labelZh: '实际结果' },
      actual_en: { label: 'Actual', labelZh: '实际结果(英文)' },
      warned: { label: 'Warned', labelZh: '已预警', format: 'integer' },
      not_warned: { label: 'Not warned', labelZh: '未预警', format: 'integer' },
    },
    select: ['actual_zh', 'actual_en', 'warned', 'not_warned'],
  });
}

/**
 * Automatic rewards (自动奖励) granted: one row per coupon, with the total cost as a note.
 * @param result what `rewardRules` returned
 * @returns a payload for `display()`
 * @example display(rewardsTable(rewardRules(data, rules, '2017-03-01')))
 */
export function rewardsTable(result: RewardResult): FupanTablePayload {
  const byRule = result.byRule.objects() as { rule: string; users: number; cost: number }[];
  return fupanTable(result.grants, {
    title: `Automatic rewards as of ${result.asOf}`,
    titleZh: '自动发放奖励',
    columns: {
      ...CHURN_LABELS,
      coupon_kind: { label: 'Coupon', labelZh: '券种' },
      coupon_value: { label: 'Value', labelZh: '面额', format: 'currency' },
      threshold: { label: 'Invest at least', labelZh: '使用门槛', format: 'currency' },
      expires_on: { label: 'Expires on', labelZh: '到期日', format: 'date' },
    },
    notes: [
      `total cost if all redeemed: ${result.totalCost}`,
      ...byRule.map((r) => `${r.rule}: ${r.users} users, ${r.cost}`),
    ],
  });
}

function pick(l: Record<string, number | string | null>) {
  return {
    warned: l.warned,
    churned: l.churned,
    precision: l.precision,
    share_of_churned: l.share_of_churned,
    mean_lead_days: l.mean_lead_days,
  };
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`;
}
