import { MICROS_PER_UNIT } from '../math/money.js';

/**
 * An amount in whole millionths of a unit (金额), as `toMicros` in memory: sums of these are sums of integers
 * below 2^53, exact in any order, so every engine (and every shard split) adds them to the same total.
 * @param amount an SQL expression in units
 * @returns an SQL expression in micros (NULL stays NULL)
 * @example `sum(${microsOf('amount')})`
 */
export function microsOf(amount: string): string {
  return `round(${amount} * ${MICROS_PER_UNIT})`;
}

/**
 * Units from a sum of {@link microsOf} values, as `fromMicros` in memory (one division, the same in every
 * engine).
 * @param micros an SQL expression in micros
 * @returns an SQL expression in units
 * @example unitsOf(`sum(${microsOf('amount')})`)
 */
export function unitsOf(micros: string): string {
  return `(${micros}) / ${MICROS_PER_UNIT}`;
}
