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
import type { ParquetFile } from './file.js';
import { parquetColumns, RAW_PARSERS, type ParquetColumn } from './kinds.js';
import { flatDecoderOf, readFlatChunk, type FlatDecoder, type PageValues, type PlainText } from './pages.js';
import type { ColumnSink } from './sinks.js';

/**
 * Columns hyparquet assembles (nested, boolean, rare types) are decoded at most this many rows at a time (a
 * bigger row group is read in slices of this size).
 */
const RANGE_ROWS = 1 << 20;

/** A slice of the file's rows read in one go: a row group, or part of a big one. */
export interface RowRange {
  start: number;
  end: number;
}

/** One range's decoded chunks, by column name. */
export type RangeChunks = Map<string, { data: DecodedArray | PlainText; rowStart: number; count: number }[]>;

/**
 * A Parquet file's row groups (行组) and how each of its columns is decoded: flat columns of the common
 * types page by page ({@link readFlatChunk}), the others through hyparquet's reader. The main thread and
 * a worker reading a later range of groups make it alike from the same footer.
 */
export interface ParquetGroups {
  file: ParquetFile;
  /** The file's name in error messages. */
  name: string;
  metadata: FileMetaData;
  columns: ParquetColumn[];
  /** Per column, its page decoder, or undefined when hyparquet's reader decodes it. */
  decoders: (FlatDecoder | undefined)[];
  /** The columns hyparquet's reader decodes, by index and by name. */
  generic: ReadonlySet<number>;
  genericNames: string[];
  /** Row of the file each group starts at, and the file's rows at the end. */
  starts: number[];
}

/**
 * Reads the footer of a Parquet file (the row groups hold the rows: a footer whose total disagrees, as
 * parquet-testing's `repeated_no_annotation.parquet` says 0 rows for a group of 6, is read by its groups,
 * as DuckDB does) and decides each column's decoder.
 * @param file the file
 * @param name the file's name in error messages
 * @returns the groups to read
 * @example const groups = await parquetGroupsOf(await parquetFileAt(path, path), path);
 */
export async function parquetGroupsOf(file: ParquetFile, name: string): Promise<ParquetGroups> {
  if (file.buffer.byteLength === 0) throw new InputError('empty file', { file: name }, 'a parquet file');
  let metadata: FileMetaData;
  let columns: ParquetColumn[];
  try {
    metadata = await parquetMetadataAsync(file.buffer);
    columns = parquetColumns(metadata);
  } catch (err) {
    throw new InputError(`not a Parquet file (${(err as Error).message})`, { file: name }, 'a Parquet file');
  }
  const groupRows = metadata.row_groups.reduce((sum, g) => sum + Number(g.num_rows), 0);
  if (groupRows !== Number(metadata.num_rows)) metadata = { ...metadata, num_rows: BigInt(groupRows) };
  const tree = parquetSchema(metadata);
  const meta = metadata;
  const decoders = tree.children.map((child) => {
    const d = flatDecoderOf(child, tree);
    // INT64 as doubles only when the footer shows every value is exact (|v| ≤ 2^53): ids beyond are BigInts.
    return d &&
      child.element.type === 'INT64' &&
      d.divisor === 1 &&
      d.factor === 1 &&
      !int64FitsDouble(meta, child.element.name)
      ? undefined
      : d;
  });
  const generic = new Set(columns.flatMap((c, k) => (decoders[k] ? [] : [k])));
  const starts = [0];
  for (const g of metadata.row_groups) starts.push(starts[starts.length - 1] + Number(g.num_rows));
  return {
    file,
    name,
    metadata,
    columns,
    decoders,
    generic,
    genericNames: [...generic].map((k) => columns[k].name),
    starts,
  };
}

/**
 * The first row group's pages (for the sample the plan is made from), kept decoded until appended.
 * @param p the file's groups
 * @returns the chunks of every column of the group's first rows
 * @example const first = await firstGroupChunks(groups);
 */
export async function firstGroupChunks(p: ParquetGroups): Promise<RangeChunks> {
  const first: RangeChunks = new Map();
  const group = p.metadata.row_groups[0];
  if (!group) return first;
  await readFlatGroup(p, group, 0, (k, data, rowStart, count) => {
    const list = first.get(p.columns[k].name) ?? [];
    list.push({ data, rowStart, count });
    first.set(p.columns[k].name, list);
  });
  if (p.generic.size) {
    const range = { start: 0, end: Math.min(Number(group.num_rows), RANGE_ROWS) };
    for (const [c, list] of await readRange(p, range, p.genericNames)) first.set(c, list);
  }
  return first;
}

