import type { RfmMigrationState } from '../metrics/rfm/migration.js';
import type { RfmSegment } from '../metrics/rfm/segments.js';
import { labelOf, type CodeLabels, type Lang } from './labels.js';

/** The names of the 8 RFM segments (RFM 八类客户), English and Chinese as in the articles. */
export const RFM_SEGMENT_NAMES: CodeLabels<RfmSegment> = {
  importantValue: ['Important value', '重要价值客户'],
  importantDevelopment: ['Important development', '重要发展客户'],
  importantRetention: ['Important retention', '重要保持客户'],
  importantWinBack: ['Important win-back', '重要挽留客户'],
  generalValue: ['General value', '一般价值客户'],
  generalDevelopment: ['General development', '一般发展客户'],
  generalRetention: ['General retention', '一般保持客户'],
  generalWinBack: ['General win-back', '一般挽留客户'],
};

/** The names of a migration state: a segment, or `none` (未评分, not scored at that as-of date). */
export const RFM_MIGRATION_STATE_NAMES: CodeLabels<RfmMigrationState> = {
  ...RFM_SEGMENT_NAMES,
  none: ['Not scored', '未评分'],
};

/**
 * The presented name of an RFM segment (客户分群名称) in one language.
 * @param segment a segment code of a result (`importantValue` …)
 * @param lang 'en' or 'zh'
 * @returns the name
 * @throws FupanError on a string that is no segment code
 * @example segmentLabel('importantWinBack', 'zh') // '重要挽留客户'
 */
export function segmentLabel(segment: RfmSegment, lang: Lang): string {
  return labelOf(RFM_SEGMENT_NAMES, segment, lang);
}
