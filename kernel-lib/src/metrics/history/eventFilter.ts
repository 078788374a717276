import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { requireColumn } from '../../table/access.js';
import { DictionaryColumn } from '../../table/columns.js';

/**
 * Which rows of an events table count, as JSON: an event name (`'login'`), a list of names
 * (`['visit', 'page_view']`, matched on the `event` column), or any column and its accepted values
 * (`{ column: 'platform', values: ['iOS'] }`). Undefined means every row.
 */
export type EventFilter = string | string[] | { column: string; values: (string | number | boolean)[] };

/** Checks an event filter option (throws `invalid <option>` naming the allowed shapes). */
export function checkEventFilter(option: string, value: unknown): EventFilter | undefined {
  if (value === undefined) return undefined;
  const shapes = 'an event name, a list of event names, or { column, values }';
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const f = value as { column?: unknown; values?: unknown };
    const keys = Object.keys(f);
    if (
      typeof f.column === 'string' &&
      f.column !== '' &&
      Array.isArray(f.values) &&
      f.values.length > 0 &&
      keys.every((k) => k === 'column' || k === 'values')
    ) {
      return value as EventFilter;
    }
  }
  throw new SpecError(option, JSON.stringify(value), shapes);
}

/**
 * A 0/1 mask of the rows that match `filter`, or undefined when every row matches (no filter).
 * Dictionary columns are matched on codes (one comparison per distinct value, not per row).
 */
export function matchRows(table: ColumnTable, filter: EventFilter | undefined): Uint8Array | undefined {
  if (filter === undefined) return undefined;
  const column = typeof filter === 'object' && !Array.isArray(filter) ? filter.column : 'event';
  const wanted = typeof filter === 'string' ? [filter] : Array.isArray(filter) ? filter : filter.values;
  const accepted = new Set(wanted.map(String));
  const col = requireColumn(table, column) as any;
  const n = table.numRows();
  const mask = new Uint8Array(n);
  if (col instanceof DictionaryColumn) {
    const byCode = col.dictionary.values.map((v) => accepted.has(v));
    for (let i = 0; i < n; i++) {
      const c = col.codes[i];
      mask[i] = c >= 0 && byCode[c] ? 1 : 0;
    }
    return mask;
  }
  for (let i = 0; i < n; i++) {
    const v = col.at(i);
    mask[i] = v !== null && v !== undefined && accepted.has(String(v)) ? 1 : 0;
  }
  return mask;
}
