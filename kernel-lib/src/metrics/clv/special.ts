/**
 * Special functions for the CLV likelihoods, from `cephes` (the Cephes C library compiled to WebAssembly;
 * compiled synchronously on Node, about 50 ns per log-gamma and 300 ns per 2F1 call).
 */
import * as cephes from 'cephes';

/** ln Γ(x) for x > 0. */
export const lnGamma: (x: number) => number = cephes.lgam;

/** ln B(a, b) for a, b > 0. */
export const lnBeta: (a: number, b: number) => number = cephes.lbeta;

/** The Gauss hypergeometric function ₂F₁(a, b; c; z) for |z| < 1. */
export const hyp2f1: (a: number, b: number, c: number, z: number) => number = cephes.hyp2f1;

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b) for a ≥ b (−Infinity when equal). */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  return a + Math.log1p(-Math.exp(b - a));
}
