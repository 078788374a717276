import { SpecError } from '../../errors.js';
import {
  ascendingNumbers,
  integerIn,
  nonEmptyString,
  numberIn,
  oneOf,
  rejectUnknownKeys,
} from '../../spec.js';
import { checkAsOf, resolveTimeZone, type DataZones, userColumnOf } from '../../time/context.js';
import {
  RFM_DIMENSIONS,
  type RfmDimension,
  type RecencyMeasure,
  type ResolvedRfmSpec,
  type ResolvedScoring,
  type RfmSpec,
} from './spec.js';

const SPEC_KEYS = [
  'asOf',
  'timeZone',
  'recency',
  'frequency',
  'monetary',
  'window',
  'scoring',
  'high',
  'groupBy',
  'refunds',
  'userColumn',
  'orderColumn',
] as const;
const METHODS = ['quantile', 'mean', 'pareto', 'topN', 'topPercent', 'cuts'] as const;
const SCORING_KEYS: Record<(typeof METHODS)[number], readonly string[]> = {
  quantile: ['method', 'bins', 'ties'],
  mean: ['method'],
  pareto: ['method', 'share', 'basis'],
  topN: ['method', 'n'],
  topPercent: ['method', 'percent'],
  cuts: ['method', 'recency', 'frequency', 'monetary'],
};

/**
 * Checks an RFM spec and fills in its defaults. Unknown keys and invalid values throw
 * `SpecError` (`invalid <option>: <value>` with what is allowed).
 * @param spec the spec as the caller gave it
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the spec with every default filled in
 * @example resolveRfmSpec({ scoring: { method: 'mean' } }).recency // 'daysSinceLast'
 */
export function resolveRfmSpec(spec: RfmSpec = {}, zones: DataZones = {}): ResolvedRfmSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new SpecError('rfm spec', spec, 'an options object');
  }
  rejectUnknownKeys('rfm', spec, SPEC_KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  if (spec.asOf !== undefined) checkAsOf(spec.asOf);
  const recency = oneOf('recency', spec.recency, ['daysSinceLast', 'ageAtLast'], 'daysSinceLast');
  const resolved: ResolvedRfmSpec = {
    timeZone,
    recency,
    frequency: oneOf('frequency', spec.frequency, ['orders', 'purchaseDays', 'rows'], 'orders'),
    monetary: oneOf('monetary', spec.monetary, ['sum', 'mean'], 'sum'),
    scoring: resolveScoring(spec.scoring, recency),
    high: resolveHigh(spec.high),
    refunds: oneOf('refunds', spec.refunds, ['net', 'exclude', 'error'], 'net'),
    userColumn: userColumnOf(spec.userColumn),
    orderColumn:
      spec.orderColumn === null ? null : nonEmptyString('orderColumn', spec.orderColumn, 'order_id'),
  };
  if (spec.asOf !== undefined) resolved.asOf = spec.asOf;
  if (spec.window !== undefined) resolved.window = integerIn('window', spec.window, 1, 1_000_000);
  if (spec.groupBy !== undefined) resolved.groupBy = nonEmptyString('groupBy', spec.groupBy);
  return resolved;
}

function resolveHigh(high: unknown): ResolvedRfmSpec['high'] {
  if (high === undefined || high === 'aboveMeanScore') return 'aboveMeanScore';
  if (typeof high === 'number') return integerIn('high', high, 2, 100);
  throw new SpecError('high', high, '"aboveMeanScore" or a whole score such as 3');
}

function resolveScoring(scoring: unknown, recency: RecencyMeasure): Record<RfmDimension, ResolvedScoring> {
  if (scoring === undefined) scoring = { method: 'quantile' };
  if (typeof scoring !== 'object' || scoring === null || Array.isArray(scoring)) {
    throw new SpecError('scoring', scoring, 'a scoring object such as { method: "quantile" }');
  }
  const perDimension = !('method' in scoring);
  if (perDimension) rejectUnknownKeys('scoring', scoring, RFM_DIMENSIONS);
  const out = {} as Record<RfmDimension, ResolvedScoring>;
  for (const dim of RFM_DIMENSIONS) {
    const rule = perDimension
      ? ((scoring as Record<string, unknown>)[dim] ?? { method: 'quantile' })
      : scoring;
    out[dim] = resolveRule(rule, dim, recency, perDimension ? `scoring.${dim}` : 'scoring');
  }
  return out;
}

function resolveRule(rule: unknown, dim: RfmDimension, recency: RecencyMeasure, at: string): ResolvedScoring {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw new SpecError(at, rule, 'a scoring object such as { method: "quantile" }');
  }
  const r = rule as Record<string, unknown>;
  const method = oneOf(`${at}.method`, r.method ?? null, METHODS, 'quantile');
  rejectUnknownKeys(at, r, SCORING_KEYS[method]);
  switch (method) {
    case 'quantile':
      return {
        method,
        bins: integerIn(`${at}.bins`, r.bins, 2, 100, 5),
        ties: oneOf(`${at}.ties`, r.ties, ['min', 'max', 'average', 'ordinal'], 'min'),
      };
    case 'mean':
      return { method };
    case 'pareto': {
      const share = r.share === undefined ? 0.8 : numberIn(`${at}.share`, r.share, 0, 1);
      if (share <= 0 || share >= 1) throw new SpecError(`${at}.share`, r.share, 'a number between 0 and 1');
      const sumless = dim === 'recency' && recency === 'daysSinceLast';
      const basis = oneOf(`${at}.basis`, r.basis, ['total', 'users'], sumless ? 'users' : 'total');
      if (sumless && basis === 'total') {
        throw new SpecError(
          `${at}.basis`,
          basis,
          '"users" for recency as daysSinceLast (a total of days is no share of value)',
        );
      }
      return { method, share, basis };
    }
    case 'topN':
      return { method, n: integerIn(`${at}.n`, r.n, 1, Number.MAX_SAFE_INTEGER) };
    case 'topPercent': {
      const percent = numberIn(`${at}.percent`, r.percent, 0, 100);
      if (percent <= 0) throw new SpecError(`${at}.percent`, r.percent, 'a number above 0 and at most 100');
      return { method, percent };
    }
    case 'cuts':
      if (r[dim] === undefined)
        throw new SpecError(`${at}.${dim}`, undefined, 'cut points for this dimension');
      if (Array.isArray(r[dim]) && (r[dim] as unknown[]).length > 99) {
        throw new SpecError(
          `${at}.${dim}`,
          `${(r[dim] as unknown[]).length} cut points`,
          'at most 99 cut points',
        );
      }
      return { method, cuts: ascendingNumbers(`${at}.${dim}`, r[dim]) };
  }
}
