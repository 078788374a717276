import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { csvField, type CsvCell } from '@fupan/kernel-lib/render';

/** A CSV cell: strings are quoted when needed, numbers written as given, null/undefined as empty. */
export type Cell = CsvCell;

/** Data files are loaded back by Fupan, not opened as a spreadsheet: their text is written as it is. */
const DATA_FIELD = { neutralizeFormulas: false } as const;

/**
 * Writes one CSV file row by row, buffering ~1 MB before each write and waiting for the stream to
 * drain, so memory stays bounded however many rows a generator streams. Rows go to a temporary file
 * next to `path`, renamed to `path` by {@link close}: a generator that fails, is cancelled or killed
 * half way never leaves a truncated file that would load as a smaller data set.
 * @example const w = new CsvWriter('out/users.csv', ['user_id', 'registered_at']); w.row(['u1', '2016-01-01']); await w.close();
 */
export class CsvWriter {
  private readonly stream: Writable;
  private readonly file: Writable;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private readonly temp: string;
  /** Data rows written so far (header excluded). */
  rows = 0;

  constructor(
    readonly path: string,
    readonly columns: readonly string[],
  ) {
    mkdirSync(dirname(path), { recursive: true });
    // A `.gz` path is gzip-compressed on the way (zlib output is deterministic: no timestamp in the header).
    this.temp = `${path}.partial-${process.pid}`;
    this.file = createWriteStream(this.temp);
    if (path.endsWith('.gz')) {
      const gzip = createGzip({ level: 9 });
      gzip.pipe(this.file);
      this.stream = gzip;
    } else this.stream = this.file;
    this.buffer.push(columns.join(',') + '\n');
  }

  /** Queues one row (cells in column order). Call {@link flushIfFull} now and then to bound memory. */
  row(cells: readonly Cell[]): void {
    const line = cells.map((v) => csvField(v, DATA_FIELD)).join(',') + '\n';
    this.buffer.push(line);
    this.bufferedChars += line.length;
    this.rows++;
  }

  /** Whether enough is buffered that the caller should await {@link flush}. */
  get full(): boolean {
    return this.bufferedChars > 1 << 20;
  }

  /** Writes the buffer out, waiting for the stream to drain when the OS is behind. */
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferedChars = 0;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  /** Flushes and closes the file, then moves it to `path` (until then `path` is untouched). */
  async close(): Promise<void> {
    try {
      await this.flush();
      await new Promise<void>((resolve, reject) => {
        this.file.once('error', reject);
        this.file.once('finish', () => resolve());
        this.stream.end();
      });
      renameSync(this.temp, this.path);
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  /** Drops what was written (a failed or cancelled generation): `path` is left as it was. */
  abort(): void {
    this.stream.destroy();
    this.file.destroy();
    rmSync(this.temp, { force: true });
  }
}
