import { InputError } from '../../errors.js';

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

/** Text of ASCII bytes (short ones without intermediate strings: ids are made a million times). */
export function latin1(b: Uint8Array, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(b[s]);
    case 2:
      return String.fromCharCode(b[s], b[s + 1]);
    case 3:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2]);
    case 4:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8:
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    default:
      // Ids of 9–16 bytes (`usr_0001234`): two short pieces cost less than a Buffer view per id.
      if (e - s <= 16) return latin1(b, s, s + 8) + latin1(b, s + 8, e);
      return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
  }
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
