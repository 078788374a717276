import { SpecError } from '../../errors.js';
import { oneOf } from '../../spec.js';
import { hasColumn } from '../../table/access.js';
import type { ColumnTable } from 'arquero';

/**
 * How a metric that counts purchases counts invoice lines (订单 vs 明细行), in RFM's vocabulary
 * (`frequency`): `'orders'` (the lines of one order id are one purchase, at its earliest line; a line
 * without an order id is an order of its own) or `'rows'` (each line counts, on purpose).
 */
export type OrderCounting = 'orders' | 'rows';

/** The options every purchase-counting spec takes, checked. */
export interface ResolvedOrderCounting {
  /** @default 'orders' */
  counting: OrderCounting;
  /**
   * The column that groups lines into one order, read under `counting: 'orders'` when the table has it;
   * `null`: each row is one purchase. A result's spec says the column actually used (`null` when none).
   * @default 'order_id'
   */
  orderColumn: string | null;
}

/**
 * Checks `counting` and `orderColumn` of a spec (`'purchaseDays'` is RFM's and refused here, naming the
 * options this metric has).
 * @param spec the spec as given
 * @returns both, with defaults
 * @example resolveOrderCounting({}) // { counting: 'orders', orderColumn: 'order_id' }
 */
export function resolveOrderCounting(spec: {
  counting?: unknown;
  orderColumn?: unknown;
}): ResolvedOrderCounting {
  const counting = oneOf('counting', spec.counting, ['orders', 'rows'] as const, 'orders');
  const orderColumn = spec.orderColumn === undefined ? 'order_id' : spec.orderColumn;
  if (orderColumn !== null && (typeof orderColumn !== 'string' || orderColumn === '')) {
    throw new SpecError('orderColumn', orderColumn, 'a column name, or null (each row is one purchase)');
  }
  return { counting, orderColumn };
}

/**
 * The order column a metric rolls lines up by: the spec's, when counting orders and the table has it.
 * @returns its name, or null (each row counts)
 */
export function orderColumnOf(table: ColumnTable, c: ResolvedOrderCounting): string | null {
  return c.counting === 'orders' && c.orderColumn !== null && hasColumn(table, c.orderColumn)
    ? c.orderColumn
    : null;
}
