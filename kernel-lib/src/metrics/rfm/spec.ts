/**
 * The RFM spec (RFM 模型): a plain, JSON-serialisable definition. Printing it tells a reader exactly what
 * was computed; every field documents its default.
 */

/** How recency (R, 最近一次消费) is measured, in whole local days. */
export type RecencyMeasure =
  /** Days from the local day of the user's last purchase to the as-of day (lower = more recent = better). */
  | 'daysSinceLast'
  /**
   * lifetimes' convention, "age at last purchase": days from the first to the last purchase in the window
   * (0 for one purchase day). Higher = the user kept buying longer = better.
   */
  | 'ageAtLast';

/** How frequency (F, 消费频率) is counted. */
export type FrequencyMeasure =
  /**
   * Distinct orders (订单数) in the window: the lines of one order id are one purchase (its instant the
   * earliest line's, its amount the sum of its lines); without an order column each row is an order.
   */
  | 'orders'
  /** Distinct local calendar days with a purchase in the window. */
  | 'purchaseDays'
  /** Purchase rows in the window, whatever order they belong to (lines count one by one). */
  | 'rows';

/** How monetary value (M, 消费金额) is summarised. */
export type MonetaryMeasure =
  /** Total amount in the window (net of refunds under `refunds: 'net'`). */
  | 'sum'
  /** That total divided by the number of purchases (客单价: orders, or rows under `frequency: 'rows'`). */
  | 'mean';

/**
 * Scores 1..bins by rank. Values are ranked from worst (rank 1) to best (rank n) among the n users of the
 * group (recency as days since last: fewer days = better). Tied values share one rank, chosen by `ties`:
 * `'min'` the lowest rank of the tied block, `'max'` the highest, `'average'` their mean; or, with
 * `'ordinal'`, each user gets its own rank, ties ordered by user id ascending (the smaller id ranks lower),
 * as pandas `rank(method='first')` on rows sorted by id. The score is `1 + floor(bins × (rank − 1) / n)`:
 * under min / max / average ties share one score; under ordinal the bins hold n / bins users each (as
 * pandas `qcut` of such ranks) and tied users may get different scores.
 */
export interface QuantileScoring {
  method: 'quantile';
  /** Number of scores (bins). @default 5 */
  bins?: number;
  /** Rank given to tied values. @default 'min' */
  ties?: QuantileTies;
}

/** How tied values are ranked for quantile scores (see {@link QuantileScoring}). */
export type QuantileTies = 'min' | 'max' | 'average' | 'ordinal';

/** High (score 2) when strictly better than the mean of the group's values, else low (score 1). */
export interface MeanScoring {
  method: 'mean';
}

/**
 * The 80/20 rule (二八原则), two readings:
 * - `basis: 'total'`: high = the top users who together make up `share` of the dimension's total. Sorting
 *   values from best down, the cut-off is the value at which the running total first reaches
 *   `share × total`; every user with a value at least the cut-off is high (ties at the cut-off included).
 * - `basis: 'users'`: high = the best `(1 − share)` of users (the top 20 % for 0.8), as in
 *   {@link TopPercentScoring} with `percent = 100 × (1 − share)`.
 */
export interface ParetoScoring {
  method: 'pareto';
  /** @default 0.8 */
  share?: number;
  /** @default 'total' ('users' for recency as daysSinceLast, where a total of days has no meaning) */
  basis?: 'total' | 'users';
}

/**
 * High = the best `n` users of the group: a user is high when fewer than `n` users are strictly better,
 * so users tied with the n-th are all high (there can be more than n).
 */
export interface TopNScoring {
  method: 'topN';
  n: number;
}

/**
 * High = the best `percent` % of users: with `k = ceil(count × percent / 100)`, a user is high when fewer
 * than `k` users are strictly better (ties at the boundary included).
 */
export interface TopPercentScoring {
  method: 'topPercent';
  percent: number;
}

/**
 * Custom cut points per dimension (strictly ascending, in the dimension's unit). A value below the first
 * cut is in bin 0, a value `v` with `cut[j] ≤ v < cut[j+1]` in bin j + 1; the score is bin + 1, reversed
 * for recency as days since last (so more recent = higher score). k cuts give scores 1..k+1.
 */
