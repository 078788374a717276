import { open, stat, type FileHandle } from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CancelledError, InputError } from '../../errors.js';
import { gzipTextBytes } from '../memory.js';

/** Bytes of an input, in chunks, with progress and cancellation. */
export interface ChunkSource {
  /** The file name or a description, for messages. */
  readonly name: string;
  /** Total bytes when known (for progress), else NaN. */
  readonly totalBytes: number;
  /**
   * Bytes of text once decompressed, when that differs from `totalBytes` (gzip: its trailer's size), so
   * row counts and memory are estimated from the text, not from the compressed file.
   */
  readonly textBytes?: number;
  chunks(): AsyncIterable<Uint8Array>;
  /** A plain (not compressed) file: it can be read in parts, by offset, on several threads. */
  readonly plainFile?: { path: string; hooks: ReadHooks };
}

/** Chunk size of file reads: large enough to amortise the syscall, small enough to stay in cache. */
export const CHUNK_BYTES = 1 << 21;

/**
 * Free bytes before each chunk of a plain file, owned by the chunk's reader: the CSV tokenizer puts the
 * incomplete record carried from the chunk before there, instead of copying the whole chunk after it.
 */
export const HEADROOM = 1 << 16;

/** Buffers whose chunk has {@link HEADROOM} free bytes before it (see {@link headroomOf}). */
const withHeadroom = new WeakSet<ArrayBufferLike>();

/** Free bytes right before `chunk` in its buffer that the holder of the chunk may write to. */
export function headroomOf(chunk: Uint8Array): number {
  return withHeadroom.has(chunk.buffer) ? chunk.byteOffset : 0;
}

/** A chunk of `n` bytes to read into, with {@link HEADROOM} free bytes before it. */
function chunkBuffer(n: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(HEADROOM + n);
  withHeadroom.add(buf.buffer);
  return buf.subarray(HEADROOM);
}

/**
 * Chunks of a file read one ahead: the next read runs on libuv's pool while the consumer parses the
 * current chunk. Each chunk is a fresh buffer (the consumer may keep a view of the one before). From
 * `start` to `end`, or (`start` null) from the file's position to its end, however long it has become.
 */
async function* readAhead(
  fh: FileHandle,
  start: number | null,
  end: number,
  onBytes: (read: number) => void,
  signal: AbortSignal | undefined,
  name: string,
): AsyncGenerator<Uint8Array> {
  let at = start ?? 0;
  const next = () => {
    const want = Math.min(CHUNK_BYTES, end - at);
    if (want <= 0) return undefined;
    const buf = chunkBuffer(want);
    const reading = fh.read(buf, 0, want, start === null ? null : at).then((r) => ({ buf, ...r }));
    at += want;
    return reading;
  };
  let pending = next();
  let read = 0;
  try {
    while (pending) {
      checkAborted(signal, name);
      const { buf, bytesRead } = await pending;
      pending = undefined;
      if (bytesRead === 0) break; // the file shrank while being read
      read += bytesRead;
      // A short read ends a range (the file shrank), not a sequential read (a pipe gives what it has).
      if (bytesRead === buf.length || start === null) pending = next();
      onBytes(read);
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    // A read still in flight must finish before the caller closes the file it reads from.
    await pending?.catch(() => undefined);
  }
}

/** Progress and cancellation hooks shared by every source. */
export interface ReadHooks {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

function checkAborted(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted) throw new CancelledError(`loading ${name}`);
}

/**
 * A file read in chunks, opened read-only (Fupan never writes to input files). `.gz` files are
 * decompressed as they stream; progress then counts compressed bytes.
 */
export async function fileSource(path: string, hooks: ReadHooks): Promise<ChunkSource> {
  const handle = await openInput(path, hooks.signal);
  const before = await handle.stat();
  // A pipe (FIFO) or device has no size: nothing is known ahead, and it is read once, in order.
  const regular = before.isFile();
  const size = regular ? before.size : NaN;
  if (/\.gz$/i.test(path)) {
    const textBytes = regular ? await gzipTextBytes(handle, size) : undefined;
    return {
      name: path,
      totalBytes: size,
      textBytes: regular ? textBytes : NaN,
      async *chunks() {
        // The same descriptor, from its start: a FIFO opened twice would wait for a second writer.
        const raw = handle.createReadStream({ highWaterMark: CHUNK_BYTES, ...(regular ? { start: 0 } : {}) });
        let read = 0;
        raw.on('data', (d) => {
          read += d.length;
          hooks.onProgress?.(read, size);
        });
        const gunzip = raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES }));
        try {
          for await (const chunk of gunzip) {
            checkAborted(hooks.signal, path);
            yield chunk as Uint8Array;
          }
          if (regular) await checkUnchanged(path, before, size);
        } catch (err) {
          if (err instanceof CancelledError || err instanceof InputError) throw err;
          throw new InputError(
            `cannot decompress (${(err as Error).message})`,
            { file: path },
            'a gzip file',
          );
        } finally {
          gunzip.destroy();
          // Wait for the descriptor to close: a refused or failed load leaves no file open behind it.
          if (!raw.closed) {
            const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
            raw.destroy();
            await closed;
          }
        }
      },
    };
  }
  const fh = handle;
  return {
    name: path,
    totalBytes: size,
    plainFile: regular ? { path, hooks } : undefined,
    async *chunks() {
      try {
        let read = 0;
        yield* readAhead(
          fh,
          null,
          Infinity,
          (n) => {
            read = n;
            hooks.onProgress?.(n, size);
          },
          hooks.signal,
          path,
        );
        if (regular) await checkUnchanged(path, before, read);
      } finally {
        await fh.close();
      }
    },
  };
}

