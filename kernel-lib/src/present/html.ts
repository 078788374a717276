import type { ColumnFormat, FupanTableColumn, FupanTablePayload } from './fupanTable.js';
import { CJK_FONTS } from './fonts.js';
import { cssRgb, heatBackground, readableText } from './heatColour.js';

/** Escapes text for HTML: data is always shown as text, never run. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * Formats one raw cell for display. Given `digits`, a number, percent or currency always shows that many
 * digits after the point (130 with 1 digit is `130.0`), so a right-aligned column lines up on the point;
 * without it a number shows up to 2.
 */
export function formatCell(value: unknown, format: ColumnFormat | undefined, digits?: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'number') return String(value);
  switch (format) {
    case 'percent':
      return `${(value * 100).toFixed(digits ?? 1)}%`;
    case 'currency':
      return value.toLocaleString('en-US', {
        minimumFractionDigits: digits ?? 2,
        maximumFractionDigits: digits ?? 2,
      });
    case 'integer':
      return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
    default:
      return value.toLocaleString('en-US', {
        minimumFractionDigits: digits ?? 0,
        maximumFractionDigits: digits ?? 2,
      });
  }
}

/**
 * The text of one cell of a column: in its row's own format when the column has {@link FupanTableColumn.rowFormats},
 * else in the column's. Every rendering (HTML, text, the inline table) shows cells through this.
 * @param column the cell's column
 * @param value the raw value
 * @param row index of the cell's row in the payload
 */
export function cellText(column: FupanTableColumn, value: unknown, row: number): string {
  const own = column.rowFormats?.[row];
  return own ? formatCell(value, own.format, own.digits) : formatCell(value, column.format, column.digits);
}

function isNumeric(col: FupanTableColumn): boolean {
  return col.format !== undefined && col.format !== 'string' && col.format !== 'date';
}

function header(col: FupanTableColumn): string {
  const en = escapeHtml(col.label ?? col.name);
  const label = col.labelZh ? `${en}<br><small>${escapeHtml(col.labelZh)}</small>` : en;
  return `<th${isNumeric(col) ? ' class="num"' : ''}>${label}</th>`;
}

/**
 * Smallest and largest number of column `j` (Infinity and -Infinity when it holds none); a loop, as a
 * spread of 100,000 rows overflows the stack. Heat colours span this range here and in the inline table.
 */
