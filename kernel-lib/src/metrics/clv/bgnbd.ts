import type { ClvFitOptions, ClvModelFit } from './likelihood.js';
import type { ClvSummaryInput, FrequencyRecency } from './customers.js';
import { fitOnSummary } from './fitOnSummary.js';
import { hyp2f1, lnGamma, logAddExp } from './special.js';

/** BG/NBD parameters: purchase rate gamma(r, α), dropout probability beta(a, b). */
export type BgNbdParam = 'r' | 'alpha' | 'a' | 'b';
export const BG_NBD_PARAMS: readonly BgNbdParam[] = ['r', 'alpha', 'a', 'b'];

/** A fitted BG/NBD model. */
export type BgNbdFit = ClvModelFit<BgNbdParam>;

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your customers the easy way") by maximum
 * likelihood on a CLV summary (frequency, recency, T).
 * @param input what {@link clvSummary} returned, or its table
 * @param options penaliser, starts
 * @returns parameters, log-likelihood, standard errors and a convergence verdict
 * @example fitBgNbd(clvSummary(orders, { timeUnit: 'day', durationUnit: 'week', end: '1997-09-30' }))
 */
export function fitBgNbd(input: ClvSummaryInput, options: ClvFitOptions = {}): BgNbdFit {
  return fitOnSummary('bgnbd', BG_NBD_PARAMS, bgNbdLogLikelihood, input, options);
}

/** Σ weight × ln L(r, α, a, b | x, t_x, T). */
export function bgNbdLogLikelihood(d: FrequencyRecency, [r, alpha, a, b]: number[]): number {
  const common = lnGamma(a + b) - lnGamma(b) - lnGamma(r) + r * Math.log(alpha);
  // Terms of x alone, once per distinct frequency (a fit evaluates this thousands of times).
  const byX = new Map<number, number>();
  for (const x of d.distinctFrequencies) byX.set(x, lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x));
  const logA = Math.log(a);
  let ll = 0;
  for (let i = 0; i < d.weight.length; i++) {
    const x = d.frequency[i];
    const A3 = -(r + x) * Math.log(alpha + d.T[i]);
    const A4 = x > 0 ? logA - Math.log(b + x - 1) - (r + x) * Math.log(alpha + d.recency[i]) : -Infinity;
    ll += d.weight[i] * (common + byX.get(x)! + logAddExp(A3, A4));
  }
  return ll;
}

/**
 * P(alive) of a customer with (x, t_x, T) under BG/NBD (存活概率).
 * @returns 1 for x = 0 (BG/NBD customers cannot drop out before a repeat purchase)
 */
export function bgNbdPAlive(p: Record<BgNbdParam, number>, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  return 1 / (1 + (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next `t` units of a customer (预期购买次数).
 */
export function bgNbdExpected(
  p: Record<BgNbdParam, number>,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const head = (a + b + x - 1) / (a - 1);
  const f = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const body = 1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * f;
  const alive =
    x > 0 ? 1 + (a / (b + x - 1)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 1;
  return (head * body) / alive;
}

/** E[X(t)]: expected purchases in (0, t] of a customer who has just made a first purchase. */
export function bgNbdUnconditional(p: Record<BgNbdParam, number>, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}
