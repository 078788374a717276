/**
 * The classic 8 RFM segments (RFM 八类客户), from high/low recency, frequency and monetary value.
 * "High recency" means recent (R 高 = 最近消费过).
 */

/** Segment ids, in the fixed output order (from most to least valuable). */
export const RFM_SEGMENTS = [
  'importantValue',
  'importantDevelopment',
  'importantRetention',
  'importantWinBack',
  'generalValue',
  'generalDevelopment',
  'generalRetention',
  'generalWinBack',
] as const;

/** One of the 8 segments. */
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

/** Labels and the R/F/M pattern of one segment. */
export interface RfmSegmentInfo {
  segment: RfmSegment;
  /** Chinese name, as in the articles. */
  zh: string;
  /** English name. */
  en: string;
  recencyHigh: boolean;
  frequencyHigh: boolean;
  monetaryHigh: boolean;
}

const info = (
  segment: RfmSegment,
  zh: string,
  en: string,
  r: boolean,
  f: boolean,
  m: boolean,
): RfmSegmentInfo => ({ segment, zh, en, recencyHigh: r, frequencyHigh: f, monetaryHigh: m });

/** The 8 segments with their labels and patterns (R, F, M high?). */
export const RFM_SEGMENT_INFO: readonly RfmSegmentInfo[] = [
  info('importantValue', '重要价值客户', 'Important value', true, true, true),
  info('importantDevelopment', '重要发展客户', 'Important development', true, false, true),
  info('importantRetention', '重要保持客户', 'Important retention', false, true, true),
  info('importantWinBack', '重要挽留客户', 'Important win-back', false, false, true),
  info('generalValue', '一般价值客户', 'General value', true, true, false),
  info('generalDevelopment', '一般发展客户', 'General development', true, false, false),
  info('generalRetention', '一般保持客户', 'General retention', false, true, false),
  info('generalWinBack', '一般挽留客户', 'General win-back', false, false, false),
];

/**
 * Index into {@link RFM_SEGMENTS} of a high/low pattern: M decides important vs general, then R and F.
 * @example RFM_SEGMENTS[segmentIndex(true, true, true)] // 'importantValue'
 */
export function segmentIndex(recencyHigh: boolean, frequencyHigh: boolean, monetaryHigh: boolean): number {
  return (monetaryHigh ? 0 : 4) + (recencyHigh ? 0 : 2) + (frequencyHigh ? 0 : 1);
}

/** The labels of a segment id. */
export function rfmSegmentInfo(segment: RfmSegment): RfmSegmentInfo {
  return RFM_SEGMENT_INFO[RFM_SEGMENTS.indexOf(segment)];
}
