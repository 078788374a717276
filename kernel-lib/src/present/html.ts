import type { ColumnFormat, FupanTableColumn, FupanTablePayload } from './fupanTable.js';

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

function header(col: FupanTableColumn): string {
  const en = escapeHtml(col.label ?? col.name);
  return col.labelZh ? `${en}<br><small>${escapeHtml(col.labelZh)}</small>` : en;
}

/** Background colour for a heat-coloured cell: white to blue across the column's range. */
function heat(value: unknown, min: number, max: number): string {
  if (typeof value !== 'number' || !(max > min)) return '';
  const t = (value - min) / (max - min);
  const light = Math.round(97 - t * 45);
  return ` style="background:hsl(210,70%,${light}%)${t > 0.6 ? ';color:#fff' : ''}"`;
}

/**
 * A static HTML rendering of a Fupan table: the fallback that Jupyter, GitHub and HTML exports show.
 * All text is escaped.
 */
export function tableHtml(payload: FupanTablePayload): string {
  const ranges = payload.columns.map((c, j) => {
    if (!c.heat) return [0, 0];
    const nums = payload.rows.map((r) => r[j]).filter((v): v is number => typeof v === 'number');
    return [Math.min(...nums), Math.max(...nums)];
  });
  const title = payload.title
    ? `<caption>${escapeHtml(payload.title)}${payload.titleZh ? ` · ${escapeHtml(payload.titleZh)}` : ''}</caption>`
    : '';
  const head = `<thead><tr>${payload.columns.map((c) => `<th>${header(c)}</th>`).join('')}</tr></thead>`;
  const body = payload.rows
    .map((row) => {
      const cells = payload.columns.map((c, j) => {
        const align = c.format && c.format !== 'string' && c.format !== 'date' ? ' class="num"' : '';
        const style = c.heat ? heat(row[j], ranges[j][0], ranges[j][1]) : '';
        return `<td${align}${style}>${escapeHtml(formatCell(row[j], c.format, c.digits))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  const notes = (payload.notes ?? []).map((n) => `<p class="fupan-note">${escapeHtml(n)}</p>`).join('');
  return `<div class="fupan-table"><style>.fupan-table table{border-collapse:collapse;font:13px system-ui,sans-serif}.fupan-table th,.fupan-table td{border-bottom:1px solid #ddd;padding:3px 8px}.fupan-table td.num{text-align:right;font-variant-numeric:tabular-nums}.fupan-table caption{text-align:left;font-weight:600;padding:4px 0}.fupan-note{font-size:12px;color:#666}</style><table>${title}${head}<tbody>${body}</tbody></table>${notes}</div>`;
}

/** A plain-text rendering (for `text/plain` and terminals). */
export function tableText(payload: FupanTablePayload): string {
  const cells = [
    payload.columns.map((c) => c.label ?? c.name),
    ...payload.rows.map((r) => payload.columns.map((c, j) => formatCell(r[j], c.format, c.digits))),
  ];
  const widths = payload.columns.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  const lines = cells.map((r) =>
    r
      .map((v, j) => v.padEnd(widths[j]))
      .join('  ')
      .trimEnd(),
  );
  if (payload.title) lines.unshift(payload.title + (payload.titleZh ? ` · ${payload.titleZh}` : ''));
  return lines.join('\n');
}
