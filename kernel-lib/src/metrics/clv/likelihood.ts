import { CholeskyDecomposition, Matrix, inverse } from 'ml-matrix';
import { SpecError } from '../../errors.js';
import { hessian, multiStartMinimise } from './optimise.js';

/** Options shared by every CLV model fit. */
export interface ClvFitOptions {
  /**
   * L2 penalty on the parameters (lifetimes' `penalizer_coef`): the fit minimises
   * −LL / n + penalizer · Σ θ². For small data sets; 0 (default) is plain maximum likelihood.
   */
  penalizer?: number;
  /** Starting parameter vectors (natural scale, all > 0); default: all 1, all 0.3 and all 3. */
  starts?: number[][];
  /** Nelder–Mead iterations per start. @default 5000 */
  maxIterations?: number;
}

/** A maximum-likelihood fit of a CLV model (参数估计): parameters, fit quality and a verdict. */
export interface ClvModelFit<P extends string = string> {
  /** Which model, e.g. `'bgnbd'`. */
  model: string;
  params: Record<P, number>;
  /** Log-likelihood of the data at `params` (without the penalty). */
  logLikelihood: number;
  /** Standard errors from the inverse Hessian of −LL (NaN when it is not positive definite). */
  standardErrors: Record<P, number>;
  /** Nelder–Mead iterations over all starts plus Newton steps. */
  iterations: number;
  /** Whether the fit found an interior, well-defined maximum. */
  converged: boolean;
  /** Why it converged or not: a boundary, a flat likelihood, too few repeat buyers, no stationary point. */
  reason: string;
  penalizer: number;
  /** Observations fitted (customers, or cohorts × periods). */
  observations: number;
  /** Starts tried, and how many reached the best value. */
  starts: number;
  agreeingStarts: number;
}

/** Beyond e^±11.5 (≈ 10^±5) a parameter is taken to have run to a boundary (0 or ∞). */
const BOUNDARY = 11.5;
/** Largest gradient component of −LL/n in log-parameters accepted as stationary. */
const GRADIENT_TOLERANCE = 1e-6;

/**
 * Maximises a log-likelihood over positive parameters (on log-parameters) and judges the result.
 * @param model the model's name
 * @param names parameter names, in the order `logLikelihood` takes them
 * @param logLikelihood the log-likelihood of the data at natural parameters
 * @param observations n, which scales the objective and the penalty
 * @param options penaliser, starts, iterations
 * @param problem a reason known before fitting that the data cannot identify the model
 */
export function fitMaximumLikelihood<P extends string>(
  model: string,
  names: readonly P[],
  logLikelihood: (theta: number[]) => number,
  observations: number,
  options: ClvFitOptions = {},
  problem?: string,
): ClvModelFit<P> {
  const penalizer = options.penalizer ?? 0;
  if (!(penalizer >= 0 && Number.isFinite(penalizer)))
    throw new SpecError('penalizer', penalizer, 'a number ≥ 0');
  const k = names.length;
  const starts = options.starts ?? [1, 0.3, 3].map((v) => new Array<number>(k).fill(v));
  for (const s of starts) {
    if (s.length !== k || !s.every((v) => v > 0 && Number.isFinite(v))) {
      throw new SpecError('starts', s, `${k} positive numbers (${names.join(', ')})`);
    }
  }
  const maxIterations = options.maxIterations ?? 5000;
  const n = Math.max(1, observations);
  const objective = (theta: number[]) =>
    -logLikelihood(theta) / n + penalizer * theta.reduce((s, v) => s + v * v, 0);
  const inLogs = (phi: number[]) => objective(phi.map(Math.exp));
  const best = multiStartMinimise(
    inLogs,
    starts.map((s) => s.map(Math.log)),
    GRADIENT_TOLERANCE,
    maxIterations,
  );
  const theta = best.x.map(Math.exp);
  const params = Object.fromEntries(names.map((p, i) => [p, theta[i]])) as Record<P, number>;
  // Hessian of the (penalised) −LL in natural parameters, steps relative to each parameter.
  const h = hessian(
    (t) => n * objective(t),
    theta,
    theta.map((v) => v * 1e-4),
  );
  const positive =
    h.every((row) => row.every(Number.isFinite)) &&
    new CholeskyDecomposition(new Matrix(h)).isPositiveDefinite();
  const cov = positive ? inverse(new Matrix(h)) : undefined;
  const standardErrors = Object.fromEntries(
    names.map((p, i) => [p, cov ? Math.sqrt(cov.get(i, i)) : NaN]),
  ) as Record<P, number>;
  const atBoundary = names.filter((_, i) => Math.abs(best.x[i]) > BOUNDARY);
  let reason: string;
  if (problem !== undefined) reason = problem;
  else if (atBoundary.length > 0) {
    reason = `boundary: ${atBoundary.map((p) => `${p} → ${params[p] > 1 ? '∞' : '0'} (${params[p].toPrecision(3)})`).join(', ')}`;
  } else if (!best.stationary) {
    reason = `no stationary point after ${best.iterations} iterations (largest gradient ${best.gradient.toPrecision(3)})`;
  } else if (!positive) {
    reason = `flat likelihood: the Hessian is not positive definite, so ${names.join(', ')} are not all identified`;
  } else {
    reason = `converged: gradient below ${GRADIENT_TOLERANCE} in log-parameters, Hessian positive definite; ${best.agreeing} of ${starts.length} starts agree`;
  }
  return {
    model,
    params,
    logLikelihood: logLikelihood(theta),
    standardErrors,
    iterations: best.iterations,
    converged: reason.startsWith('converged'),
    reason,
    penalizer,
    observations,
    starts: starts.length,
    agreeingStarts: best.agreeing,
  };
}