export function numericRange(rows: FupanTablePayload['rows'], j: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const row of rows) {
    const v = row[j];
    if (typeof v !== 'number') continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** Colours of a heat-coloured cell: white to blue across the column's range, black or white text on it. */
function heat(value: unknown, [min, max]: [number, number]): string {
  if (typeof value !== 'number' || !(max > min)) return '';
  const background = heatBackground((value - min) / (max - min));
  return ` style="background:${cssRgb(background)};color:${readableText(background)}"`;
}

/** At most this many rows go into a table's static HTML and text (the interactive table has them all). */
export const STATIC_ROW_LIMIT = 200;

/** The rows a static rendering shows: all up to {@link STATIC_ROW_LIMIT}, else the first 100 and last 10. */
function rowWindow<T>(rows: T[]): { head: T[]; omitted: number; tail: T[] } {
  if (rows.length <= STATIC_ROW_LIMIT) return { head: rows, omitted: 0, tail: [] };
  return { head: rows.slice(0, 100), omitted: rows.length - 110, tail: rows.slice(-10) };
}

function omittedText(omitted: number): string {
  const n = omitted.toLocaleString('en-US');
  return `… ${n} more rows · 另有 ${n} 行 (all rows: the interactive table or its CSV export) …`;
}

const EMPTY_TEXT = 'No rows · 无数据';

const STYLE =
  '.fupan-table{overflow-x:auto;max-width:100%}' +
  `.fupan-table table{border-collapse:collapse;font:13px system-ui,${CJK_FONTS},sans-serif}` +
  '.fupan-table th,.fupan-table td{border-bottom:1px solid #8886;padding:3px 8px}' +
  '.fupan-table th{text-align:left;vertical-align:bottom}' +
  '.fupan-table td{white-space:nowrap}' +
  '.fupan-table .num{text-align:right;font-variant-numeric:tabular-nums}' +
  '.fupan-table caption{text-align:left;font-weight:600;padding:4px 0}' +
  '.fupan-table td.fupan-gap,.fupan-table td.fupan-empty{white-space:normal;text-align:center;font-style:italic;opacity:.75}' +
  '.fupan-note{font-size:12px;opacity:.75}';

/**
 * A static HTML rendering of a Fupan table: the fallback that Jupyter, GitHub and HTML exports show. All
 * text is escaped; numeric columns (headers too) are right-aligned and never wrap, the table scrolls sideways
 * when it is wider than the page, heat-coloured cells carry their own text colour (readable in dark themes),
 * an empty table says so, and beyond {@link STATIC_ROW_LIMIT} rows the first and last rows are shown with a
 * count of the others.
 */
export function tableHtml(payload: FupanTablePayload): string {
  const { columns } = payload;
  const ranges = columns.map((c, j) => (c.heat ? numericRange(payload.rows, j) : undefined));
  const title = payload.title
    ? `<caption>${escapeHtml(payload.title)}${payload.titleZh ? ` · ${escapeHtml(payload.titleZh)}` : ''}</caption>`
    : '';
  const head = `<thead><tr>${columns.map(header).join('')}</tr></thead>`;
  const row = (r: number) => {
    const values = payload.rows[r];
    const cells = columns.map((c, j) => {
      const align = isNumeric(c) ? ' class="num"' : '';
      const range = ranges[j];
      const style = range ? heat(values[j], range) : '';
      return `<td${align}${style}>${escapeHtml(cellText(c, values[j], r))}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  };
  const note = (cls: string, text: string) =>
    `<tr><td class="${cls}" colspan="${columns.length}">${escapeHtml(text)}</td></tr>`;
  const { head: first, omitted, tail } = rowWindow([...payload.rows.keys()]);
  const body =
    payload.rows.length === 0
      ? note('fupan-empty', EMPTY_TEXT)
      : first.map(row).join('') +
        (omitted ? note('fupan-gap', omittedText(omitted)) : '') +
        tail.map(row).join('');
  const notes = (payload.notes ?? []).map((n) => `<p class="fupan-note">${escapeHtml(n)}</p>`).join('');
  return `<div class="fupan-table"><style>${STYLE}</style><table>${title}${head}<tbody>${body}</tbody></table>${notes}</div>`;
}

/**
 * Columns a text takes in a monospaced terminal: CJK characters, full-width forms and the like take two
 * (East Asian Wide and Fullwidth), everything else one.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    width +=
      /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        ch,
      )
        ? 2
        : 1;
  }
  return width;
}

/**
 * A plain-text rendering (for `text/plain` and terminals), with the same row limit as {@link tableHtml}:
 * columns aligned by their width on screen (a Chinese character is two columns), numbers right-aligned.
 */
export function tableText(payload: FupanTablePayload): string {
  const format = (r: number) => payload.columns.map((c, j) => cellText(c, payload.rows[r][j], r));
  const { head, omitted, tail } = rowWindow([...payload.rows.keys()]);
  const cells = [payload.columns.map((c) => c.label ?? c.name), ...head.map(format), ...tail.map(format)];
  const widths = payload.columns.map((_, j) => cells.reduce((w, r) => Math.max(w, displayWidth(r[j])), 0));
  const lines = cells.map((r) =>
    r
      .map((v, j) => {
        const pad = ' '.repeat(widths[j] - displayWidth(v));
        return isNumeric(payload.columns[j]) ? pad + v : v + pad;
      })
      .join('  ')
      .trimEnd(),
  );
  if (omitted) lines.splice(1 + head.length, 0, omittedText(omitted));
  if (payload.rows.length === 0) lines.push(EMPTY_TEXT);
  if (payload.title) lines.unshift(payload.title + (payload.titleZh ? ` · ${payload.titleZh}` : ''));
  return lines.join('\n');
}
