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
