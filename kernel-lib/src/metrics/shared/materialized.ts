import type { ColumnTable } from 'arquero';

/**
 * The table with its arquero filter applied. A filtered arquero table (`table.filter(...)`) keeps its full
 * columns plus a row mask, so reading `column(name).at(i)` for i < numRows() would read the wrong rows; the
 * typed-array loops need the rows themselves. Unfiltered tables are returned as they are (no copy); row
 * order never matters to these metrics.
 */
export function materialized(table: ColumnTable): ColumnTable {
  return table.isFiltered() ? table.reify() : table;
}
