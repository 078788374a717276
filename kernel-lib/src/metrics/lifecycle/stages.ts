/**
 * The five stages of a user's life cycle in article 003 (用户生命周期), in their fixed display order.
 * Three zones: acquisition (introduction), value-up (growth, maturity), retention (dormancy, churn).
 */
export type LifecycleStage = 'introduction' | 'growth' | 'maturity' | 'dormancy' | 'churn';

/** The stages in order; a stage's index is its code in typed arrays. */
export const LIFECYCLE_STAGES: readonly LifecycleStage[] = [
  'introduction',
  'growth',
  'maturity',
  'dormancy',
  'churn',
];

/** Chinese names as the articles use them (article 001 calls introduction 新手期, 003 引入期). */
export const STAGE_LABELS_ZH: Record<LifecycleStage, string> = {
  introduction: '新手期',
  growth: '成长期',
  maturity: '成熟期',
  dormancy: '休眠期',
  churn: '流失期',
};

/** English display names. */
export const STAGE_LABELS: Record<LifecycleStage, string> = {
  introduction: 'Introduction',
  growth: 'Growth',
  maturity: 'Maturity',
  dormancy: 'Dormancy',
  churn: 'Churn',
};

/**
 * Why a user is in a stage: the rule that fired.
 * - `signedUp`: registered, not (yet) meeting growth;
 * - `invested`: verified, card bound (as the spec requires) and at least one investment;
 * - `longerTerm`: moved from shorter to longer fixed terms (the spec's maturity rule);
 * - `noTransactionSinceSignup`, `withdrawnAfterMaturity`, `holdingsDrop`: the three dormancy signals;
 * - `inactive`: the churn rule (no activity for its `days`).
 */
export type StageSignal =
  | 'signedUp'
  | 'invested'
  | 'longerTerm'
  | 'noTransactionSinceSignup'
  | 'withdrawnAfterMaturity'
  | 'holdingsDrop'
  | 'inactive';

/** Code of "not registered yet" in stage arrays (a user who signs up after the as-of date). */
export const NOT_REGISTERED = -1;
