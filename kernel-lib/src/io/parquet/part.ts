import { Dictionary } from '../../table/dictionary.js';
import { TimeZone } from '../../time/zone.js';
import { contextsFor } from '../columns/builders.js';
import type { ColumnPart } from '../columns/parts.js';
import type { SharedTail } from '../columns/shared.js';
import type { ColumnPlan } from '../mapping.js';
import { decoderFor, NullMatcher } from '../values/text.js';
import { WallClock, type DateFormat } from '../values/timestamp.js';
import { parquetFileAt } from './file.js';
import { parquetGroupsOf, readGroups } from './groups.js';
import { missingRule, sinkFor } from './sinks.js';

/** What a worker needs to read row groups [from, to) of a Parquet file into column parts. */
export interface ParquetPartRequest {
  path: string;
  /** The file's name in messages. */
  name: string;
  from: number;
  to: number;
  nullValues: readonly string[];
  /** IANA name of the time zone. */
  zone: string;
  dateFormat?: DateFormat;
  plans: ColumnPlan[];
  /** Per column, the rows of the main thread's shared column to write into (see `shared.ts`). */
  tails: (SharedTail | undefined)[];
}

/** The columns of the groups read. */
export interface ParquetPartResult {
  rows: number;
  /** Whether a column changed type or learned a date order (then the main thread reads the groups). */
  diverged: boolean;
  parts: ColumnPart[];
}

/**
 * Reads row groups [from, to) of a Parquet file into column parts (see {@link ColumnPart}); runs in a
 * worker thread while the main thread reads the groups before. Text columns are interned into codes
 * local to the part, kept as the bytes of each distinct value, which the main thread maps onto its
 * dictionary; numbers, times and codes are written into the main thread's shared columns. Rows in
 * errors are the file's own (the footer gives each group's first row).
 * @param r what to read
 * @param onBytes called after each group with the file's bytes read so far (in proportion to rows)
 * @returns the parts, one per column
 * @example const { parts } = await readParquetPart(request);
 */
export async function readParquetPart(
  r: ParquetPartRequest,
  onBytes?: (read: number) => void,
): Promise<ParquetPartResult> {
  const file = await parquetFileAt(r.path, r.name);
  try {
    const groups = await parquetGroupsOf(file, r.name);
    const nulls = new NullMatcher(r.nullValues);
    const rows = groups.starts[r.to] - groups.starts[r.from];
    const contexts = contextsFor(r.plans, {
      file: r.name,
      decode: decoderFor('utf-8', r.name),
      clock: new WallClock(TimeZone.of(r.zone)),
      dateFormat: r.dateFormat,
      dictionary: new Dictionary(), // unused: text columns of a part keep local codes
      capacity: rows,
      partial: true,
    });
    const isMissing = missingRule(nulls);
    const sinks = r.plans.map((p, k) =>
      sinkFor(p, groups.columns[k].kind, { ...contexts[k], tail: r.tails[k] }, isMissing, nulls),
    );
    const total = Number(groups.metadata.num_rows);
    const perRow = file.buffer.byteLength / Math.max(1, total);
    await readGroups(groups, sinks, r.from, r.to, {
      onGroup: (read) => onBytes?.(Math.round(read * perRow)),
    });
    return { rows, diverged: sinks.some((s) => s.changed), parts: sinks.map((s) => s.part()) };
  } finally {
    await file.close();
  }
}
