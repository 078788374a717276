import {
  parquetMetadataAsync,
  parquetRead,
  parquetSchema,
  type DecodedArray,
  type FileMetaData,
  type RowGroup,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CancelledError, FupanError, InputError } from '../../errors.js';
import type { ColumnContext } from '../columns/builders.js';
import type { Planner, ReadColumns } from '../csv/readCsv.js';
import { SAMPLE_ROWS } from '../infer.js';
import { checkFitsInMemory, estimateColumnsNeed, type ColumnSample, type MemoryNeed } from '../memory.js';
import type { ColumnPlan } from '../mapping.js';
import type { ResolvedLoadOptions } from '../options.js';
import type { ParquetFile } from './file.js';
import { jsValueOf, parquetColumns, RAW_PARSERS, type ParquetColumn, type ParquetKind } from './kinds.js';
import { flatDecoderOf, readFlatChunk, type FlatDecoder, type PageValues, type PlainText } from './pages.js';
import { sinkFor, type ColumnSink, type IsMissing } from './sinks.js';
import { decoderFor, NullMatcher, type Decode } from '../values/text.js';
import { WallClock } from '../values/timestamp.js';
import { maxOf } from '../../math/extent.js';

export { parquetFileAt, parquetFileOf, type ParquetFile } from './file.js';

/**
 * Columns hyparquet assembles (nested, boolean, rare types) are decoded at most this many rows at a time (a
 * bigger row group is read in slices of this size).
 */
const RANGE_ROWS = 1 << 20;

/** A slice of the file's rows read in one go: a row group, or part of a big one. */
interface RowRange {
  start: number;
  end: number;
}

/** One range's decoded chunks, by column name. */
type RangeChunks = Map<string, { data: DecodedArray | PlainText; rowStart: number; count: number }[]>;

/** Value i of a page (a view of the bytes, or null, for a plain text page). */
function valueAt(data: DecodedArray | PlainText, i: number): unknown {
  if (Array.isArray(data) || ArrayBuffer.isView(data)) return (data as DecodedArray)[i];
  const s = (data as PlainText).starts[i];
  return s < 0 ? null : (data as PlainText).bytes.subarray(s, (data as PlainText).ends[i]);
}

