import { SpecError } from '../../errors.js';
import {
  ascendingNumbers,
  integerIn,
  nonEmptyString,
  numberIn,
  oneOf,
  rejectUnknownKeys,
} from '../../spec.js';
import { checkAsOf, resolveTimeZone, type DataZones, userColumnOf } from '../../time/context.js';

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

const SPEC_KEYS = [
  'asOf',
  'timeZone',
  'recency',
  'frequency',
  'monetary',
  'window',
  'scoring',
  'high',
  'groupBy',
  'refunds',
  'userColumn',
  'orderColumn',
] as const;
const METHODS = ['quantile', 'mean', 'pareto', 'topN', 'topPercent', 'cuts'] as const;
const SCORING_KEYS: Record<(typeof METHODS)[number], readonly string[]> = {
  quantile: ['method', 'bins', 'ties'],
  mean: ['method'],
  pareto: ['method', 'share', 'basis'],
  topN: ['method', 'n'],
  topPercent: ['method', 'percent'],
  cuts: ['method', 'recency', 'frequency', 'monetary'],
};

/**
 * Checks an RFM spec and fills in its defaults. Unknown keys and invalid values throw
 * `SpecError` (`invalid <option>: <value>` with what is allowed).
 * @param spec the spec as the caller gave it
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the spec with every default filled in
 * @example resolveRfmSpec({ scoring: { method: 'mean' } }).recency // 'daysSinceLast'
 */
export function resolveRfmSpec(spec: RfmSpec = {}, zones: DataZones = {}): ResolvedRfmSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new SpecError('rfm spec', spec, 'an options object');
  }
  rejectUnknownKeys('rfm', spec, SPEC_KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  if (spec.asOf !== undefined) checkAsOf(spec.asOf);
  const recency = oneOf('recency', spec.recency, ['daysSinceLast', 'ageAtLast'], 'daysSinceLast');
  const resolved: ResolvedRfmSpec = {
    timeZone,
    recency,
    frequency: oneOf('frequency', spec.frequency, ['orders', 'purchaseDays', 'rows'], 'orders'),
    monetary: oneOf('monetary', spec.monetary, ['sum', 'mean'], 'sum'),
    scoring: resolveScoring(spec.scoring, recency),
    high: resolveHigh(spec.high),
    refunds: oneOf('refunds', spec.refunds, ['net', 'exclude', 'error'], 'net'),
    userColumn: userColumnOf(spec.userColumn),
    orderColumn:
      spec.orderColumn === null ? null : nonEmptyString('orderColumn', spec.orderColumn, 'order_id'),
  };
  if (spec.asOf !== undefined) resolved.asOf = spec.asOf;
  if (spec.window !== undefined) resolved.window = integerIn('window', spec.window, 1, 1_000_000);
  if (spec.groupBy !== undefined) resolved.groupBy = nonEmptyString('groupBy', spec.groupBy);
  return resolved;
}

function resolveHigh(high: unknown): ResolvedRfmSpec['high'] {
  if (high === undefined || high === 'aboveMeanScore') return 'aboveMeanScore';
  if (typeof high === 'number') return integerIn('high', high, 2, 100);
  throw new SpecError('high', high, '"aboveMeanScore" or a whole score such as 3');
}

function resolveScoring(scoring: unknown, recency: RecencyMeasure): Record<RfmDimension, ResolvedScoring> {
  if (scoring === undefined) scoring = { method: 'quantile' };
  if (typeof scoring !== 'object' || scoring === null || Array.isArray(scoring)) {
    throw new SpecError('scoring', scoring, 'a scoring object such as { method: "quantile" }');
  }
  const perDimension = !('method' in scoring);
  if (perDimension) rejectUnknownKeys('scoring', scoring, RFM_DIMENSIONS);
  const out = {} as Record<RfmDimension, ResolvedScoring>;
  for (const dim of RFM_DIMENSIONS) {
    const rule = perDimension
      ? ((scoring as Record<string, unknown>)[dim] ?? { method: 'quantile' })
      : scoring;
    out[dim] = resolveRule(rule, dim, recency, perDimension ? `scoring.${dim}` : 'scoring');
  }
  return out;
}

function resolveRule(rule: unknown, dim: RfmDimension, recency: RecencyMeasure, at: string): ResolvedScoring {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new SpecError(at, rule, 'a scoring object such as { method: "quantile" }');
  }
  const r = rule as Record<string, unknown>;
  const method = oneOf(`${at}.method`, r.method ?? null, METHODS, 'quantile');
  rejectUnknownKeys(at, r, SCORING_KEYS[method]);
  switch (method) {
    case 'quantile':
      return {
        method,
        bins: integerIn(`${at}.bins`, r.bins, 2, 100, 5),
        ties: oneOf(`${at}.ties`, r.ties, ['min', 'max', 'average', 'ordinal'], 'min'),
      };
    case 'mean':
      return { method };
    case 'pareto': {
      const share = r.share === undefined ? 0.8 : numberIn(`${at}.share`, r.share, 0, 1);
      if (share <= 0 || share >= 1) throw new SpecError(`${at}.share`, r.share, 'a number between 0 and 1');
      const sumless = dim === 'recency' && recency === 'daysSinceLast';
      const basis = oneOf(`${at}.basis`, r.basis, ['total', 'users'], sumless ? 'users' : 'total');
      if (sumless && basis === 'total') {
        throw new SpecError(
          `${at}.basis`,
          basis,
          '"users" for recency as daysSinceLast (a total of days is no share of value)',
        );
      }
      return { method, share, basis };
    }
    case 'topN':
      return { method, n: integerIn(`${at}.n`, r.n, 1, Number.MAX_SAFE_INTEGER) };
    case 'topPercent': {
      const percent = numberIn(`${at}.percent`, r.percent, 0, 100);
      if (percent <= 0) throw new SpecError(`${at}.percent`, r.percent, 'a number above 0 and at most 100');
      return { method, percent };
    }
    case 'cuts':
      if (r[dim] === undefined)
        throw new SpecError(`${at}.${dim}`, undefined, 'cut points for this dimension');
      if (Array.isArray(r[dim]) && (r[dim] as unknown[]).length > 99) {
        throw new SpecError(
          `${at}.${dim}`,
          `${(r[dim] as unknown[]).length} cut points`,
          'at most 99 cut points',
        );
      }
      return { method, cuts: ascendingNumbers(`${at}.${dim}`, r[dim]) };
  }
}
