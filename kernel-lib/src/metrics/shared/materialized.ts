import type { ColumnTable } from 'arquero';
import { rowsOf } from '../../table/access.js';

/**
 * The table with its arquero filter applied (see `rowsOf`): the typed-array loops need the rows themselves.
 * Unfiltered tables are returned as they are (no copy).
 */
export function materialized(table: ColumnTable): ColumnTable {
  return rowsOf(table);
}
