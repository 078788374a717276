import { readFile, stat } from 'node:fs/promises';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { CancelledError, InputError, SpecError } from '../errors.js';
import { readCsv, type Planner, type ReadColumns } from './csv/readCsv.js';
import { checkUnchanged, fileSource, memorySource } from './csv/source.js';
import { guessMapping } from './guess.js';
import { jsonErrorOffset } from './jsonOffset.js';
import { exactJson } from './jsonScan.js';
import { decodeWhole } from './values/text.js';
import { checkFitsInMemory } from './memory.js';
import { planColumns } from './mapping.js';
import {
  resolveLoadOptions,
  type LoadFormat,
  type LoadOptions,
  type ResolvedLoadOptions,
} from './options.js';
import { buildFromValues, recordColumns, tableColumns, type ValueColumns } from './records.js';
import { attachLoadReport } from './rows/report.js';
import { applyRowSteps } from './rows/steps.js';
import { parquetFileAt, parquetFileOf, readParquet } from './parquet/index.js';
import { withTimeZone } from '../table/timeZone.js';

/** What `load()` reads: a file path, CSV text or bytes, an array of records, or an arquero table. */
export type LoadSource = string | Uint8Array | readonly object[] | ColumnTable;

/**
 * Loads data into an arquero table with canonical column names (数据导入): user ids encoded once into
 * a shared {@link Dictionary} (`DictionaryColumn`), timestamps as UTC ms (`TimestampColumn`), numbers as
 * `Float64Array`, low-cardinality text as dictionary codes, other text as plain arrays. Columns the
 * mapping does not name are kept under their own names.
 *
 * The table carries its zone (数据时区): the `timeZone` option, or `'UTC'` when none is given (see
 * `tableTimeZone`, and the load report's `timeZone`). Every metric counts local days in it unless its spec
 * names a `timeZone`; arquero verbs (`filter`, `derive`, `join`, …) pass it on to the tables they make.
 *
 * A string with a line break is CSV text; any other string is a file path (opened read-only). CSV is
 * streamed in chunks, so a 10M-row file loads in bounded memory. Bad input throws `InputError` naming
 * file, line, column and value; see `docs/loading.md` for what happens with each kind of bad input.
 *
 * @param source a path (`.csv`, `.tsv`, `.csv.gz`, `.json`, `.ndjson`, `.parquet`, `.arrow`), CSV text or
 *   bytes, an array of records, or an arquero table
 * @param options see {@link LoadOptions}
 * @returns the loaded table
 * @example
 * const dictionary = new Dictionary();
 * const orders = await load('orders.csv', {
 *   table: 'orders',
 *   columns: { userId: '用户ID', ts: '下单时间', amount: '实付金额' },
 *   timeZone: 'Asia/Shanghai',
 *   dictionary,
 * });
 */
export async function load(source: LoadSource, options: LoadOptions = {}): Promise<ColumnTable> {
  const o = resolveLoadOptions(options);
  if (o.signal?.aborted) throw new CancelledError('loading');
  const { read, report } = applyRowSteps(await readSource(source, o), o, sourceName(source, o));
  if (o.signal?.aborted) throw new CancelledError('loading');
  // No prototype: a column named `__proto__` (a JSON key, a CSV header) must stay a column.
  const data: Record<string, unknown> = Object.create(null);
  read.names.forEach((name, k) => (data[name] = read.columns[k]));
  const table = new aq.ColumnTable(data as any, read.names);
  attachLoadReport(table, report);
  return withTimeZone(table, o.zone.name);
}

/** The input's name in the load report (as in error messages). */
function sourceName(source: LoadSource, o: ResolvedLoadOptions): string {
  if (o.name) return o.name;
  if (typeof source === 'string') return /[\r\n]/.test(source) ? 'text' : source;
  if (source instanceof Uint8Array) return 'buffer';
  return Array.isArray(source) ? 'records[]' : 'table';
}

