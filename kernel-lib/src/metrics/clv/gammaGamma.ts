import { InputError } from '../../errors.js';
import { numbersOf } from '../../table/access.js';
import { fitMaximumLikelihood, type ClvFitOptions, type ClvModelFit } from './likelihood.js';
import { summaryTable, type ClvSummaryInput } from './customers.js';
import { lnGamma } from './special.js';

/** Gamma-Gamma parameters: spend per purchase gamma(p, ν), ν ~ gamma(q, γ). */
export type GammaGammaParam = 'p' | 'q' | 'gamma';
export const GAMMA_GAMMA_PARAMS: readonly GammaGammaParam[] = ['p', 'q', 'gamma'];

/** A fitted Gamma-Gamma spend model. */
export type GammaGammaFit = ClvModelFit<GammaGammaParam>;

/** Repeat buyers' frequency and mean spend. */
interface Spend {
  x: Float64Array;
  m: Float64Array;
}

function repeatSpend(input: ClvSummaryInput): Spend {
  const t = summaryTable(input);
  const freq = numbersOf(t, 'frequency');
  const money = numbersOf(t, 'monetary_value');
  const x: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < freq.length; i++) {
    if (!(freq[i] > 0)) continue;
    if (!(money[i] > 0 && Number.isFinite(money[i]))) {
      throw new InputError(
        'repeat buyer without a positive mean spend',
        { file: 'summary', row: i + 1, column: 'monetary_value', value: money[i] },
        'monetary_value > 0 for every customer with frequency > 0 (Gamma-Gamma models positive spend)',
      );
    }
    x.push(freq[i]);
    m.push(money[i]);
  }
  return { x: Float64Array.from(x), m: Float64Array.from(m) };
}

/**
 * Fits the Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie 2013 note) on the repeat
 * buyers (frequency > 0) of a summary with `monetary_value`; customers without repeats carry no spend data.
 * @param input what {@link clvSummary} returned, or its table
 * @param options penaliser, starts
 * @returns p, q, γ with log-likelihood, standard errors and a verdict; `observations` = repeat buyers
 */
export function fitGammaGamma(input: ClvSummaryInput, options: ClvFitOptions = {}): GammaGammaFit {
  const d = repeatSpend(input);
  const problem = d.x.length < 3 ? `too few repeat buyers (${d.x.length}) to fit spend` : undefined;
  return fitMaximumLikelihood(
    'gammaGamma',
    GAMMA_GAMMA_PARAMS,
    (t) => gammaGammaLogLikelihood(d, t),
    d.x.length,
    options,
    problem,
  );
}

/** Σ ln L(p, q, γ | x, m) over repeat buyers. */
function gammaGammaLogLikelihood(d: Spend, [p, q, gamma]: number[]): number {
  let ll = 0;
  const common = -lnGamma(q) + q * Math.log(gamma);
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i];
    const m = d.m[i];
    const px = p * x;
    ll +=
      lnGamma(px + q) -
      lnGamma(px) +
      common +
      (px - 1) * Math.log(m) +
      px * Math.log(x) -
      (px + q) * Math.log(gamma + m * x);
  }
  return ll;
}

/**
 * Expected mean spend per purchase of a customer (预期客单价): E(M | x, m̄) = p(γ + x m̄) / (p x + q − 1);
 * for x = 0 the population mean p γ / (q − 1).
 */
export function gammaGammaExpectedSpend(
  params: Record<GammaGammaParam, number>,
  x: number,
  m: number,
): number {
  const { p, q, gamma } = params;
  return x > 0 ? (p * (gamma + x * m)) / (p * x + q - 1) : (p * gamma) / (q - 1);
}
