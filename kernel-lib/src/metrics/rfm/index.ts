/** RFM (RFM 模型): spec, computation, segments, user lists and migration. */
export { rfm, type RfmResult, type RfmGroupThresholds } from './rfm.js';
export { resolveRfmSpec } from './validate.js';
export { rfmUsersIn } from './usersIn.js';
export {
  rfmMigration,
  rfmMigrationUsers,
  RFM_MIGRATION_STATES,
  type RfmMigration,
  type RfmMigrationState,
} from './migration.js';
export {
  RFM_SEGMENTS,
  RFM_SEGMENT_INFO,
  rfmSegmentInfo,
  type RfmSegment,
  type RfmSegmentInfo,
} from './segments.js';
export type { RfmDimensionThresholds, RfmScoreRange } from './scoring.js';
export type {
  RfmSpec,
  ResolvedRfmSpec,
  RfmScoring,
  RfmScoringPerDimension,
  QuantileScoring,
  MeanScoring,
  ParetoScoring,
  TopNScoring,
  TopPercentScoring,
  CutsScoring,
  RecencyMeasure,
  FrequencyMeasure,
  MonetaryMeasure,
  RfmRefundPolicy,
  RfmHighRule,
  RfmDimension,
} from './spec.js';
