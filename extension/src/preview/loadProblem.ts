import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

/** What the preview tells the user when a file does not load. */
export interface LoadProblem {
  /** Short and human: what is wrong and what to do. */
  message: string;
  /** Whether "Map columns…" can help: a text table whose headers did not map onto the canonical columns. */
  canMap: boolean;
  /** A delimiter that reads the file (fields separated by runs of spaces, with a header row): reload with it. */
  delimiter?: 'whitespace';
}

/** The first bytes of a file (decompressed for `.gz`), for sniffing what it is. */
export async function headOf(file: string, bytes = 64 * 1024): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(file, { end: /\.gz$/i.test(file) ? undefined : bytes - 1 });
  const stream = /\.gz$/i.test(file) ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= bytes) break;
    }
  } catch {
    // A truncated or not-really-gzip file: sniff what was read.
  } finally {
    source.destroy();
  }
  return new Uint8Array(Buffer.concat(chunks).subarray(0, bytes));
}

/** Text (UTF-8 or UTF-16 without NULs) or not: a NUL byte, or more than 10 % control characters, is binary. */
function looksBinary(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13) control++;
  }
  return control / head.length > 0.1;
}

/**
 * Lines of fields separated by runs of spaces, without commas, tabs, semicolons or pipes: `'header'` when the
 * first line names the columns, `'noHeader'` when it is data too (only numbers and dates), else false.
 */
function whitespaceLayout(head: Uint8Array): 'header' | 'noHeader' | false {
  const lines = new TextDecoder()
    .decode(head)
    .split(/\r?\n/)
    .slice(0, 20)
    .filter((l) => l.trim() !== '');
  if (lines.length < 2 || lines.some((l) => /[,\t;|]/.test(l))) return false;
  const widths = lines.map((l) => l.trim().split(/\s+/).length);
  if (!(widths[0] >= 3 && widths.every((w) => w === widths[0]))) return false;
  const data = lines[0]
    .trim()
    .split(/\s+/)
    .every((f) => /^[-+]?[\d.:/-]+$/.test(f));
  return data ? 'noHeader' : 'header';
}

/**
 * Turns a failed load into what the preview says (加载失败的说明): a binary file is "not a text table", a
 * whitespace-separated one with a header row is reloaded with `delimiter: 'whitespace'` (one without says how
 * to load it), other data errors keep kernel-lib's message (file,
 * line, column, value, what was expected). "Map columns…" is offered only for a text table whose columns did
 * not map.
 * @param fileName shown in the message
 * @param head the file's first bytes ({@link headOf})
 * @param error what `load()` threw
 */
export function describeLoadProblem(fileName: string, head: Uint8Array, error: unknown): LoadProblem {
  if (looksBinary(head)) {
    return { message: `${fileName}: this is not a text table (CSV, TSV, JSON, Parquet)`, canMap: false };
  }
  const layout = whitespaceLayout(head);
  if (layout === 'header') {
    return {
      message: `${fileName}: columns are separated by spaces: use delimiter whitespace`,
      canMap: false,
      delimiter: 'whitespace',
    };
  }
  if (layout === 'noHeader') {
    return {
      message:
        `${fileName}: columns are separated by spaces and there is no header row: load it in a notebook ` +
        "with delimiter: 'whitespace', header: false and names: [...]",
      canMap: false,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  // By name, not instanceof: the error may come from another copy of kernel-lib (the bundle, a test's source).
  const problem =
    error instanceof Error && error.name === 'InputError' ? (error as { problem?: unknown }).problem : '';
  const canMap = typeof problem === 'string' && /missing required column/i.test(problem);
  return { message, canMap };
}
