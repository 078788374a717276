/**
 * Money sums that do not depend on the order rows are added in (金额汇总).
 *
 * Adding doubles is not associative: `0.1 + 0.2 + 0.3` and `0.3 + 0.2 + 0.1` differ in the last bit,
 * so a total summed in file order changes when the file is sorted differently, split and recombined, or
 * summed by a database engine. Amounts are therefore summed as whole millionths of a unit (micros):
 * integers below 2^53 add exactly in doubles, in any order, so every order and engine gives the same
 * total. A millionth is far below any currency's smallest coin, so no real amount is changed.
 */

/** Millionths in one unit of money. */
export const MICROS_PER_UNIT = 1e6;

/**
 * An amount in whole millionths of a unit (金额), the form in which money is summed.
 * @param amount an amount in units (yuan, pounds); NaN and ±Infinity pass through
 * @returns the nearest whole number of millionths
 * @example toMicros(0.29) // 290000 (0.29 * 1e6 is 290000.00000000006 in doubles)
 */
export function toMicros(amount: number): number {
  return Math.round(amount * MICROS_PER_UNIT);
}

/**
 * Units from a sum of {@link toMicros} values.
 * @param micros a whole number of millionths
 * @returns the amount in units
 * @example fromMicros(toMicros(0.1) + toMicros(0.2)) // 0.3
 */
export function fromMicros(micros: number): number {
  return micros / MICROS_PER_UNIT;
}

/**
 * A money total rounded to a millionth of a unit, so totals that are equal on paper compare equal
 * (`===`) whatever order they were added in (exact for totals below about 9·10^9 units).
 * @param total an amount in units
 * @returns the amount rounded to 6 decimals
 * @example roundMoney(0.1 + 0.2) // 0.3
 */
export function roundMoney(total: number): number {
  return fromMicros(toMicros(total));
}

/**
 * The exact sum of amounts (NaN = missing, skipped), order-independent.
 * @param amounts amounts in units
 * @returns their total, in units
 * @example sumMoney([0.1, 0.2, NaN, 0.3]) // 0.6
 */
export function sumMoney(amounts: ArrayLike<number>): number {
  let micros = 0;
  for (let i = 0; i < amounts.length; i++) {
    const v = amounts[i];
    if (v === v) micros += toMicros(v);
  }
  return fromMicros(micros);
}
