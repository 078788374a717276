import { open } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { bomLength, decoderFor, refuseUtf16, sniffEncoding, type Encoding } from '../values/text.js';
import { CsvTokenizer, fieldText, WHITESPACE } from './tokenizer.js';

/** Options of {@link parseCsv}. */
export interface ParseCsvOptions {
  /** One character, or `'whitespace'` (runs of spaces and tabs, as `load()`'s option). @default ',' */
  delimiter?: string;
  /** @default 'auto' */
  encoding?: Encoding;
  /** Feed the parser in chunks of this many bytes (to exercise streaming). @default all at once */
  chunkSize?: number;
  /** Name for error messages. @default 'text' */
  name?: string;
}

/**
 * Parses small CSV text into rows of strings, with the same tokenizer and errors as `load()`
 * (quotes, CRLF, BOM, GB18030). For previews and tests; `load()` is the way to read data.
 * @example parseCsv('a,b\n"x, y",2\n') // [['a', 'b'], ['x, y', '2']]
 */
export function parseCsv(input: string | Uint8Array, options: ParseCsvOptions = {}): string[][] {
  const name = options.name ?? 'text';
  let bytes: Uint8Array = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  refuseUtf16(bytes, name);
  bytes = bytes.subarray(bomLength(bytes));
  const encoding =
    !options.encoding || options.encoding === 'auto' ? sniffEncoding(bytes, name) : options.encoding;
  const decode = decoderFor(encoding, name);
  const rows: string[][] = [];
  const tokenizer = new CsvTokenizer(
    options.delimiter === 'whitespace' ? WHITESPACE : (options.delimiter ?? ',').charCodeAt(0),
    {
      record(b, starts, ends, flags, count) {
        const row: string[] = [];
        for (let k = 0; k < count; k++) row.push(fieldText(decode, b, starts[k], ends[k], flags[k]));
        rows.push(row);
      },
    },
    name,
  );
  const step = options.chunkSize ?? bytes.length;
  for (let at = 0; at < bytes.length; at += step) {
    tokenizer.feed(bytes.subarray(at, Math.min(bytes.length, at + step)));
  }
  tokenizer.end();
  return rows;
}

/**
 * The header row of a CSV file, read from its first 64 KiB only (for column pickers).
 * @example guessMapping(await readCsvHeader('orders.csv'), 'orders')
 */
export async function readCsvHeader(
  path: string,
  options: Omit<ParseCsvOptions, 'chunkSize' | 'name'> = {},
): Promise<string[]> {
  const handle = await open(path, 'r').catch((err) => {
    throw new InputError(`cannot open the file (${err?.code ?? err})`, { file: path }, 'a readable file');
  });
  try {
    const buf = Buffer.alloc(1 << 16);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const head = buf.subarray(0, bytesRead);
    let end = head.indexOf(10);
    if (end < 0) end = bytesRead;
    // A header with a quoted newline is rare; fall back to the whole head then.
    let rows = safeParse(head.subarray(0, end), options, path);
    if (!rows) rows = safeParse(head, options, path) ?? [];
    if (!rows.length) throw new InputError('empty file', { file: path }, 'a header line');
    return rows[0].map((h) => h.trim());
  } finally {
    await handle.close();
  }
}

function safeParse(b: Uint8Array, options: ParseCsvOptions, name: string): string[][] | undefined {
  try {
    return parseCsv(b, { ...options, name });
  } catch (err) {
    if (err instanceof InputError && /unclosed quote/.test(err.message)) return undefined;
    throw err;
  }
}