/**
 * Reads a Parquet file column by column (数据导入 from a Parquet export): the footer first, then one row
 * group at a time, one column chunk at a time, each page appended straight into its typed column, so
 * neither the file nor its rows as objects are ever in memory whole. Flat columns of the common types go
 * through {@link readFlatChunk}; the others through hyparquet's reader, at most {@link RANGE_ROWS} rows
 * at a time. Mapping, forced types, time zones, missing values, errors and user-id interning are those
 * of the CSV path; Parquet's own types decide the type of a column the mapping does not type (a DOUBLE
 * column stays numeric even when empty); text columns are inferred from the first row group.
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
  // The row groups hold the data: a footer whose total disagrees (parquet-testing's
  // repeated_no_annotation.parquet says 0 rows for a group of 6) is read by its groups, as DuckDB does.
  const groupRows = metadata.row_groups.reduce((sum, g) => sum + Number(g.num_rows), 0);
  if (groupRows !== Number(metadata.num_rows)) metadata = { ...metadata, num_rows: BigInt(groupRows) };
  const rows = Number(metadata.num_rows);
  const nulls = new NullMatcher(o.nullValues);
  const isMissing: IsMissing = (v) =>
    v === null ||
    v === undefined ||
    (v instanceof Uint8Array
      ? nulls.matches(v, 0, v.length)
      : typeof v === 'string' && (v === '' || nulls.texts.has(v)));
  const decode = decoderFor('utf-8', name);

  const tree = parquetSchema(metadata);
  const decoders = tree.children.map((child) => {
    const d = flatDecoderOf(child, tree);
    // INT64 as doubles only when the footer shows every value is exact (|v| ≤ 2^53): ids beyond are BigInts.
    return d &&
      child.element.type === 'INT64' &&
      d.divisor === 1 &&
      d.factor === 1 &&
      !int64FitsDouble(metadata, child.element.name)
      ? undefined
      : d;
  });
  const generic = new Set(columns.flatMap((c, k) => (decoders[k] ? [] : [k])));
  const genericNames = [...generic].map((k) => columns[k].name);
  const groups = metadata.row_groups;
  const flat = { file, columns, decoders, name };

  // The first row group stays decoded until the plan (mapping, inferred types) is made from its sample.
  let first: RangeChunks = new Map();
  const firstRange = { start: 0, end: Math.min(Number(groups[0]?.num_rows ?? 0), RANGE_ROWS) };
  if (groups.length) {
    await readFlatGroup(flat, groups[0], 0, (k, data, rowStart, count) => {
      const list = first.get(columns[k].name) ?? [];
      list.push({ data, rowStart, count });
      first.set(columns[k].name, list);
    });
    if (generic.size) {
      for (const [c, list] of await readRange(file, metadata, firstRange, name, genericNames))
        first.set(c, list);
    }
  }
  const plans = plan(
    columns.map((c) => c.name),
    (k) => sampleOf([first], columns[k], isMissing, decode),
  );
  checkFitsInMemory(memoryNeed(metadata, plans, columns, first, isMissing, decode), name);

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
    return sinkFor(p, columns[k].kind, ctx, isMissing, nulls);
  });
  let groupStart = 0;
  for (let g = 0; g < groups.length; g++) {
    if (o.signal?.aborted) throw new CancelledError(`loading ${name}`);
    const groupEnd = groupStart + Number(groups[g].num_rows);
    if (g === 0) {
      columns.forEach((c, k) => {
        if (generic.has(k)) return;
        for (const chunk of first.get(c.name) ?? []) {
          sinks[k].append(chunk.data, 0, chunk.count, chunk.rowStart);
        }
      });
    } else {
      await readFlatGroup(flat, groups[g], groupStart, (k, data, rowStart, count) =>
        sinks[k].append(data, 0, count, rowStart),
      );
    }
    for (let s = groupStart; generic.size && s < groupEnd; s += RANGE_ROWS) {
      if (o.signal?.aborted) throw new CancelledError(`loading ${name}`);
      const range = { start: s, end: Math.min(groupEnd, s + RANGE_ROWS) };
      const chunks = g === 0 && s === 0 ? first : await readRange(file, metadata, range, name, genericNames);
      appendRange(chunks, range, columns, generic, sinks, name);
    }
    first = new Map(); // the first group's pages go once appended
    groupStart = groupEnd;
    o.onProgress?.(
      Math.round((file.buffer.byteLength * groupEnd) / Math.max(1, rows)),
      file.buffer.byteLength,
    );
  }
  if (o.signal?.aborted) throw new CancelledError(`loading ${name}`);
  return { names: plans.map((p) => p.name), columns: sinks.map((s) => s.finish()), rows };
}

/** What {@link readFlatGroup} needs to know of the file. */
interface FlatFile {
  file: ParquetFile;
  columns: ParquetColumn[];
  decoders: (FlatDecoder | undefined)[];
  name: string;
}

