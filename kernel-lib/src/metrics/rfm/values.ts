import type { ColumnTable } from 'arquero';
import { InputError, SpecError } from '../../errors.js';
import { codesOf, hasColumn, numbersOf, timestampsOf } from '../../table/access.js';
import type { DictionaryColumn } from '../../table/columns.js';
import { TimeZone } from '../../time/zone.js';
import { fromMicros, toMicros } from '../../math/money.js';
import { checkOrderIds, rollUpOrders } from '../orders/orderUnits.js';
import type { ResolvedRfmSpec } from './spec.js';

/**
 * Raw R, F, M per scored (group, user) pair, as typed arrays indexed by pair. Pairs come in the order of
 * group code, then user code; `groupOf`/`userOf` give the dense codes of each pair.
 */
export interface RfmValues {
  /** The local as-of day (days since 1970-01-01 in the spec's zone). */
  asOfDay: number;
  users: DictionaryColumn;
  groups?: DictionaryColumn;
  /** The column whose ids grouped lines into orders, or null when each row was a purchase. */
  orderColumn: string | null;
  userOf: Int32Array;
  groupOf: Int32Array;
  recency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}

/**
 * One pass over the orders, indexed by dense user code (the speed path: no Map lookup per row).
 * Recency needs only each pair's first/last instant, so local days are computed per pair, not per row,
 * except for `purchaseDays`, which buckets each pair's purchase days and counts distinct ones.
 */
export function rfmValues(orders: ColumnTable, spec: ResolvedRfmSpec): RfmValues {
  const users = codesOf(orders, spec.userColumn);
  let ts = timestampsOf(orders, 'ts');
  let amount = numbersOf(orders, 'amount');
  const groups = spec.groupBy === undefined ? undefined : codesOf(orders, spec.groupBy);
  const zone = TimeZone.of(spec.timeZone);
  let userCodes = users.codes;
  let groupCodes = groups?.codes;
  let lastPurchase = checkRows(userCodes, ts, amount, groups, spec);
  const orderColumn =
    spec.frequency !== 'rows' && spec.orderColumn !== null && hasColumn(orders, spec.orderColumn)
      ? spec.orderColumn
      : null;
  if (orderColumn !== null) {
    // Lines to orders first: an order is one purchase, at its earliest line, worth the sum of its lines.
    const orderCodes = codesOf(orders, orderColumn);
    checkOrderIds(orderCodes, userCodes, ts, orderColumn, (u) => users.dictionary.decode(u));
    const rolled = rollUpOrders(orderCodes, userCodes, ts, amount, groupCodes);
    ({ users: userCodes, ts, amount } = rolled);
    groupCodes = rolled.groups;
    lastPurchase = -Infinity;
    for (let i = 0; i < ts.length; i++) if (amount[i] >= 0 && ts[i] > lastPurchase) lastPurchase = ts[i];
  }
  const n = ts.length;

  const asOfDay =
    spec.asOf !== undefined ? zone.dayOf(spec.asOf) : rfmAsOfDay(lastPurchase, zone, spec, 'orders');
  const end = zone.startOfDay(asOfDay);
  const start = spec.window === undefined ? -Infinity : zone.startOfDay(asOfDay - spec.window);

  // Pair index: user code alone, or group × users + user when grouping.
  const nUsers = users.dictionary.size;
  const nGroups = groups ? groups.dictionary.size : 1;
  const slots = nUsers * nGroups;
  // Slots are indexed directly (the speed path), so a group column must have few values.
  if (slots > MAX_SLOTS) {
    throw new SpecError(
      'groupBy',
      spec.groupBy,
      `a column with few values such as a product line (${nGroups} groups × ${nUsers} users is too many pairs)`,
    );
  }
  // One record of 4 per slot (count, total, first, last): a row touches one cache line, not four.
  const stats = new Float64Array(slots * 4);
  for (let k = 0; k < stats.length; k += 4) {
    stats[k + 2] = Infinity;
    stats[k + 3] = -Infinity;
  }
  const net = spec.refunds === 'net';
  for (let i = 0; i < n; i++) {
    const t = ts[i];
    if (t >= end || t < start) continue;
    const k = (groupCodes ? groupCodes[i] * nUsers + userCodes[i] : userCodes[i]) * 4;
    const a = amount[i];
    if (a < 0) {
      if (net) stats[k + 1] += toMicros(a);
      continue;
    }
    stats[k]++;
    stats[k + 1] += toMicros(a);
    if (t < stats[k + 2]) stats[k + 2] = t;
    if (t > stats[k + 3]) stats[k + 3] = t;
  }
  const count = new Float64Array(slots);
  let pairs = 0;
  for (let s = 0; s < slots; s++) if ((count[s] = stats[s * 4]) > 0) pairs++;
  const slotOf = new Int32Array(slots).fill(-1);
  const userOf = new Int32Array(pairs);
  const groupOf = new Int32Array(pairs);
  const recency = new Float64Array(pairs);
  const frequency = new Float64Array(pairs);
  const monetary = new Float64Array(pairs);
  const ageAtLast = spec.recency === 'ageAtLast';
  const mean = spec.monetary === 'mean';
  for (let s = 0, p = 0; s < slots; s++) {
    const c = count[s];
    if (c === 0) continue;
    slotOf[s] = p;
    userOf[p] = s % nUsers;
    groupOf[p] = (s - userOf[p]) / nUsers;
    // Summed in whole millionths (exact in doubles in any order, as the SQL engines sum them): equal
    // totals tie whatever the row order or engine, so scores do not flip.
    const total = fromMicros(stats[s * 4 + 1]);
    const lastDay = zone.dayNumber(stats[s * 4 + 3]);
    recency[p] = ageAtLast ? lastDay - zone.dayNumber(stats[s * 4 + 2]) : asOfDay - lastDay;
    frequency[p] = c;
    monetary[p] = mean ? total / c : total;
    p++;
  }
  if (spec.frequency === 'purchaseDays') {
    countPurchaseDays(frequency, slotOf, count, {
      userCodes,
      groupCodes,
      nUsers,
      ts,
      amount,
      start,
      end,
      zone,
    });
  }
  const out: RfmValues = { asOfDay, users, orderColumn, userOf, groupOf, recency, frequency, monetary };
  if (groups) out.groups = groups;
  return out;
}

