import type { AsyncBuffer, ColumnMetaData, DecodedArray, SchemaElement, SchemaTree } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { readPlain } from 'hyparquet/src/plain.js';
import { compressors } from 'hyparquet-compressors';

/**
 * A page reader for flat (not nested) columns of the common types, built on hyparquet's page decoders but
 * not on its row assembly: hyparquet turns every column of a nullable file (DuckDB writes all columns
 * OPTIONAL) into a generic JS array with a boxed number or a Date per row, and reads INT64 through a
 * BigInt per value. Here a page becomes a Float64Array (NaN = missing) of numbers, epoch ms or days, or
 * an array of text bytes (null = missing), with dictionaries converted once per column chunk.
 */

/** How the values of a flat column become page arrays. */
export interface FlatDecoder {
  /** `text`: UTF-8 bytes; `numbers`: JS numbers (ms for timestamps, days for DATE). */
  output: 'text' | 'numbers';
  /** Multiplies numbers (DECIMAL's 10^-scale). */
  factor: number;
  /** Divides numbers, truncating (1000 for TIMESTAMP MICROS to ms). */
  divisor: number;
  element: SchemaElement;
  schemaPath: SchemaTree[];
}

type DataPageArgs = Parameters<typeof readDataPage>[2];

/** Text of a page: bytes (plain pages), strings (dictionary pages), null = missing. */
export type PageText = (Uint8Array | string | null)[];
/**
 * A plain text page left as it is: value i is `bytes[starts[i]..ends[i])`, missing when `starts[i]` is
 * −1, so its values reach the byte interner without a Uint8Array view per value.
 */
export interface PlainText {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}
/** The values of a page: numbers (NaN = missing) or text. */
export type PageValues = Float64Array | PageText | PlainText;

/**
 * The decoder of a top-level column, or undefined when hyparquet's own reader must do (nested, repeated,
 * BOOLEAN, INT96, nanosecond timestamps, unsigned 32/64-bit, FLOAT16, fixed-length decimals, JSON, …).
 * @param tree the column's schema node (a child of the schema root)
 * @param root the schema root (the start of the column's schema path)
 * @returns how to decode its pages
 * @example const root = parquetSchema(metadata); flatDecoderOf(root.children[0], root)
 */
