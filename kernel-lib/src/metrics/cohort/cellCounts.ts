import { toMicros } from '../../math/money.js';
import { hasValueIn, userSeries } from '../history/userSeries.js';

/** Above this many user × offset cells the seen-set is a per-user sorted list instead of a bitset. */
const MAX_BITSET = 2 ** 30;

/** Distinct active users (and value) per cohort × offset, and who was active when. */
export interface CohortActivity {
  /** active[cohort * offsets + offset] */
  active: Int32Array;
  /**
   * revenue[cohort * offsets + offset] in whole millionths of a unit ({@link toMicros}), when amounts
   * were given: integer sums are exact, so a cell does not depend on the order of the rows.
   */
  revenueMicros?: Float64Array;
  activeIn(user: number, offset: number): boolean;
}

/**
 * Counts each (user, offset) pair once per cohort cell. The seen-set is a bitset indexed by
 * `user * offsets + offset` (one bit per pair: the fast path, no Map), or, when that would exceed
 * `maxBits`, each user's sorted distinct periods.
 * @param codes user code of each row
 * @param rel period of each row relative to the first period (-1 = row not counted)
 * @param cohort cohort (relative period) of each user (-1 = in no cohort)
 * @param periods number of cohort periods
 * @param offsets number of offsets reported
 * @param amount value of each row in units (NaN = missing, not summed)
 * @param maxBits largest bitset used
 * @returns counts per cell and a membership test
 * @example countActivity(codes, rel, cohort, 12, 12)
 */
export function countActivity(
  codes: Int32Array,
  rel: Int32Array,
  cohort: Int32Array,
  periods: number,
  offsets: number,
  amount?: Float64Array,
  maxBits = MAX_BITSET,
): CohortActivity {
  const n = rel.length;
  const size = cohort.length;
  const active = new Int32Array(periods * offsets);
  const revenue = amount ? new Float64Array(periods * offsets) : undefined;
  if (size * offsets <= maxBits) {
    const bits = new Int32Array(Math.ceil((size * offsets) / 32));
    for (let i = 0; i < n; i++) {
      const r = rel[i];
      if (r < 0) continue;
      const u = codes[i];
      const c = cohort[u];
      const off = r - c;
      if (c < 0 || off < 0 || off >= offsets) continue;
      const cell = c * offsets + off;
      const bit = u * offsets + off;
      const word = bit >>> 5;
      const m = 1 << (bit & 31);
      if ((bits[word] & m) === 0) {
        bits[word] |= m;
        active[cell]++;
      }
      if (revenue) {
        const v = amount![i];
        if (v === v) revenue[cell] += toMicros(v);
      }
    }
    const activeIn = (u: number, off: number) =>
      (bits[(u * offsets + off) >>> 5] & (1 << ((u * offsets + off) & 31))) !== 0;
    return { active, revenueMicros: revenue, activeIn };
  }
  const series = userSeries(
    codes,
    size,
    (i) => rel[i] >= 0,
    (i) => rel[i],
    true,
  );
  for (let u = 0; u < size; u++) {
    const c = cohort[u];
    if (c < 0) continue;
    for (let j = series.start[u]; j < series.start[u + 1]; j++) {
      const off = series.values[j] - c;
      if (off >= 0 && off < offsets) active[c * offsets + off]++;
    }
  }
  if (revenue) {
    for (let i = 0; i < n; i++) {
      const r = rel[i];
      const c = r >= 0 ? cohort[codes[i]] : -1;
      const v = amount![i];
      if (c >= 0 && r - c >= 0 && r - c < offsets && v === v) revenue[c * offsets + r - c] += toMicros(v);
    }
  }
  const activeIn = (u: number, off: number) =>
    cohort[u] >= 0 && hasValueIn(series, u, cohort[u] + off, cohort[u] + off + 1);
  return { active, revenueMicros: revenue, activeIn };
}
