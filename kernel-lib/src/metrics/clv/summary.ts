import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { codesOf, hasColumn, numbersOf, timestampsOf } from '../../table/access.js';
import { periodIndex } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { fromMicros, toMicros } from '../shared/money.js';
import {
  FIXED_DAYS,
  resolveClvSummarySpec,
  type ClvSummarySpec,
  type ResolvedClvSummarySpec,
} from './spec.js';

/** What {@link clvSummary} left out or found, so nothing is dropped silently. */
export interface ClvSummaryCounts {
  /** Order rows read. */
  rows: number;
  /** Rows after `end`, left out. */
  rowsAfterEnd: number;
  /** Customers in the summary. */
  customers: number;
  /** Customers whose first purchase is after the (calibration) end: left out, as lifetimes does. */
  customersFirstSeenAfter: number;
  /** Customers with at least one repeat period (frequency > 0). */
  repeatBuyers: number;
  /** Rows with a negative amount (summed as given into their period's total). */
  negativeAmountRows: number;
}

/** What {@link clvSummary} returns. */
export interface ClvSummary {
  /**
   * One row per customer, in order of first appearance: `user_id`, `frequency` (repeat periods), `recency`
   * (first to last purchase), `T` (first purchase to the end), `monetary_value` (mean total of the repeat
   * periods; 0 without repeats; only when the orders have `amount`), and with `calibrationEnd` also
   * `frequency_holdout`, `monetary_value_holdout`, `duration_holdout`. Durations are in `spec.durationUnit`.
   */
  customers: ColumnTable;
  spec: ResolvedClvSummarySpec;
  counts: ClvSummaryCounts;
  /** The definitions used, in words (for a notebook or an export). */
  definitions: string[];
}

/**
 * Per-customer frequency / recency / T / monetary value (CLV 汇总), lifetimes'
 * `summary_data_from_transaction_data` (and `calibration_and_holdout_data` with `calibrationEnd`):
 * purchases merge per customer per `timeUnit`; frequency = periods with a purchase − 1; recency = periods
 * from the first to the last; T = periods from the first to the end; monetary value = mean of the repeat
 * periods' totals (the first excluded). Customers first seen after the end are left out and counted.
 * @param orders canonical orders: the user column, `ts`, optional `amount`
 * @param spec time unit, end, optional calibration end
 * @returns the summary table, the counts of what was left out and the definitions used
 * @example clvSummary(orders, { timeUnit: 'day', durationUnit: 'week', end: '1998-06-30', calibrationEnd: '1997-09-30' })
 */
export function clvSummary(orders: ColumnTable, spec: ClvSummarySpec): ClvSummary {
  const s = resolveClvSummarySpec(spec);
  const zone = TimeZone.of(s.timeZone);
  const users = codesOf(orders, s.userColumn);
  const ts = timestampsOf(orders, 'ts');
  const amount = hasColumn(orders, 'amount') ? numbersOf(orders, 'amount') : undefined;
  const endDay = zone.dayOf(s.end);
  const calDay = s.calibrationEnd === undefined ? endDay : zone.dayOf(s.calibrationEnd);
  const unit = s.timeUnit;
  const endPeriod = periodIndex(endDay, unit);
  const calPeriod = periodIndex(calDay, unit);
  const scale = s.durationUnit === unit ? 1 : FIXED_DAYS[unit]! / FIXED_DAYS[s.durationUnit]!;

  const {
    offset,
    period,
    day: day2,
    micros,
    rowsAfterEnd,
    negativeAmountRows,
  } = bucketPurchases(users.codes, users.dictionary.size, ts, amount, zone, endDay, s);
  const nUsers = users.dictionary.size;
  const n = ts.length;
  const holdout = s.calibrationEnd !== undefined;
  const ids: string[] = [];
  const out = {
    frequency: [] as number[],
    recency: [] as number[],
    T: [] as number[],
    money: [] as number[],
  };
  const hold = { frequency: [] as number[], money: [] as number[] };
  let firstSeenAfter = 0;
  let repeatBuyers = 0;
  for (let u = 0; u < nUsers; u++) {
    const a = offset[u];
    const b = offset[u + 1];
    if (a === b) continue;
    // Calibration part: rows on or before calDay, merged per period (the bucket is in period order).
    let first = NaN;
    let last = NaN;
    let periods = 0;
    let repeatMicros = 0;
    let hPeriods = 0;
    let hMicros = 0;
    let prevCal = NaN;
    let prevHold = NaN;
    for (let k = a; k < b; k++) {
      const p = period[k];
      if (day2[k] <= calDay) {
        if (p !== prevCal) {
          periods++;
          prevCal = p;
          if (periods === 1) first = p;
          last = p;
        }
        if (periods > 1) repeatMicros += micros[k];
      } else {
        if (p !== prevHold) {
          hPeriods++;
          prevHold = p;
        }
        hMicros += micros[k];
      }
    }
    if (periods === 0) {
      firstSeenAfter++;
      continue;
    }
    ids.push(users.dictionary.decode(u));
    const x = periods - 1;
    if (x > 0) repeatBuyers++;
    out.frequency.push(x);
    out.recency.push((last - first) * scale);
    out.T.push((calPeriod - first) * scale);
    out.money.push(x > 0 ? fromMicros(repeatMicros) / x : 0);
    hold.frequency.push(hPeriods);
    hold.money.push(hPeriods > 0 ? fromMicros(hMicros) / hPeriods : 0);
  }
  const columns: Record<string, unknown[] | Float64Array> = {
    user_id: ids,
    frequency: Float64Array.from(out.frequency),
    recency: Float64Array.from(out.recency),
    T: Float64Array.from(out.T),
  };
  if (amount) columns.monetary_value = Float64Array.from(out.money);
  if (holdout) {
    columns.frequency_holdout = Float64Array.from(hold.frequency);
    if (amount) columns.monetary_value_holdout = Float64Array.from(hold.money);
    columns.duration_holdout = new Float64Array(ids.length).fill((endPeriod - calPeriod) * scale);
  }
  return {
    customers: aq.table(columns),
    spec: s,
    counts: {
      rows: n,
      rowsAfterEnd,
      customers: ids.length,
      customersFirstSeenAfter: firstSeenAfter,
      repeatBuyers,
      negativeAmountRows,
    },
    definitions: clvDefinitions(s, scale),
  };
}

