import { parquetMetadataAsync, parquetRead, type DecodedArray, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CancelledError, InputError } from '../errors.js';
import type { ColumnContext } from './columns/builders.js';
import type { Planner, ReadColumns } from './csv/readCsv.js';
import { SAMPLE_ROWS } from './infer.js';
import { checkFitsInMemory } from './memory.js';
import type { ColumnPlan } from './mapping.js';
import type { ResolvedLoadOptions } from './options.js';
import type { ParquetFile } from './parquet/file.js';
import {
  jsValueOf,
  parquetColumns,
  RAW_PARSERS,
  type ParquetColumn,
  type ParquetKind,
} from './parquet/kinds.js';
import { sinkFor, type IsMissing } from './parquet/sinks.js';
import { decoderFor, NullMatcher, type Decode } from './values/text.js';
import { WallClock } from './values/timestamp.js';

export { parquetFileAt, parquetFileOf, type ParquetFile } from './parquet/file.js';

/** At most this many rows are decoded at once (a bigger row group is read in slices of this size). */
const RANGE_ROWS = 1 << 20;
/** Text columns are sampled for type inference from at most this many leading rows. */
const SAMPLE_SCAN_ROWS = 1 << 20;

/** A slice of the file's rows read in one go: a row group, or part of a big one. */
interface RowRange {
  start: number;
  end: number;
}

/** One range's decoded chunks, by column name. */
type RangeChunks = Map<string, { data: DecodedArray; rowStart: number }[]>;

/**
 * Reads a Parquet file column by column (数据导入 from a Parquet export): the footer first, then one row
 * group (at most {@link RANGE_ROWS} rows) at a time, each column chunk appended straight into its typed
 * column, so neither the file nor its rows as objects are ever in memory whole. Mapping, forced types,
 * time zones, missing values, errors and user-id interning are those of the CSV path; Parquet's own types
 * decide the type of a column the mapping does not type (a DOUBLE column stays numeric even when empty).
 * Wall-clock timestamps (`isAdjustedToUTC: false`, DuckDB's `TIMESTAMP`) and DATEs are local times in the
 * load's `timeZone`; instants (`TIMESTAMPTZ`, INT96) keep their instant.
 *
 * @param file the file (from {@link parquetFileAt} or {@link parquetFileOf}); closed when done
 * @param name the file's name in error messages
 * @param o the resolved `load()` options
 * @param plan decides output names and types from the column names and a sample
 * @returns the loaded columns
 * @example const read = await readParquet(await parquetFileAt(path, path), path, resolveLoadOptions(), planner);
 */
export async function readParquet(
  file: ParquetFile,
  name: string,
  o: ResolvedLoadOptions,
  plan: Planner,
): Promise<ReadColumns> {
  try {
    return await readColumns(file, name, o, plan);
  } finally {
    await file.close();
  }
}

async function readColumns(
  file: ParquetFile,
  name: string,
  o: ResolvedLoadOptions,
  plan: Planner,
): Promise<ReadColumns> {
  if (file.buffer.byteLength === 0) throw new InputError('empty file', { file: name }, 'a parquet file');
  let metadata: FileMetaData;
  let columns: ParquetColumn[];
  try {
    metadata = await parquetMetadataAsync(file.buffer);
    columns = parquetColumns(metadata);
  } catch (err) {
    throw new InputError(`not a Parquet file (${(err as Error).message})`, { file: name }, 'a Parquet file');
  }
  const rows = Number(metadata.num_rows);
  const ranges = rowRanges(metadata);
  const nulls = new NullMatcher(o.nullValues);
  const isMissing: IsMissing = (v) =>
    v === null ||
    v === undefined ||
    (v instanceof Uint8Array
      ? nulls.matches(v, 0, v.length)
      : typeof v === 'string' && (v === '' || nulls.texts.has(v)));
  const decode = decoderFor('utf-8', name);

  // The leading ranges stay decoded until the plan (mapping, inferred types) is made from their sample.
  const buffered: RangeChunks[] = [];
  let next = 0;
  while (next < ranges.length && !sampled(buffered, columns, isMissing, decode, ranges[next].start)) {
    buffered.push(await readRange(file, metadata, ranges[next++], name));
  }
  const plans = plan(
    columns.map((c) => c.name),
    (k) => sampleOf(buffered, columns[k], isMissing, decode),
  );
  checkFitsInMemory(memoryNeed(metadata, plans, columns.length), name);

  const clock = new WallClock(o.zone);
  const sinks = plans.map((p, k) => {
    const ctx: ColumnContext = {
      file: name,
      header: p.header,
      decode,
      clock,
      dateFormat: o.dateFormat,
      slashOrder: p.slashOrder,
      dictionary: o.dictionary,
      strict: p.strict,
      capacity: rows,
    };
    return sinkFor(p, columns[k].kind, ctx, isMissing);
  });
  for (let r = 0; r < ranges.length; r++) {
    if (o.signal?.aborted) throw new CancelledError(`loading ${name}`);
    const range = ranges[r];
    const chunks = r < buffered.length ? buffered[r] : await readRange(file, metadata, range, name);
    if (r < buffered.length) buffered[r] = new Map(); // let the sample go once appended
    columns.forEach((c, k) => {
      let at = range.start;
      for (const chunk of chunks.get(c.name) ?? []) {
        const from = Math.max(at, chunk.rowStart);
        const to = Math.min(range.end, chunk.rowStart + chunk.data.length);
        if (from > at) break;
        if (to > from) sinks[k].append(chunk.data, from - chunk.rowStart, to - from, from);
        at = Math.max(at, to);
      }
      if (at !== range.end) {
        throw new InputError(
          `cannot read the Parquet data (column "${c.name}" has no values for rows ${at + 1}–${range.end})`,
          { file: name, row: at + 1, column: c.name },
          'a valid Parquet file',
        );
      }
    });
    o.onProgress?.(
      Math.round((file.buffer.byteLength * range.end) / Math.max(1, rows)),
      file.buffer.byteLength,
    );
  }
  return { names: plans.map((p) => p.name), columns: sinks.map((s) => s.finish()), rows };
}

