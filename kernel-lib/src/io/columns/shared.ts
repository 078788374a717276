/**
 * Typed columns shared by the two threads reading one CSV file, so a worker's rows are not held twice.
 * The main thread allocates each numeric, timestamp and code column for the whole file in shared memory
 * and cedes its last rows (the tail) to the worker reading the second part; the worker writes its values
 * there, and the main thread, once its own part is read, moves them down behind its own rows
 * (`copyWithin`, or the code mapping, which reads ahead of where it writes). A thread that outgrows its
 * share goes on in an array of its own, and the rows are then copied as before.
 */

/** Rows [from, from + length) of a column's shared buffer, written by the thread they are ceded to. */
export interface SharedTail {
  buffer: SharedArrayBuffer;
  from: number;
  length: number;
  /** Bytes per value of the column (a builder of another width must not write there). */
  width: number;
}

/** A typed array of the columns that can be shared. */
export type SharedColumnArray = Float64Array | Int32Array;

interface ArrayType<T extends SharedColumnArray> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** What {@link columnArray} needs of a builder's context. */
export interface SharingContext {
  /** Row-count hint for the first allocation. */
  capacity: number;
  /** Allocate in shared memory: the file may be read on two threads (main thread). */
  shareable?: boolean;
  /** The rows to write into (worker thread). */
  tail?: SharedTail;
}

/**
 * A builder's first array: a view of its ceded tail (worker), shared memory for the whole file (main
 * thread of a file that may be split), or a plain array.
 */
export function columnArray<T extends SharedColumnArray>(Type: ArrayType<T>, ctx: SharingContext): T {
  const { tail } = ctx;
  if (tail && tail.width === Type.BYTES_PER_ELEMENT) {
    return new Type(tail.buffer, tail.from * tail.width, tail.length);
  }
  const n = Math.max(16, ctx.capacity);
  return ctx.shareable ? new Type(new SharedArrayBuffer(n * Type.BYTES_PER_ELEMENT), 0, n) : new Type(n);
}

/**
 * Main thread: cedes the last `rows` rows of `data` to a worker. The new (shorter) view of the rows kept
 * and the tail; undefined when `data` is not shared or the rows are not free.
 * @param n rows written so far
 */
export function cede<T extends SharedColumnArray>(
  data: T,
  n: number,
  rows: number,
): { data: T; tail: SharedTail } | undefined {
  const from = data.length - rows;
  if (!(data.buffer instanceof SharedArrayBuffer) || data.byteOffset !== 0 || rows <= 0 || from < n) {
    return undefined;
  }
  const tail = { buffer: data.buffer, from, length: rows, width: data.BYTES_PER_ELEMENT };
  return { data: data.subarray(0, from) as T, tail };
}

/** Worker: the row of the shared buffer its values start at, while they are still there. */
export function tailAt(data: SharedColumnArray, ctx: SharingContext): number | undefined {
  return ctx.tail && data.buffer === ctx.tail.buffer ? ctx.tail.from : undefined;
}

/**
 * Main thread: `data` widened over a worker's `length` rows when they are in its own ceded tail (`at`,
 * from {@link tailAt}) and its own rows still end before it; undefined when they must be copied.
 * @param n rows written so far
 */
export function widened<T extends SharedColumnArray>(
  data: T,
  n: number,
  at: number | undefined,
  length: number,
): T | undefined {
  if (at === undefined || data.length !== at || n > at || !(data.buffer instanceof SharedArrayBuffer)) {
    return undefined;
  }
  const Type = data.constructor as ArrayType<T>;
  if (data.buffer.byteLength < (at + length) * Type.BYTES_PER_ELEMENT) return undefined;
  return new Type(data.buffer, 0, at + length);
}

/** Main thread: `data` over its whole shared buffer again, once the thread its tail was ceded to has stopped. */
export function reclaimed<T extends SharedColumnArray>(data: T): T {
  if (!(data.buffer instanceof SharedArrayBuffer) || data.byteOffset !== 0) return data;
  const Type = data.constructor as ArrayType<T>;
  const length = data.buffer.byteLength / Type.BYTES_PER_ELEMENT;
  return length > data.length ? new Type(data.buffer, 0, length) : data;
}
