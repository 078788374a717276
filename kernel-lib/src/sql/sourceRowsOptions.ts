import type { RowFilter } from '../io/rows/where.js';

/**
 * The load-level row options of an SQL source, as `load()` takes them (docs/loading.md, "Real exports"):
 * `where` filters in order, a derived `amount`, and `missingUsers: 'drop'`, applied where the data lives.
 * `rowsReportSql()` counts what each step removed, as `loadReport()` does in memory.
 */
export interface SqlSourceRows {
  /** Row filters, as `load()`'s `where` (columns are the source's own names). */
  where?: readonly RowFilter[];
  /**
   * `amount` = the product of number columns, rounded to the millionth (in doubles, then rounded: the same
   * as memory's exact product when the factors' decimals add up to at most 6, e.g. quantities × prices
   * of up to 3 decimals, and the product is below 10^9). Contradicts a source column named `amount`.
   */
  amount?: { product: readonly string[] };
  /** `'drop'`: rows without a user id are left out (counted by `rowsReportSql`). @default 'error' */
  missingUsers?: 'error' | 'drop';
  /** The source's user id column, for `missingUsers`. @default 'user_id' */
  userColumn?: string;
}
