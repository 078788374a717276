import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { hasColumn, numbersOf } from '../../table/access.js';
import type { ClvSummary } from './summaryResult.js';

/** A summary table or what {@link clvSummary} returned. */
export type ClvSummaryInput = ClvSummary | ColumnTable;

/** Frequency / recency / T of distinct customer profiles, with how many customers share each. */
export interface FrequencyRecency {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Customers with this profile. */
  weight: Float64Array;
  /** Customers in all. */
  customers: number;
  /** Customers with frequency > 0. */
  repeatBuyers: number;
  /** The distinct frequencies, ascending, so terms that depend only on x are computed once per value. */
  distinctFrequencies: Float64Array;
}

/** The summary table of either input form. */
export function summaryTable(input: ClvSummaryInput): ColumnTable {
  return 'customers' in input && 'counts' in input ? input.customers : (input as ColumnTable);
}

/**
 * Checks `frequency`, `recency`, `T` (whole frequency ≥ 0, 0 ≤ recency ≤ T, recency 0 without repeats) and
 * groups identical profiles, so a fit costs one term per distinct profile, not per customer.
 * @param input the summary
 * @returns distinct profiles with their weights
 */
export function frequencyRecency(input: ClvSummaryInput): FrequencyRecency {
  const t = summaryTable(input);
  const x = numbersOf(t, 'frequency');
  const tx = numbersOf(t, 'recency');
  const T = numbersOf(t, 'T');
  const index = new Map<string, number>();
  const fx: number[] = [];
  const ftx: number[] = [];
  const fT: number[] = [];
  const w: number[] = [];
  let repeat = 0;
  for (let i = 0; i < x.length; i++) {
    const at = (column: string, value: number) => ({ file: 'summary', row: i + 1, column, value });
    if (!(Number.isInteger(x[i]) && x[i] >= 0))
      throw new InputError('bad frequency', at('frequency', x[i]), 'a whole number ≥ 0');
    if (!(T[i] >= 0 && Number.isFinite(T[i]))) throw new InputError('bad T', at('T', T[i]), 'a duration ≥ 0');
    if (!(tx[i] >= 0 && tx[i] <= T[i]))
      throw new InputError('bad recency', at('recency', tx[i]), `0 ≤ recency ≤ T (${T[i]})`);
    if (x[i] === 0 && tx[i] !== 0)
      throw new InputError('recency without repeats', at('recency', tx[i]), '0 when frequency is 0');
    if (x[i] > 0) repeat++;
    const key = `${x[i]},${tx[i]},${T[i]}`;
    const k = index.get(key);
    if (k !== undefined) w[k]++;
    else {
      index.set(key, w.length);
      fx.push(x[i]);
      ftx.push(tx[i]);
      fT.push(T[i]);
      w.push(1);
    }
  }
  return {
    frequency: Float64Array.from(fx),
    recency: Float64Array.from(ftx),
    T: Float64Array.from(fT),
    weight: Float64Array.from(w),
    customers: x.length,
    repeatBuyers: repeat,
    distinctFrequencies: Float64Array.from(new Set(fx)).sort(),
  };
}

/** Whether the summary has a column (e.g. `monetary_value`). */
export function summaryHas(input: ClvSummaryInput, column: string): boolean {
  return hasColumn(summaryTable(input), column);
}
