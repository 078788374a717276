/**
 * Numbers straight from bytes (no string per value) with a documented slow path for what spreadsheet
 * exports write into amount columns.
 *
 * The rule for amounts (金额): a number may carry one currency sign (¥ ￥ $ € £, before or after a
 * minus sign) and commas as thousands separators, but only in strict groups of three
 * (`¥1,234.50` → 1234.5; `1,23` is refused, since it may be a decimal comma). `NaN`, `Infinity` and
 * anything else that is not a finite number is refused (`NaN` is a missing value by default, see
 * `nullValues`).
 */

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];

/**
 * Parses a plain decimal (`-12`, `3.50`) from bytes; NaN when the bytes are anything else, in which
 * case the caller tries {@link parseNumberText} on the decoded text.
 *
 * Exact: at most 15 significant digits make an integer below 2^53 and a power of ten below 1e22,
 * so one division is correctly rounded (the classic fast path of strtod).
 */
export function fastNumber(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  let c = b[i];
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) i++;
  let mant = 0;
  let digits = 0;
  let scale = 0;
  while (i < e) {
    c = b[i];
    if (c < 48 || c > 57) break;
    mant = mant * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i < e && b[i] === 46) {
    i++;
    while (i < e) {
      c = b[i];
      if (c < 48 || c > 57) break;
      mant = mant * 10 + (c - 48);
      digits++;
      scale++;
      i++;
    }
  }
  if (i !== e || digits === 0 || digits > 15) return NaN;
  const v = scale === 0 ? mant : mant / POW10[scale];
  return neg ? -v : v;
}

const NUMBER_TEXT =
  /^([+-])?\s*[¥￥$€£]?\s*([+-])?\s*((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a number written as text, with the currency and thousands rule above; NaN when it is not
 * a finite number.
 * @example parseNumberText('¥1,234.50') // 1234.5
 */
export function parseNumberText(text: string): number {
  const t = text.trim();
  const m = NUMBER_TEXT.exec(t);
  if (!m) return NaN;
  if (m[1] && m[2]) return NaN; // two signs
  const sign = m[1] === '-' || m[2] === '-' ? -1 : 1;
  const body = t.slice(t.indexOf(m[3])).replace(/,/g, '');
  const v = Number(body);
  return Number.isFinite(v) ? sign * v : NaN;
}

/**
 * Whether number text keeps its meaning when read as a number, for columns whose type is inferred: not
 * when it starts with `0` (`007`, `02134`: an id, a code or a postcode) and not an integer of 16 or more
 * digits (beyond the integers a double holds exactly; ids of Chinese platforms are 18–19 digits).
 * @example numberKeepsText('12.50') // true
 * @example numberKeepsText('6221234567890123456') // false
 */
export function numberKeepsText(text: string): boolean {
  const t = text.trim();
  if (/^[+-]?0\d/.test(t)) return false;
  if (/[.eE]/.test(t)) return true;
  let digits = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits < 16;
}
