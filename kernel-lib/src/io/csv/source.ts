import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
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
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err: any) {
    throw new InputError(`cannot open the file (${err?.code ?? err})`, { file: path }, 'a readable file');
  }
  const size = (await handle.stat()).size;
  if (/\.gz$/i.test(path)) {
    const textBytes = await gzipTextBytes(handle, size);
    await handle.close();
    return {
      name: path,
      totalBytes: size,
      textBytes,
      async *chunks() {
        const raw = createReadStream(path, { flags: 'r', highWaterMark: CHUNK_BYTES });
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
        } catch (err) {
          if (err instanceof CancelledError) throw err;
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
    plainFile: { path, hooks },
    async *chunks() {
      let read = 0;
      try {
        for (;;) {
          checkAborted(hooks.signal, path);
          // A fresh buffer per chunk: the consumer may keep a view of the previous one.
          const buf = Buffer.allocUnsafe(CHUNK_BYTES);
          const { bytesRead } = await fh.read(buf, 0, CHUNK_BYTES, null);
          if (bytesRead === 0) break;
          read += bytesRead;
          hooks.onProgress?.(read, size);
          yield bytesRead === CHUNK_BYTES ? buf : buf.subarray(0, bytesRead);
        }
      } finally {
        await fh.close();
      }
    },
  };
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
    for (let at = start; at < end;) {
      checkAborted(hooks.signal, path);
      const want = Math.min(CHUNK_BYTES, end - at);
      const buf = Buffer.allocUnsafe(want);
      const { bytesRead } = await fh.read(buf, 0, want, at);
      if (bytesRead === 0) break; // the file shrank while being read
      at += bytesRead;
      hooks.onBytes?.(at - start);
      yield bytesRead === want ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
