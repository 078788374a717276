/**
 * CSV text for exports (a segment's users, a Fupan table). Runs in the extension host and in the webviews.
 */

/** One cell of an exported row. */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * Quotes one CSV field (RFC 4180). Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` followed
 * by something that is not a number) gets a leading `'`: exported data stays data when opened in Excel/WPS.
 * @param value the raw cell; `null`/`undefined` become an empty field, non-finite numbers too
 * @returns the field, quoted when it holds a comma, quote, or line break
 * @example csvField('a,b') // '"a,b"'
 */
export function csvField(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) text = `'${text}`;
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
  const lines = [header.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}
