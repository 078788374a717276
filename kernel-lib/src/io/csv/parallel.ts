import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PartError, PartRequest, PartResult } from './part.js';

/**
 * When `load()` reads a CSV file on two threads: the main thread reads the first half, a worker the
 * second, and the main thread appends the worker's columns (see `ColumnPart`). Tests lower `minBytes`
 * to split small files; `enabled: false` (or `FUPAN_CSV_THREADS=1`) reads every file on one thread.
 */
export const csvThreads = {
  enabled: process.env.FUPAN_CSV_THREADS !== '1',
  /** Smaller files stay on one thread: starting a worker costs more than it saves. */
  minBytes: 64 << 20,
  /** The share of the bytes after the head that the main thread reads (it also merges the parts). */
  mainShare: 0.5,
  /** The byte from which the split is looked for, instead of the share (tests place it). */
  splitFrom: undefined as number | undefined,
  /**
   * How the last file was read: on one thread, on two, or on two and then again from the split on the
   * main thread (the split fell inside a quoted field, a column changed type, or a date order was learned).
   */
  last: 'one thread' as 'one thread' | 'two threads' | 'read again',
};

/** A worker's entry file: its folder and name without extension (`partWorker`). */
export interface WorkerFile {
  dir: string;
  base: string;
}

/** The CSV part reader's worker. */
const CSV_WORKER: WorkerFile = { dir: __dirname, base: 'partWorker' };

/** How to start the worker: its compiled file, or its source through tsx; undefined in a bundle. */
function workerEntry(file: WorkerFile): { code: string; eval: boolean } | undefined {
  const js = join(file.dir, `${file.base}.js`);
  if (existsSync(js)) return { code: js, eval: false };
  const ts = join(file.dir, `${file.base}.ts`);
  if (!existsSync(ts)) return undefined;
  // Running from source (tests, benchmarks): tsx's loader flags do not reach a worker, its require hook does.
  let tsx: string;
  try {
    tsx = require.resolve('tsx/cjs');
  } catch {
    return undefined;
  }
  return { code: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(ts)});`, eval: true };
}

/**
 * Where the second part of a file starts: the byte after the first line end at or after `at`, or -1.
 * A guess (a line end may be inside a quoted field); the reader of the first part checks it.
 */
export async function guessSplit(path: string, at: number, size: number): Promise<number> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 16);
    for (let from = at; from < size; from += buf.length) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, from);
      const lf = buf.subarray(0, bytesRead).indexOf(10);
      if (lf >= 0) return from + lf + 1 < size ? from + lf + 1 : -1;
      if (bytesRead === 0) break;
    }
    return -1;
  } finally {
    await fh.close();
  }
}

/** The outcome of a part read by a worker. */
export type PartOutcome<Result = PartResult> = { ok: Result } | { error: PartError };

/**
 * A worker thread reading one part of a file: a CSV part (`partWorker.ts`), or any worker file that
 * posts `progress` (bytes read), then `done` with its result or `error` with a {@link PartError}.
 */
export class PartThread<Request = PartRequest, Result = PartResult> {
  /** Bytes the worker has read so far. */
  bytes = 0;
  readonly outcome: Promise<PartOutcome<Result>>;
  private readonly worker: Worker;

  private constructor(entry: { code: string; eval: boolean }, request: Request, onProgress: () => void) {
    this.worker = new Worker(entry.code, { eval: entry.eval, workerData: request });
    this.outcome = new Promise((resolve) => {
      this.worker.on('message', (m: { type: string; bytes: number; result: Result; error: PartError }) => {
        if (m.type === 'progress') {
          this.bytes = m.bytes;
          onProgress();
        } else resolve(m.type === 'done' ? { ok: m.result } : { error: m.error });
      });
      this.worker.on('error', (err) => resolve({ error: { input: false, message: String(err) } }));
      this.worker.on('exit', (code) =>
        resolve({ error: { input: false, message: `worker exited (${code})` } }),
      );
    });
  }

  /**
   * Starts a worker on `request`, or returns undefined when no worker file is at hand (a bundle).
   * @param file the worker's entry (default: the CSV part reader)
   */
  static start<Request = PartRequest, Result = PartResult>(
    request: Request,
    onProgress: () => void,
    file: WorkerFile = CSV_WORKER,
  ): PartThread<Request, Result> | undefined {
    const entry = workerEntry(file);
    return entry ? new PartThread<Request, Result>(entry, request, onProgress) : undefined;
  }

  /** Whether a worker can be started (not in a bundle without the worker's file). */
  static available(file: WorkerFile = CSV_WORKER): boolean {
    return workerEntry(file) !== undefined;
  }

  /** Stops the worker (its outcome is no longer wanted); resolves once it has stopped. */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
