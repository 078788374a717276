import { numberIn } from '../spec.js';

/** A two-sided confidence interval for a proportion; both ends are fractions in [0, 1]. */
export interface ProportionInterval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for `successes` out of `trials` (置信区间), which, unlike the normal
 * approximation, stays inside [0, 1] and behaves at 0 % and 100 % and for small cohorts.
 * Returns null when `trials` is 0 (a rate of nothing has no interval).
 * @param successes retained (or converted) users
 * @param trials cohort size
 * @param level confidence level, e.g. 0.95
 * @returns the interval, or null for an empty cohort
 * @example wilsonInterval(4, 10, 0.95) // { low: 0.168, high: 0.687 }
 */
export function wilsonInterval(successes: number, trials: number, level = 0.95): ProportionInterval | null {
  if (trials <= 0) return null;
  const z = zScore(level);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  // Clamp rounding noise so the exact ends stay 0 and 1.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === trials ? 1 : Math.min(1, centre + half),
  };
}

/** The two-sided normal quantile for a confidence level (0.95 → 1.959964). */
export function zScore(level: number): number {
  numberIn('level', level, 0.5, 0.9999);
  return normalQuantile(1 - (1 - level) / 2);
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9),
 * good enough for interval widths and free of a statistics dependency.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
