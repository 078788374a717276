import type { FileHandle } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { InputError, SpecError } from '../errors.js';
import type { CanonicalType } from './schema.js';

/**
 * Refuses, before reading, an input whose loaded form would not fit in memory, with advice, rather
 * than letting the process die of an out-of-memory crash half way.
 */

/** Bytes of memory a load may use: typed arrays live outside the JS heap, strings inside it. */
export interface MemoryBudget {
  /** For typed columns (Float64Array, codes, intern tables): a share of the machine's memory. */
  offHeap: number;
  /** For JS strings and objects (text columns, dictionaries, JSON, Parquet rows): a share of V8's heap limit. */
  heap: number;
  /** Both together, when a limit was set (`FUPAN_MEMORY_LIMIT_MB`). */
  total?: number;
}

/** Environment variable: a memory limit in MB for one load, below what the machine and heap allow. */
export const MEMORY_LIMIT_ENV = 'FUPAN_MEMORY_LIMIT_MB';

/**
 * The budget of this process: 70 % of the machine's memory, 70 % of V8's heap limit, and at most
 * `FUPAN_MEMORY_LIMIT_MB` megabytes in all when that is set (to keep loads small on a shared machine,
 * and to test the guard without filling the machine).
 * @returns the bytes a load may use
 * @example FUPAN_MEMORY_LIMIT_MB=512 node report.js // refuse loads needing more than 512 MB
 */
export function memoryBudget(env: NodeJS.ProcessEnv = process.env): MemoryBudget {
  const budget: MemoryBudget = {
    offHeap: totalmem() * 0.7,
    heap: getHeapStatistics().heap_size_limit * 0.7,
  };
  const text = env[MEMORY_LIMIT_ENV];
  if (text === undefined || text.trim() === '') return budget;
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new SpecError(MEMORY_LIMIT_ENV, text, 'a positive number of megabytes');
  }
  const limit = mb * 2 ** 20;
  return { offHeap: Math.min(budget.offHeap, limit), heap: Math.min(budget.heap, limit), total: limit };
}

const ADVICE =
  'an input that fits in memory; for larger data convert it to Parquet and use the DuckDB engine (src/sql), which reads files in place';

/** Estimated bytes a load needs: typed arrays and intern tables (`offHeap`), JS strings and objects (`heap`). */
export interface MemoryNeed {
  offHeap: number;
  heap: number;
}

/**
 * Throws when `need` (estimated bytes) exceeds the budget.
 * @param need estimated bytes of typed columns (`offHeap`) and of JS values (`heap`)
 * @param file the input's name, for the message
 * @param budget what may be used (default: {@link memoryBudget})
 * @example checkFitsInMemory({ offHeap: 8e6, heap: 0 }, 'orders.csv')
 */
export function checkFitsInMemory(
  need: MemoryNeed,
  file: string,
  budget: MemoryBudget = memoryBudget(),
): void {
  const mb = (n: number) => `${Math.round(n / 2 ** 20).toLocaleString('en')} MB`;
  const over =
    need.offHeap > budget.offHeap
      ? { needed: need.offHeap, available: budget.offHeap }
      : need.heap > budget.heap
        ? { needed: need.heap, available: budget.heap }
        : budget.total !== undefined && need.offHeap + need.heap > budget.total
          ? { needed: need.offHeap + need.heap, available: budget.total }
          : undefined;
  if (over) {
    throw new InputError(
      `too large to load into memory (about ${mb(over.needed)} needed, ${mb(over.available)} available)`,
      { file },
      ADVICE,
    );
  }
}

/** A column as planned for loading, with the text of its first rows. */
export interface ColumnSample {
  type: CanonicalType | 'auto-text';
  /** Non-missing values of the sampled rows, as text. */
  values: readonly string[];
}

