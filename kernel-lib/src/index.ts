/**
 * Fupan kernel-lib (复盘): user-lifecycle analytics. The public API, in one place.
 */

// --- public API: errors and specs
export { FupanError, InputError, SpecError, CancelledError, type InputLocation } from './errors.js';

// --- public API: tables and time
export { Dictionary } from './table/dictionary.js';
export { DictionaryColumn, TimestampColumn } from './table/columns.js';
export { tableTimeZone, withTimeZone } from './table/timeZone.js';
export {
  asOfDayOf,
  checkAsOf,
  metricZone,
  resolveTimeZone,
  tableZones,
  type DataZones,
} from './time/context.js';
export { codesOf, timestampsOf, numbersOf, stringsOf, hasColumn, rowsOf } from './table/access.js';
export { TimeZone, DAY, formatDay } from './time/zone.js';
export { type Period, periodIndex, periodStart, periodLabel } from './time/periods.js';

// --- public API: presentation
export {
  FUPAN_TABLE_MIME,
  fupanTable,
  type FupanTablePayload,
  type FupanTableColumn,
  type FupanTableOptions,
  type ColumnFormat,
  type RowFormat,
} from './present/fupanTable.js';
export { tableHtml, tableText, escapeHtml, formatCell, cellText } from './present/html.js';
export {
  articleComparisonTable,
  type ComparedFigure,
  type ArticleComparisonOptions,
} from './present/articleComparisonTable.js';
export { PLOTLY_MIME, type PlotlyFigure } from './present/plotly.js';
export { display, mimeBundle, setDisplaySink, type MimeBundle } from './present/notebook.js';

// --- public API: loading data (io/)
export { load, formatOfPath, type LoadSource } from './io/load.js';
export { LOAD_FORMATS, type LoadFormat, type LoadOptions } from './io/options.js';
export { guessMapping, normalizeHeader, type MappingGuess } from './io/guess.js';
export {
  CANONICAL_TABLES,
  CANONICAL_SCHEMAS,
  COLUMN_TYPES,
  type CanonicalTableName,
  type CanonicalColumn,
  type CanonicalType,
  type ColumnType,
} from './io/schema.js';
export { ENCODINGS, DEFAULT_NULL_VALUES, type Encoding } from './io/values/text.js';
export { DATE_FORMATS, type DateFormat } from './io/values/timestamp.js';
export { parseCsv, readCsvHeader, type ParseCsvOptions } from './io/csv/parseCsv.js';

// --- public API: RFM (metrics/rfm*)
export * from './metrics/rfm/index.js';
export { rfmSegmentBars, rfmHeatmap, rfmMigrationSankey } from './present/rfmFigures.js';
export { rfmTable } from './present/rfmTables.js';

// --- public API: retention, cohorts, repurchase, activity
export { retention, MISSING_GROUP, type RetentionResult } from './metrics/retention/retention.js';
export {
  resolveRetentionSpec,
  type RetentionSpec,
  type ResolvedRetentionSpec,
  type RetentionMode,
  type RetentionStart,
  type RetentionWindow,
} from './metrics/retention/spec.js';
export {
  usersIn,
  usersIn as retentionUsersIn,
  type RetentionCellRef,
  type RetentionQueryResult,
} from './metrics/retention/usersIn.js';
export {
  bucketByFirstWindowCount,
  type FirstWindowBucketSpec,
} from './metrics/retention/firstWindowBucket.js';
export { cohortMatrix, type CohortMatrixResult } from './metrics/cohort/cohort.js';
export {
  resolveCohortMatrixSpec,
  type CohortMatrixSpec,
  type ResolvedCohortMatrixSpec,
  type CohortBy,
} from './metrics/cohort/spec.js';
export { cohortUsers, type CohortCellRef, type CohortQueryResult } from './metrics/cohort/usersIn.js';
export { wilsonInterval, type ProportionInterval } from './math/wilson.js';
export { minOf, maxOf } from './math/extent.js';
export { type EventFilter } from './metrics/history/eventFilter.js';
export {
  repurchase,
  businessMode,
  type RepurchaseResult,
  type RepurchaseSummary,
  type BusinessMode,
} from './metrics/repurchase/repurchase.js';
export {
  resolveRepurchaseSpec,
  type RepurchaseSpec,
  type ResolvedRepurchaseSpec,
  type RepeatRule,
  type SameDayRule,
  type RepurchaseBreakdown,
} from './metrics/repurchase/spec.js';
export { activeUsers, type ActiveUsersResult } from './metrics/activeUsers/activeUsers.js';
export {
  resolveActiveUsersSpec,
  type ActiveUsersSpec,
  type ResolvedActiveUsersSpec,
  type NewUserBasis,
} from './metrics/activeUsers/spec.js';
export { retentionTable, retentionMatrixTable } from './present/retentionTables.js';
export { retentionCurves } from './present/retentionFigures.js';
export { cohortHeatmap, cohortGrid } from './present/cohortFigures.js';
export { cohortTable } from './present/cohortTables.js';
export { type CohortValue } from './present/cohortLabels.js';
export { activeUsersChart } from './present/activeUsersFigures.js';
export { activeUsersTable } from './present/activeUsersTables.js';
export { repurchaseTable, repurchaseSummaryTable } from './present/repurchaseTables.js';
export { BUSINESS_MODE_LABELS_ZH } from './present/repurchaseLabels.js';

