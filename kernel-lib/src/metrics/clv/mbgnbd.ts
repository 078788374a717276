import type { ClvFitOptions, ClvModelFit } from './likelihood.js';
import type { ClvSummaryInput, FrequencyRecency } from './customers.js';
import { fitOnSummary } from './fitOnSummary.js';
import { hyp2f1, lnGamma, logAddExp } from './special.js';
import { BG_NBD_PARAMS, type BgNbdParam } from './bgnbd.js';

/** A fitted MBG/NBD model (same parameters as BG/NBD). */
export type MbgNbdFit = ClvModelFit<BgNbdParam>;

/**
 * Fits the MBG/NBD model (Batislam, Denizel & Filiztekin 2007): BG/NBD where a customer may also drop out
 * right after the first purchase, so customers without repeats are not certainly alive.
 * @param input what {@link clvSummary} returned, or its table
 * @param options penaliser, starts
 */
export function fitMbgNbd(input: ClvSummaryInput, options: ClvFitOptions = {}): MbgNbdFit {
  return fitOnSummary('mbgnbd', BG_NBD_PARAMS, mbgNbdLogLikelihood, input, options);
}

/** Σ weight × ln L(r, α, a, b | x, t_x, T). */
export function mbgNbdLogLikelihood(d: FrequencyRecency, [r, alpha, a, b]: number[]): number {
  const common = lnGamma(a + b) - lnGamma(b) - lnGamma(r) + r * Math.log(alpha);
  let ll = 0;
  for (let i = 0; i < d.weight.length; i++) {
    const x = d.frequency[i];
    const A1 = lnGamma(r + x) + lnGamma(b + x + 1) - lnGamma(a + b + x + 1);
    const A3 = -(r + x) * Math.log(alpha + d.T[i]);
    const A4 = Math.log(a) - Math.log(b + x) - (r + x) * Math.log(alpha + d.recency[i]);
    ll += d.weight[i] * (common + A1 + logAddExp(A3, A4));
  }
  return ll;
}

/** P(alive) under MBG/NBD. */
export function mbgNbdPAlive(p: Record<BgNbdParam, number>, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  return 1 / (1 + (a / (b + x)) * Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))));
}

/** E[Y(t) | x, t_x, T] under MBG/NBD. */
export function mbgNbdExpected(
  p: Record<BgNbdParam, number>,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const body =
    1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyp2f1(r + x, b + x + 1, a + b + x, z);
  return ((a + b + x) / (a - 1)) * body * mbgNbdPAlive(p, x, tx, T);
}
