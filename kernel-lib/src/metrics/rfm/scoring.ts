import { ascendingOrder } from '../../math/ascendingOrder.js';
import type { ResolvedScoring } from './spec.js';

/** The users of one score of one dimension: how many, and the range of their values. */
export interface RfmScoreRange {
  score: number;
  users: number;
  /** Smallest value with this score (null when no user has it). */
  min: number | null;
  /** Largest value with this score (null when no user has it). */
  max: number | null;
}

/** How one dimension was scored in one group: the rule, its boundary and what each score holds. */
export interface RfmDimensionThresholds {
  method: ResolvedScoring['method'];
  /** Scores run 1..levels. */
  levels: number;
  /** Whether a larger value is better (false for recency as days since last). */
  higherIsBetter: boolean;
  /**
   * The boundary the rule found: the mean (mean), the value at which the running total reaches the share
   * (pareto, basis total), the worst value still high (pareto basis users, topN, topPercent); absent for
   * quantile and cuts (see `scores` and `cuts`). Null when no user is high.
   */
  cutoff?: number | null;
  /** The cut points (cuts). */
  cuts?: number[];
  /** Mean score of the group's users in this dimension. */
  meanScore: number;
  /** Scores from this one up count as "high" for the 8 segments. */
  highFrom: number;
  scores: RfmScoreRange[];
}

/** Scores of one dimension for one group of users. */
export interface ScoredDimension {
  scores: Uint8Array;
  thresholds: Omit<RfmDimensionThresholds, 'meanScore' | 'highFrom'>;
}

// Percent boundaries like 100 × (1 − 0.8) carry float noise; a count within this of a whole number is one.
const EPSILON = 1e-9;

/**
 * Scores `values` (one group, one dimension) by `rule`. Ranks come from counts of "strictly worse" and
 * "worse or equal" users ({@link rankBounds}), so tied values always get one score.
 * @param values the group's raw values of one dimension
 * @param rule the resolved scoring rule
 * @param higherIsBetter false for recency as days since last purchase
 * @param ids the users' ids (needed by `ties: 'ordinal'`, which breaks ties by id)
 */
export function scoreDimension(
  values: Float64Array,
  rule: ResolvedScoring,
  higherIsBetter: boolean,
  ids?: ArrayLike<string>,
): ScoredDimension {
  const n = values.length;
  // Goodness: larger is better in every dimension after this flip.
  const good = new Float64Array(n);
  for (let i = 0; i < n; i++) good[i] = higherIsBetter ? values[i] : -values[i];
  // Ranks need only how many users are strictly worse (lo) and worse or equal (hi) than each user.
  const needsRanks =
    rule.method === 'quantile' ||
    rule.method === 'topN' ||
    rule.method === 'topPercent' ||
    (rule.method === 'pareto' && rule.basis === 'users');
  const { lo, hi } = needsRanks ? rankBounds(good) : { lo: new Int32Array(0), hi: new Int32Array(0) };
  const scores = new Uint8Array(n);
  let levels = 2;
  let cutoff: number | null | undefined;
  switch (rule.method) {
    case 'quantile': {
      levels = rule.bins;
      if (rule.ties === 'ordinal') {
        const rank = ordinalRanks(good, ids);
        for (let i = 0; i < n; i++) scores[i] = 1 + Math.floor((levels * rank[i]) / n);
        break;
      }
      for (let i = 0; i < n; i++) {
        // rank − 1 for min / max / average ranks; average may be a half, so work in halves.
        const twiceRankMinusOne =
          rule.ties === 'min' ? 2 * lo[i] : rule.ties === 'max' ? 2 * (hi[i] - 1) : lo[i] + hi[i] - 1;
        scores[i] = 1 + Math.floor((levels * twiceRankMinusOne) / (2 * n));
      }
      break;
    }
    case 'mean': {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += values[i];
      const mean = n ? sum / n : NaN;
      cutoff = n ? mean : null;
      for (let i = 0; i < n; i++) scores[i] = (higherIsBetter ? values[i] > mean : values[i] < mean) ? 2 : 1;
      break;
    }
    case 'pareto':
      if (rule.basis === 'total') {
        const bound = paretoBound(good.slice().sort(), rule.share);
        cutoff = bound;
        for (let i = 0; i < n; i++) scores[i] = bound !== null && good[i] >= bound ? 2 : 1;
      } else {
        cutoff = topK(good, hi, Math.ceil((n * (100 - 100 * rule.share)) / 100 - EPSILON), scores);
      }
      break;
    case 'topN':
      cutoff = topK(good, hi, rule.n, scores);
      break;
    case 'topPercent':
      cutoff = topK(good, hi, Math.ceil((n * rule.percent) / 100 - EPSILON), scores);
      break;
    case 'cuts': {
      const cuts = rule.cuts;
      levels = cuts.length + 1;
      for (let i = 0; i < n; i++) {
        const bin = upperBound(cuts, values[i]);
        scores[i] = higherIsBetter ? bin + 1 : levels - bin;
      }
      break;
    }
  }
  // Every cutoff but the mean was found as goodness; report it in the dimension's own unit.
  if (cutoff !== undefined && cutoff !== null && !higherIsBetter && rule.method !== 'mean') cutoff = -cutoff;
  const thresholds: ScoredDimension['thresholds'] = {
    method: rule.method,
    levels,
    higherIsBetter,
    scores: scoreRanges(values, scores, levels),
  };
  if (cutoff !== undefined) thresholds.cutoff = cutoff;
  if (rule.method === 'cuts') thresholds.cuts = rule.cuts.slice();
  return { scores, thresholds };
}

