import { open, type FileHandle } from 'node:fs/promises';
import type { AsyncBuffer } from 'hyparquet';
import { InputError } from '../../errors.js';

/** A Parquet input hyparquet reads slices of, and how to let go of it. */
export interface ParquetFile {
  buffer: AsyncBuffer;
  close(): Promise<void>;
  /** The file's path when it is on disk (a worker thread may then open it too). */
  path?: string;
}

/**
 * A file on disk read slice by slice (positioned reads on one read-only handle), so only the footer
 * and one row group's bytes are in memory at a time, never the whole file.
 * @param path the file (opened read-only, never written)
 * @param name the file's name in error messages
 * @returns the file as an AsyncBuffer; call `close()` when done
 * @example const f = await parquetFileAt('orders.parquet', 'orders.parquet'); try { … } finally { await f.close(); }
 */
export async function parquetFileAt(path: string, name: string): Promise<ParquetFile> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err: any) {
    throw new InputError(`cannot open the file (${err?.code ?? err})`, { file: name }, 'a readable file');
  }
  const { size } = await handle.stat();
  return {
    buffer: {
      byteLength: size,
      async slice(start: number, end = size): Promise<ArrayBuffer> {
        const bytes = new Uint8Array(Math.max(0, Math.min(end, size) - start));
        let done = 0;
        while (done < bytes.length) {
          const { bytesRead } = await handle.read(bytes, done, bytes.length - done, start + done);
          if (bytesRead === 0) break; // the file shrank while being read: hyparquet reports the short slice
          done += bytesRead;
        }
        return done === bytes.length ? bytes.buffer : bytes.buffer.slice(0, done);
      },
    },
    close: () => handle.close(),
    path,
  };
}

/**
 * Parquet bytes already in memory (a Buffer given to `load()`); slices are copies of the ranges asked for.
 * @param bytes the whole file
 * @returns the bytes as an AsyncBuffer
 * @example const f = parquetFileOf(readFileSync('orders.parquet'));
 */
export function parquetFileOf(bytes: Uint8Array): ParquetFile {
  return {
    buffer: {
      byteLength: bytes.length,
      slice: (start: number, end = bytes.length) =>
        bytes.buffer.slice(
          bytes.byteOffset + start,
          bytes.byteOffset + Math.min(end, bytes.length),
        ) as ArrayBuffer,
    },
    close: async () => undefined,
  };
}
