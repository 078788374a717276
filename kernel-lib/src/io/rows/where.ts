import { SpecError } from '../../errors.js';
import { DictionaryColumn, TimestampColumn } from '../../table/columns.js';

/**
 * Row filters applied at load (行过滤), written as data: JSON-serialisable, printable, each with a label
 * that names it in the load report. A filter tests one column with one predicate; by default the rows
 * that match are kept (as SQL's WHERE), with `keep: false` the rows that match are dropped.
 *
 * A missing value never matches a comparison, `equals`, `in` or `startsWith` (as SQL's NULL): a row
 * whose Quantity is empty is dropped by `{ column: 'Quantity', '>': 0 }` and kept by
 * `{ column: 'Quantity', '<=': 0, keep: false }`. `missing: true` matches exactly the missing values.
 */
export type RowFilter = {
  /** The column: the input's header, or its name in the loaded table (canonical snake_case or camelCase). */
  column: string;
  /** Keep the rows that match (`true`, the default) or drop them (`false`). */
  keep?: boolean;
  /** Names the filter in the load report; default: the filter written out, e.g. `drop InvoiceNo starts with "C"`. */
  label?: string;
} & RowPredicate;

/** The predicate of a {@link RowFilter}: exactly one of these keys. */
export type RowPredicate =
  | { startsWith: string }
  | { equals: string | number | boolean }
  | { in: readonly (string | number)[] }
  | { '>': number }
  | { '>=': number }
  | { '<': number }
  | { '<=': number }
  | { missing: true };

/** The predicate keys, in the order they are listed in messages. */
export const ROW_PREDICATES = ['startsWith', 'equals', 'in', '>', '>=', '<', '<=', 'missing'] as const;
type PredicateKey = (typeof ROW_PREDICATES)[number];

/** A {@link RowFilter} checked: its predicate key and operand, and its label. */
export interface ResolvedRowFilter {
  column: string;
  keep: boolean;
  label: string;
  op: PredicateKey;
  operand: unknown;
  /** The filter as given (for the report). */
  filter: RowFilter;
}

const FILTER_KEYS = ['column', 'keep', 'label', ...ROW_PREDICATES];

function describe(column: string, op: PredicateKey, operand: unknown): string {
  const v = JSON.stringify(operand);
  switch (op) {
    case 'startsWith':
      return `${column} starts with ${v}`;
    case 'equals':
      return `${column} = ${v}`;
    case 'in':
      return `${column} in ${v}`;
    case 'missing':
      return `${column} is missing`;
    default:
      return `${column} ${op} ${v}`;
  }
}

/**
 * Checks the `where` option of `load()`: an array of {@link RowFilter}, each with one column and exactly
 * one predicate of the right type; anything else is `invalid where[i]…`.
 * @param where the option as given
 * @returns the filters, with their labels
 * @example resolveWhere([{ column: 'InvoiceNo', startsWith: 'C', keep: false }])[0].label // 'drop InvoiceNo starts with "C"'
 */