/** What a reader of row groups is told between groups. */
export interface GroupHooks {
  signal?: AbortSignal;
  /** After each group: the file's rows read so far by this reader (from its first group on). */
  onGroup?: (rowsRead: number) => void;
  /** The first group's chunks, when `from` is 0 and they were read for the sample (let go once appended). */
  first?: RangeChunks;
}

/**
 * Reads row groups [from, to) into the sinks (one per column), one group at a time, one column chunk at
 * a time, the `signal` checked between groups.
 * @param p the file's groups
 * @param sinks one sink per column
 * @param from the first group
 * @param to the group after the last
 * @param hooks cancellation, progress and the first group's chunks
 * @example await readGroups(groups, sinks, 0, groups.metadata.row_groups.length, { signal });
 */
export async function readGroups(
  p: ParquetGroups,
  sinks: ColumnSink[],
  from: number,
  to: number,
  hooks: GroupHooks = {},
): Promise<void> {
  const { columns, generic, metadata } = p;
  const groups = metadata.row_groups;
  for (let g = from; g < to; g++) {
    if (hooks.signal?.aborted) throw new CancelledError(`loading ${p.name}`);
    const groupStart = p.starts[g];
    const groupEnd = p.starts[g + 1];
    const first = g === 0 ? hooks.first : undefined;
    if (first) {
      columns.forEach((c, k) => {
        if (generic.has(k)) return;
        for (const chunk of first.get(c.name) ?? [])
          sinks[k].append(chunk.data, 0, chunk.count, chunk.rowStart);
      });
    } else {
      await readFlatGroup(p, groups[g], groupStart, (k, data, rowStart, count) =>
        sinks[k].append(data, 0, count, rowStart),
      );
    }
    for (let s = groupStart; generic.size && s < groupEnd; s += RANGE_ROWS) {
      if (hooks.signal?.aborted) throw new CancelledError(`loading ${p.name}`);
      const range = { start: s, end: Math.min(groupEnd, s + RANGE_ROWS) };
      const chunks = first && s === 0 ? first : await readRange(p, range, p.genericNames);
      appendRange(chunks, range, columns, generic, sinks, p.name);
    }
    if (first) hooks.first = undefined;
    hooks.onGroup?.(groupEnd - p.starts[from]);
  }
}

/** Decodes the flat columns of one row group, column after column, page after page. */
async function readFlatGroup(
  p: ParquetGroups,
  group: RowGroup,
  groupStart: number,
  onPage: (k: number, data: PageValues, rowStart: number, count: number) => void,
): Promise<void> {
  const groupRows = Number(group.num_rows);
  for (let k = 0; k < p.columns.length; k++) {
    const decoder = p.decoders[k];
    if (!decoder) continue;
    const column = p.columns[k].name;
    const meta = group.columns.find(
      (c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column,
    )?.meta_data;
    let row0 = groupStart;
    try {
      if (!meta) throw new Error('no column chunk in the row group');
      await readFlatChunk(p.file.buffer, meta, groupRows, decoder, (values, count) => {
        onPage(k, values, row0, count);
        row0 += count;
      });
    } catch (err) {
      if (err instanceof FupanError) throw err; // a bad value, named by its builder
      throw new InputError(
        `cannot read the Parquet data of rows ${groupStart + 1}–${groupStart + groupRows} (${(err as Error).message})`,
        { file: p.name, column },
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

/** Decodes the given columns of one row range, keeping the chunks hyparquet hands over in row order. */
async function readRange(p: ParquetGroups, range: RowRange, columns: string[]): Promise<RangeChunks> {
  const chunks: RangeChunks = new Map();
  try {
    // onChunk only collects: an exception thrown inside it would escape hyparquet as an unhandled rejection.
    await parquetRead({
      file: p.file.buffer,
      metadata: p.metadata,
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
      { file: p.name },
      'a valid Parquet file',
    );
  }
  for (const list of chunks.values()) list.sort((a, b) => a.rowStart - b.rowStart);
  return chunks;
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
