/**
 * Small statistics for comparing a campaign's recall with a hold-out group's (the Wilson interval itself
 * is math/wilson.ts): Newcombe's hybrid score interval for a difference of proportions, the Wald interval, and the pooled
 * two-proportion z-test. Written out here because no dependency is worth adding for four formulas.
 */
import { normalQuantile, wilsonInterval } from '../../math/wilson.js';

export { normalQuantile };

/** Standard normal cumulative distribution Φ(x); |error| < 1.2e-7 (Numerical Recipes `erfcc`). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** A difference of two proportions with its interval and test. */
export interface ProportionDifference {
  /** p1 − p2. */
  difference: number;
  low: number;
  high: number;
  /** Pooled two-proportion z statistic (NaN when undefined, e.g. both rates 0 or 1). */
  z: number;
  /** Two-sided p-value of the z-test. */
  pValue: number;
}

/**
 * Difference of two proportions x1/n1 − x2/n2 with a confidence interval — Newcombe's hybrid score
 * interval (his method 10, built from two Wilson intervals; good coverage for small counts and rates
 * near 0) or the textbook Wald interval — and the pooled two-proportion z-test (two-sided).
 * @param x1 successes in group 1 (e.g. targeted users who invested)
 * @param n1 size of group 1
 * @param x2 successes in group 2 (the hold-out)
 * @param n2 size of group 2
 * @param level confidence level
 * @param method `newcombe` (default) or `wald`
 * @returns difference, interval, z and two-sided p-value
 * @example proportionDifference(15, 100, 5, 100) // difference 0.10, Newcombe 95 % CI ≈ [0.016, 0.188], p ≈ 0.018
 */
export function proportionDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  level = 0.95,
  method: 'newcombe' | 'wald' = 'newcombe',
): ProportionDifference {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  let low: number;
  let high: number;
  if (n1 === 0 || n2 === 0) {
    low = NaN;
    high = NaN;
  } else if (method === 'wald') {
    const z = normalQuantile(1 - (1 - level) / 2);
    const se = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
    low = difference - z * se;
    high = difference + z * se;
  } else {
    // Both groups are non-empty here, so neither interval is null.
    const a = wilsonInterval(x1, n1, level)!;
    const b = wilsonInterval(x2, n2, level)!;
    low = difference - Math.sqrt((p1 - a.low) ** 2 + (b.high - p2) ** 2);
    high = difference + Math.sqrt((a.high - p1) ** 2 + (p2 - b.low) ** 2);
  }
  const pooled = (x1 + x2) / (n1 + n2);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  const z = se0 > 0 ? difference / se0 : NaN;
  const pValue = Number.isNaN(z) ? NaN : 2 * (1 - normalCdf(Math.abs(z)));
  return { difference, low, high, z, pValue };
}
