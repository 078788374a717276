import type { WarningLevel } from '../metrics/churn/warnings.js';
import { labelOf, namesIn, type CodeLabels } from './labels.js';

/** The names of the warning levels (预警等级), English and Chinese. */
export const WARNING_LEVEL_NAMES: CodeLabels<WarningLevel> = {
  high: ['High', '高'],
  medium: ['Medium', '中'],
  low: ['Low', '低'],
};

/** Chinese names of the warning levels (高 / 中 / 低). */
export const WARNING_LEVEL_LABELS_ZH: Record<WarningLevel, string> = namesIn(WARNING_LEVEL_NAMES, 'zh');

/**
 * A warning level as a table row or axis shows it: Chinese, then the code.
 * @example warningLevelLabel('high') // '高 high'
 */
export function warningLevelLabel(level: WarningLevel): string {
  return `${labelOf(WARNING_LEVEL_NAMES, level, 'zh')} ${level}`;
}

/** The outcomes of a warning backtest's confusion table (实际结果): churned or stayed. */
export const BACKTEST_ACTUAL_NAMES: CodeLabels<'churned' | 'stayed'> = {
  churned: ['Churned', '流失'],
  stayed: ['Stayed', '留存'],
};
