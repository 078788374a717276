/**
 * The smallest and largest of many numbers, by a loop. `Math.min(...values)` passes every value as an
 * argument and throws `RangeError: Maximum call stack size exceeded` from about 120k–300k values (the limit
 * depends on the stack), so data arrays never go through a spread (an ESLint rule forbids it).
 */

/**
 * The smallest number of `values`, skipping NaN; `Infinity` when there is none (as `Math.min()`).
 * @example minOf(orders.array('ts') as number[])
 */
export function minOf(values: Iterable<number>): number {
  let least = Infinity;
  for (const v of values) if (v < least) least = v;
  return least;
}

/**
 * The largest number of `values`, skipping NaN; `-Infinity` when there is none (as `Math.max()`).
 * @example new Date(maxOf(orders.array('ts') as number[])) // the last order's instant
 */
export function maxOf(values: Iterable<number>): number {
  let most = -Infinity;
  for (const v of values) if (v > most) most = v;
  return most;
}