// --- public API: lifecycle, churn and early warning
export { lifecycle, type LifecycleResult } from './metrics/lifecycle/lifecycle.js';
export { type LifecycleSpec, type MaturityRule, type GrowthRequirement } from './metrics/lifecycle/spec.js';
export { type LifecycleStage, type StageSignal, LIFECYCLE_STAGES } from './metrics/lifecycle/stages.js';
export { type UserData } from './metrics/history/history.js';
export { type ChurnRule, resolveChurnRule } from './metrics/history/churnRule.js';
export { churn, type ChurnResult } from './metrics/churn/churn.js';
export {
  resolveChurnSpec,
  type ChurnSpec,
  type ResolvedChurnSpec,
  type StageOptions,
} from './metrics/churn/spec.js';
export {
  retentionByPastInvestments,
  type HabitRetentionSpec,
  type HabitRetentionResult,
} from './metrics/lifecycle/habit.js';
export {
  compileCondition,
  MEASURES,
  type Condition,
  type Comparison,
  type OrderFilter,
  type MeasureCondition,
  type MeasureName,
} from './metrics/churn/conditions.js';
export {
  warningRules,
  evaluateWarnings,
  escalateWarnings,
  WARNING_LEVELS,
  type WarningLevel,
  type WarningRule,
  type WarningRuleSet,
  type CompiledWarningRules,
  type WarningOptions,
  type WarningResult,
} from './metrics/churn/warnings.js';
export {
  backtestWarnings,
  type BacktestOptions,
  type BacktestResult,
  type ConfusionCell,
} from './metrics/churn/backtest.js';
export {
  warningRuleSweep,
  type WarningSweepOptions,
  type WarningSweepResult,
} from './metrics/churn/sweep.js';
export {
  rewardRules,
  type RewardRule,
  type RewardRuleSet,
  type RewardCoupon,
  type RewardOptions,
  type RewardResult,
} from './metrics/churn/rewards.js';
export {
  lifecycleTrend,
  type LifecycleTrendSpec,
  type LifecycleTrendResult,
  type ActivityStatus,
  type NewUserRule,
  ACTIVITY_STATUSES,
} from './metrics/lifecycle/trend.js';
export {
  ACTIVITY_STATUS_LABELS_ZH,
  TREE_NODE_LABELS_ZH,
  STAGE_NAMES,
  STAGE_LABELS,
  STAGE_LABELS_ZH,
} from './present/lifecycleLabels.js';
export {
  WARNING_LEVEL_NAMES,
  WARNING_LEVEL_LABELS_ZH,
  warningLevelLabel,
  BACKTEST_ACTUAL_NAMES,
} from './present/churnLabels.js';
export { labelOf, labelledRows, type CodeLabels, type Lang } from './present/labels.js';
export { RFM_SEGMENT_NAMES, RFM_MIGRATION_STATE_NAMES, segmentLabel } from './present/rfmLabels.js';
export { targetingStepLabel } from './present/campaignLabels.js';
export {
  lifecycleTree,
  type LifecycleTreeSpec,
  type LifecycleTreeResult,
  type TreeNode,
  TREE_NODES,
} from './metrics/lifecycle/tree.js';
export {
  lifecycleSnapshots,
  stageTransitions,
  type StageSnapshots,
  type StageTransition,
  type SnapshotOptions,
  type TransitionState,
  TRANSITION_STATES,
} from './metrics/lifecycle/transitions.js';
export {
  stageBars,
  stageTrend,
  stageSankey,
  lifecycleTrendBars,
  habitRetentionBars,
  stageLabel,
  STAGE_COLOURS,
} from './present/lifecycleFigures.js';
export {
  lifecycleStageTable,
  transitionTable,
  lifecycleTrendTable,
  lifecycleTreeTable,
  habitRetentionTable,
} from './present/lifecycleTables.js';
export {
  churnByStageTable,
  churnByChannelTable,
  warningsTable,
  backtestTable,
  backtestConfusionTable,
  rewardsTable,
} from './present/churnTables.js';
export {
  churnByMonthBars,
  churnByStageBars,
  churnedSignupBars,
  backtestBars,
} from './present/churnFigures.js';

