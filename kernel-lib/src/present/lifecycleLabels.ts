import type { LifecycleStage } from '../metrics/lifecycle/stages.js';
import type { ActivityStatus } from '../metrics/lifecycle/trend.js';
import type { TreeNode } from '../metrics/lifecycle/tree.js';
import { namesIn, type CodeLabels } from './labels.js';

/**
 * The names of the life-cycle stages (生命周期阶段), English and Chinese, as the articles use them (article 001
 * calls introduction 新手期, 003 引入期).
 */
export const STAGE_NAMES: CodeLabels<LifecycleStage> = {
  introduction: ['Introduction', '新手期'],
  growth: ['Growth', '成长期'],
  maturity: ['Maturity', '成熟期'],
  dormancy: ['Dormancy', '休眠期'],
  churn: ['Churn', '流失期'],
};

/** Chinese names of the stages (新手期 / 成长期 / 成熟期 / 休眠期 / 流失期). */
export const STAGE_LABELS_ZH: Record<LifecycleStage, string> = namesIn(STAGE_NAMES, 'zh');

/** English display names of the stages. */
export const STAGE_LABELS: Record<LifecycleStage, string> = namesIn(STAGE_NAMES, 'en');

/** Chinese labels of the lifecycle trend's statuses (新用户 / 持续活跃 / 回流 / 沉默). */
export const ACTIVITY_STATUS_LABELS_ZH: Record<ActivityStatus, string> = {
  new: '新用户',
  returning: '持续活跃',
  resurrecting: '回流',
  dormant: '沉默',
};

/** Chinese labels as in the article (未首单用户 / 成长用户 / 沉默用户 / 流失用户). */
export const TREE_NODE_LABELS_ZH: Record<TreeNode, string> = {
  'neverPaid.highGrowthPotential': '未首单·高成长潜力',
  'neverPaid.highChurnRisk': '未首单·高流失风险',
  'growing.highValuePotential': '成长·高价值潜力',
  'growing.highSilenceRisk': '成长·高沉默风险',
  'silent.highChurnRisk': '沉默·高流失风险',
  'silent.lowChurnRisk': '沉默·低流失风险',
  churned: '流失',
};
