import { InputError } from '../../errors.js';
import { ORDER_TIME_TOLERANCE_MS } from '../../metrics/orders/orderUnits.js';
import { SqlBuilder, dialectOf } from '../dialect.js';
import type { SqlEngine } from '../engine.js';
import { microsOf, unitsOf } from '../money.js';

/** How many conflicting orders an error lists. */
const EXAMPLES = 3;

/**
 * Order lines rolled up into orders (订单), as `rollUpOrders` in memory: one row per order id (and `keys`),
 * at its earliest line, worth the exact sum of its lines (in whole millionths); a line without an order id
 * is an order of its own.
 * @param lines SQL of the lines with columns `keys`, `ms`, `amount` and `order_id`
 * @param keys the columns kept per order (e.g. `user_id`, `g`)
 * @returns SQL of the orders with columns `keys`, `ms`, `amount`
 * @example orderRollUp(lines(b), ['user_id', 'g'])
 */
export function orderRollUp(lines: string, keys: readonly string[]): string {
  const k = keys.join(', ');
  return `SELECT ${k}, min(ms) AS ms, ${unitsOf(`sum(${microsOf('amount')})`)} AS amount
      FROM (${lines}) AS l WHERE order_id IS NOT NULL GROUP BY ${k}, order_id
    UNION ALL SELECT ${k}, ms, amount FROM (${lines}) AS l WHERE order_id IS NULL`;
}

/**
 * Throws an `InputError` when an order id is under more than one user or its lines are more than
 * {@link ORDER_TIME_TOLERANCE_MS} apart, listing up to three such orders (as `checkOrderIds` in memory).
 * @param engine the engine
 * @param lines writes the SQL of the lines (`user_id`, `ms`, `order_id`) into a builder
 * @param column the order column's name, for the message
 * @example await checkOrderIdsSql(engine, lines, 'order_id')
 */
export async function checkOrderIdsSql(
  engine: SqlEngine,
  lines: (b: SqlBuilder) => string,
  column: string,
): Promise<void> {
  const d = dialectOf(engine.dialect);
  const perOrder = (b: SqlBuilder) => `SELECT order_id, count(DISTINCT user_id) AS users, min(user_id) AS a,
      max(user_id) AS z, min(ms) AS first_ms, max(ms) AS last_ms
    FROM (${lines(b)}) AS l WHERE order_id IS NOT NULL AND user_id IS NOT NULL GROUP BY order_id`;
  const twoUsers = 'users > 1';
  const spread = `last_ms - first_ms > ${ORDER_TIME_TOLERANCE_MS}`;
  const b = new SqlBuilder(d);
  const [counts] = await engine.query<{ two: number; spread: number }>({
    sql: `SELECT ${d.countIf(twoUsers)} AS two, ${d.countIf(spread)} AS spread FROM (${perOrder(b)}) AS o`,
    params: b.params,
  });
  const examples = async (where: string) => {
    const e = new SqlBuilder(d);
    return engine.query<Record<string, string | number>>({
      sql: `SELECT order_id, a, z, first_ms, last_ms FROM (${perOrder(e)}) AS o WHERE ${where}
        ORDER BY order_id LIMIT ${EXAMPLES}`,
      params: e.params,
    });
  };
  if (Number(counts.two) > 0) {
    const list = (await examples(twoUsers)).map((r) => `${r.order_id} (users ${r.a} and ${r.z})`);
    throw new InputError(
      `${counts.two} order ids under more than one user, e.g. ${list.join(', ')}`,
      { file: 'orders', column },
      'each order id under one user (or frequency: "rows" to count lines)',
    );
  }
  if (Number(counts.spread) > 0) {
    const iso = (ms: string | number) => new Date(Number(ms)).toISOString();
    const list = (await examples(spread)).map(
      (r) => `${r.order_id} (${iso(r.first_ms)} to ${iso(r.last_ms)})`,
    );
    throw new InputError(
      `${counts.spread} order ids whose lines are more than an hour apart, e.g. ${list.join(', ')}`,
      { file: 'orders', column },
      'the lines of one order within an hour of each other (or frequency: "rows" to count lines)',
    );
  }
}
