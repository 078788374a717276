import { SpecError } from '../errors.js';
import { oneOf, rejectUnknownKeys } from '../spec.js';
import { Dictionary } from '../table/dictionary.js';
import { TimeZone } from '../time/zone.js';
import { CANONICAL_TABLES, COLUMN_TYPES, type CanonicalTableName, type ColumnType } from './schema.js';
import { DEFAULT_NULL_VALUES, ENCODINGS, type Encoding } from './values/text.js';
import { DATE_FORMATS, type DateFormat } from './values/timestamp.js';

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
   * Time zone of naive timestamps (IANA name or offset like `+08:00`); values with an offset keep it.
   * @default 'UTC'
   */
  timeZone?: string;
  /** How dates are written when the data cannot tell: slash order or numbers (Excel serial, epoch). */
  dateFormat?: DateFormat;
  /** Text encoding of CSV; `auto` sniffs a BOM and falls back to GB18030 on invalid UTF-8. @default 'auto' */
  encoding?: Encoding;
  /** CSV field delimiter (one ASCII character). @default ',' (tab for `.tsv`) */
  delimiter?: string;
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
  delimiter?: number;
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
] as const;

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
  if (o.delimiter !== undefined) {
    if (
      typeof o.delimiter !== 'string' ||
      o.delimiter.length !== 1 ||
      o.delimiter.charCodeAt(0) > 127 ||
      /["\r\n]/.test(o.delimiter)
    ) {
      throw new SpecError(
        'delimiter',
        o.delimiter,
        'one ASCII character other than a quote or line end, e.g. "," "\\t" ";" "|"',
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
  return {
    format: o.format === undefined ? undefined : oneOf('format', o.format, LOAD_FORMATS, 'csv'),
    table: o.table === undefined ? undefined : oneOf('table', o.table, CANONICAL_TABLES, 'orders'),
    columns: stringRecord('columns', o.columns),
    types: types as Record<string, ColumnType>,
    zone: TimeZone.of(o.timeZone ?? 'UTC'),
    dateFormat:
      o.dateFormat === undefined ? undefined : oneOf('dateFormat', o.dateFormat, DATE_FORMATS, 'ymd'),
    encoding: oneOf('encoding', o.encoding, ENCODINGS, 'auto'),
    delimiter,
    dictionary: o.dictionary ?? new Dictionary(),
    nullValues: o.nullValues ?? DEFAULT_NULL_VALUES,
    signal: o.signal,
    onProgress: o.onProgress,
    name: o.name,
  };
}