// Bytes per value, measured on Node 20 (64-bit) and rounded up: a JS string is a 16-byte header plus
// its characters (two bytes each outside Latin-1), rounded to 8. A dictionary keeps each distinct value
// as its UTF-8 bytes (up to 3 a character) and an end offset, in arrays that double, and finds it
// through a hash table at a load between 1/4 and 1/2 (4 slots a key at worst):
// slots of 16 bytes for keys up to 8 bytes, 24 up to 16, 4 plus a 16-byte entry beyond. Values that are
// not plain ASCII also go through a table of their raw bytes and are kept as strings.
const STRING_HEADER = 24;
const ARRAY_SLOT = 12; // 8 bytes, and 1.5× growth of plain arrays

/** Bytes of hash table a distinct key of `length` bytes takes (see above). */
function internBytes(length: number): number {
  const slot = length <= 8 ? 16 : length <= 16 ? 24 : 4 + 16;
  return slot * 4;
}

/** Whether every sampled value is kept as its bytes (ASCII, nothing for `normalizeId` to change). */
function plainAscii(values: readonly string[]): boolean {
  return values.every((v) => /^([\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?)?$/.test(v) && !/^-?\d+\.0+$/.test(v));
}

/**
 * The memory a delimited file needs once loaded (内存估算), from the types planned for its columns and
 * a sample of its first rows: 8 bytes a row for numbers and timestamps, 4 for dictionary codes, and
 * for text what it really costs — every distinct value of a dictionary column (ids, categories, text
 * columns inferred from the sample) is a JS string with a dictionary entry and an intern slot, every
 * value of a plain text column is a string of its own. Distinct values are extrapolated
 * conservatively: a value seen once in the sample counts as new on every row (so an id or note column
 * that is unique in the sample is taken as unique throughout), values seen twice or more as repeating.
 * @param columns each column's planned type and sample
 * @param sampledRows rows the sample was taken from
 * @param rows estimated rows of the whole file
 * @returns estimated bytes off the JS heap (typed arrays) and on it (strings)
 * @example estimateColumnsNeed([{ type: 'number', values: ['1.5'] }], 1, 1e6) // { offHeap: 8e6, heap: 0 }
 */
export function estimateColumnsNeed(
  columns: readonly ColumnSample[],
  sampledRows: number,
  rows: number,
): MemoryNeed {
  let offHeap = 0;
  let heap = 0;
  for (const { type, values } of columns) {
    const filled = sampledRows > 0 ? values.length / sampledRows : 1;
    const stringBytes = STRING_HEADER + 2 * meanLength(values);
    switch (type) {
      case 'number':
      case 'timestamp':
      case 'date':
        offHeap += rows * 8;
        break;
      case 'boolean':
        heap += rows * ARRAY_SLOT;
        break;
      case 'string':
        heap += rows * (ARRAY_SLOT + filled * stringBytes);
        break;
      case 'id':
      case 'category':
      case 'auto-text': {
        const distinct = distinctEstimate(values, rows * filled);
        const length = meanLength(values);
        const plain = plainAscii(values);
        offHeap += rows * 4 + distinct * (internBytes(length) + 2 * (4 + length));
        if (!plain) {
          offHeap += distinct * (internBytes(3 * length) + 4 * length);
          heap += distinct * (ARRAY_SLOT + stringBytes);
        }
        // An inferred text column with mostly distinct values ends as a plain array (DictionaryBuilder).
        if (type === 'auto-text' && distinct > Math.max(1000, rows / 2)) {
          heap += rows * ARRAY_SLOT + (plain ? distinct * stringBytes : 0);
        }
        break;
      }
    }
  }
  return { offHeap, heap };
}

/** Mean length in UTF-16 units of sampled values (16 when there are none). */
function meanLength(values: readonly string[]): number {
  if (values.length === 0) return 16;
  let sum = 0;
  for (const v of values) sum += v.length;
  return sum / values.length;
}

/**
 * Distinct values among `total` from a sample: those repeated in the sample stay as they are, each seen
 * once stands for `total / sample` new ones (the upper end of the usual estimators: refusing a file
 * that would have fitted is a clear error, a heap exhausted half way is a crash).
 */
function distinctEstimate(values: readonly string[], total: number): number {
  if (values.length === 0) return 0;
  const seen = new Map<string, number>();
  for (const v of values) seen.set(v, (seen.get(v) ?? 0) + 1);
  let once = 0;
  for (const n of seen.values()) if (n === 1) once++;
  const repeated = seen.size - once;
  return Math.min(total, repeated + (once * total) / values.length);
}

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b, 0x08]);
/** The smallest gzip member: a 10-byte header, an empty deflate block, an 8-byte trailer. */
const MIN_MEMBER = 20;
/** Bytes of a window kept from the previous read: a trailer's ISIZE (4) and a member header (10). */
const OVERLAP = 14;
const SCAN_CHUNK = 1 << 21;