/** The row groups, the big ones cut into slices of {@link RANGE_ROWS}. */
function rowRanges(metadata: FileMetaData): RowRange[] {
  const out: RowRange[] = [];
  let start = 0;
  for (const group of metadata.row_groups) {
    const end = start + Number(group.num_rows);
    for (let s = start; s < end; s += RANGE_ROWS) out.push({ start: s, end: Math.min(end, s + RANGE_ROWS) });
    start = end;
  }
  return out;
}

/** Decodes every column of one row range, keeping the chunks hyparquet hands over in row order. */
async function readRange(
  file: ParquetFile,
  metadata: FileMetaData,
  range: RowRange,
  name: string,
): Promise<RangeChunks> {
  const chunks: RangeChunks = new Map();
  try {
    // onChunk only collects: an exception thrown inside it would escape hyparquet as an unhandled rejection.
    await parquetRead({
      file: file.buffer,
      metadata,
      rowStart: range.start,
      rowEnd: range.end,
      compressors,
      parsers: RAW_PARSERS,
      useOffsetIndex: true,
      onChunk: ({ columnName, columnData, rowStart }) => {
        let list = chunks.get(columnName);
        if (!list) chunks.set(columnName, (list = []));
        list.push({ data: columnData, rowStart });
      },
    });
  } catch (err) {
    throw new InputError(
      `cannot read the Parquet data of rows ${range.start + 1}–${range.end} (${(err as Error).message})`,
      { file: name },
      'a valid Parquet file',
    );
  }
  for (const list of chunks.values()) list.sort((a, b) => a.rowStart - b.rowStart);
  return chunks;
}

/** Whether the decoded leading ranges hold enough of every text column to infer its type. */
function sampled(
  buffered: RangeChunks[],
  columns: ParquetColumn[],
  isMissing: IsMissing,
  decode: Decode,
  rowsRead: number,
): boolean {
  if (buffered.length === 0) return false;
  if (rowsRead >= SAMPLE_SCAN_ROWS) return true;
  return columns.every(
    (c) => c.kind !== 'string' || sampleOf(buffered, c, isMissing, decode).length >= SAMPLE_ROWS,
  );
}

/** What stands for a typed column with no value in the sample: its Parquet type decides. */
const TYPED_PLACEHOLDER: Partial<Record<ParquetKind, unknown>> = {
  number: 0,
  bigint: 0n,
  instant: new Date(0),
  wallclock: new Date(0),
  date: new Date(0),
  boolean: false,
};

/** The first {@link SAMPLE_ROWS} non-missing values of a column, as the record path saw them. */
function sampleOf(
  buffered: RangeChunks[],
  column: ParquetColumn,
  isMissing: IsMissing,
  decode: Decode,
): unknown[] {
  const out: unknown[] = [];
  for (const chunks of buffered) {
    for (const { data } of chunks.get(column.name) ?? []) {
      for (let i = 0; i < data.length && out.length < SAMPLE_ROWS; i++) {
        const v = data[i];
        if (!isMissing(v)) out.push(jsValueOf(column.kind, v, decode));
      }
    }
  }
  const placeholder = TYPED_PLACEHOLDER[column.kind];
  return out.length === 0 && placeholder !== undefined ? [placeholder] : out;
}

/**
 * Memory the load will take, from the footer: rows × the loaded type of each column (typed arrays off
 * the heap, text on it, as the CSV estimate counts them), plus one row range decoded at a time.
 */
function memoryNeed(
  metadata: FileMetaData,
  plans: ColumnPlan[],
  columnCount: number,
): { offHeap: number; heap: number } {
  const rows = Number(metadata.num_rows);
  let typed = 0;
  let text = 0;
  for (const p of plans) {
    if (p.type === 'number' || p.type === 'timestamp' || p.type === 'date') typed += 8;
    else if (p.type === 'string' || p.type === 'boolean') text++;
    else typed += 4;
  }
  const biggestGroup = metadata.row_groups.reduce((m, g) => Math.max(m, Number(g.total_byte_size)), 0);
  const rangeRows = Math.min(rows, RANGE_ROWS);
  return {
    offHeap: rows * typed + biggestGroup,
    heap: rows * text * 40 + rangeRows * columnCount * 32,
  };
}
