import { frequencyRecency, type ClvSummaryInput, type FrequencyRecency } from './customers.js';
import { fitMaximumLikelihood, type ClvFitOptions, type ClvModelFit } from './likelihood.js';

/**
 * Fits a purchase-and-dropout model (BG/NBD, MBG/NBD, Pareto/NBD) by maximum likelihood on a CLV summary's
 * frequency, recency and T. With fewer than two repeat buyers the dropout process cannot be identified, and
 * the fit says so in its verdict instead of returning numbers quietly.
 * @param model the model's name in the fit (e.g. `'bgnbd'`)
 * @param params the parameter names, in the order `logLikelihood` reads them
 * @param logLikelihood Σ weight × ln L(θ | x, t_x, T) over the summary
 */
export function fitOnSummary<P extends string>(
  model: string,
  params: readonly P[],
  logLikelihood: (d: FrequencyRecency, theta: number[]) => number,
  input: ClvSummaryInput,
  options: ClvFitOptions,
): ClvModelFit<P> {
  const d = frequencyRecency(input);
  const problem =
    d.repeatBuyers < 2
      ? `too few repeat buyers (${d.repeatBuyers}) to identify the dropout process`
      : undefined;
  return fitMaximumLikelihood(model, params, (t) => logLikelihood(d, t), d.customers, options, problem);
}