/** Each customer's rows up to `endDay`, bucketed by customer (counting sort) and sorted by day. */
export interface PurchaseBuckets {
  /** Rows of customer u are offset[u] .. offset[u + 1] − 1. */
  offset: Int32Array;
  /** Period index (in the spec's timeUnit), local day and amount in millionths of each row. */
  period: Int32Array;
  day: Int32Array;
  micros: Float64Array;
  rowsAfterEnd: number;
  negativeAmountRows: number;
}

/**
 * The rows of each customer on or before `endDay`, in day order: missing ids, timestamps or amounts are
 * InputErrors naming the row.
 */
export function bucketPurchases(
  codes: Int32Array,
  nUsers: number,
  ts: Float64Array,
  amount: Float64Array | undefined,
  zone: TimeZone,
  endDay: number,
  s: ResolvedClvSummarySpec,
): PurchaseBuckets {
  const unit = s.timeUnit;
  const n = ts.length;
  const day = new Int32Array(n);
  const offset = new Int32Array(nUsers + 1);
  let rowsAfterEnd = 0;
  let negativeAmountRows = 0;
  for (let i = 0; i < n; i++) {
    if (codes[i] < 0) throw missing(i, s.userColumn, 'user id');
    if (Number.isNaN(ts[i])) throw missing(i, 'ts', 'timestamp');
    if (amount && Number.isNaN(amount[i])) throw missing(i, 'amount', 'amount');
    if (amount && amount[i] < 0) negativeAmountRows++;
    const d = zone.dayNumber(ts[i]);
    day[i] = d;
    if (d > endDay) rowsAfterEnd++;
    else offset[codes[i] + 1]++;
  }
  for (let u = 0; u < nUsers; u++) offset[u + 1] += offset[u];
  // Bucket each kept row by customer (counting sort): period and amount in millionths.
  const fill = offset.slice(0, nUsers);
  const period = new Int32Array(offset[nUsers]);
  const day2 = new Int32Array(offset[nUsers]);
  const micros = new Float64Array(offset[nUsers]);
  for (let i = 0; i < n; i++) {
    if (day[i] > endDay) continue;
    const k = fill[codes[i]]++;
    period[k] = periodIndex(day[i], unit);
    day2[k] = day[i];
    micros[k] = amount ? toMicros(amount[i]) : 0;
  }

  for (let u = 0; u < nUsers; u++) sortBucket(period, day2, micros, offset[u], offset[u + 1]);
  return { offset, period, day: day2, micros, rowsAfterEnd, negativeAmountRows };
}

/** The summary's definitions in words (shared with the SQL engines' summary). */
export function clvDefinitions(s: ResolvedClvSummarySpec, scale: number): string[] {
  const unit = s.timeUnit;
  const inUnits = scale === 1 ? `${unit}s` : `${s.durationUnit}s (${unit}s × ${scale.toPrecision(6)})`;
  const end = s.calibrationEnd ?? s.end;
  const lines = [
    `purchases merged per customer per ${unit} (${s.timeZone})`,
    `frequency = ${unit}s with a purchase − 1, up to ${end}`,
    `recency = ${inUnits} from the first to the last purchase ${unit}`,
    `T = ${inUnits} from the first purchase ${unit} to ${end}`,
    'monetary_value = mean total of the repeat periods (first purchase excluded; 0 without repeats)',
    `customers first seen after ${end} left out`,
  ];
  if (s.calibrationEnd !== undefined) {
    lines.push(
      `holdout = purchases after ${s.calibrationEnd} up to ${s.end}: frequency_holdout = ${unit}s with a purchase, monetary_value_holdout = their mean total`,
    );
  }
  return lines;
}

function missing(i: number, column: string, what: string): InputError {
  return new InputError(
    `missing ${what}`,
    { file: 'orders', row: i + 1, column, value: null },
    `a ${what} on every order`,
  );
}

/** Sorts rows a..b of the three parallel arrays by (period, day); insertion sort, as buckets are small. */
function sortBucket(period: Int32Array, day: Int32Array, micros: Float64Array, a: number, b: number): void {
  if (b - a > 64) {
    const idx = Array.from({ length: b - a }, (_, k) => a + k).sort((i, j) => day[i] - day[j] || i - j);
    const p = idx.map((i) => period[i]);
    const d = idx.map((i) => day[i]);
    const m = idx.map((i) => micros[i]);
    period.set(p, a);
    day.set(d, a);
    micros.set(m, a);
    return;
  }
  for (let k = a + 1; k < b; k++) {
    const p = period[k];
    const d = day[k];
    const m = micros[k];
    let j = k - 1;
    while (j >= a && day[j] > d) {
      period[j + 1] = period[j];
      day[j + 1] = day[j];
      micros[j + 1] = micros[j];
      j--;
    }
    period[j + 1] = p;
    day[j + 1] = d;
    micros[j + 1] = m;
  }
}