/** `header` and `names` describe a CSV's first line: refused for other inputs. */
function refuseCsvOnly(o: ResolvedLoadOptions, format: string): void {
  if (!o.header || o.names) {
    throw new SpecError(
      o.names ? 'names' : 'header',
      o.names ?? o.header,
      `a CSV or TSV input (this one is ${format})`,
    );
  }
}

function planner(o: ResolvedLoadOptions, file: string): Planner {
  return (headers, sample) =>
    planColumns(headers, sample, o, file, o.table ? (h) => guessMapping(h, o.table!).columns : undefined);
}

async function readSource(source: LoadSource, o: ResolvedLoadOptions): Promise<ReadColumns> {
  const hooks = { signal: o.signal, onProgress: o.onProgress };
  if (typeof source === 'string') {
    if (/[\r\n]/.test(source)) {
      const name = o.name ?? 'text';
      return readCsv(memorySource(source, name, hooks), o, delimiterOf(o.format), planner(o, name));
    }
    return readFile_(source, o);
  }
  if (source instanceof Uint8Array) {
    const name = o.name ?? 'buffer';
    const format = o.format ?? 'csv';
    if (format === 'csv' || format === 'tsv') {
      return readCsv(memorySource(source, name, hooks), o, delimiterOf(format), planner(o, name));
    }
    return readBytes(source, format, name, o);
  }
  if (Array.isArray(source)) {
    refuseCsvOnly(o, 'records');
    const name = o.name ?? 'records[]';
    return buildFromValues(recordColumns(source, name), o, name, planner(o, name));
  }
  if (source instanceof aq.ColumnTable) {
    refuseCsvOnly(o, 'a table');
    const name = o.name ?? 'table';
    return buildFromValues(tableColumns(source), o, name, planner(o, name));
  }
  throw new SpecError(
    'load source',
    source,
    'a file path, CSV text, a Buffer, an array of records or an arquero table',
  );
}

/**
 * The format of a path from its extension (`.gz` is looked through); CSV when the extension says nothing.
 * @param path a file path
 * @returns the format `load()` reads it as
 * @example formatOfPath('orders.csv.gz') // 'csv'
 */
export function formatOfPath(path: string): LoadFormat {
  const ext = path.toLowerCase().replace(/\.gz$/, '').split('.').pop() ?? '';
  switch (ext) {
    case 'tsv':
    case 'tab':
      return 'tsv';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    case 'parquet':
    case 'pq':
      return 'parquet';
    case 'arrow':
    case 'feather':
    case 'ipc':
      return 'arrow';
    default:
      return 'csv';
  }
}

function delimiterOf(format: LoadFormat | undefined): number | undefined {
  return format === 'tsv' ? 9 : format === 'csv' ? undefined : undefined;
}

async function readFile_(path: string, o: ResolvedLoadOptions): Promise<ReadColumns> {
  const format = o.format ?? formatOfPath(path);
  const name = o.name ?? path;
  if (format === 'csv' || format === 'tsv') {
    const before = await stat(path).catch(() => undefined);
    const source = await fileSource(path, { signal: o.signal, onProgress: o.onProgress });
    try {
      return await readCsv(
        { ...source, name, chunks: source.chunks },
        o,
        delimiterOf(format),
        planner(o, name),
      );
    } catch (err) {
      // A file cut or rewritten under a read can also show as a malformed row (a read racing a truncation may see
      // zeros): the change is the cause to report, not the row.
      if (err instanceof InputError && before?.isFile()) await checkUnchanged(path, before, before.size);
      throw err;
    }
  }
  if (/\.gz$/i.test(path)) throw new SpecError('format', format, 'gzip is read for CSV and TSV only');
  refuseCsvOnly(o, format);
  if (format === 'parquet') return readParquet(await parquetFileAt(path, name), name, o, planner(o, name));
  let bytes: Buffer;
  try {
    bytes = await readFile(path, { flag: 'r' });
  } catch (err: any) {
    throw new InputError(`cannot open the file (${err?.code ?? err})`, { file: name }, 'a readable file');
  }
  o.onProgress?.(bytes.length, bytes.length);
  return readBytes(bytes, format, name, o);
}