// --- public API: campaign review, funnel, acquisition, virality
export {
  campaignReview,
  couponLabel,
  type CampaignReview,
  type CampaignSummary,
  type HoldoutComparison,
} from './metrics/campaign/campaign.js';
export {
  type CampaignReviewSpec,
  type TierSpec,
  type RecallDefinition,
  type ReinvestDefinition,
} from './metrics/campaign/spec.js';
export { type CampaignData } from './metrics/campaign/inputs.js';
export { campaignUsersIn, type CampaignGroup } from './metrics/campaign/usersIn.js';
export {
  repriceCampaign,
  type CouponPlanRow,
  type ResponseModel,
  type RepricedCampaign,
} from './metrics/campaign/reprice.js';
export { proportionDifference, type ProportionDifference } from './metrics/campaign/proportions.js';
export {
  winbackTargets,
  TARGETING_STEPS,
  type TargetingStep,
  type WinbackTargetingSpec,
  type WinbackTargetingResult,
} from './metrics/campaign/targeting.js';
export { funnel, type FunnelResult } from './metrics/funnel/funnel.js';
export { funnelUsers } from './metrics/funnel/usersIn.js';
export { type FunnelSpec, type FunnelStep, type WindowUnit } from './metrics/funnel/spec.js';
export {
  parseUtm,
  UTM_KEYS,
  type UtmResult,
  type UtmOptions,
  type MalformedUrl,
} from './metrics/signups/utm.js';
export { channelRoi, type ChannelRoiResult } from './metrics/channelRoi/channelRoi.js';
export { type ChannelRoiSpec } from './metrics/channelRoi/spec.js';
export { signupsBy, type SignupsByResult } from './metrics/signups/signups.js';
export { type SignupsBySpec } from './metrics/signups/spec.js';
export { kFactor, referralLadderCost, type KFactorResult } from './metrics/virality/virality.js';
export { type KFactorSpec, type ReferralLadderSpec } from './metrics/virality/spec.js';
export {
  CAMPAIGN_LABELS,
  type CampaignLabel,
  campaignSummaryTable,
  campaignTierTable,
  campaignCouponTable,
  campaignComparisonTable,
  campaignTermTable,
  campaignHoldoutTable,
  repricedTable,
  targetingStepsTable,
} from './present/campaignTables.js';
export { campaignUsageBars, campaignComparisonBars, campaignTermBars } from './present/campaignFigures.js';
export { funnelChart } from './present/funnelFigures.js';
export { funnelTable } from './present/funnelTables.js';
export { channelRoiTable } from './present/channelRoiTables.js';

// --- public API: SQL engines (sql/)
export type { SqlEngine, SqlQuery, SqlSource, SqlValue, DialectName } from './sql/engine.js';
export { duckdb, type DuckDbOptions } from './sql/duckdb.js';
export { chdbEngine, type ChdbOptions } from './sql/chdb.js';
export { clickhouse, type ClickHouseOptions } from './sql/clickhouse.js';
export { quoteIdentifier } from './sql/quote.js';
export { MissingPackageError } from './sql/optionalPackage.js';
export { rfmSql, rfmSegmentsSql, type OrderColumns, type RfmSegmentCounts } from './sql/metrics/rfm.js';
export { cohortMatrixSql, type EventColumns } from './sql/metrics/cohort.js';
export { retentionSql } from './sql/metrics/retention.js';
export { repurchaseSql, type RepurchaseColumns } from './sql/metrics/repurchase.js';
export { activeUsersSql } from './sql/metrics/activeUsers.js';
export { churnSql, type ChurnSqlResult } from './sql/metrics/churn.js';
export { type ChurnColumns, type ChurnSources } from './sql/metrics/historySources.js';
export { funnelSql } from './sql/metrics/funnel.js';
export type { EventsAndUsers } from './sql/metrics/usersSource.js';
export { lifecycleTrendSql, type LifecycleTrendSqlResult } from './sql/metrics/lifecycle.js';
export { lifecycleSql, lifecycleSnapshotsSql, stageTransitionsSql } from './sql/metrics/lifecycleStages.js';
// Load options of issue 16: what load() dropped and why, row filters, the exact derived amount.
export { loadReport, formatLoadReport, type LoadReport, type LoadDrop } from './io/rows/report.js';
export { ROW_PREDICATES, type RowFilter, type RowPredicate } from './io/rows/where.js';
export { exactProduct } from './io/rows/product.js';
export { MISSING_USERS } from './io/options.js';
export { loadReportTable } from './present/loadReportTable.js';

// --- public API: customer lifetime value (metrics/clv)
export * from './metrics/clv/index.js';
export { clvFitRows, clvFitTable, clvHoldoutTable, clvPredictionsTable } from './present/clvTables.js';
export {
  clvFrequencyRecencyHeatmap,
  clvHoldoutBars,
  clvTrackingPlot,
  sbgCurves,
  type FrequencyRecencyOptions,
} from './present/clvFigures.js';
export { clvSummarySql } from './sql/metrics/clv.js';

export { type CohortAsOfRule } from './metrics/cohort/cohort.js';
export { ORDER_TIME_TOLERANCE_MS } from './metrics/orders/orderUnits.js';
export { rowsReportSql } from './sql/rowsReport.js';
export type { SqlSourceRows } from './sql/sourceRows.js';

// --- public API: what the one-file templates need (tiers from the data, users from first activity)
export {
  quantileTiers,
  type QuantileTierSpec,
  type QuantileTiers,
} from './metrics/campaign/quantileTiers.js';
export { firstActivityUsers } from './metrics/lifecycle/firstActivityUsers.js';
export { lastDataDay } from './metrics/lifecycle/lastDataDay.js';
export { CJK_FONTS, FONT_FAMILY } from './present/fonts.js';
export { withBaseLayout } from './present/plotly.js';
