import { SpecError } from '../errors.js';
import { oneOf, rejectUnknownKeys } from '../spec.js';
import { Dictionary } from '../table/dictionary.js';
import { TimeZone } from '../time/zone.js';
import { CANONICAL_TABLES, COLUMN_TYPES, type CanonicalTableName, type ColumnType } from './schema.js';
import { DEFAULT_NULL_VALUES, ENCODINGS, type Encoding } from './values/text.js';
import { DATE_FORMATS, type DateFormat } from './values/timestamp.js';
import { WHITESPACE } from './csv/tokenizer.js';
import { resolveWhere, type ResolvedRowFilter, type RowFilter } from './rows/where.js';

/** Input formats `load()` reads. */
export const LOAD_FORMATS = ['csv', 'tsv', 'json', 'ndjson', 'parquet', 'arrow'] as const;
/** See {@link LOAD_FORMATS}. */
export type LoadFormat = (typeof LOAD_FORMATS)[number];

/** Options of `load()`: a spec, validated; unknown keys are refused. */
export interface LoadOptions {
  /** Input format; default from the file extension (`.csv`, `.tsv`, `.json`, `.ndjson`/`.jsonl`, `.parquet`, `.arrow`/`.feather`, optionally `.gz` for CSV), else CSV. */
  format?: LoadFormat;
  /** The canonical table the input is (columns, types and required columns of DESIGN.md). */
  table?: CanonicalTableName;
  /** Canonical camelCase name → the input's header, e.g. `{ userId: 'uid', ts: '下单时间' }`. */
  columns?: Record<string, string>;
  /** Forces the type of columns (canonical camelCase names, output names or input headers). */
  types?: Record<string, ColumnType>;
  /**
   * Time zone of naive timestamps (IANA name or offset like `+08:00`); values with an offset keep it. The
   * table carries it (数据时区): every metric counts local days in it unless its spec names a `timeZone`.
   * @default 'UTC'
   */
  timeZone?: string;
  /** How dates are written when the data cannot tell: slash order or numbers (Excel serial, epoch). */
  dateFormat?: DateFormat;
  /** Text encoding of CSV; `auto` sniffs a BOM and falls back to GB18030 on invalid UTF-8. @default 'auto' */
  encoding?: Encoding;
  /**
   * CSV field delimiter: one ASCII character, or `'whitespace'` for fields separated by runs of spaces
   * and tabs (blanks at the start and end of a line are not fields), as in `00001 19970101  1   11.77`.
   * @default sniffed from the first line: ',' '\t' ';' or '|' (tab for `.tsv`)
   */
  delimiter?: string;
  /**
   * Whether the first line of a CSV is a header. With `false` every line is data, and the columns are
   * named by `names` (or `column_1`, `column_2`, …). @default true
   */
  header?: boolean;
  /** Column names of a CSV without a header line (`header: false`), one per field. */
  names?: readonly string[];
  /**
   * Rows whose user id is missing (empty, whitespace only such as " ", a tab, U+3000 or U+FEFF, or
   * null): `'error'` keeps them as missing values (null), counted in the load report, and every metric
   * that needs a user id refuses them naming this option; `'drop'` drops them, counted in the load
   * report ({@link loadReport}). @default 'error'
   */
  missingUsers?: 'error' | 'drop';
  /**
   * A canonical `amount` computed at load: `{ product: ['Quantity', 'UnitPrice'] }` multiplies number
   * columns (headers or loaded names) row by row, exactly to the millionth (see `rows/product.ts`).
   * Contradicts `columns.amount`.
   */
  amount?: { product: readonly string[] };
  /**
   * Row filters at load, applied in order, each counted in the load report under its label, e.g.
   * `[{ column: 'InvoiceNo', startsWith: 'C', keep: false }, { column: 'Quantity', '>': 0 }]`
   * (see {@link RowFilter}).
   */
  where?: readonly RowFilter[];
  /** Encode user ids into this dictionary, so several tables share codes. @default a new one */
  dictionary?: Dictionary;
  /** Texts read as missing values (the empty field always is). @default ['', 'NA', 'N/A', 'NaN', 'NULL', 'null', 'None', '#N/A'] */
  nullValues?: readonly string[];
  /** Cancels loading; `load()` then rejects with `CancelledError`. */
  signal?: AbortSignal;
  /** Called after each chunk read. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** A name for the input in error messages when it is not a file (e.g. `orders (pasted)`). */
  name?: string;
}

/** {@link LoadOptions} checked, with defaults. */
export interface ResolvedLoadOptions {
  format?: LoadFormat;
  table?: CanonicalTableName;
  columns: Record<string, string>;
  types: Record<string, ColumnType>;
  zone: TimeZone;
  dateFormat?: DateFormat;
  encoding: Encoding;
  /** A character code, or `WHITESPACE` (-1). */
  delimiter?: number;
  header: boolean;
  names?: string[];
  missingUsers: 'error' | 'drop';
  /** Factor columns of a derived amount. */
  amountProduct?: string[];
  where: ResolvedRowFilter[];
  /** Canonical columns computed after reading (not looked for in the input). */
  derived: string[];
  dictionary: Dictionary;
  nullValues: readonly string[];
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  name?: string;
}

const KEYS = [
  'format',
  'table',
  'columns',
  'types',
  'timeZone',
  'dateFormat',
  'encoding',
  'delimiter',
  'dictionary',
  'nullValues',
  'signal',
  'onProgress',
  'name',
  'header',
  'names',
  'missingUsers',
  'amount',
  'where',
] as const;

/** Values of the `missingUsers` option of `load()`. */
export const MISSING_USERS = ['error', 'drop'] as const;

