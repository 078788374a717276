import { parquetSchema, type FileMetaData, type ParquetParsers, type SchemaElement } from 'hyparquet';
import type { Decode } from '../values/text.js';

/**
 * What a Parquet column holds, from its schema (physical, converted and logical type), as far as
 * loading cares: the raw values hyparquet hands over with {@link RAW_PARSERS} differ by kind.
 */
export type ParquetKind =
  /** Text (UTF8 / STRING / ENUM, or plain BYTE_ARRAY): UTF-8 bytes (Uint8Array); UUID: strings. */
  | 'string'
  /** DOUBLE, FLOAT, INT32, small ints, DECIMAL, FLOAT16: JS numbers. */
  | 'number'
  /** INT64 without a logical type, UINT_64: BigInt. */
  | 'bigint'
  /** TIMESTAMP adjusted to UTC (an instant), legacy TIMESTAMP_MILLIS/MICROS, INT96: epoch ms as numbers. */
  | 'instant'
  /** TIMESTAMP with `isAdjustedToUTC: false` (a wall-clock time, no zone): wall-clock ms as numbers. */
  | 'wallclock'
  /** DATE: days since 1970-01-01 as numbers. */
  | 'date'
  /** TIME: a time of day with no date, as text `HH:MM:SS.fff` (never a timestamp). */
  | 'time'
  | 'boolean'
  /** Nested (LIST, MAP, STRUCT), JSON, bytes: whatever hyparquet assembles. */
  | 'other';

/** A top-level column of a Parquet file. */
export interface ParquetColumn {
  name: string;
  kind: ParquetKind;
}

/**
 * The top-level columns of a Parquet file, in order, with their kinds.
 * @param metadata the file's footer (`parquetMetadataAsync`)
 * @returns one entry per top-level column
 * @example parquetColumns(metadata) // [{ name: 'user_id', kind: 'string' }, { name: 'ts', kind: 'wallclock' }]
 */
export function parquetColumns(metadata: FileMetaData): ParquetColumn[] {
  return parquetSchema(metadata).children.map((child) => ({
    name: child.element.name,
    kind: child.children.length ? 'other' : kindOf(child.element),
  }));
}

function kindOf(e: SchemaElement): ParquetKind {
  const ctype = e.converted_type;
  const ltype = e.logical_type;
  if (ltype?.type === 'TIMESTAMP') return ltype.isAdjustedToUTC ? 'instant' : 'wallclock';
  if (ltype?.type === 'TIME' || ctype === 'TIME_MILLIS' || ctype === 'TIME_MICROS') return 'time';
  if (ctype === 'TIMESTAMP_MILLIS' || ctype === 'TIMESTAMP_MICROS') return 'instant';
  if (e.type === 'INT96' && !ctype) return 'instant';
  if (ctype === 'DATE' || ltype?.type === 'DATE') return 'date';
  if (ctype === 'DECIMAL' || ltype?.type === 'FLOAT16') return 'number';
  if (ctype === 'JSON' || ctype === 'BSON' || ltype?.type === 'GEOMETRY' || ltype?.type === 'GEOGRAPHY') {
    return 'other';
  }
  if (ctype === 'UTF8' || ctype === 'ENUM' || ltype?.type === 'STRING' || ltype?.type === 'UUID')
    return 'string';
  switch (e.type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'FLOAT':
    case 'DOUBLE':
      return 'number';
    case 'INT64':
      return 'bigint';
    case 'BYTE_ARRAY':
      return 'string';
    default:
      return 'other';
  }
}

/**
 * hyparquet parsers that return plain numbers instead of a Date per value: epoch (or wall-clock) ms,
 * truncated toward zero like hyparquet's own, and DATE as days. Loading turns them into UTC ms with the
 * column's kind and the load's time zone, without a Date object per row.
 */
export const RAW_PARSERS: Partial<ParquetParsers> = {
  timestampFromMilliseconds: (millis: bigint) => Number(millis),
  timestampFromMicroseconds: (micros: bigint) => {
    // Number(µs) is exact below 2^53 µs (year 2255); the division is corrected to exact truncation.
    const n = Number(micros);
    let q = Math.trunc(n / 1000);
    const r = n - q * 1000;
    if (n >= 0 && r < 0) q--;
    else if (n < 0 && r > 0) q++;
    return q;
  },
  timestampFromNanoseconds: (nanos: bigint) => Number(nanos / 1_000_000n),
  dateFromDays: (days: number) => days,
  // Text stays bytes: user ids are interned from their bytes (as CSV fields are), never decoded twice.
  stringFromBytes: (bytes: Uint8Array) => bytes,
};

const DAY = 86_400_000;

/**
 * A raw value as the record path saw it (hyparquet's defaults): a Date for timestamps and dates, text
 * decoded, the value itself otherwise. Used for type inference and for columns loaded as a type their
 * kind does not map to.
 * @param kind the column's kind
 * @param raw a non-missing raw value
 * @param decode UTF-8 decoding of text bytes
 * @returns the JS value
 * @example jsValueOf('date', 17075, decode) // Date 2016-10-01T00:00:00Z
 */
export function jsValueOf(kind: ParquetKind, raw: unknown, decode: Decode): unknown {
  if (kind === 'instant' || kind === 'wallclock') return new Date(raw as number);
  if (kind === 'date') return new Date((raw as number) * DAY);
  if (kind === 'time') return timeOfDay(raw);
  if (raw instanceof Uint8Array && kind === 'string') return decode(raw, 0, raw.length);
  return raw;
}

/** A Parquet TIME (ms as a number, µs or ns as a BigInt, as hyparquet hands it) as `HH:MM:SS.fff`. */
function timeOfDay(raw: unknown): unknown {
  if (typeof raw !== 'number' && typeof raw !== 'bigint') return raw;
  // hyparquet gives TIME_MILLIS (INT32) as a number of ms, TIME_MICROS/NANOS (INT64) as a BigInt.
  const ms = typeof raw === 'number' ? raw : Number(raw) / 1000;
  return new Date(Math.floor(ms)).toISOString().slice(11, 23);
}
