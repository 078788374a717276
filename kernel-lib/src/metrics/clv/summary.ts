import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { codesOf, hasColumn, numbersOf, timestampsOf } from '../../table/access.js';
import { periodIndex } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { tableZones } from '../../time/context.js';
import { toMicros } from '../../math/money.js';
import { resolveClvSummarySpec, type ClvSummarySpec, type ResolvedClvSummarySpec } from './spec.js';
import { SummaryRows, summaryFrame } from './summaryRows.js';
import type { ClvSummary } from './summaryResult.js';

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
  const s = resolveClvSummarySpec(spec, tableZones({ orders }, spec?.timeZone));
  const frame = summaryFrame(s);
  const users = codesOf(orders, s.userColumn);
  const ts = timestampsOf(orders, 'ts');
  const amount = hasColumn(orders, 'amount') ? numbersOf(orders, 'amount') : undefined;
  const { calDay } = frame;
  const nUsers = users.dictionary.size;
  const b = bucketPurchases(users.codes, nUsers, ts, amount, frame.zone, frame.endDay, s);
  const rows = new SummaryRows(s, frame, amount !== undefined);
  for (let u = 0; u < nUsers; u++) {
    const from = b.offset[u];
    const to = b.offset[u + 1];
    if (from === to) continue;
    // Calibration part: rows on or before calDay, merged per period (the bucket is in period order).
    const c = {
      id: '',
      periods: 0,
      firstPeriod: NaN,
      lastPeriod: NaN,
      repeatMicros: 0,
      holdPeriods: 0,
      holdMicros: 0,
    };
    let prevCal = NaN;
    let prevHold = NaN;
    for (let k = from; k < to; k++) {
      const p = b.period[k];
      if (b.day[k] <= calDay) {
        if (p !== prevCal) {
          c.periods++;
          prevCal = p;
          if (c.periods === 1) c.firstPeriod = p;
          c.lastPeriod = p;
        }
        if (c.periods > 1) c.repeatMicros += b.micros[k];
      } else {
        if (p !== prevHold) {
          c.holdPeriods++;
          prevHold = p;
        }
        c.holdMicros += b.micros[k];
      }
    }
    if (c.periods > 0) c.id = users.dictionary.decode(u);
    rows.add(c);
  }
  return rows.result({
    rows: ts.length,
    rowsAfterEnd: b.rowsAfterEnd,
    negativeAmountRows: b.negativeAmountRows,
  });
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
