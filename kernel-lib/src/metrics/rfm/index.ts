/** RFM (RFM 模型): spec, computation, segments, user lists and migration. */
export { rfm, type RfmResult, type RfmGroupThresholds } from './rfm.js';
export { rfmUsersIn, rfmMigrationUsers } from './usersIn.js';
export {
  rfmMigration,
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
export {
  resolveRfmSpec,
  type RfmSpec,
  type ResolvedRfmSpec,
  type RfmScoring,
  type RfmScoringPerDimension,
  type QuantileScoring,
  type MeanScoring,
  type ParetoScoring,
  type TopNScoring,
  type TopPercentScoring,
  type CutsScoring,
  type RecencyMeasure,
  type FrequencyMeasure,
  type MonetaryMeasure,
  type RfmRefundPolicy,
  type RfmHighRule,
  type RfmDimension,
} from './spec.js';
