/**
 * CSV text (RFC 4180) for exports (a segment's users, a Fupan table) and the generated data sets: the one
 * field writer of the project. Browser-safe (no Node imports): the webviews use it through
 * `@fupan/kernel-lib/render`.
 */

/** One cell of an exported row. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Text a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return and
 * is not a number such as `-12.5`, `-1,234` or `-60.0%`) with a leading `'`, so that pasted or exported data
 * stays data in Excel/WPS (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)` are shown, not run). One rule for the CSV
 * exports and the table's Copy.
 * @example neutralizeFormula('=1+1') // "'=1+1"
 */
export function neutralizeFormula(text: string): string {
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?%?$/.test(text))
    return `'${text}`;
  return text;
}

/** How {@link csvField} writes text. */
export interface CsvFieldOptions {
  /**
   * Whether text a spreadsheet would run is prefixed with `'` ({@link neutralizeFormula}): on for exports a
   * person opens in Excel/WPS, off for data files that Fupan itself loads back (a generated data set).
   * @default true
   */
  neutralizeFormulas?: boolean;
}

/**
 * Quotes one CSV field (RFC 4180), formulas neutralized ({@link neutralizeFormula}) unless turned off.
 * @param value the raw cell; `null`/`undefined` become an empty field, non-finite numbers too
 * @param options whether formulas are neutralized
 * @returns the field, quoted when it holds a comma, quote, or line break
 * @example csvField('a,b') // '"a,b"'
 */
export function csvField(value: CsvCell, options: CsvFieldOptions = {}): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const raw = String(value);
  const text = options.neutralizeFormulas === false ? raw : neutralizeFormula(raw);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV document: a header line, then one line per row, `\n` line ends and a trailing line end.
 * @param header column names
 * @param rows row-major cells
 * @returns the CSV text
 * @example toCsv(['user_id', 'segment'], [['u1', 'Champions']]) // 'user_id,segment\nu1,Champions\n'
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map((h) => csvField(h)).join(',')];
  for (const row of rows) lines.push(row.map((v) => csvField(v)).join(','));
  return lines.join('\n') + '\n';
}
