/** Digit width of each radix pass: 2,048 counters (8 KB) stay in the L1 cache, six passes cover 64 bits. */
const BITS = 11;
const BINS = 1 << BITS;
const DIGIT = BINS - 1;
const PASSES = 6;

/** The sortable high word of a quiet NaN (its low word 0). */
const NAN_HIGH = 0xfff80000;

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

/**
 * The indices of `values` in ascending order (stable: equal values keep their order; `-0` and `0` are
 * equal; NaN last), by a least-significant-digit radix sort of the values' bits: linear time, so a
 * million users' money ranks in about a sixth of the time of sorting and then binary-searching them.
 * A pass whose digit is the same for every value is skipped.
 */
export function ascendingOrder(values: Float64Array): Int32Array {
  const n = values.length;
  let low = new Uint32Array(n);
  let high = new Uint32Array(n);
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    order[i] = i;
    if (v !== v) {
      high[i] = NAN_HIGH; // every NaN as one, after +Infinity
      continue;
    }
    scratch[0] = v === 0 ? 0 : v;
    const lo = scratchWords[0];
    const hi = scratchWords[1];
    // Sortable as unsigned: a negative number's bits all flipped, a positive number's sign bit set.
    if (hi & 0x80000000) {
      high[i] = ~hi >>> 0;
      low[i] = ~lo >>> 0;
    } else {
      high[i] = (hi | 0x80000000) >>> 0;
      low[i] = lo;
    }
  }
  let toLow = new Uint32Array(n);
  let toHigh = new Uint32Array(n);
  let toOrder = new Int32Array(n);
  const start = new Int32Array(BINS);
  for (let pass = 0; pass < PASSES; pass++) {
    const shift = pass * BITS;
    start.fill(0);
    for (let i = 0; i < n; i++) start[digit(low[i], high[i], shift)]++;
    let sum = 0;
    let bins = 0;
    for (let d = 0; d < BINS; d++) {
      const c = start[d];
      if (c !== 0) bins++;
      start[d] = sum;
      sum += c;
    }
    if (bins <= 1) continue;
    for (let i = 0; i < n; i++) {
      const lo = low[i];
      const hi = high[i];
      const at = start[digit(lo, hi, shift)]++;
      toLow[at] = lo;
      toHigh[at] = hi;
      toOrder[at] = order[i];
    }
    [low, toLow] = [toLow, low];
    [high, toHigh] = [toHigh, high];
    [order, toOrder] = [toOrder, order];
  }
  return order;
}

/** Bits [shift, shift + BITS) of the 64-bit key `hi:lo`. */
function digit(lo: number, hi: number, shift: number): number {
  if (shift + BITS <= 32) return (lo >>> shift) & DIGIT;
  if (shift >= 32) return (hi >>> (shift - 32)) & DIGIT;
  return ((lo >>> shift) | (hi << (32 - shift))) & DIGIT;
}
