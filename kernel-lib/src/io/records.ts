import type { ColumnTable } from 'arquero';
import { CancelledError, InputError } from '../errors.js';
import { recode } from '../table/access.js';
import { DictionaryColumn, TimestampColumn } from '../table/columns.js';
import { builderFor, contextsFor, toTextBuilder } from './columns/builders.js';
import { SAMPLE_ROWS } from './infer.js';
import type { ColumnPlan } from './mapping.js';
import type { ResolvedLoadOptions } from './options.js';
import type { Planner, ReadColumns } from './csv/readCsv.js';
import { decoderFor } from './values/text.js';
import { WallClock } from './values/timestamp.js';

/** Input columns as JS values: names, and a way to read value i of column k. */
export interface ValueColumns {
  names: string[];
  rows: number;
  /** The raw column k (an array, a typed array, or an arquero/Arrow column with `at`). */
  column(k: number): ArrayLike<unknown> | { at(i: number): unknown; length: number };
}

function reader(col: ReturnType<ValueColumns['column']>): (i: number) => unknown {
  if (Array.isArray(col) || ArrayBuffer.isView(col)) return (i) => (col as ArrayLike<unknown>)[i];
  if (typeof (col as any).at === 'function') return (i) => (col as any).at(i);
  return (i) => (col as ArrayLike<unknown>)[i];
}

/** Column-wise view of an array of records; keys in order of first appearance, absent keys missing. */
export function recordColumns(records: readonly unknown[], file: string): ValueColumns {
  const index = new Map<string, number>();
  const columns: unknown[][] = [];
  records.forEach((r, i) => {
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      throw new InputError(
        'not a record',
        { file, row: i + 1, value: JSON.stringify(r) },
        'an object like { "user_id": "u1", "ts": "2016-10-01" }',
      );
    }
    for (const [key, v] of Object.entries(r)) {
      let k = index.get(key);
      if (k === undefined) {
        k = columns.length;
        index.set(key, k);
        columns.push(new Array(records.length).fill(null));
      }
      columns[k][i] = v;
    }
  });
  return { names: [...index.keys()], rows: records.length, column: (k) => columns[k] };
}

/** Column-wise view of an arquero table (unfiltered columns are used as they are). */
export function tableColumns(table: ColumnTable): ValueColumns {
  const names = table.columnNames();
  const direct = !table.isFiltered() && !table.isOrdered();
  return {
    names,
    rows: table.numRows(),
    column: (k) => (direct ? (table.column(names[k]) as any) : table.array(names[k])),
  };
}

/** Loads value columns through the same mapping, typing and errors as CSV. */
export function buildFromValues(
  input: ValueColumns,
  o: ResolvedLoadOptions,
  file: string,
  plan: Planner,
): ReadColumns {
  const missingText = new Set(o.nullValues);
  const isMissing = (v: unknown) =>
    v === null || v === undefined || (typeof v === 'string' && (v === '' || missingText.has(v)));
  const readers = input.names.map((_, k) => reader(input.column(k)));
  const sampleOf = (k: number) => {
    const out: unknown[] = [];
    const get = readers[k];
    for (let i = 0; i < input.rows && out.length < SAMPLE_ROWS; i++) {
      const v = get(i);
      if (!isMissing(v)) out.push(v);
    }
    return out;
  };
  const plans = plan(input.names.slice(), sampleOf);
  const contexts = contextsFor(plans, {
    file,
    decode: decoderFor('utf-8', file),
    clock: new WallClock(o.zone),
    dateFormat: o.dateFormat,
    dictionary: o.dictionary,
    capacity: input.rows,
  });
  const columns = plans.map((p, k) => {
    if (o.signal?.aborted) throw new CancelledError(`loading ${file}`);
    const passed = passThrough(input.column(k), p, o);
    if (passed) return passed;
    const ctx = contexts[k];
    let builder = builderFor(p.type, ctx);
    const get = readers[k];
    for (let i = 0; i < input.rows; i++) {
      const v = get(i);
      if (isMissing(v)) builder.missing();
      else if (!builder.value(v, i + 1)) {
        builder = toTextBuilder(builder, ctx);
        builder.value(v, i + 1);
      }
    }
    return builder.finish();
  });
  return { names: plans.map((p) => p.name), columns, rows: input.rows };
}

/** Columns already in Fupan's typed form are kept (ids recoded into the shared dictionary). */
function passThrough(col: unknown, p: ColumnPlan, o: ResolvedLoadOptions): unknown {
  if (col instanceof DictionaryColumn) {
    if (p.type === 'id') return col.dictionary === o.dictionary ? col : recode(col, o.dictionary);
    if (p.type === 'category' || p.type === 'auto-text') return col;
  }
  if (col instanceof TimestampColumn && p.type === 'timestamp') return col;
  if (col instanceof Float64Array && p.type === 'number') return col;
  return undefined;
}
