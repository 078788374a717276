/**
 * The articles' figures the generators are tuned to, in one place (ANALYSES.md, "Tolerances").
 * Only the generators read this file; analysis code never does. The calibration test checks that the
 * kernel-lib analyses, run on the default sample, land on these figures within their tolerances.
 */

/** Default seed of the committed samples. */
export const DEFAULT_SEED = 20170306;

/** Users in the committed P2P sample (big enough to hold the article-000 campaign exactly). */
export const P2P_DEFAULT_USERS = 44_000;
/** Users in the committed B2B sample. */
export const B2B_DEFAULT_USERS = 6_000;

/** A coupon 满threshold返reward (yuan). */
export interface CouponKind {
  readonly threshold: number;
  readonly reward: number;
}

/** One tier of the article-000 win-back plan: targets, hold-outs, coupons and how many get used. */
export interface WinbackTier {
  /** Lower bound of the last-payout-amount tier (最后一天到账金额), yuan. */
  readonly from: number;
  /** Users who get coupons. */
  readonly targets: number;
  /** Eligible users of the tier held out (no coupon). */
  readonly holdout: number;
  /** Coupons each target gets (the second only for 20,000+). */
  readonly coupons: readonly CouponKind[];
  /** Users who use coupon 0 only, coupon 1 only, and both. */
  readonly usedFirstOnly: number;
  readonly usedSecondOnly: number;
  readonly usedBoth: number;
  /** Hold-out users who come back in the window on their own (no coupon). */
  readonly holdoutReturners: number;
}

/** One row of the win-back plan table: usage as [first only, second only, both], coupons as [threshold, reward]. */
function tier(
  from: number,
  targets: number,
  holdout: number,
  [usedFirstOnly, usedSecondOnly, usedBoth]: [number, number, number],
  holdoutReturners: number,
  ...coupons: [number, number][]
): WinbackTier {
  return {
    from,
    targets,
    holdout,
    coupons: coupons.map(([threshold, reward]) => ({ threshold, reward })),
    usedFirstOnly,
    usedSecondOnly,
    usedBoth,
    holdoutReturners,
  };
}

/** Article 000: 流失用户召回活动 (win-back of users who invested 5+ times and churned in Jan–Feb 2017). */
export const WINBACK = {
  campaignId: 'winback-2017-03',
  /** First local day of the 7-day window (Asia/Shanghai). */
  start: '2017-03-06',
  days: 7,
  /** Eligibility: investments before the campaign and the months the churn date falls in. */
  minInvestments: 5,
  churnFrom: '2017-01-01',
  churnTo: '2017-02-28',
  churnDays: 30,
  /**
   * Plan per tier. Totals: 2,488 targets, 3,195 coupons (707 second coupons for 20,000+), 439 used by
   * 383 users (56 used two). Best usage for 5,000–19,999 (满10000返50) and 20,000–49,999 (满20000返100),
   * poor at 50,000+, 0 % for 满100000返500.
   */
  tiers: [
    // from, targets, hold-out, used [first only, second only, both], hold-out returners, coupons [满, 返]
    tier(0, 1020, 90, [125, 0, 0], 3, [2000, 10]),
    tier(5000, 761, 68, [140, 0, 0], 3, [10000, 50]),
    tier(20000, 410, 36, [29, 13, 53], 2, [20000, 100], [5000, 25]),
    tier(50000, 175, 15, [0, 12, 3], 0, [50000, 250], [10000, 50]),
    tier(100000, 122, 10, [0, 8, 0], 0, [100000, 500], [20000, 100]),
  ],
  /** Recalled users whose window orders are 60-day products (the rest choose 30-day): 381 / 2. */
  sixtyDayUsers: 2,
  /** Amount invested in the window by recalled users (复投金额), yuan. */
  reinvestAmount: 4_684_600,
} as const;

/** Article 000 totals, as the review should compute them. */
export const WINBACK_FIGURES = {
  targets: 2488,
  coupons: 3195,
  used: 439,
  recalled: 383,
  usageRate: 0.137,
  recallRate: 0.154,
  reinvestAmount: 4_684_600,
  avgPerRecalled: 12_231,
  thirtyDay: 381,
  sixtyDay: 2,
} as const;

/** Article 001 shares (churn definition: no login and no investment for 30 days). */
export const CHURN_FIGURES = {
  newcomerShareOfChurned: 0.48,
  wealthSupermarketChurn: 0.95,
  distributionAtMostTwoInvestments: 0.9,
  distributionSmallNoRateBoost: 0.8,
} as const;

/** Article 003: retention by number of past investments. */
export const HABIT_FIGURES = { repeatLift: 0.3, loyalAfter: 5, loyalRetention: 0.6 } as const;

/** Article 002: visit retention of new sign-ups (on day N) and 90-day repurchase. */
export const B2B_FIGURES = {
  day1: 0.4,
  day7: 0.2,
  day30: 0.1,
  /** 90-day repurchase rate between 15 % and 30 %: the hybrid mode. */
  repurchase90: 0.22,
} as const;
