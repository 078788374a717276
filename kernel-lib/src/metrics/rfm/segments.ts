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

/** The R/F/M pattern of one segment (its names are in present/rfmLabels.ts). */
export interface RfmSegmentInfo {
  segment: RfmSegment;
  recencyHigh: boolean;
  frequencyHigh: boolean;
  monetaryHigh: boolean;
}

const info = (segment: RfmSegment, r: boolean, f: boolean, m: boolean): RfmSegmentInfo => ({
  segment,
  recencyHigh: r,
  frequencyHigh: f,
  monetaryHigh: m,
});

/** The 8 segments with their patterns (R, F, M high?). */
export const RFM_SEGMENT_INFO: readonly RfmSegmentInfo[] = [
  info('importantValue', true, true, true),
  info('importantDevelopment', true, false, true),
  info('importantRetention', false, true, true),
  info('importantWinBack', false, false, true),
  info('generalValue', true, true, false),
  info('generalDevelopment', true, false, false),
  info('generalRetention', false, true, false),
  info('generalWinBack', false, false, false),
];

/**
 * Index into {@link RFM_SEGMENTS} of a high/low pattern: M decides important vs general, then R and F.
 * @example RFM_SEGMENTS[segmentIndex(true, true, true)] // 'importantValue'
 */
export function segmentIndex(recencyHigh: boolean, frequencyHigh: boolean, monetaryHigh: boolean): number {
  return (monetaryHigh ? 0 : 4) + (recencyHigh ? 0 : 2) + (frequencyHigh ? 0 : 1);
}

/** The R/F/M pattern of a segment id. */
export function rfmSegmentInfo(segment: RfmSegment): RfmSegmentInfo {
  return RFM_SEGMENT_INFO[RFM_SEGMENTS.indexOf(segment)];
}