/**
 * A gzip member header at `i` (RFC 1952): the magic and deflate, no reserved flag bit, an XFL deflate
 * writes (0, 2, 4) and a known OS code — so a match inside compressed data is rare (1 in 2^37
 * positions, about 1 in 10^11), and a false match only makes the estimate larger.
 */
function isMemberHeader(b: Uint8Array, i: number): boolean {
  const xfl = b[i + 8];
  const os = b[i + 9];
  return (b[i + 3] & 0xe0) === 0 && (xfl === 0 || xfl === 2 || xfl === 4) && (os <= 13 || os === 255);
}

/**
 * The text size of a gzip file once decompressed (解压后大小), for the memory estimate. A gzip file may
 * be several members one after another (`cat a.gz b.gz`, pigz --independent, BGZF) and its last 4 bytes
 * state only the last member's size, so the file is scanned for member headers and every member's
 * trailer (the 4 bytes before the next header) is added. Each member counts at least its compressed
 * size (ISIZE is modulo 4 GiB, and a larger text reads smaller).
 * @param handle the file, open for reading
 * @param size its size in bytes
 * @returns the estimated text bytes, or undefined when the file is too short to be gzip
 * @example await gzipTextBytes(handle, (await handle.stat()).size) // 2 members of 6 MB: about 12e6
 */
export async function gzipTextBytes(handle: FileHandle, size: number): Promise<number | undefined> {
  if (size < MIN_MEMBER - 2) return undefined;
  let total = 0;
  let memberStart = 0;
  const addMember = (end: number, isize: number) => {
    total += Math.max(isize, end - memberStart);
    memberStart = end;
  };
  const window = Buffer.allocUnsafe(OVERLAP + SCAN_CHUNK);
  let kept = 0; // bytes at the start of `window` kept from the previous read
  for (let read = 0; read < size;) {
    const { bytesRead } = await handle.read(window, kept, SCAN_CHUNK, read);
    if (bytesRead === 0) break; // the file shrank while being read
    const base = read - kept; // file offset of window[0]
    const length = kept + bytesRead;
    const view = window.subarray(0, length);
    read += bytesRead;
    // Headers whose 10 bytes are in this window, from the first one the previous window left (its
    // last 14 bytes are kept: a header there is checked now, with the trailer size before it).
    for (let i = view.indexOf(GZIP_MAGIC, 4); i >= 0 && i <= length - 11;) {
      const at = base + i;
      if (at - memberStart >= MIN_MEMBER && size - at >= MIN_MEMBER && isMemberHeader(view, i))
        addMember(at, view.readUInt32LE(i - 4));
      i = view.indexOf(GZIP_MAGIC, i + 1);
    }
    window.copyWithin(0, length - OVERLAP, length);
    kept = OVERLAP;
  }
  const tail = Buffer.alloc(4);
  await handle.read(tail, 0, 4, size - 4);
  addMember(size, tail.readUInt32LE(0));
  return total;
}
