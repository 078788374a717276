import { InputError } from '../../errors.js';
import type { DictionaryColumn } from '../../table/columns.js';
import { fromMicros, toMicros } from '../../math/money.js';

/**
 * Lines of one order (订单) further apart in time than this are not one order: the id was reused or the
 * lines were mixed up. Real invoice exports spread one invoice over a minute at most (Online Retail: 30 of
 * 18,532 invoices, by 60 s), so an hour leaves room without hiding a reused id.
 */
export const ORDER_TIME_TOLERANCE_MS = 3_600_000;

/** How many conflicting orders an error lists. */
const EXAMPLES = 3;

/**
 * Checks that every order id belongs to one user and that its lines lie within
 * {@link ORDER_TIME_TOLERANCE_MS}; throws an `InputError` listing up to three offending orders otherwise.
 * Lines without an order id (code −1) and without a user are skipped (each such line is an order of its own).
 * @param orders dense order code of each line
 * @param users dense user code of each line (−1 = no user)
 * @param ts instant of each line (epoch ms)
 * @param column the order column's name, for the message
 * @example checkOrderIds(codesOf(lines, 'order_id'), userCodes, ts, 'order_id')
 */
export function checkOrderIds(
  orders: DictionaryColumn,
  users: Int32Array,
  ts: Float64Array,
  column: string,
  idOfUser: (code: number) => string,
): void {
  const size = orders.dictionary.size;
  const user = new Int32Array(size).fill(-1);
  const first = new Float64Array(size).fill(Infinity);
  const last = new Float64Array(size).fill(-Infinity);
  const twoUsers: string[] = [];
  let twoUsersCount = 0;
  const codes = orders.codes;
  for (let i = 0; i < codes.length; i++) {
    const o = codes[i];
    const u = users[i];
    if (o < 0 || u < 0) continue;
    if (user[o] < 0) user[o] = u;
    else if (user[o] !== u && user[o] !== -2) {
      twoUsersCount++;
      if (twoUsers.length < EXAMPLES)
        twoUsers.push(`${orders.dictionary.decode(o)} (users ${idOfUser(user[o])} and ${idOfUser(u)})`);
      user[o] = -2; // reported once
    }
    const t = ts[i];
    if (t < first[o]) first[o] = t;
    if (t > last[o]) last[o] = t;
  }
  if (twoUsersCount > 0) {
    throw new InputError(
      `${twoUsersCount} order ids under more than one user, e.g. ${twoUsers.join(', ')}`,
      { file: 'orders', column },
      'each order id under one user (or frequency: "rows" to count lines)',
    );
  }
  const spread: string[] = [];
  let spreadCount = 0;
  for (let o = 0; o < size; o++) {
    if (last[o] - first[o] <= ORDER_TIME_TOLERANCE_MS) continue;
    spreadCount++;
    if (spread.length < EXAMPLES)
      spread.push(
        `${orders.dictionary.decode(o)} (${new Date(first[o]).toISOString()} to ${new Date(last[o]).toISOString()})`,
      );
  }
  if (spreadCount > 0) {
    throw new InputError(
      `${spreadCount} order ids whose lines are more than an hour apart, e.g. ${spread.join(', ')}`,
      { file: 'orders', column },
      'the lines of one order within an hour of each other (or frequency: "rows" to count lines)',
    );
  }
}

/** Order lines rolled up into orders: one entry per (order, group), or per line without an order id. */
export interface OrderRollUp {
  users: Int32Array;
  /** Group code of each order (with a group column). */
  groups?: Int32Array;
  /** The earliest line's instant. */
  ts: Float64Array;
  /** The sum of the lines' amounts, summed in whole millionths (exact). */
  amount: Float64Array;
  /** The order (index into these arrays) of each line. */
  unitOf: Int32Array;
}

/**
 * Rolls order lines up into orders (one per order id and group; a line without an id is an order of its
 * own): each order takes its user, its earliest instant and the exact sum of its lines' amounts. Lines
 * without a user are skipped (callers reject them first).
 * @param orders order code of each line
 * @param users user code of each line
 * @param ts instant of each line
 * @param amount amount of each line
 * @param groups group code of each line (an order split over groups is one order per group)
 * @returns the orders, in order of their first line
 * @example rollUpOrders(codesOf(lines, 'order_id'), userCodes, ts, amount)
 */
export function rollUpOrders(
  orders: DictionaryColumn,
  users: Int32Array,
  ts: Float64Array,
  amount: Float64Array,
  groups?: Int32Array,
): OrderRollUp {
  const n = ts.length;
  const slot = new Map<number, number>();
  let nGroups = 1;
  if (groups) for (let i = 0; i < n; i++) if (groups[i] >= nGroups) nGroups = groups[i] + 1;
  const unitOf = new Int32Array(n);
  let units = 0;
  for (let i = 0; i < n; i++) {
    const o = orders.codes[i];
    if (o < 0) {
      unitOf[i] = units++;
      continue;
    }
    const key = groups ? o * nGroups + groups[i] : o;
    let k = slot.get(key);
    if (k === undefined) slot.set(key, (k = units++));
    unitOf[i] = k;
  }
  const out: OrderRollUp = {
    users: new Int32Array(units),
    ts: new Float64Array(units).fill(Infinity),
    amount: new Float64Array(units),
    unitOf,
  };
  if (groups) out.groups = new Int32Array(units);
  for (let i = 0; i < n; i++) {
    const k = unitOf[i];
    out.users[k] = users[i];
    if (out.groups) out.groups[k] = groups![i];
    if (ts[i] < out.ts[k]) out.ts[k] = ts[i];
    out.amount[k] += toMicros(amount[i]);
  }
  for (let k = 0; k < units; k++) out.amount[k] = fromMicros(out.amount[k]);
  return out;
}