/**
 * Ordinal ranks − 1 (0 = worst): by goodness, then by user id ascending within a tie (the smaller id ranks
 * lower), as pandas `rank(method='first')` on rows sorted by id. Ids compare as JavaScript strings (UTF-16
 * code units; the same as the SQL engines' byte order for ASCII ids).
 */
function ordinalRanks(good: Float64Array, ids: ArrayLike<string> | undefined): Int32Array {
  if (!ids || ids.length !== good.length) throw new Error('ordinal ties need the user ids');
  const order = Array.from({ length: good.length }, (_, i) => i);
  order.sort((a, b) => good[a] - good[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  const rank = new Int32Array(good.length);
  for (let r = 0; r < order.length; r++) rank[order[r]] = r;
  return rank;
}

/** Marks as high (2) the users fewer than k users are strictly better than; returns the worst high value (as goodness). */
function topK(good: Float64Array, hi: Int32Array, k: number, scores: Uint8Array): number | null {
  const n = good.length;
  let worstHigh: number | null = null;
  for (let i = 0; i < n; i++) {
    const better = n - hi[i];
    const high = better < k;
    scores[i] = high ? 2 : 1;
    if (high && (worstHigh === null || good[i] < worstHigh)) worstHigh = good[i];
  }
  return worstHigh;
}

/**
 * The largest goodness g such that the values ≥ g sum to at least `share` of the total (80/20 rule), or
 * null when no prefix from the top reaches it (possible only when refunds make the total negative).
 */
function paretoBound(sorted: Float64Array, share: number): number | null {
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += sorted[i];
  const target = share * total;
  let running = 0;
  for (let i = sorted.length - 1; i >= 0; i--) {
    running += sorted[i];
    if (running >= target) return sorted[i];
  }
  return null;
}

function scoreRanges(values: Float64Array, scores: Uint8Array, levels: number): RfmScoreRange[] {
  const ranges: RfmScoreRange[] = [];
  for (let s = 1; s <= levels; s++) ranges.push({ score: s, users: 0, min: null, max: null });
  for (let i = 0; i < values.length; i++) {
    const r = ranges[scores[i] - 1];
    const v = values[i];
    r.users++;
    if (r.min === null || v < r.min) r.min = v;
    if (r.max === null || v > r.max) r.max = v;
  }
  return ranges;
}

/**
 * For each value, how many values are strictly smaller (`lo`) and at most it (`hi`). Whole numbers in a
 * range not much wider than the count (days, transaction counts) are counted directly, in linear time;
 * other values are put in order once ({@link ascendingOrder}, linear time) and walked tie block by tie block.
 */
export function rankBounds(values: Float64Array): { lo: Int32Array; hi: Int32Array } {
  const n = values.length;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  let min = Infinity;
  let max = -Infinity;
  let whole = true;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    if (whole && !Number.isInteger(v)) whole = false;
  }
  if (n > 0 && whole && max - min <= 2 * n + 1024) {
    const cumulative = new Int32Array(max - min + 2);
    for (let i = 0; i < n; i++) cumulative[values[i] - min + 1]++;
    for (let k = 1; k < cumulative.length; k++) cumulative[k] += cumulative[k - 1];
    for (let i = 0; i < n; i++) {
      const k = values[i] - min;
      lo[i] = cumulative[k];
      hi[i] = cumulative[k + 1];
    }
    return { lo, hi };
  }
  // A tie block is found by walking the values in order; each of its users gets its bounds.
  const order = ascendingOrder(values);
  for (let s = 0; s < n;) {
    const x = values[order[s]];
    let e = s + 1;
    while (e < n && values[order[e]] === x) e++;
    for (let j = s; j < e; j++) {
      lo[order[j]] = s;
      hi[order[j]] = e;
    }
    s = e;
  }
  return { lo, hi };
}

/** Number of entries of ascending `a` at most `x`. */
export function upperBound(a: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
