import type { ColumnTable } from 'arquero';

/**
 * What `load()` did to the rows of its input (导入报告): how many it read and kept, and every row it
 * dropped, counted under the step that dropped it. Kept beside the table it describes (like the
 * dictionary of an id column), so a table never loses rows without a word.
 */
export interface LoadReport {
  /** The input (file name, or `text`, `records[]`, …). */
  source: string;
  /** Data rows read from the input (the header is not a row). */
  rowsRead: number;
  /** Rows in the loaded table. */
  rowsKept: number;
  /**
   * Rows dropped, by step, in the order the steps ran (the `where` filters in their order, then
   * `missingUsers: 'drop'`). A row is counted once, under the first step that dropped it.
   */
  dropped: LoadDrop[];
  /**
   * Rows kept with a missing user id (empty, whitespace only, or a null value) under `missingUsers: 'error'`:
   * metrics that need a user id refuse them, naming the option `missingUsers: 'drop'`.
   */
  missingUsers?: number;
  /** A column computed at load, and how (e.g. `amount = Quantity × UnitPrice, exact to the millionth`). */
  derived?: string[];
  /**
   * The zone the table carries (数据时区): `load()`'s `timeZone`, or `'UTC'` when none was given (then naive
   * timestamps were read as UTC). Metrics count local days in it unless their spec names a `timeZone`.
   */
  timeZone: string;
}

/** Rows one load step dropped. */
export interface LoadDrop {
  /** The step: a filter's label, or `missing user id (missingUsers: "drop")`. */
  reason: string;
  /** Rows it dropped (rows an earlier step had dropped are not counted again). */
  rows: number;
  /** The filter as given, when the step is a `where` filter. */
  filter?: object;
  /** Up to three dropped rows: their 1-based data row number and the value that decided. */
  examples?: { row: number; value: unknown }[];
}

const reports = new WeakMap<ColumnTable, LoadReport>();

/** Keeps `report` beside the table `load()` made (see {@link loadReport}). */
export function attachLoadReport(table: ColumnTable, report: LoadReport): void {
  reports.set(table, report);
}

/**
 * The load report of a table made by `load()` (导入报告): rows read and kept, and the rows each step
 * dropped (`where` filters, `missingUsers: 'drop'`), with examples. Undefined for a table `load()` did
 * not make (a table derived from a loaded one by arquero verbs has none: filter it yourself, count it
 * yourself).
 * @param table a table returned by `load()`
 * @returns its report, or undefined
 * @example
 * const orders = await load('online_retail.csv.gz', { table: 'orders', missingUsers: 'drop', … });
 * console.log(formatLoadReport(loadReport(orders)!));
 */
export function loadReport(table: ColumnTable): LoadReport | undefined {
  return reports.get(table);
}

/**
 * A load report as lines of text, for a notebook or a log: read, each drop with its reason, kept.
 * @param report a {@link LoadReport}
 * @returns e.g. `online_retail.csv.gz: 541,909 rows read\n- 9,288 dropped: drop InvoiceNo starts with "C"\n…`
 * @example console.log(formatLoadReport(loadReport(orders)!))
 */
export function formatLoadReport(report: LoadReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [`${report.source}: ${n(report.rowsRead)} rows read`];
  for (const d of report.dropped) lines.push(`- ${n(d.rows)} dropped: ${d.reason}`);
  if (report.missingUsers) {
    lines.push(
      `- ${n(report.missingUsers)} kept with a missing user id (metrics refuse them; missingUsers: 'drop' drops them)`,
    );
  }
  for (const d of report.derived ?? []) lines.push(`- derived: ${d}`);
  lines.push(`- time zone: ${report.timeZone} (local days of every metric unless its spec names a timeZone)`);
  lines.push(`= ${n(report.rowsKept)} rows kept`);
  return lines.join('\n');
}
