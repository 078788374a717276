import { InputError, SpecError } from '../errors.js';
import { inferType, slashOrderOf } from './infer.js';
import type { ResolvedLoadOptions } from './options.js';
import {
  CANONICAL_SCHEMAS,
  canonicalColumn,
  implicitType,
  toCamelCase,
  toSnakeCase,
  type CanonicalType,
} from './schema.js';
import type { SlashOrder } from './values/timestamp.js';

/** How one input column is loaded: its output name, stored type, and whether misfits are errors. */
export interface ColumnPlan {
  /** The column as named in the input. */
  header: string;
  /** The column's name in the loaded table (canonical snake_case, or the header for extra columns). */
  name: string;
  type: CanonicalType | 'auto-text';
  /** Canonical and forced types refuse values that do not fit; inferred ones turn the column to text. */
  strict: boolean;
  /** Slash-date order known before reading (from `dateFormat` or the sample). */
  slashOrder: SlashOrder;
}

function findHeader(headers: readonly string[], wanted: string): number {
  const exact = headers.indexOf(wanted);
  if (exact >= 0) return exact;
  const norm = (h: string) => h.trim().toLowerCase();
  const loose = headers.flatMap((h, i) => (norm(h) === norm(wanted) ? [i] : []));
  return loose.length === 1 ? loose[0] : -1;
}

function describeMapping(columns: Record<string, string>): string {
  const entries = Object.entries(columns);
  return entries.length
    ? `{ ${entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`
    : '(none)';
}

/**
 * Maps input headers onto the canonical table and decides each column's type.
 * @param sample non-missing sample values of column k (text for CSV, JS values otherwise)
 * @param suggest optional guess of a mapping, shown when a required column is missing
 */
export function planColumns(
  headers: readonly string[],
  sample: (k: number) => readonly unknown[],
  o: ResolvedLoadOptions,
  file: string,
  suggest?: (headers: readonly string[]) => Record<string, string>,
): ColumnPlan[] {
  const names = headers.slice();
  const mappedFrom = new Map<number, string>();
  for (const [camel, header] of Object.entries(o.columns)) {
    const snake = toSnakeCase(camel);
    if (o.table && !canonicalColumn(o.table, snake)) {
      throw new SpecError(
        'columns',
        camel,
        CANONICAL_SCHEMAS[o.table].map((c) => toCamelCase(c.name)),
      );
    }
    const k = findHeader(headers, header);
    if (k < 0) {
      throw new InputError(
        `column "${header}" (mapped to ${camel}) not found`,
        { file, line: 1 },
        `one of the headers found: ${headers.map((h) => JSON.stringify(h)).join(', ')}`,
      );
    }
    if (mappedFrom.has(k)) {
      throw new SpecError(
        'columns',
        `${camel}: ${header}`,
        `each header mapped once; "${header}" is also mapped to ${mappedFrom.get(k)}`,
      );
    }
    mappedFrom.set(k, camel);
    names[k] = snake;
  }
  const seen = new Map<string, number>();
  names.forEach((name, k) => {
    const other = seen.get(name);
    if (other !== undefined) {
      throw new InputError(
        `two columns would both be named "${name}" (headers ${JSON.stringify(headers[other])} and ${JSON.stringify(headers[k])})`,
        { file, line: 1 },
        `one column per name; map only one of them or rename the other (mapping used: ${describeMapping(o.columns)})`,
      );
    }
    seen.set(name, k);
  });
  for (const name of o.derived) {
    const k = seen.get(name);
    if (k !== undefined) {
      throw new InputError(
        `the input already has a column "${name}" (header ${JSON.stringify(headers[k])})`,
        { file, line: 1 },
        `no column named ${name} when ${name} is derived at load (the option amount), or no derived ${name}`,
      );
    }
  }
  if (o.table) {
    const missing = CANONICAL_SCHEMAS[o.table].filter(
      (c) => c.required && !seen.has(c.name) && !o.derived.includes(c.name),
    );
    if (missing.length) {
      const guess = suggest?.(headers) ?? {};
      const hints = missing
        .map((c) => toCamelCase(c.name))
        .map((camel) => `${camel}: ${guess[camel] ? JSON.stringify(guess[camel]) : '"<your header>"'}`);
      throw new InputError(
        `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((c) => c.name).join(', ')} for table "${o.table}"`,
        { file, line: 1 },
        `a column for each; headers found: ${headers.map((h) => JSON.stringify(h)).join(', ') || '(none)'}; ` +
          `mapping used: ${describeMapping(o.columns)}; pass columns: { ${hints.join(', ')} }`,
      );
    }
  }
  const forced = new Map<number, CanonicalType>();
  const columnOf = (key: string, option: string) => {
    let k = names.indexOf(toSnakeCase(key));
    if (k < 0) k = names.indexOf(key);
    if (k < 0) k = headers.indexOf(key);
    if (k < 0) throw new SpecError(option, key, `a column of the input: ${names.join(', ')}`);
    return k;
  };
  for (const [key, type] of Object.entries(o.types)) forced.set(columnOf(key, 'types'), type);
  // The factors of a derived amount are numbers (a value that is not one is an error, not text).
  for (const key of o.amountProduct ?? []) {
    const k = columnOf(key, 'amount.product');
    if (!forced.has(k)) forced.set(k, 'number');
  }
  return names.map((name, k): ColumnPlan => {
    const canonical = o.table ? canonicalColumn(o.table, name)?.type : implicitType(name);
    const given = forced.get(k) ?? canonical;
    const type = given ?? inferType(sample(k));
    const slashOrder: SlashOrder =
      o.dateFormat === 'mdy'
        ? 1
        : o.dateFormat === 'dmy'
          ? 2
          : type === 'timestamp' || type === 'date'
            ? slashOrderOf(sample(k))
            : 0;
    return { header: headers[k], name, type, strict: given !== undefined, slashOrder };
  });
}
