import { InputError } from '../../errors.js';
import { latin1 } from '../../table/latin1.js';

/** Encodings `load()` reads: UTF-8, GB18030 (a superset of GBK and GB2312), or sniffed. */
export const ENCODINGS = ['utf-8', 'gb18030', 'auto'] as const;
/** See {@link ENCODINGS}. */
export type Encoding = (typeof ENCODINGS)[number];

/** Turns a byte range into text, in the file's encoding. */
export type Decode = (b: Uint8Array, s: number, e: number) => string;

const gb18030 = new TextDecoder('gb18030');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** A decoder for `encoding` (`auto` must be resolved first by {@link sniffEncoding}). */
export function decoderFor(encoding: 'utf-8' | 'gb18030', file: string): Decode {
  if (encoding === 'gb18030') {
    return (b, s, e) => {
      const text = gb18030.decode(b.subarray(s, e));
      // U+FFFD means bytes that are not GB18030 either (Latin-1, Shift-JIS, a broken file): refuse
      // rather than load replacement characters silently.
      if (text.includes('\uFFFD')) {
        throw new InputError(
          'bytes that are neither UTF-8 nor GB18030',
          { file, value: text },
          'text in UTF-8 or GB18030/GBK; re-save the file as UTF-8',
        );
      }
      return text;
    };
  }
  return (b, s, e) => {
    // ASCII needs no validation; the common case of ids and numbers stays a plain latin1 slice.
    let ascii = true;
    for (let i = s; i < e; i++) {
      if (b[i] > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii) return latin1(b, s, e);
    try {
      return strictUtf8.decode(b.subarray(s, e));
    } catch {
      throw new InputError(
        'invalid UTF-8 bytes',
        { file, value: gb18030.decode(b.subarray(s, e)) },
        'UTF-8 text; the file looks like GB18030/GBK, pass encoding: "gb18030" (or "auto")',
      );
    }
  };
}

/**
 * Picks UTF-8 or GB18030 from the first bytes of a file: a UTF-8 BOM or valid UTF-8 means UTF-8;
 * invalid UTF-8 means GB18030 (Chinese spreadsheet exports are usually GBK, which GB18030 contains).
 * A UTF-16 BOM is refused with advice, since Fupan does not read UTF-16.
 */
export function sniffEncoding(head: Uint8Array, file: string): 'utf-8' | 'gb18030' {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  refuseUtf16(head, file);
  // The head may end inside a multi-byte character: validate up to the last complete line.
  let end = head.length;
  const lastNewline = head.lastIndexOf(10);
  if (lastNewline > 0) end = lastNewline;
  try {
    strictUtf8.decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** Throws on a UTF-16 byte order mark. */
export function refuseUtf16(head: Uint8Array, file: string): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new InputError(
      'the file is UTF-16',
      { file, line: 1 },
      'UTF-8 or GB18030; save the file as UTF-8 CSV',
    );
  }
}

/** Length of a UTF-8 byte order mark at the start of `b` (0 or 3). */
export function bomLength(b: Uint8Array): number {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
}

/** Default text that means "missing" (pandas writes `NaN`, Excel `#N/A`, SQL exports `NULL`). */
export const DEFAULT_NULL_VALUES: readonly string[] = [
  '',
  'NA',
  'N/A',
  'NaN',
  'NULL',
  'null',
  'None',
  '#N/A',
];

/** A fast test of whether a byte range is one of the missing-value markers. */
export class NullMatcher {
  private readonly byLength = new Map<number, Uint8Array[]>();
  private readonly maxLength: number;
  /** Whether some missing-value spelling has this many bytes: most fields are rejected without a lookup. */
  private readonly hasLength: Uint8Array;
  readonly texts: ReadonlySet<string>;

  constructor(values: readonly string[]) {
    this.texts = new Set(values);
    let max = 0;
    for (const v of values) {
      const bytes = Buffer.from(v, 'utf8');
      const list = this.byLength.get(bytes.length) ?? [];
      list.push(bytes);
      this.byLength.set(bytes.length, list);
      max = Math.max(max, bytes.length);
    }
    this.maxLength = max;
    this.hasLength = new Uint8Array(max + 1);
    for (const n of this.byLength.keys()) this.hasLength[n] = 1;
  }

  /** Whether bytes [s, e) spell a missing value. */
  matches(b: Uint8Array, s: number, e: number): boolean {
    const n = e - s;
    if (n === 0) return true;
    if (n > this.maxLength || this.hasLength[n] === 0) return false;
    const list = this.byLength.get(n);
    if (!list) return false;
    outer: for (const v of list) {
      for (let k = 0; k < n; k++) if (b[s + k] !== v[k]) continue outer;
      return true;
    }
    return false;
  }
}

/**
 * A whole file's text (JSON, NDJSON) under the rule CSV fields follow: a UTF-8 BOM dropped, UTF-16
 * refused, `auto` reading valid UTF-8 as UTF-8 and anything else as GB18030; bytes that are neither (or
 * not the encoding given) are refused naming their line, never turned into U+FFFD silently.
 * @param bytes the file
 * @param encoding the `encoding` option
 * @param file the file name for messages
 * @returns the text
 * @example decodeWhole(Buffer.from('[{"a": 1}]'), 'auto', 'a.json') // '[{"a": 1}]'
 */
export function decodeWhole(bytes: Uint8Array, encoding: Encoding, file: string): string {
  refuseUtf16(bytes, file);
  const body = bytes.subarray(bomLength(bytes));
  let utf8: string | undefined;
  if (encoding !== 'gb18030') {
    try {
      utf8 = strictUtf8.decode(body);
    } catch {
      utf8 = undefined;
    }
  }
  if (utf8 !== undefined) return utf8;
  if (encoding === 'utf-8') {
    const at = Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8').indexOf('\uFFFD');
    const gb = gb18030.decode(body);
    throw new InputError(
      'invalid UTF-8 bytes',
      { file, ...lineOf(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'), at) },
      gb.includes('\uFFFD')
        ? 'UTF-8 text; re-save the file as UTF-8'
        : 'UTF-8 text; the file looks like GB18030/GBK, pass encoding: "gb18030" (or "auto")',
    );
  }
  const text = gb18030.decode(body);
  const bad = text.indexOf('\uFFFD');
  if (bad >= 0) {
    throw new InputError(
      'bytes that are neither UTF-8 nor GB18030',
      { file, ...lineOf(text, bad) },
      'text in UTF-8 or GB18030/GBK; re-save the file as UTF-8',
    );
  }
  return text;
}

/** The 1-based line of character `at` of `text`, and that line's text as the value (cut to 80). */
function lineOf(text: string, at: number): { line: number; value: string } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  const end = text.indexOf('\n', at);
  return {
    line,
    value: text.slice(Math.max(start, at - 40), Math.min(end < 0 ? text.length : end, at + 40)),
  };
}