/** Decodes the flat columns of one row group, column after column, page after page. */
async function readFlatGroup(
  f: FlatFile,
  group: RowGroup,
  groupStart: number,
  onPage: (k: number, data: PageValues, rowStart: number, count: number) => void,
): Promise<void> {
  const groupRows = Number(group.num_rows);
  for (let k = 0; k < f.columns.length; k++) {
    const decoder = f.decoders[k];
    if (!decoder) continue;
    const column = f.columns[k].name;
    const meta = group.columns.find(
      (c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column,
    )?.meta_data;
    let row0 = groupStart;
    try {
      if (!meta) throw new Error('no column chunk in the row group');
      await readFlatChunk(f.file.buffer, meta, groupRows, decoder, (values, count) => {
        onPage(k, values, row0, count);
        row0 += count;
      });
    } catch (err) {
      if (err instanceof FupanError) throw err; // a bad value, named by its builder
      throw new InputError(
        `cannot read the Parquet data of rows ${groupStart + 1}–${groupStart + groupRows} (${(err as Error).message})`,
        { file: f.name, column },
        'a valid Parquet file',
      );
    }
  }
}

/** Appends the decoded chunks of a row range to the sinks of the columns they hold. */
function appendRange(
  chunks: RangeChunks,
  range: RowRange,
  columns: ParquetColumn[],
  only: ReadonlySet<number>,
  sinks: ColumnSink[],
  name: string,
): void {
  columns.forEach((c, k) => {
    if (!only.has(k)) return;
    const list = chunks.get(c.name) ?? [];
    let at = range.start;
    for (const chunk of list) {
      const from = Math.max(at, chunk.rowStart);
      const to = Math.min(range.end, chunk.rowStart + chunk.count);
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
}

/** Decodes every column of one row range, keeping the chunks hyparquet hands over in row order. */
async function readRange(
  file: ParquetFile,
  metadata: FileMetaData,
  range: RowRange,
  name: string,
  columns?: string[],
): Promise<RangeChunks> {
  const chunks: RangeChunks = new Map();
  try {
    // onChunk only collects: an exception thrown inside it would escape hyparquet as an unhandled rejection.
    await parquetRead({
      file: file.buffer,
      metadata,
      rowStart: range.start,
      rowEnd: range.end,
      columns,
      compressors,
      parsers: RAW_PARSERS,
      useOffsetIndex: true,
      onChunk: ({ columnName, columnData, rowStart }) => {
        let list = chunks.get(columnName);
        if (!list) chunks.set(columnName, (list = []));
        list.push({ data: columnData, rowStart, count: columnData.length });
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
    for (const { data, count } of chunks.get(column.name) ?? []) {
      for (let i = 0; i < count && out.length < SAMPLE_ROWS; i++) {
        const v = valueAt(data, i);
        if (v === v && !isMissing(v)) out.push(jsValueOf(column.kind, v, decode)); // NaN: missing (pages.ts)
      }
    }
  }
  const placeholder = TYPED_PLACEHOLDER[column.kind];
  return out.length === 0 && placeholder !== undefined ? [placeholder] : out;
}

/**
 * Memory the load will take (内存估算): the footer's exact row count with the planned types and the
 * first rows' text, counted as {@link estimateColumnsNeed} counts a CSV (not the compressed file size,
 * which says little of the loaded size), plus the working set of one row group: its bytes and its
 * decoded pages.
 */
function memoryNeed(
  metadata: FileMetaData,
  plans: ColumnPlan[],
  columns: ParquetColumn[],
  first: RangeChunks,
  isMissing: IsMissing,
  decode: Decode,
): MemoryNeed {
  const rows = Number(metadata.num_rows);
  const sampledRows = Math.min(SAMPLE_ROWS, Number(metadata.row_groups[0]?.num_rows ?? 0));
  const samples = plans.map((p, k): ColumnSample => {
    const values: string[] = [];
    for (const { data, rowStart, count } of first.get(columns[k].name) ?? []) {
      for (let i = 0; i < count && rowStart + i < sampledRows; i++) {
        const v = valueAt(data, i);
        if (v === v && !isMissing(v)) values.push(String(jsValueOf(columns[k].kind, v, decode)));
      }
    }
    return { type: p.type, values };
  });
  const need = estimateColumnsNeed(samples, sampledRows, rows);
  let biggestGroup = 0;
  for (const g of metadata.row_groups) biggestGroup = Math.max(biggestGroup, Number(g.total_byte_size));
  const groupRows = Math.min(rows, Math.max(maxOf(metadata.row_groups.map((g) => Number(g.num_rows))), 0));
  return { offHeap: need.offHeap + biggestGroup, heap: need.heap + groupRows * columns.length * 16 };
}

/**
 * Whether the footer's statistics show every value of an INT64 column within ±2^53, where a double holds
 * it exactly; false without statistics. Others are read as BigInt and so kept exact (ids of 18–19 digits).
 */
function int64FitsDouble(metadata: FileMetaData, column: string): boolean {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return metadata.row_groups.every((g) => {
    const meta = g.columns.find((c) => c.meta_data?.path_in_schema.join('.') === column)?.meta_data;
    if (!meta) return true;
    const { min_value, max_value, min, max } = meta.statistics ?? {};
    const lo = min_value ?? min;
    const hi = max_value ?? max;
    if (typeof lo !== 'bigint' && typeof lo !== 'number') return false;
    if (typeof hi !== 'bigint' && typeof hi !== 'number') return false;
    const within = (v: bigint | number) =>
      typeof v === 'bigint' ? v >= -limit && v <= limit : Math.abs(v) <= Number.MAX_SAFE_INTEGER;
    return within(lo) && within(hi);
  });
}
