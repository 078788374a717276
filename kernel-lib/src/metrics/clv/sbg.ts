import { InputError } from '../../errors.js';
import { fitMaximumLikelihood, type ClvFitOptions, type ClvModelFit } from './likelihood.js';
import { lnBeta } from './special.js';

/** shifted-Beta-Geometric parameters: churn probability beta(α, β). */
export type SbgParam = 'alpha' | 'beta';

/** A fitted sBG model. */
export type SbgFit = ClvModelFit<SbgParam>;

/**
 * Fits the shifted-Beta-Geometric retention model (Fader & Hardie 2007, "How to project customer
 * retention") to the customers still active at periods 0..n of one cohort (期存活人数).
 * @param survivors active customers at period 0, 1, …, n (non-increasing, survivors[0] > 0)
 * @param options penaliser, starts
 * @returns α, β, log-likelihood, standard errors and a verdict
 * @example fitSbg([1000, 631, 468, 382]).params
 */
export function fitSbg(survivors: readonly number[], options: ClvFitOptions = {}): SbgFit {
  checkSurvivors(survivors);
  const churned = survivors.slice(1).map((n, t) => survivors[t] - n);
  const problem =
    survivors.length < 3
      ? `too few periods (${survivors.length - 1}) to separate α from β`
      : churned.every((c) => c === 0)
        ? 'no churn observed: the churn probability is not identified'
        : undefined;
  return fitMaximumLikelihood(
    'sbg',
    ['alpha', 'beta'] as const,
    (t) => sbgLogLikelihood(survivors, t),
    survivors[0],
    options,
    problem,
  );
}

function checkSurvivors(survivors: readonly number[]): void {
  if (survivors.length < 2 || !(survivors[0] > 0)) {
    throw new InputError(
      'too few survivor counts',
      { file: 'survivors', value: survivors.length },
      'at least periods 0 and 1, with customers at period 0',
    );
  }
  survivors.forEach((n, t) => {
    if (!(Number.isFinite(n) && n >= 0) || (t > 0 && n > survivors[t - 1])) {
      throw new InputError(
        'survivors must not grow',
        { file: 'survivors', row: t + 1, value: n },
        `0 ≤ count ≤ ${t > 0 ? survivors[t - 1] : 'any'}`,
      );
    }
  });
}

/** LL = Σₜ (n₍ₜ₋₁₎ − nₜ) ln P(T = t) + n_last ln S(last). */
export function sbgLogLikelihood(survivors: readonly number[], [alpha, beta]: number[]): number {
  const lb = lnBeta(alpha, beta);
  let ll = 0;
  const last = survivors.length - 1;
  for (let t = 1; t <= last; t++) {
    const lost = survivors[t - 1] - survivors[t];
    if (lost > 0) ll += lost * (lnBeta(alpha + 1, beta + t - 1) - lb);
  }
  if (survivors[last] > 0) ll += survivors[last] * (lnBeta(alpha, beta + last) - lb);
  return ll;
}

/**
 * The sBG survival curve S(t) = B(α, β + t) / B(α, β) for t = 0..horizon (share still active, 留存率).
 * @returns horizon + 1 shares, starting at 1
 */
export function sbgSurvival(params: Record<SbgParam, number>, horizon: number): number[] {
  const { alpha, beta } = params;
  const lb = lnBeta(alpha, beta);
  return Array.from({ length: horizon + 1 }, (_, t) => Math.exp(lnBeta(alpha, beta + t) - lb));
}

/** The sBG retention rate r(t) = S(t) / S(t − 1) = (β + t − 1) / (α + β + t − 1), t = 1..horizon. */
export function sbgRetentionRates(params: Record<SbgParam, number>, horizon: number): number[] {
  const { alpha, beta } = params;
  return Array.from({ length: horizon }, (_, k) => (beta + k) / (alpha + beta + k));
}
