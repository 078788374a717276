/**
 * A small, robust minimiser for the CLV likelihoods (2–4 parameters): Nelder–Mead from several starts on
 * log-parameters, then Newton steps with a numerical Hessian and a backtracking line search to polish.
 *
 * Written here rather than taken from npm: the one small optimiser on the registry (`fmin` 0.0.4) is
 * unmaintained, has no Newton polish and reports no convergence reason; `ml-matrix` (well kept) does the
 * linear algebra.
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { minOf } from '../../math/extent.js';

/** A function to minimise of a parameter vector. */
export type Objective = (x: number[]) => number;

/** Where a minimisation ended. */
export interface Minimum {
  x: number[];
  value: number;
  /** Nelder–Mead iterations plus Newton steps. */
  iterations: number;
  /** Largest absolute gradient component at `x`. */
  gradient: number;
  /** Whether the gradient fell below the tolerance. */
  stationary: boolean;
}

/**
 * Nelder–Mead stops when the simplex's values agree to this (relative) and its vertices to 1e-5: only
 * near the optimum, where the Newton polish takes over and converges in a few steps.
 */
const NM_TOLERANCE = 1e-9;

/**
 * Nelder–Mead (reflection 1, expansion 2, contraction ½, shrink ½) from `start` with steps `step`.
 * @returns the best vertex, its value and the iterations used
 */
export function nelderMead(f: Objective, start: number[], maxIterations: number, step = 0.5): Minimum {
  const k = start.length;
  let simplex = [start.slice()];
  for (let i = 0; i < k; i++) {
    const v = start.slice();
    v[i] += step;
    simplex.push(v);
  }
  let values = simplex.map(safe(f));
  let it = 0;
  for (; it < maxIterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    const spread = Math.abs(values[k] - values[0]);
    let size = 0;
    for (let i = 1; i <= k; i++)
      for (let j = 0; j < k; j++) size = Math.max(size, Math.abs(simplex[i][j] - simplex[0][j]));
    if (spread <= NM_TOLERANCE * (1 + Math.abs(values[0])) && size < 1e-5) break;
    const centroid = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) centroid[j] += simplex[i][j] / k;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[k][j] - c));
    const reflected = along(-1);
    const fr = safe(f)(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = safe(f)(expanded);
      if (fe < fr) [simplex[k], values[k]] = [expanded, fe];
      else [simplex[k], values[k]] = [reflected, fr];
    } else if (fr < values[k - 1]) {
      [simplex[k], values[k]] = [reflected, fr];
    } else {
      const contracted = fr < values[k] ? along(-0.5) : along(0.5);
      const fc = safe(f)(contracted);
      if (fc < Math.min(fr, values[k])) [simplex[k], values[k]] = [contracted, fc];
      else {
        for (let i = 1; i <= k; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = safe(f)(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(minOf(values));
  return { x: simplex[best], value: values[best], iterations: it, gradient: NaN, stationary: false };
}

/** Central-difference gradient with steps `h`. */
export function gradient(f: Objective, x: number[], h = 1e-5): number[] {
  return x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/**
 * Central-difference Hessian; `steps[i]` is the step of coordinate i.
 * @returns a symmetric k × k matrix
 */
export function hessian(f: Objective, x: number[], steps: number[]): number[][] {
  const k = x.length;
  const at = (di: number, dj: number, i: number, j: number) => {
    const v = x.slice();
    v[i] += di * steps[i];
    v[j] += dj * steps[j];
    return f(v);
  };
  const f0 = f(x);
  const h: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < k; i++) {
    h[i][i] = (at(1, 0, i, i) - 2 * f0 + at(-1, 0, i, i)) / (steps[i] * steps[i]);
    for (let j = i + 1; j < k; j++) {
      const v =
        (at(1, 1, i, j) - at(1, -1, i, j) - at(-1, 1, i, j) + at(-1, -1, i, j)) / (4 * steps[i] * steps[j]);
      h[i][j] = h[j][i] = v;
    }
  }
  return h;
}

/**
 * Newton steps with a numerical Hessian (made positive definite by a ridge when needed) and a
 * backtracking line search, until the largest gradient component is below `tolerance`.
 */
export function newtonPolish(f: Objective, start: Minimum, tolerance: number, maxSteps = 50): Minimum {
  let x = start.x.slice();
  let value = f(x);
  let g = gradient(f, x);
  let steps = 0;
  for (; steps < maxSteps && maxAbs(g) > tolerance; steps++) {
    const h = new Matrix(
      hessian(
        f,
        x,
        x.map(() => 1e-4),
      ),
    );
    let ridge = 0;
    let direction: number[] | undefined;
    for (let tries = 0; tries < 20 && !direction; tries++) {
      const m = h.clone();
      for (let i = 0; i < x.length; i++) m.set(i, i, m.get(i, i) + ridge);
      const chol = new CholeskyDecomposition(m);
      if (chol.isPositiveDefinite())
        direction = chol
          .solve(Matrix.columnVector(g))
          .to1DArray()
          .map((v) => -v);
      else ridge = ridge === 0 ? 1e-6 * (1 + maxAbs(h.diag())) : ridge * 10;
    }
    if (!direction) break;
    let t = 1;
    let moved = false;
    for (let back = 0; back < 40; back++, t /= 2) {
      const next = x.map((v, i) => v + t * direction[i]);
      const fn = safe(f)(next);
      if (fn <= value) {
        moved = fn < value || t === 1;
        x = next;
        value = fn;
        break;
      }
    }
    g = gradient(f, x);
    if (!moved) break;
  }
  const grad = maxAbs(g);
  return { x, value, iterations: start.iterations + steps, gradient: grad, stationary: grad <= tolerance };
}

/**
 * Minimises from each start (Nelder–Mead, then a Newton polish of the best).
 * @returns the best minimum, and how many starts reached it (within 1e-6 of its value)
 */
export function multiStartMinimise(
  f: Objective,
  starts: number[][],
  tolerance: number,
  maxIterations = 5000,
): Minimum & { agreeing: number } {
  const found = starts.map((s) => nelderMead(f, s, maxIterations));
  const values = found.map((m) => m.value);
  const best = found[values.indexOf(minOf(values))];
  const polished = newtonPolish(f, best, tolerance);
  const iterations = found.reduce((s, m) => s + m.iterations, 0) + polished.iterations - best.iterations;
  const agreeing = values.filter(
    (v) => Math.abs(v - polished.value) <= 1e-6 * (1 + Math.abs(polished.value)),
  ).length;
  return { ...polished, iterations, agreeing };
}

function maxAbs(v: number[]): number {
  return v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
}

/** Non-finite values (outside the support) become +Infinity, so the simplex moves away from them. */
function safe(f: Objective): Objective {
  return (x) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
}
