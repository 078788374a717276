import type { DecodedArray, FileMetaData } from 'hyparquet';
import { CancelledError } from '../../errors.js';
import type { ColumnContext } from '../columns/builders.js';
import type { Planner, ReadColumns } from '../csv/readCsv.js';
import { SAMPLE_ROWS } from '../infer.js';
import { checkFitsInMemory, estimateColumnsNeed, type ColumnSample, type MemoryNeed } from '../memory.js';
import type { ColumnPlan } from '../mapping.js';
import type { ResolvedLoadOptions } from '../options.js';
import type { ParquetFile } from './file.js';
import { firstGroupChunks, parquetGroupsOf, readGroups, type RangeChunks } from './groups.js';
import { jsValueOf, type ParquetColumn, type ParquetKind } from './kinds.js';
import type { PlainText } from './pages.js';
import { groupsInParts } from './parallel.js';
import { missingRule, sinkFor, type IsMissing } from './sinks.js';
import { decoderFor, NullMatcher, type Decode } from '../values/text.js';
import { WallClock } from '../values/timestamp.js';
import { maxOf } from '../../math/extent.js';

export { parquetFileAt, parquetFileOf, type ParquetFile } from './file.js';

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
 * through `readFlatChunk` (`parquet/pages.ts`); the others through hyparquet's reader (`parquet/groups.ts`).
 * A file on disk of several row groups is read on two threads (`parquet/parallel.ts`). Mapping, forced
 * types, time zones, missing values, errors and user-id interning are those of the CSV path; Parquet's
 * own types decide the type of a column the mapping does not type (a DOUBLE column stays numeric even
 * when empty); text columns are inferred from the first row group. Wall-clock timestamps
 * (`isAdjustedToUTC: false`, DuckDB's `TIMESTAMP`) and DATEs are local times in the load's `timeZone`;
 * instants (`TIMESTAMPTZ`, INT96) keep their instant.
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
  const groups = await parquetGroupsOf(file, name);
  const { metadata, columns } = groups;
  const rows = Number(metadata.num_rows);
  const nulls = new NullMatcher(o.nullValues);
  const isMissing = missingRule(nulls);
  const decode = decoderFor('utf-8', name);

  // The first row group stays decoded until the plan (mapping, inferred types) is made from its sample.
  const first = await firstGroupChunks(groups);
  const plans = plan(
    columns.map((c) => c.name),
    (k) => sampleOf([first], columns[k], isMissing, decode),
  );
  checkFitsInMemory(memoryNeed(metadata, plans, columns, first, isMissing, decode), name);

  const split = groupsInParts.splitOf(groups);
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
      shareable: split !== undefined,
    };
    return sinkFor(p, columns[k].kind, ctx, isMissing, nulls);
  });
  const progress = (read: number) =>
    o.onProgress?.(Math.round((file.buffer.byteLength * read) / Math.max(1, rows)), file.buffer.byteLength);
  const all = metadata.row_groups.length;
  const hooks = { signal: o.signal, first, onGroup: progress };
  if (split === undefined) await readGroups(groups, sinks, 0, all, hooks);
  else await groupsInParts.read(groups, sinks, split, { ...hooks, plans, options: o });
  if (o.signal?.aborted) throw new CancelledError(`loading ${name}`);
  return { names: plans.map((p) => p.name), columns: sinks.map((s) => s.finish()), rows };
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