export function flatDecoderOf(tree: SchemaTree, root: SchemaTree): FlatDecoder | undefined {
  const e = tree.element;
  if (tree.children.length || e.repetition_type === 'REPEATED') return undefined;
  const ctype = e.converted_type;
  const ltype = e.logical_type;
  const base = { element: e, schemaPath: [root, tree], factor: 1, divisor: 1 };
  const decimal = ctype === 'DECIMAL' || ltype?.type === 'DECIMAL';
  const factor = decimal ? 10 ** -(e.scale || 0) : 1;
  const signed = !ltype || ltype.type !== 'INTEGER' || ltype.isSigned;
  switch (e.type) {
    case 'FLOAT':
    case 'DOUBLE':
      return !ctype && !ltype ? { ...base, output: 'numbers' } : undefined;
    case 'INT32': {
      const ok =
        (ctype === undefined ||
          ['INT_8', 'INT_16', 'INT_32', 'UINT_8', 'UINT_16', 'DATE', 'DECIMAL'].includes(ctype)) &&
        (!ltype || ['INTEGER', 'DATE', 'DECIMAL'].includes(ltype.type)) &&
        (signed || (ltype?.type === 'INTEGER' && ltype.bitWidth < 32));
      return ok ? { ...base, output: 'numbers', factor } : undefined;
    }
    case 'INT64': {
      if (ltype?.type === 'TIMESTAMP' || ctype === 'TIMESTAMP_MILLIS' || ctype === 'TIMESTAMP_MICROS') {
        const unit =
          ltype?.type === 'TIMESTAMP' ? ltype.unit : ctype === 'TIMESTAMP_MILLIS' ? 'MILLIS' : 'MICROS';
        if (unit === 'MILLIS') return { ...base, output: 'numbers' };
        return unit === 'MICROS' ? { ...base, output: 'numbers', divisor: 1000 } : undefined;
      }
      const ok =
        (ctype === undefined || ctype === 'INT_64' || ctype === 'DECIMAL') &&
        (!ltype || ltype.type === 'DECIMAL' || (ltype.type === 'INTEGER' && ltype.isSigned));
      return ok ? { ...base, output: 'numbers', factor } : undefined;
    }
    case 'BYTE_ARRAY': {
      const ok =
        (ctype === undefined || ctype === 'UTF8' || ctype === 'ENUM') &&
        (!ltype || ltype.type === 'STRING' || ltype.type === 'ENUM');
      return ok ? { ...base, output: 'text' } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Reads one column chunk page by page, handing each page's values to `emit`.
 * @param file the Parquet file
 * @param meta the column chunk's metadata (one row group, one column)
 * @param rows the row group's row count
 * @param d the column's decoder
 * @param emit called per data page with `count` values
 * @example await readFlatChunk(file, group.columns[k].meta_data!, Number(group.num_rows), d, (v, n) => …);
 */
export async function readFlatChunk(
  file: AsyncBuffer,
  meta: ColumnMetaData,
  rows: number,
  d: FlatDecoder,
  emit: (values: PageValues, count: number) => void,
): Promise<void> {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const buffer = await file.slice(start, start + Number(meta.total_compressed_size));
  const reader = { view: new DataView(buffer), offset: 0 };
  const args = {
    type: meta.type,
    element: d.element,
    schemaPath: d.schemaPath,
    codec: meta.codec,
    compressors,
  };
  const maxDefinition = d.element.repetition_type === 'REQUIRED' ? 0 : 1;
  let dictionary: Float64Array | Uint8Array[] | undefined;
  let done = 0;
  while (done < rows && reader.offset < buffer.byteLength) {
    const header = parquetHeader(reader);
    const compressed = new Uint8Array(buffer, reader.offset, header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    let page: { definitionLevels?: number[]; dataPage: DecodedArray; encoding: string; count: number };
    if (header.type === 'DICTIONARY_PAGE' && header.dictionary_page_header) {
      const bytes = decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors);
      const plain = readPlain(
        { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 },
        meta.type,
        header.dictionary_page_header.num_values,
        d.element.type_length,
      );
      // Dictionary text stays bytes (one view per entry, shared by its rows): the sinks intern bytes
      // (ASCII straight into the user-id dictionary), where a decoded string was trimmed, copied back to
      // bytes and hashed per row. Its UTF-8 is checked where a value is made text (the builders' decode).
      dictionary = d.output === 'text' ? (plain as Uint8Array[]) : toNumbers(plain, d);
      continue;
    } else if (header.type === 'DATA_PAGE' && header.data_page_header) {
      const bytes = decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors);
      const daph = header.data_page_header;
      if (
        d.output === 'text' &&
        daph.encoding === 'PLAIN' &&
        (!maxDefinition || daph.definition_level_encoding === 'RLE')
      ) {
        emit(plainText(bytes, daph.num_values, maxDefinition), daph.num_values);
        done += daph.num_values;
        continue;
      }
      const at =
        maxDefinition && daph.definition_level_encoding === 'RLE' ? presentFrom(bytes, daph.num_values) : -1;
      const values =
        at >= 0 ? presentValues(bytes, at, daph.encoding, daph.num_values, meta.type, d) : undefined;
      const read = values ? { dataPage: values } : readDataPage(bytes, daph, args as unknown as DataPageArgs);
      page = { ...read, encoding: daph.encoding, count: daph.num_values };
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
      const read = readDataPageV2(compressed, header, args as unknown as DataPageArgs);
      const daph = header.data_page_header_v2;
      page = { ...read, encoding: daph.encoding, count: daph.num_values };
    } else continue; // index pages
    const indexed = page.encoding.endsWith('_DICTIONARY');
    if (indexed && !dictionary) throw new Error('a dictionary-encoded page without a dictionary');
    const values = indexed
      ? page.dataPage
      : d.output === 'text'
        ? page.dataPage
        : toNumbers(page.dataPage, d);
    const levels = page.definitionLevels?.length ? page.definitionLevels : undefined;
    emit(
      d.output === 'text'
        ? expandText(
            values,
            indexed ? (dictionary as Uint8Array[]) : undefined,
            levels,
            maxDefinition,
            page.count,
          )
        : expandNumbers(
            values,
            indexed ? (dictionary as Float64Array) : undefined,
            levels,
            maxDefinition,
            page.count,
          ),
      page.count,
    );
    done += page.count;
  }
  if (done !== rows) throw new Error(`column chunk holds ${done} values for ${rows} rows`);
}

/** A PLAIN BYTE_ARRAY data page (v1) of a flat column: definition levels, then length-prefixed values. */
function plainText(bytes: Uint8Array, count: number, maxDefinition: number): PlainText {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = { view, offset: 0 };
  let levels: number[] | undefined;
  const present = maxDefinition ? presentFrom(bytes, count) : 0;
  if (present >= 0) reader.offset = present;
  else {
    levels = new Array<number>(count);
    readRleBitPackedHybrid(reader, 1, levels);
  }
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  let at = reader.offset;
  for (let i = 0; i < count; i++) {
    if (levels && levels[i] !== maxDefinition) {
      starts[i] = -1;
      continue;
    }
    const length = view.getUint32(at, true);
    at += 4;
    if (at + length > bytes.length) throw new Error('a text value runs past the end of its page');
    starts[i] = at;
    ends[i] = at += length;
  }
  return { bytes, starts, ends };
}

/**
 * Where the values of a v1 data page of a flat OPTIONAL column start when its definition levels say that
 * every value is present: one RLE run of `count` ones (as DuckDB and Spark write a page without nulls),
 * read without making a level per value. -1 otherwise (the levels are then decoded one by one).
 */
function presentFrom(bytes: Uint8Array, count: number): number {
  if (bytes.length < 6) return -1;
  const length = (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0;
  const end = 4 + length;
  if (end > bytes.length) return -1;
  let at = 4;
  let header = 0;
  for (let shift = 0; ; shift += 7) {
    if (at >= end || shift > 28) return -1;
    const b = bytes[at++];
    header += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) break;
  }
  // An RLE run (low bit 0) of `count` values, its value one byte (bit width 1) equal to 1.
  return header % 2 === 0 && header / 2 === count && at < end && bytes[at] === 1 ? end : -1;
}

/**
 * The values of a v1 data page with every value present (see {@link presentFrom}), from byte `at`: PLAIN
 * numbers, or dictionary indices; undefined for other encodings (hyparquet's reader decodes those).
 */
function presentValues(
  bytes: Uint8Array,
  at: number,
  encoding: string,
  count: number,
  type: ColumnMetaData['type'],
  d: FlatDecoder,
): DecodedArray | undefined {
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: at };
  if (encoding === 'PLAIN' && d.output === 'numbers')
    return readPlain(reader, type, count, d.element.type_length);
  if (encoding !== 'PLAIN_DICTIONARY' && encoding !== 'RLE_DICTIONARY') return undefined;
  const width = bytes[reader.offset++];
  if (!width) return new Uint8Array(count); // every index 0
  const indices = new Array<number>(count);
  readRleBitPackedHybrid(reader, width, indices, bytes.length - reader.offset);
  return indices;
}

const TWO_32 = 4294967296;

/** Raw values of a page or dictionary as numbers: INT64 read from its two 32-bit halves, no BigInt. */
function toNumbers(raw: DecodedArray, d: FlatDecoder): Float64Array {
  const n = raw.length;
  const out = new Float64Array(n);
  if (raw instanceof BigInt64Array) {
    const words = new Int32Array(raw.buffer, raw.byteOffset, n * 2);
    for (let i = 0; i < n; i++) out[i] = words[2 * i + 1] * TWO_32 + (words[2 * i] >>> 0);
  } else if (raw instanceof Float64Array) out.set(raw);
  else for (let i = 0; i < n; i++) out[i] = Number(raw[i] as number | bigint);
  if (d.factor !== 1) for (let i = 0; i < n; i++) out[i] *= d.factor;
  if (d.divisor !== 1) {
    // Truncation toward zero of an exact integer quotient, like hyparquet's BigInt division.
    const k = d.divisor;
    for (let i = 0; i < n; i++) {
      const x = out[i];
      let q = Math.trunc(x / k);
      const r = x - q * k;
      if (x >= 0 && r < 0) q--;
      else if (x < 0 && r > 0) q++;
      out[i] = q;
    }
  }
  return out;
}

function expandNumbers(
  values: DecodedArray,
  dictionary: Float64Array | undefined,
  levels: number[] | undefined,
  maxDefinition: number,
  count: number,
): Float64Array {
  if (!dictionary && !levels) return values as Float64Array;
  const out = new Float64Array(count);
  let v = 0;
  for (let i = 0; i < count; i++) {
    if (levels && levels[i] !== maxDefinition) out[i] = NaN;
    else out[i] = dictionary ? dictionary[values[v++] as number] : (values[v++] as number);
  }
  return out;
}

function expandText(
  values: DecodedArray,
  dictionary: Uint8Array[] | undefined,
  levels: number[] | undefined,
  maxDefinition: number,
  count: number,
): PageText {
  const out: PageText = new Array<Uint8Array | string | null>(count);
  let v = 0;
  for (let i = 0; i < count; i++) {
    if (levels && levels[i] !== maxDefinition) out[i] = null;
    else out[i] = dictionary ? dictionary[values[v++] as number] : (values[v++] as Uint8Array);
  }
  return out;
}
