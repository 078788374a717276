import type { ColumnTable } from 'arquero';
import { hasColumn, codesOf } from '../../table/access.js';
import type { LocalTimes } from '../../time/days.js';

/**
 * Orders as units: one per distinct `order_id` when the table has one (invoice lines of one order are one
 * purchase), else one per row. Each order takes its user and earliest instant; they come sorted by time.
 */
export interface OrderList {
  /** Row of each order's earliest line, in time order (ties: table order). */
  rows: Int32Array;
  length: number;
}

/**
 * The orders of a table in time order, keeping only rows with a user (`userCodes[i] >= 0`) on or before
 * `asOfDay`.
 */
export function ordersInTimeOrder(
  table: ColumnTable,
  userCodes: Int32Array,
  times: LocalTimes,
  asOfDay: number,
  orderColumn: string,
): OrderList {
  const n = userCodes.length;
  const keep = (i: number) => userCodes[i] >= 0 && times.days[i] <= asOfDay;
  let rows: number[] = [];
  if (hasColumn(table, orderColumn)) {
    const orders = codesOf(table, orderColumn);
    const first = new Int32Array(orders.dictionary.size).fill(-1);
    for (let i = 0; i < n; i++) {
      const o = orders.codes[i];
      if (!keep(i)) continue;
      if (o < 0)
        rows.push(i); // a line without an order id is an order of its own
      else if (first[o] < 0 || times.ms[i] < times.ms[first[o]]) first[o] = i;
    }
    for (const r of first) if (r >= 0) rows.push(r);
  } else {
    for (let i = 0; i < n; i++) if (keep(i)) rows.push(i);
  }
  const ms = times.ms;
  rows = rows.sort((a, b) => ms[a] - ms[b] || a - b);
  return { rows: Int32Array.from(rows), length: rows.length };
}