/** At most this many (group, user) slots: 4 doubles each, about 1 GB. */
const MAX_SLOTS = 1 << 25;

interface DayPass {
  userCodes: Int32Array;
  groupCodes: Int32Array | undefined;
  nUsers: number;
  ts: Float64Array;
  amount: Float64Array;
  start: number;
  end: number;
  zone: TimeZone;
}

/** Distinct local purchase days per pair: bucket purchase days by pair (counting sort), sort each bucket. */
function countPurchaseDays(
  frequency: Float64Array,
  slotOf: Int32Array,
  count: Float64Array,
  d: DayPass,
): void {
  const pairs = frequency.length;
  const offset = new Int32Array(pairs + 1);
  for (let s = 0; s < slotOf.length; s++) if (slotOf[s] >= 0) offset[slotOf[s] + 1] = count[s];
  for (let p = 0; p < pairs; p++) offset[p + 1] += offset[p];
  const fill = offset.slice(0, pairs);
  const days = new Int32Array(offset[pairs]);
  for (let i = 0; i < d.ts.length; i++) {
    const t = d.ts[i];
    if (t >= d.end || t < d.start || d.amount[i] < 0) continue;
    const slot = d.groupCodes ? d.groupCodes[i] * d.nUsers + d.userCodes[i] : d.userCodes[i];
    days[fill[slotOf[slot]]++] = d.zone.dayNumber(t);
  }
  for (let p = 0; p < pairs; p++) {
    const bucket = days.subarray(offset[p], offset[p + 1]).sort();
    let distinct = 1;
    for (let k = 1; k < bucket.length; k++) if (bucket[k] !== bucket[k - 1]) distinct++;
    frequency[p] = distinct;
  }
}

/**
 * RFM's default as-of day, in memory and SQL: the day after the last purchase (RFM's as-of day is the
 * first day not scored; refund rows never count).
 * @param max the last purchase's instant (-Infinity without one)
 * @param zone the zone of local days
 * @param spec the resolved spec (its refund rule, for the error)
 * @param file the input, for the error
 * @returns the day number
 * @example rfmAsOfDay(Date.parse('2017-02-28T12:00Z'), TimeZone.of('UTC'), spec, 'orders') // the day of 2017-03-01
 */
export function rfmAsOfDay(max: number, zone: TimeZone, spec: ResolvedRfmSpec, file: string): number {
  if (max === -Infinity) {
    throw new InputError(
      'no purchases to score',
      { file, column: 'amount' },
      `at least one row with amount ≥ 0 (refunds: ${spec.refunds})`,
    );
  }
  return zone.dayNumber(max) + 1;
}

/**
 * Missing ids, timestamps or amounts, and refunds under `refunds: 'error'`, name the first bad row.
 * Returns the instant of the last purchase (the same pass, to read the columns once).
 */
function checkRows(
  users: Int32Array,
  ts: Float64Array,
  amount: Float64Array,
  groups: DictionaryColumn | undefined,
  spec: ResolvedRfmSpec,
): number {
  const refundsAreErrors = spec.refunds === 'error';
  const groupCodes = groups?.codes;
  let lastPurchase = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    if (amount[i] >= 0 && ts[i] > lastPurchase) lastPurchase = ts[i];
    if (users[i] < 0)
      throw new InputError(
        'missing user id',
        { file: 'orders', row: i + 1, column: spec.userColumn, value: null },
        "a user id on every order; load with missingUsers: 'drop' to drop such rows, counted in loadReport()",
      );
    if (Number.isNaN(ts[i]))
      throw new InputError(
        'missing timestamp',
        { file: 'orders', row: i + 1, column: 'ts', value: null },
        'a timestamp on every order',
      );
    const a = amount[i];
    if (Number.isNaN(a))
      throw new InputError(
        'missing amount',
        { file: 'orders', row: i + 1, column: 'amount', value: null },
        'a number on every order',
      );
    if (a < 0 && refundsAreErrors)
      throw new InputError(
        'negative amount',
        { file: 'orders', row: i + 1, column: 'amount', value: a },
        "an amount ≥ 0 (or refunds: 'net' / 'exclude')",
      );
    if (groupCodes && groupCodes[i] < 0)
      throw new InputError(
        'missing group value',
        { file: 'orders', row: i + 1, column: spec.groupBy, value: null },
        'a value on every order when grouping',
      );
  }
  return lastPurchase;
}
