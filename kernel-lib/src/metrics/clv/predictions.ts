import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, numberIn } from '../../spec.js';
import { hasColumn, numbersOf, stringsOf } from '../../table/access.js';
import type { Period } from '../../time/periods.js';
import { summaryTable, type ClvSummaryInput } from './customers.js';
import { gammaGammaExpectedSpend, type GammaGammaFit } from './gammaGamma.js';
import type { ClvModelFit } from './likelihood.js';
import { transactionModel } from './transactionModel.js';

/** Options of {@link clvPredictions}. */
export interface ClvPredictionSpec {
  /** The fitted purchase model (BG/NBD, MBG/NBD or Pareto/NBD). */
  purchases: ClvModelFit;
  /** The fitted spend model; without it there is no expected spend and no CLV. */
  spend?: GammaGammaFit;
  /** Expected purchases over the next `horizon` units (the summary's durationUnit). @default 1 month of units */
  horizon?: number;
  /** Also P(alive) this many units after the end, if the customer buys nothing meanwhile. */
  aliveAfter?: number;
  /** CLV horizon in months (lifetimes' `time`). @default 12 */
  months?: number;
  /** Monthly discount rate (lifetimes' `discount_rate`). @default 0.01 */
  discountRate?: number;
  /** Share of spend that is margin (profit per unit of spend). @default 1 (CLV in revenue) */
  margin?: number;
  /**
   * Summary units per month; by default from the summary's durationUnit (day 30, week 4.345, month 1, as
   * lifetimes). Required when a bare table is given.
   */
  unitsPerMonth?: number;
}

const UNITS_PER_MONTH: Record<Period, number> = { day: 30, week: 4.345, month: 1 };
const KEYS = [
  'purchases',
  'spend',
  'horizon',
  'aliveAfter',
  'months',
  'discountRate',
  'margin',
  'unitsPerMonth',
];

/**
 * Per-customer predictions (客户价值预测) that join back to users on `user_id`: `p_alive`, `expected_purchases`
 * over `horizon`, optional `p_alive_after`, and with a spend model `expected_spend` (Gamma-Gamma) and `clv`:
 * discounted CLV as lifetimes' `customer_lifetime_value` (each month's expected purchases × expected spend ×
 * margin, discounted by (1 + rate)^month).
 * @param input the summary the models were fitted on (or another with the same units)
 * @param spec the fits and the horizon
 * @returns one row per customer of the summary
 */
export function clvPredictions(input: ClvSummaryInput, spec: ClvPredictionSpec): ColumnTable {
  if (typeof spec !== 'object' || spec === null)
    throw new SpecError('clvPredictions spec', spec, 'an options object');
  for (const k of Object.keys(spec))
    if (!KEYS.includes(k)) throw new SpecError('clvPredictions option', k, KEYS);
  const t = summaryTable(input);
  const unit = 'spec' in input && 'counts' in input ? input.spec.durationUnit : undefined;
  const unitsPerMonth =
    spec.unitsPerMonth !== undefined
      ? numberIn('unitsPerMonth', spec.unitsPerMonth, 1e-9, 1e9)
      : unit !== undefined
        ? UNITS_PER_MONTH[unit]
        : undefined;
  const model = transactionModel(spec.purchases);
  const months = integerIn('months', spec.months, 1, 1200, 12);
  const rate = numberIn('discountRate', spec.discountRate, 0, 10, 0.01);
  const margin = numberIn('margin', spec.margin, 0, 1e6, 1);
  const horizon = spec.horizon === undefined ? unitsPerMonth : numberIn('horizon', spec.horizon, 0, 1e9);
  if (horizon === undefined)
    throw new SpecError('horizon', undefined, 'a number of summary units (or pass the summary itself)');
  const x = numbersOf(t, 'frequency');
  const tx = numbersOf(t, 'recency');
  const T = numbersOf(t, 'T');
  const n = x.length;
  const out: Record<string, unknown> = {
    user_id: hasColumn(t, 'user_id')
      ? stringsOf(t, 'user_id')
      : Array.from({ length: n }, (_, i) => String(i + 1)),
  };
  const pAlive = new Float64Array(n);
  const expected = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pAlive[i] = model.pAlive(x[i], tx[i], T[i]);
    expected[i] = model.expected(horizon, x[i], tx[i], T[i]);
  }
  out.p_alive = pAlive;
  out.expected_purchases = expected;
  if (spec.aliveAfter !== undefined) {
    const after = numberIn('aliveAfter', spec.aliveAfter, 0, 1e9);
    out.p_alive_after = Float64Array.from(x, (xi, i) => model.pAlive(xi, tx[i], T[i] + after));
  }
  if (spec.spend) {
    if (unitsPerMonth === undefined)
      throw new SpecError('unitsPerMonth', undefined, 'summary units per month (a bare table has no unit)');
    const m = numbersOf(t, 'monetary_value');
    const spend = Float64Array.from(x, (xi, i) => gammaGammaExpectedSpend(spec.spend!.params, xi, m[i]));
    out.expected_spend = spend;
    out.clv = Float64Array.from(x, (xi, i) => {
      let value = 0;
      let before = 0;
      for (let k = 1; k <= months; k++) {
        const upTo = model.expected(k * unitsPerMonth, xi, tx[i], T[i]);
        value += (margin * spend[i] * (upTo - before)) / Math.pow(1 + rate, k);
        before = upTo;
      }
      return value;
    });
  }
  return aq.table(out);
}