/**
 * The factors of a derived amount (`amount: { product: ['Quantity', 'UnitPrice'] }`), checked: two or more
 * column names. `load()` and the SQL sources take the same form.
 */
export function amountFactors(amount: unknown): string[] {
  const factors = (amount as { product?: unknown } | null)?.product;
  if (
    typeof amount !== 'object' ||
    amount === null ||
    Object.keys(amount).join() !== 'product' ||
    !Array.isArray(factors) ||
    factors.length < 2 ||
    factors.some((f) => typeof f !== 'string' || f === '')
  ) {
    throw new SpecError(
      'amount',
      amount,
      "{ product: ['Quantity', 'UnitPrice'] } (two or more number columns)",
    );
  }
  return (factors as string[]).slice();
}

function stringRecord(option: string, value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SpecError(option, value, 'an object like { userId: "uid" }');
  }
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' || v === '') throw new SpecError(`${option}.${k}`, v, 'a non-empty string');
  }
  return value as Record<string, string>;
}

/** Checks `load()` options and fills in defaults. */
export function resolveLoadOptions(options: LoadOptions = {}): ResolvedLoadOptions {
  if (typeof options !== 'object' || options === null)
    throw new SpecError('load options', options, 'an object');
  rejectUnknownKeys('load', options, KEYS);
  const o = options;
  const types = stringRecord('types', o.types);
  for (const [k, v] of Object.entries(types)) oneOf(`types.${k}`, v, COLUMN_TYPES, 'string');
  let delimiter: number | undefined;
  if (o.delimiter === 'whitespace') delimiter = WHITESPACE;
  else if (o.delimiter !== undefined) {
    if (
      typeof o.delimiter !== 'string' ||
      o.delimiter.length !== 1 ||
      o.delimiter.charCodeAt(0) > 127 ||
      /["\r\n]/.test(o.delimiter)
    ) {
      throw new SpecError(
        'delimiter',
        o.delimiter,
        'one ASCII character other than a quote or line end, e.g. "," "\\t" ";" "|", or "whitespace"',
      );
    }
    delimiter = o.delimiter.charCodeAt(0);
  }
  if (o.dictionary !== undefined && !(o.dictionary instanceof Dictionary)) {
    throw new SpecError('dictionary', o.dictionary, 'a Dictionary');
  }
  if (
    o.nullValues !== undefined &&
    (!Array.isArray(o.nullValues) || o.nullValues.some((v) => typeof v !== 'string'))
  ) {
    throw new SpecError('nullValues', o.nullValues, 'an array of strings');
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function') {
    throw new SpecError('onProgress', o.onProgress, 'a function (bytesRead, totalBytes) => void');
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) {
    throw new SpecError('signal', o.signal, 'an AbortSignal');
  }
  if (o.name !== undefined && typeof o.name !== 'string') throw new SpecError('name', o.name, 'a string');
  if (o.timeZone !== undefined && typeof o.timeZone !== 'string') {
    throw new SpecError('timeZone', o.timeZone, 'an IANA zone such as "Asia/Shanghai", "UTC" or "+08:00"');
  }
  if (o.header !== undefined && typeof o.header !== 'boolean')
    throw new SpecError('header', o.header, [true, false]);
  const header = o.header ?? true;
  let names: string[] | undefined;
  if (o.names !== undefined) {
    if (header)
      throw new SpecError('names', o.names, 'names with header: false (a file without a header line)');
    if (
      !Array.isArray(o.names) ||
      o.names.length === 0 ||
      o.names.some((v) => typeof v !== 'string' || v.trim() === '')
    ) {
      throw new SpecError('names', o.names, 'an array of non-empty column names');
    }
    const dup = o.names.find((v, k) => o.names!.indexOf(v) !== k);
    if (dup !== undefined) throw new SpecError('names', o.names, `distinct names ("${dup}" is given twice)`);
    names = o.names.slice();
  }
  const columns = stringRecord('columns', o.columns);
  let amountProduct: string[] | undefined;
  if (o.amount !== undefined) {
    const a = o.amount as unknown;
    const factors = amountFactors(a);
    if (columns.amount !== undefined) {
      throw new SpecError(
        'amount',
        a,
        `either columns.amount (${JSON.stringify(columns.amount)}) or a derived amount, not both`,
      );
    }
    for (const f of factors) {
      const given = types[f];
      if (given !== undefined && given !== 'number') {
        throw new SpecError(`types.${f}`, given, `"number" (${f} is a factor of the derived amount)`);
      }
    }
    amountProduct = factors;
  }
  return {
    format: o.format === undefined ? undefined : oneOf('format', o.format, LOAD_FORMATS, 'csv'),
    table: o.table === undefined ? undefined : oneOf('table', o.table, CANONICAL_TABLES, 'orders'),
    columns,
    types: types as Record<string, ColumnType>,
    zone: TimeZone.of(o.timeZone ?? 'UTC'),
    dateFormat:
      o.dateFormat === undefined ? undefined : oneOf('dateFormat', o.dateFormat, DATE_FORMATS, 'ymd'),
    encoding: oneOf('encoding', o.encoding, ENCODINGS, 'auto'),
    delimiter,
    header,
    names,
    missingUsers: oneOf('missingUsers', o.missingUsers, MISSING_USERS, 'error'),
    amountProduct,
    where: resolveWhere(o.where),
    derived: amountProduct ? ['amount'] : [],
    dictionary: o.dictionary ?? new Dictionary(),
    nullValues: o.nullValues ?? DEFAULT_NULL_VALUES,
    signal: o.signal,
    onProgress: o.onProgress,
    name: o.name,
  };
}
