import * as aq from 'arquero';
import { minOf } from '../../math/extent.js';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn } from '../../spec.js';
import { codesOf, hasColumn, numbersOf, timestampsOf } from '../../table/access.js';
import { formatDay } from '../../time/zone.js';
import { summaryTable, type ClvSummaryInput } from './customers.js';
import type { ClvModelFit } from './likelihood.js';
import { FIXED_DAYS } from './spec.js';
import { bucketPurchases } from './summary.js';
import type { ClvSummary } from './summaryResult.js';
import { summaryFrame } from './summaryRows.js';
import { transactionModel } from './transactionModel.js';
import { bgNbdUnconditional, type BgNbdParam } from './bgnbd.js';

/**
 * Calibration vs holdout (模型校验): customers grouped by calibration frequency (0, 1, …, `maxFrequency`+),
 * each group's mean actual holdout purchases beside the model's mean E[Y(duration_holdout) | x, t_x, T].
 * @param input a summary made with `calibrationEnd` (it has `frequency_holdout`, `duration_holdout`)
 * @param fit the purchase model fitted on the calibration columns
 * @param options `maxFrequency`: the last group holds this frequency and above (default 7)
 * @returns one row per group: frequency (label), customers, actual, predicted, actual_total, predicted_total
 */
export function clvHoldoutByFrequency(
  input: ClvSummaryInput,
  fit: ClvModelFit,
  options: { maxFrequency?: number } = {},
): ColumnTable {
  const t = summaryTable(input);
  if (!hasColumn(t, 'frequency_holdout')) {
    throw new SpecError(
      'summary',
      'without holdout',
      'a clvSummary made with calibrationEnd (frequency_holdout, duration_holdout)',
    );
  }
  const top = integerIn('maxFrequency', options.maxFrequency, 1, 1000, 7);
  const model = transactionModel(fit);
  const x = numbersOf(t, 'frequency');
  const tx = numbersOf(t, 'recency');
  const T = numbersOf(t, 'T');
  const actual = numbersOf(t, 'frequency_holdout');
  const duration = numbersOf(t, 'duration_holdout');
  const customers = new Array<number>(top + 1).fill(0);
  const sumActual = new Array<number>(top + 1).fill(0);
  const sumPredicted = new Array<number>(top + 1).fill(0);
  for (let i = 0; i < x.length; i++) {
    const g = Math.min(x[i], top);
    customers[g]++;
    sumActual[g] += actual[i];
    sumPredicted[g] += model.expected(duration[i], x[i], tx[i], T[i]);
  }
  return aq.table({
    frequency: customers.map((_, g) => (g === top ? `${top}+` : String(g))),
    customers,
    actual: sumActual.map((s, g) => (customers[g] ? s / customers[g] : null)),
    predicted: sumPredicted.map((s, g) => (customers[g] ? s / customers[g] : null)),
    actual_total: sumActual,
    predicted_total: sumPredicted,
  });
}

/**
 * Cumulative repeat purchases over time, actual vs the model's expectation (累计复购跟踪): at the end of each
 * durationUnit from the first customer's first purchase to `end`, the repeat periods bought so far and
 * Σᵢ E[X(t − sᵢ)] (each customer's expected repeats since their first purchase sᵢ). BG/NBD and MBG/NBD only.
 * @param orders the orders the summary was made from
 * @param summary what clvSummary returned (its spec decides the merging and the units)
 * @param fit a BG/NBD fit on that summary
 * @returns one row per step: step, day (end of step, YYYY-MM-DD), actual, expected, calibration (boolean)
 */
export function clvTracking(orders: ColumnTable, summary: ClvSummary, fit: ClvModelFit): ColumnTable {
  if (fit.model !== 'bgnbd') throw new SpecError('tracking model', fit.model, ['bgnbd']);
  const s = summary.spec;
  const stepDays = FIXED_DAYS[s.durationUnit];
  const unitDays = FIXED_DAYS[s.timeUnit];
  if (stepDays === undefined || unitDays === undefined) {
    throw new SpecError(
      'durationUnit',
      s.durationUnit,
      "'day' or 'week' for tracking (months have no fixed length)",
    );
  }
  const { zone, endDay, calDay } = summaryFrame(s);
  const users = codesOf(orders, s.userColumn);
  const ts = timestampsOf(orders, 'ts');
  const amount = hasColumn(orders, 'amount') ? numbersOf(orders, 'amount') : undefined;
  const b = bucketPurchases(users.codes, users.dictionary.size, ts, amount, zone, endDay, s);
  const firstDays: number[] = [];
  const repeatDays: number[] = [];
  for (let u = 0; u < users.dictionary.size; u++) {
    const from = b.offset[u];
    const to = b.offset[u + 1];
    if (from === to || b.day[from] > calDay) continue; // first seen after the calibration end: not in the summary
    firstDays.push(b.day[from]);
    for (let k = from + 1; k < to; k++) if (b.period[k] !== b.period[k - 1]) repeatDays.push(b.day[k]);
  }
  const origin = minOf(firstDays);
  const steps = Math.ceil((endDay + 1 - origin) / stepDays);
  // Customers by first-purchase day: one E[X(t)] per (first day, step), not per customer.
  const byFirst = new Map<number, number>();
  for (const d of firstDays) byFirst.set(d, (byFirst.get(d) ?? 0) + 1);
  const actual = new Float64Array(steps);
  for (const d of repeatDays) actual[Math.floor((d - origin) / stepDays)]++;
  const p = fit.params as Record<BgNbdParam, number>;
  const out = {
    step: [] as number[],
    day: [] as string[],
    actual: [] as number[],
    expected: [] as number[],
    calibration: [] as boolean[],
  };
  let cumulative = 0;
  for (let k = 0; k < steps; k++) {
    cumulative += actual[k];
    // End of step k: the day after its last day, in units since each first purchase (merged to the timeUnit).
    const endOfStep = Math.min(origin + (k + 1) * stepDays, endDay + 1);
    let expected = 0;
    for (const [first, count] of byFirst) {
      const elapsed = (endOfStep - 1 - first) / stepDays;
      if (elapsed > 0) expected += count * bgNbdUnconditional(p, elapsed);
    }
    out.step.push(k + 1);
    out.day.push(formatDay(endOfStep - 1));
    out.actual.push(cumulative);
    out.expected.push(expected);
    out.calibration.push(endOfStep - 1 <= calDay);
  }
  return aq.table(out);
}
