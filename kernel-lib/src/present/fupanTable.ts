import type { ColumnTable } from 'arquero';
import { SpecError } from '../errors.js';
import { COLUMN_LABELS, wordedName } from './columnLabels.js';

/** MIME type of Fupan's interactive tables; the VS Code extension renders it inline. */
export const FUPAN_TABLE_MIME = 'application/vnd.fupan.table+json';

/** How a column's numbers are shown. Values stay raw in the payload; formatting is the renderer's job. */
export type ColumnFormat = 'string' | 'integer' | 'number' | 'percent' | 'currency' | 'date';

/** How one row's number is shown in a column whose rows are different figures (a count, a rate, money). */
export interface RowFormat {
  format: ColumnFormat;
  /** Digits after the point for number / percent / currency. */
  digits?: number;
}

/** One column of a Fupan table. */
export interface FupanTableColumn {
  /** Key in the data (canonical or result column name). */
  name: string;
  /** English header. @default the known label of the name (present/columnLabels.ts), else the name in words */
  label?: string;
  /** Chinese header, e.g. 召回率. @default the known one of the name, when the label is not another */
  labelZh?: string;
  /** @default inferred from the values */
  format?: ColumnFormat;
  /** Colour cells by value (cohort matrices, usage rates). */
  heat?: boolean;
  /** Digits after the point for number / percent / currency. */
  digits?: number;
  /**
   * Per row of the payload, a format in place of `format` and `digits` (null keeps them): for a column whose
   * rows are different figures, as in an article-vs-computed table. The column's own `format` still decides
   * its alignment; text cells in it are shown as they are.
   */
  rowFormats?: (RowFormat | null)[];
}

/** The payload of `application/vnd.fupan.table+json` (version 1). */
export interface FupanTablePayload {
  version: 1;
  title?: string;
  titleZh?: string;
  columns: FupanTableColumn[];
  /** Row-major raw values: numbers as numbers (rates as fractions), dates as `YYYY-MM-DD` strings. */
  rows: (string | number | boolean | null)[][];
  /** The spec that produced the numbers, shown on demand so a reader knows the definition. */
  spec?: unknown;
  /** Footnotes (e.g. "incomplete periods are blank, not zero"). */
  notes?: string[];
}

/** Options of {@link fupanTable}. */
export interface FupanTableOptions {
  title?: string;
  titleZh?: string;
  /** Per-column presentation, by column name; columns not listed are shown with defaults. */
  columns?: Record<string, Omit<FupanTableColumn, 'name'>>;
  /** Only these columns, in this order. */
  select?: string[];
  spec?: unknown;
  notes?: string[];
  /** At most this many rows are embedded. @default 100000 */
  maxRows?: number;
  /**
   * A long table as its top rows and a total (合计): only the first `top` rows (order the data first), then
   * a Total row over every row, integer and currency columns summed (rates and other numbers left blank);
   * a note says how many rows the total covers.
   */
  top?: number;
  /**
   * The columns the Total row of {@link FupanTableOptions.top} sums, when a sum of every integer and currency
   * column would mislead (a mean spend per customer summed is no one's spend).
   * @default every integer and currency column
   */
  totals?: string[];
}

/**
 * A Fupan table payload from an arquero table or an array of records.
 * @example display(fupanTable(segments, { title: 'RFM segments', titleZh: 'RFM 客户分群' }))
 */
export function fupanTable(
  data: ColumnTable | Record<string, unknown>[],
  options: FupanTableOptions = {},
): FupanTablePayload {
  const records = Array.isArray(data) ? data : (data.objects() as Record<string, unknown>[]);
  // An empty array of records has no keys to read: its columns are the ones the options describe.
  const names =
    options.select ??
    (!Array.isArray(data)
      ? data.columnNames()
      : records.length
        ? Object.keys(records[0])
        : Object.keys(options.columns ?? {}));
  const top = options.top;
  if (top !== undefined && !(Number.isInteger(top) && top > 0))
    throw new SpecError('top', top, 'a positive integer');
  const shown = top !== undefined && records.length > top ? top : undefined;
  const maxRows = shown ?? options.maxRows ?? 100_000;
  const rows = records.slice(0, maxRows).map((r) => names.map((n) => toCell(r[n])));
  const columns = names.map((name, j) => {
    const given = options.columns?.[name] ?? {};
    const column: FupanTableColumn = {
      name,
      ...presentedLabels(name, given),
      format: given.format ?? inferFormat(rows.map((r) => r[j])),
    };
    if (given.rowFormats) column.rowFormats = given.rowFormats.slice(0, rows.length);
    return column;
  });
  for (const name of options.totals ?? [])
    if (!names.includes(name)) throw new SpecError('totals', name, names);
  const notes = [...(options.notes ?? [])];
  if (shown !== undefined) {
    const summed = options.totals ?? columns.filter(isSummed).map((c) => c.name);
    rows.push(totalRow(records, columns, summed));
    const what = options.totals
      ? columns
          .filter((c) => summed.includes(c.name))
          .map((c) => c.label)
          .join(', ')
      : 'the count and money columns';
    notes.push(
      `top ${shown} of ${records.length} rows; Total (合计) sums all ${records.length} rows of ${what}`,
    );
  } else if (records.length > maxRows) notes.push(`showing ${maxRows} of ${records.length} rows`);
  const payload: FupanTablePayload = { version: 1, columns, rows };
  if (options.title) payload.title = options.title;
  if (options.titleZh) payload.titleZh = options.titleZh;
  if (options.spec !== undefined) payload.spec = options.spec;
  if (notes.length) payload.notes = notes;
  return payload;
}

/**
 * A column's options with its headers filled in: a label not given is the known one ({@link COLUMN_LABELS})
 * or the name in words; the known Chinese header is added unless the options label the column otherwise.
 */
function presentedLabels(
  name: string,
  given: Omit<FupanTableColumn, 'name'>,
): Omit<FupanTableColumn, 'name'> {
  const known = COLUMN_LABELS[name];
  const label = given.label ?? known?.[0] ?? wordedName(name);
  const zh = /[\u4e00-\u9fff]/.test(label) ? undefined : given.labelZh;
  const labelZh =
    given.labelZh ?? (known && (given.label === undefined || given.label === known[0]) ? known[1] : zh);
  return { ...given, label, ...(labelZh === undefined ? {} : { labelZh }) };
}

/** Whether the Total row sums a column by default: counts and money. */
function isSummed(column: FupanTableColumn): boolean {
  return column.format === 'integer' || column.format === 'currency';
}

/** The Total row (合计) of {@link FupanTableOptions.top}: the `summed` columns summed over all records. */
function totalRow(
  records: Record<string, unknown>[],
  columns: FupanTableColumn[],
  summed: string[],
): FupanTablePayload['rows'][number] {
  const labelAt = columns.findIndex((c) => c.format === 'string');
  return columns.map((c, j) => {
    if (j === labelAt) return 'Total · 合计';
    if (!summed.includes(c.name)) return null;
    let sum = 0;
    for (const r of records)
      if (typeof r[c.name] === 'number' && Number.isFinite(r[c.name])) sum += r[c.name] as number;
    return sum;
  });
}

function toCell(v: unknown): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? null : v.toISOString().replace('T00:00:00.000Z', '');
  return String(v);
}

function inferFormat(values: unknown[]): ColumnFormat {
  let numbers = 0;
  let integers = 0;
  for (const v of values) {
    if (v === null) continue;
    if (typeof v !== 'number') return 'string';
    numbers++;
    if (Number.isInteger(v)) integers++;
  }
  if (numbers === 0) return 'string';
  return integers === numbers ? 'integer' : 'number';
}