export interface CutsScoring {
  method: 'cuts';
  recency?: number[];
  frequency?: number[];
  monetary?: number[];
}

/** One scoring rule. */
export type RfmScoring =
  QuantileScoring | MeanScoring | ParetoScoring | TopNScoring | TopPercentScoring | CutsScoring;

/** Different rules per dimension (a dimension left out is scored by quantile with its defaults). */
export interface RfmScoringPerDimension {
  recency?: RfmScoring;
  frequency?: RfmScoring;
  monetary?: RfmScoring;
}

/**
 * When a multi-level score (quantile, cuts) counts as "high" for the 8 segments. Two-level rules (mean,
 * pareto, topN, topPercent) are high at score 2 whatever this says.
 * - `'aboveMeanScore'`: score strictly above the mean score of the group's users in that dimension.
 * - a number s: score ≥ s (e.g. 3 for 1–5 scores).
 */
export type RfmHighRule = 'aboveMeanScore' | number;

/** What negative amounts (refunds, 退款) do. */
export type RfmRefundPolicy =
  /**
   * Refund rows (orders whose lines sum below 0) reduce the user's monetary total but are not purchases:
   * they do not count as orders or purchase days, do not move recency, and a user with only refunds in the window is not scored.
   */
  | 'net'
  /** Refund rows are dropped. */
  | 'exclude'
  /** A negative amount throws an InputError naming the row. */
  | 'error';

/** The RFM spec. */
export interface RfmSpec {
  /**
   * The as-of day (`YYYY-MM-DD`, local to `timeZone`): orders from its start on are not counted.
   * @default the day after the last order's local day
   */
  asOf?: string;
  /** IANA zone or fixed offset for day boundaries. @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** @default 'daysSinceLast' */
  recency?: RecencyMeasure;
  /** @default 'orders' */
  frequency?: FrequencyMeasure;
  /**
   * Column that groups lines into one order (an invoice), read unless `frequency: 'rows'`. When the table
   * has it, lines are rolled up into orders first: an order id under two users or with lines more than an
   * hour apart throws an `InputError` listing examples. `null`: each row is one purchase (no order column
   * is looked for). A result's spec says `null` when no order column was used. @default 'order_id'
   */
  orderColumn?: string | null;
  /** @default 'sum' */
  monetary?: MonetaryMeasure;
  /** Only orders within this many days before the as-of day (local days asOf−window … asOf−1). @default all orders */
  window?: number;
  /** @default { method: 'quantile', bins: 5, ties: 'min' } for every dimension */
  scoring?: RfmScoring | RfmScoringPerDimension;
  /** @default 'aboveMeanScore' */
  high?: RfmHighRule;
  /** Column whose values get their own thresholds (e.g. 'product_line'); rows become (group, user). @default none */
  groupBy?: string;
  /** @default 'net' */
  refunds?: RfmRefundPolicy;
  /** User id column of the input (the result always calls it `user_id`). @default 'user_id' */
  userColumn?: string;
}

/** The three RFM dimensions, in output order. */
export const RFM_DIMENSIONS = ['recency', 'frequency', 'monetary'] as const;
/** One RFM dimension. */
export type RfmDimension = (typeof RFM_DIMENSIONS)[number];

/** A spec with every default filled in and every value checked. */
export interface ResolvedRfmSpec {
  asOf?: string;
  timeZone: string;
  recency: RecencyMeasure;
  frequency: FrequencyMeasure;
  monetary: MonetaryMeasure;
  window?: number;
  scoring: Record<RfmDimension, ResolvedScoring>;
  high: RfmHighRule;
  groupBy?: string;
  refunds: RfmRefundPolicy;
  userColumn: string;
  orderColumn: string | null;
}

/** A scoring rule with its defaults filled in, for one dimension. */
export type ResolvedScoring =
  | { method: 'quantile'; bins: number; ties: QuantileTies }
  | { method: 'mean' }
  | { method: 'pareto'; share: number; basis: 'total' | 'users' }
  | { method: 'topN'; n: number }
  | { method: 'topPercent'; percent: number }
  | { method: 'cuts'; cuts: number[] };