export function resolveWhere(where: unknown): ResolvedRowFilter[] {
  if (where === undefined) return [];
  if (!Array.isArray(where)) {
    throw new SpecError('where', where, "an array of filters like { column: 'Quantity', '>': 0 }");
  }
  return where.map((f: unknown, i) => {
    const at = `where[${i}]`;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) {
      throw new SpecError(at, f, "a filter like { column: 'Quantity', '>': 0 }");
    }
    const filter = f as Record<string, unknown>;
    for (const key of Object.keys(filter)) {
      if (!FILTER_KEYS.includes(key)) throw new SpecError(`${at} key`, key, FILTER_KEYS);
    }
    const column = filter.column;
    if (typeof column !== 'string' || column === '')
      throw new SpecError(`${at}.column`, column, 'a column name');
    const keep = filter.keep ?? true;
    if (typeof keep !== 'boolean') throw new SpecError(`${at}.keep`, keep, [true, false]);
    const ops = ROW_PREDICATES.filter((k) => k in filter);
    if (ops.length !== 1) {
      throw new SpecError(at, JSON.stringify(filter), `exactly one of ${ROW_PREDICATES.join(', ')}`);
    }
    const op = ops[0];
    const operand = filter[op];
    const bad = (expected: string) => new SpecError(`${at}.${op}`, operand, expected);
    switch (op) {
      case 'startsWith':
        if (typeof operand !== 'string' || operand === '') throw bad('a non-empty string');
        break;
      case 'equals':
        if (!['string', 'number', 'boolean'].includes(typeof operand))
          throw bad('a string, number or boolean');
        break;
      case 'in':
        if (
          !Array.isArray(operand) ||
          operand.length === 0 ||
          operand.some((v) => typeof v !== 'string' && typeof v !== 'number')
        ) {
          throw bad('a non-empty array of strings or numbers');
        }
        break;
      case 'missing':
        if (operand !== true) throw bad('true');
        break;
      default:
        if (typeof operand !== 'number' || !Number.isFinite(operand)) throw bad('a finite number');
    }
    const label = filter.label ?? `${keep ? 'keep' : 'drop'} ${describe(column, op, operand)}`;
    if (typeof label !== 'string' || label === '')
      throw new SpecError(`${at}.label`, label, 'a non-empty string');
    return { column, keep, label, op, operand, filter: filter as RowFilter };
  });
}

/** Whether value `v` (a column's value, null when missing) matches the predicate. */
function matcher(f: ResolvedRowFilter): (v: unknown) => boolean {
  const x = f.operand;
  switch (f.op) {
    case 'missing':
      return (v) => v === null;
    case 'startsWith':
      return (v) => v !== null && String(v).startsWith(x as string);
    case 'equals':
      return (v) =>
        v !== null && (v === x || (typeof x === 'number' ? Number(v) === x : String(v) === String(x)));
    case 'in': {
      const set = new Set((x as (string | number)[]).map(String));
      return (v) => v !== null && set.has(typeof v === 'number' ? String(v) : String(v));
    }
    case '>':
      return (v) => v !== null && (v as number) > (x as number);
    case '>=':
      return (v) => v !== null && (v as number) >= (x as number);
    case '<':
      return (v) => v !== null && (v as number) < (x as number);
    case '<=':
      return (v) => v !== null && (v as number) <= (x as number);
  }
}

/**
 * For each row, whether the predicate matches, for a loaded column (numbers, timestamps, dictionary
 * codes or plain values). Dictionary columns are tested once per distinct value.
 * @param f the filter
 * @param col the loaded column
 * @param name the column's name in the loaded table, for messages
 * @returns 1 where the row matches
 */
export function matches(f: ResolvedRowFilter, col: unknown, name: string): Uint8Array {
  const test = matcher(f);
  const numeric = f.op === '>' || f.op === '>=' || f.op === '<' || f.op === '<=';
  if (col instanceof Float64Array || col instanceof TimestampColumn) {
    if (col instanceof TimestampColumn && f.op !== 'missing') {
      throw new SpecError(
        `where (${f.label})`,
        f.column,
        `a column that is not a timestamp (${name} is one)`,
      );
    }
    const values = col instanceof TimestampColumn ? col.ms : col;
    const out = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      out[i] = test(v !== v ? null : v) ? 1 : 0;
    }
    return out;
  }
  if (numeric) {
    throw new SpecError(`where (${f.label})`, f.column, `a number column (${name} is text)`);
  }
  if (col instanceof DictionaryColumn) {
    const byCode = new Int8Array(col.dictionary.size).fill(-1);
    const missing = test(null) ? 1 : 0;
    const out = new Uint8Array(col.length);
    const codes = col.codes;
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c < 0) out[i] = missing;
      else {
        let m = byCode[c];
        if (m < 0) m = byCode[c] = test(col.dictionary.decode(c)) ? 1 : 0;
        out[i] = m;
      }
    }
    return out;
  }
  const values = col as ArrayLike<unknown>;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = test(v === undefined ? null : v) ? 1 : 0;
  }
  return out;
}