/**
 * Opens an input read-only. A FIFO waits for its writer in the open call, which no read can interrupt:
 * when `signal` fires first, the wait is ended by opening the FIFO's other end for a moment, and the load
 * is cancelled.
 */
async function openInput(path: string, signal: AbortSignal | undefined): Promise<FileHandle> {
  let info: Stats | undefined;
  try {
    info = await stat(path);
  } catch {
    info = undefined; // open() names the problem
  }
  if (info?.isDirectory()) {
    throw new InputError('a directory, not a file', { file: path }, 'a readable file');
  }
  const opening = open(path, 'r');
  if (info?.isFIFO() && signal) {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<'aborted'>((resolve) => {
      onAbort = () => resolve('aborted');
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    const first = await Promise.race([
      opening.then(
        () => 'opened' as const,
        () => 'opened' as const,
      ),
      aborted,
    ]);
    signal.removeEventListener('abort', onAbort!);
    if (first === 'aborted') {
      try {
        await (await open(path, constants.O_WRONLY | constants.O_NONBLOCK)).close();
      } catch {
        // a writer came meanwhile: the open completes by itself
      }
      await (await opening.catch(() => undefined))?.close();
      throw new CancelledError(`loading ${path}`);
    }
  }
  try {
    return await opening;
  } catch (err: any) {
    throw new InputError(`cannot open the file (${err?.code ?? err})`, { file: path }, 'a readable file');
  }
}

/**
 * Refuses a file that changed while it was read (truncated, rewritten, appended to): what was read is
 * not one state of the file, and a table cut at a row boundary would look whole.
 */
export async function checkUnchanged(path: string, before: Stats, read: number): Promise<void> {
  let after: Stats | undefined;
  try {
    after = await stat(path);
  } catch {
    after = undefined;
  }
  if (after && after.size === before.size && after.mtimeMs === before.mtimeMs && read === before.size) return;
  throw new InputError(
    'the file changed while it was read',
    {
      file: path,
      value: `${before.size} bytes at the start, ${after ? `${after.size} at the end` : 'gone at the end'}, ${read} read`,
    },
    'a file that nothing writes to while it loads; copy it first, or load it again once it is written',
  );
}

/** Bytes or text already in memory (a Buffer or a CSV string). */
export function memorySource(data: Uint8Array | string, name: string, hooks: ReadHooks): ChunkSource {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return {
    name,
    totalBytes: bytes.length,
    async *chunks() {
      checkAborted(hooks.signal, name);
      hooks.onProgress?.(bytes.length, bytes.length);
      if (bytes.length) yield bytes;
    },
  };
}

/**
 * Bytes [start, end) of a file in chunks (one part of a file read on several threads), opened
 * read-only; `onBytes` gets the bytes read so far by this reader.
 */
export async function* fileRange(
  path: string,
  start: number,
  end: number,
  hooks: { signal?: AbortSignal; onBytes?: (read: number) => void } = {},
): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    let read = 0;
    const onBytes = (n: number) => {
      read = n;
      hooks.onBytes?.(n);
    };
    yield* readAhead(fh, start, end, onBytes, hooks.signal, path);
    if (read !== end - start) {
      throw new InputError(
        'the file changed while it was read',
        { file: path, value: `${read} of bytes ${start}–${end} read` },
        'a file that nothing writes to while it loads; copy it first, or load it again once it is written',
      );
    }
  } finally {
    await fh.close();
  }
}
