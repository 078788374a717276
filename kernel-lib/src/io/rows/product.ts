import { MICROS_PER_UNIT } from '../../math/money.js';

/**
 * The exact product of number columns (派生金额, e.g. amount = Quantity × UnitPrice), to the millionth.
 *
 * Each factor is read as the decimal it was written as: the shortest decimal that reads back as the
 * same double (what `String(x)` prints; the text of the file for up to 15 significant digits). The
 * product of those decimals is computed exactly in integers and rounded once to whole millionths,
 * halves away from zero (as a DECIMAL cast does), so `toMicros(amount)` is that exact figure and money
 * sums (`math/money.ts`) add it without error. `6 × 2.55` is 15.3, not 15.299999999999999.
 */

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MICRO_DIGITS = 6;

/** A finite double as the integer m and the decimals k of its shortest decimal m·10^-k (k ≥ 0). */
interface Decimal {
  m: bigint;
  k: number;
  /** m as a double (exact when it is a safe integer, else NaN). */
  small: number;
}

/** The decimal a double stands for (see the file comment); small cases without text. */
function decimalOf(x: number): Decimal {
  // Fast path: the fewest decimals k ≤ 15 with m / 10^k === x, m an exact integer.
  for (let k = 0; k < POW10.length; k++) {
    const m = Math.round(x * POW10[k]);
    if (!Number.isSafeInteger(m)) break;
    if (m / POW10[k] === x) return { m: BigInt(m), k, small: m };
  }
  const text = String(x); // shortest round-trip form, maybe with an exponent
  const e = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text)!;
  const digits = e[2] + (e[3] ?? '');
  let k = (e[3] ?? '').length - Number(e[4] ?? 0);
  let m = BigInt(digits);
  if (k < 0) {
    m *= 10n ** BigInt(-k);
    k = 0;
  }
  const signed = e[1] === '-' ? -m : m;
  const small = Number(signed);
  return { m: signed, k, small: Number.isSafeInteger(small) ? small : NaN };
}

/** m·10^-k rounded to whole millionths, halves away from zero. */
function toMicrosExact(m: bigint, k: number): number {
  if (k <= MICRO_DIGITS) return Number(m * 10n ** BigInt(MICRO_DIGITS - k));
  const div = 10n ** BigInt(k - MICRO_DIGITS);
  const neg = m < 0n;
  const a = neg ? -m : m;
  let q = a / div;
  if ((a % div) * 2n >= div) q += 1n;
  return Number(neg ? -q : q);
}

/**
 * The exact product of `factors` row by row, as amounts in units (whole millionths; NaN where a factor
 * is missing).
 * @param factors number columns of equal length (NaN = missing)
 * @returns the products, each exact to the millionth
 * @example exactProduct([Float64Array.of(6), Float64Array.of(2.55)]) // Float64Array [15.3]
 */
export function exactProduct(factors: readonly Float64Array[]): Float64Array {
  const n = factors[0].length;
  const out = new Float64Array(n);
  // Prices and quantities repeat: each distinct value's decimal is found once.
  const seen = factors.map(() => new Map<number, Decimal>());
  const decimals: Decimal[] = new Array(factors.length);
  for (let i = 0; i < n; i++) {
    let small = 1; // the product of the m's in doubles while it is an exact integer (the common case)
    let k = 0;
    let missing = false;
    for (let f = 0; f < factors.length; f++) {
      const x = factors[f][i];
      if (x !== x) {
        missing = true;
        break;
      }
      let d = seen[f].get(x);
      if (d === undefined) seen[f].set(x, (d = decimalOf(x)));
      decimals[f] = d;
      small *= d.small;
      k += d.k;
    }
    if (missing) {
      out[i] = NaN;
      continue;
    }
    let micros = k <= MICRO_DIGITS ? small * POW10[MICRO_DIGITS - k] : NaN;
    if (!Number.isSafeInteger(micros)) {
      let m = 1n;
      for (const d of decimals) m *= d.m;
      micros = toMicrosExact(m, k);
    }
    out[i] = micros / MICROS_PER_UNIT;
  }
  return out;
}