async function readBytes(
  bytes: Uint8Array,
  format: LoadFormat,
  name: string,
  o: ResolvedLoadOptions,
): Promise<ReadColumns> {
  refuseCsvOnly(o, format);
  if (bytes.length === 0) throw new InputError('empty file', { file: name }, `a ${format} file`);
  if (format === 'parquet') return readParquet(parquetFileOf(bytes), name, o, planner(o, name));
  // Whole-file formats become JS values: JSON rows take several times their bytes.
  const expansion = format === 'arrow' ? 0 : 6;
  checkFitsInMemory({ offHeap: bytes.length, heap: bytes.length * expansion }, name);
  let columns: ValueColumns;
  switch (format) {
    case 'json':
      columns = jsonColumns(bytes, name, o);
      break;
    case 'ndjson':
      columns = recordColumns(parseNdjson(bytes, name, o), name);
      break;
    case 'arrow':
      columns = tableColumns(arrowTable(bytes, name));
      break;
    default:
      throw new SpecError('format', format, ['json', 'ndjson', 'arrow']);
  }
  return buildFromValues(columns, o, name, planner(o, name));
}

/** Line and column (1-based) of a character offset. */
function lineColumnAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: offset - last };
}

function jsonError(err: unknown, text: string, name: string, lineBase?: number): InputError {
  const message = (err as Error).message.split('\n')[0];
  const offset = jsonErrorOffset(text);
  const where = offset >= 0 ? lineColumnAt(text, offset) : undefined;
  const line = lineBase ?? where?.line;
  const near = offset >= 0 ? text.slice(Math.max(0, offset - 10), offset + 10) : text.slice(0, 20);
  return new InputError(
    `invalid JSON${where ? ` at character ${where.col}` : ''} (${message.replace(/, ".*$/, '')})`,
    { file: name, line, value: near },
    'valid JSON',
  );
}

/** A JSON array of records, or an object of equal-length column arrays. */
function jsonColumns(bytes: Uint8Array, name: string, o: ResolvedLoadOptions): ValueColumns {
  const text = decodeWhole(bytes, o.encoding, name);
  if (!text.trim()) throw new InputError('empty file', { file: name }, 'a JSON array of records');
  const exact = exactJson(text, name);
  let data: unknown;
  try {
    data = JSON.parse(exact);
  } catch (err) {
    throw jsonError(err, text, name);
  }
  if (Array.isArray(data)) return recordColumns(data, name);
  if (typeof data === 'object' && data !== null) {
    const entries = Object.entries(data);
    const rows = entries.length ? (entries[0][1] as unknown[])?.length : 0;
    if (entries.every(([, v]) => Array.isArray(v) && v.length === rows)) {
      return { names: entries.map(([k]) => k), rows, column: (k) => entries[k][1] as unknown[] };
    }
  }
  throw new InputError(
    'not a table',
    { file: name, value: text.slice(0, 40) },
    'a JSON array of records ([{"user_id": "u1", …}, …]) or an object of equal-length column arrays',
  );
}

/** One JSON object per line; blank lines are skipped. */
function parseNdjson(bytes: Uint8Array, name: string, o: ResolvedLoadOptions): object[] {
  const text = decodeWhole(bytes, o.encoding, name);
  const out: object[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const exact = exactJson(line, name, i + 1);
    let v: unknown;
    try {
      v = JSON.parse(exact);
    } catch (err) {
      throw jsonError(err, line, name, i + 1);
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new InputError(
        'not a JSON object',
        { file: name, line: i + 1, value: line },
        'one JSON object per line',
      );
    }
    out.push(v);
  }
  if (out.length === 0) throw new InputError('empty file', { file: name }, 'one JSON object per line');
  return out;
}

function arrowTable(bytes: Uint8Array, name: string): ColumnTable {
  try {
    return aq.fromArrow(bytes);
  } catch (err) {
    throw new InputError(
      `not an Arrow IPC file (${(err as Error).message})`,
      { file: name },
      'an Arrow IPC file or stream',
    );
  }
}
