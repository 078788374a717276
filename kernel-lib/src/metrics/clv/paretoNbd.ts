import type { ClvFitOptions, ClvModelFit } from './likelihood.js';
import type { ClvSummaryInput, FrequencyRecency } from './customers.js';
import { fitOnSummary } from './fitOnSummary.js';
import { hyp2f1, lnGamma, logAddExp, logSubExp } from './special.js';

/** Pareto/NBD parameters: purchase rate gamma(r, α), dropout rate gamma(s, β). */
export type ParetoNbdParam = 'r' | 'alpha' | 's' | 'beta';
export const PARETO_NBD_PARAMS: readonly ParetoNbdParam[] = ['r', 'alpha', 's', 'beta'];

/** A fitted Pareto/NBD model. */
export type ParetoNbdFit = ClvModelFit<ParetoNbdParam>;

/**
 * Fits the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; the likelihood of Fader & Hardie's 2005
 * note, with the Gauss hypergeometric function ₂F₁) by maximum likelihood on a CLV summary.
 * @param input what {@link clvSummary} returned, or its table
 * @param options penaliser, starts
 * @returns parameters, log-likelihood, standard errors and a convergence verdict
 */
export function fitParetoNbd(input: ClvSummaryInput, options: ClvFitOptions = {}): ParetoNbdFit {
  return fitOnSummary('paretoNbd', PARETO_NBD_PARAMS, paretoNbdLogLikelihood, input, options);
}

/** ln A₀ of the note (the integral over the dropout time before T), in logs. */
function logA0(r: number, alpha: number, s: number, beta: number, x: number, tx: number, T: number): number {
  const [low, high, second] = alpha < beta ? [alpha, beta, r + x] : [beta, alpha, s + 1];
  const rsx = r + s + x;
  const gap = high - low;
  const p1 = Math.log(hyp2f1(rsx, second, rsx + 1, gap / (high + tx))) - rsx * Math.log(high + tx);
  const p2 = Math.log(hyp2f1(rsx, second, rsx + 1, gap / (high + T))) - rsx * Math.log(high + T);
  return logSubExp(p1, p2);
}

/** Σ weight × ln L(r, α, s, β | x, t_x, T). */
export function paretoNbdLogLikelihood(d: FrequencyRecency, [r, alpha, s, beta]: number[]): number {
  const common = -lnGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
  let ll = 0;
  for (let i = 0; i < d.weight.length; i++) {
    const x = d.frequency[i];
    const T = d.T[i];
    const a1 = lnGamma(r + x) + common;
    const stay = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const left = Math.log(s) - Math.log(r + s + x) + logA0(r, alpha, s, beta, x, d.recency[i], T);
    ll += d.weight[i] * (a1 + logAddExp(stay, left));
  }
  return ll;
}

/** P(alive) of a customer with (x, t_x, T) under Pareto/NBD (存活概率). */
export function paretoNbdPAlive(p: Record<ParetoNbdParam, number>, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const logRatio =
    Math.log(s) -
    Math.log(r + s + x) +
    (r + x) * Math.log(alpha + T) +
    s * Math.log(beta + T) +
    logA0(r, alpha, s, beta, x, tx, T);
  return 1 / (1 + Math.exp(logRatio));
}

/** E[Y(t) | x, t_x, T] under Pareto/NBD (预期购买次数); needs s > 1 for a finite value beyond. */
export function paretoNbdExpected(
  p: Record<ParetoNbdParam, number>,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  const head = ((r + x) * (beta + T)) / ((alpha + T) * (s - 1));
  const body = 1 - Math.pow((beta + T) / (beta + T + t), s - 1);
  return head * body * paretoNbdPAlive(p, x, tx, T);
}
