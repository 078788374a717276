import type { ColumnTable } from 'arquero';
import { InputError } from '../errors.js';
import { DictionaryColumn, TimestampColumn } from './columns.js';
import { Dictionary } from './dictionary.js';

/**
 * Typed access to the columns of a canonical table, whatever built it: `load()` gives typed columns
 * (fast path, no copy); an arquero table built by hand gives plain arrays (converted once).
 */

const reified = new WeakMap<ColumnTable, ColumnTable>();

/**
 * The table's own rows: a filtered arquero table (`table.filter(...)`) keeps its full columns plus a row
 * mask, so typed loops over `column(name)` would read rows the filter removed. Such a table is materialised
 * once (memoised per table); an unfiltered table is returned as it is, without a copy.
 */
export function rowsOf(table: ColumnTable): ColumnTable {
  if (typeof table.isFiltered !== 'function' || !table.isFiltered()) return table;
  let out = reified.get(table);
  if (!out) {
    out = table.reify();
    reified.set(table, out);
  }
  return out;
}

/** The named column (of the table's own rows, see {@link rowsOf}), or an error naming the table's columns. */
export function requireColumn(table: ColumnTable, name: string, what = 'table'): unknown {
  const col = rowsOf(table).column(name);
  if (!col) {
    throw new InputError(
      `missing column "${name}"`,
      { file: what },
      `one of the columns: ${table.columnNames().join(', ') || '(none)'}`,
    );
  }
  return col;
}

/**
 * Dense integer codes of a string-like column (user ids), in `dictionary` when one is given
 * (so two tables share codes). Missing values get -1.
 */
export function codesOf(table: ColumnTable, name: string, dictionary?: Dictionary): DictionaryColumn {
  const col = requireColumn(table, name) as any;
  if (col instanceof DictionaryColumn) {
    if (!dictionary || col.dictionary === dictionary) return col;
    return recode(col, dictionary);
  }
  const dict = dictionary ?? new Dictionary();
  const n = table.numRows();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.at(i);
    codes[i] = v === null || v === undefined || v === '' ? -1 : dict.encode(String(v));
  }
  return new DictionaryColumn(codes, dict);
}

/** Re-encodes a dictionary column into another dictionary (cost: one lookup per distinct value). */
export function recode(col: DictionaryColumn, target: Dictionary): DictionaryColumn {
  const map = new Int32Array(col.dictionary.size);
  for (let c = 0; c < map.length; c++) map[c] = target.encode(col.dictionary.decode(c));
  const codes = new Int32Array(col.length);
  for (let i = 0; i < codes.length; i++) {
    const c = col.codes[i];
    codes[i] = c < 0 ? -1 : map[c];
  }
  return new DictionaryColumn(codes, target);
}

/** Timestamps of a column as UTC epoch ms (NaN = missing). Accepts Date, number (ms) or ISO string. */
export function timestampsOf(table: ColumnTable, name: string): Float64Array {
  const col = requireColumn(table, name) as any;
  if (col instanceof TimestampColumn) return col.ms;
  const n = table.numRows();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.at(i);
    if (v === null || v === undefined || v === '') out[i] = NaN;
    else if (v instanceof Date) out[i] = v.getTime();
    else if (typeof v === 'number') out[i] = v;
    else {
      const t = Date.parse(String(v));
      if (Number.isNaN(t)) {
        throw new InputError(
          'unparseable timestamp',
          { column: name, row: i + 1, value: v },
          'a Date, epoch milliseconds or an ISO 8601 string',
        );
      }
      out[i] = t;
    }
  }
  return out;
}

/** A numeric column as Float64Array (NaN = missing). Strings must be plain numbers. */
export function numbersOf(table: ColumnTable, name: string): Float64Array {
  const col = requireColumn(table, name) as any;
  if (col instanceof Float64Array) return col;
  const n = table.numRows();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.at(i);
    if (v === null || v === undefined || v === '') out[i] = NaN;
    else if (typeof v === 'number') out[i] = v;
    else {
      const x = Number(v);
      if (Number.isNaN(x))
        throw new InputError('not a number', { column: name, row: i + 1, value: v }, 'a number');
      out[i] = x;
    }
  }
  return out;
}

/** A column's values as strings (null = missing). */
export function stringsOf(table: ColumnTable, name: string): (string | null)[] {
  const col = requireColumn(table, name) as any;
  const n = table.numRows();
  const out: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = col.at(i);
    out[i] = v === null || v === undefined ? null : String(v);
  }
  return out;
}

/** Whether the table has the named column. */
export function hasColumn(table: ColumnTable, name: string): boolean {
  return table.column(name) !== undefined;
}
