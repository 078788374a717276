import { InputError } from '../../errors.js';
import type { Decode } from '../values/text.js';
import { headroomOf } from './source.js';

/**
 * A byte-level CSV state machine (RFC 4180: quoted fields, doubled quotes, newlines inside quotes,
 * CRLF, LF or CR line ends). It finds field boundaries only; it never makes strings, so the column
 * builders parse numbers and dates straight from the bytes. Input comes in chunks: `parse` returns
 * where the last incomplete record starts, and the caller carries those bytes into the next chunk.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/**
 * The delimiter code of `delimiter: 'whitespace'`: fields are separated by runs of spaces and tabs, and
 * spaces and tabs at the start and end of a line are not fields (as in `00001 19970101  1   11.77`).
 */
export const WHITESPACE = -1;

/** Field flag: the field was quoted. */
export const QUOTED = 2;
/** Field flag: the field holds doubled quotes (`""`) that decoding must undo. */
export const ESCAPED = 1;

/** The text of a field: decoded, with doubled quotes undone when its flags say so. */
export function fieldText(decode: Decode, b: Uint8Array, s: number, e: number, flags: number): string {
  const t = decode(b, s, e);
  return flags & ESCAPED ? t.replace(/""/g, '"') : t;
}

/**
 * The carried bytes followed by the chunk: written into the chunk's headroom when it has room (no copy
 * of the chunk), else both copied into a new buffer.
 */
function withCarry(carry: Uint8Array, chunk: Uint8Array): Uint8Array {
  const n = carry.length;
  if (headroomOf(chunk) < n) return Buffer.concat([carry, chunk]);
  const joined = new Uint8Array(chunk.buffer, chunk.byteOffset - n, n + chunk.length);
  joined.set(carry, 0);
  return joined;
}

/** Receives each complete record as byte ranges into `b`. */
export interface RecordSink {
  record(
    b: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    line: number,
  ): void;
}

/** The CSV tokenizer; see the file comment. */
export class CsvTokenizer {
  /** Physical line (1-based) where the next record starts. */
  line = 1;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private flags = new Uint8Array(64);
  /** The incomplete last record of the chunks fed so far. */
  private carry: Uint8Array | null = null;

  constructor(
    private readonly delimiter: number,
    private readonly sink: RecordSink,
    private readonly file: string,
  ) {}

  private grow(): void {
    const n = this.starts.length * 2;
    const s = new Int32Array(n);
    s.set(this.starts);
    const e = new Int32Array(n);
    e.set(this.ends);
    const f = new Uint8Array(n);
    f.set(this.flags);
    this.starts = s;
    this.ends = e;
    this.flags = f;
  }

  /** Parses a chunk of input, keeping its incomplete last record for the next chunk. */
  feed(chunk: Uint8Array): void {
    const buf = this.carry ? withCarry(this.carry, chunk) : chunk;
    const used = this.parse(buf, 0, buf.length, false);
    this.carry = used < buf.length ? buf.subarray(used) : null;
  }

  /** Ends the input: the last record needs no line end, and an open quote is an error. */
  end(): void {
    const carry = this.carry;
    this.carry = null;
    if (carry) this.parse(carry, 0, carry.length, true);
  }

  /** Whether the chunks fed so far end inside a record (else they end at a record boundary). */
  get midRecord(): boolean {
    return this.carry !== null;
  }

  /**
   * Parses the complete records of b[start, end) and returns the offset of the first byte not consumed
   * (the start of an incomplete record). With `final`, the end of input ends the last record, and an
   * open quote is an error.
   */
  parse(b: Uint8Array, start: number, end: number, final: boolean): number {
    const D = this.delimiter;
    const W = D === WHITESPACE;
    let i = start;
    let recordStart = start;
    let count = 0;
    let newlines = 0; // inside the current record (quoted newlines)
    for (;;) {
      if (i >= end) {
        // At the start of a field with no bytes left: only a delimiter just before can bring us here.
        if (count > 0) {
          if (!final) return recordStart;
          this.field(count++, i, i, 0);
          this.emit(b, count, newlines);
        }
        return end;
      }
      let c = b[i];
      if (W && (c === SPACE || c === TAB)) {
        // A run of blanks: the separator after a field, or the indent of a line (never a field).
        while (i < end && (b[i] === SPACE || b[i] === TAB)) i++;
        if (i >= end) {
          if (!final) return recordStart;
          if (count > 0) this.emit(b, count, newlines);
          return end;
        }
        c = b[i];
        if (c === LF || c === CR) {
          // Blanks at the end of a line: the record ends with the field before them.
          if (c === CR) {
            if (i + 1 < end) i += b[i + 1] === LF ? 2 : 1;
            else if (!final) return recordStart;
            else i++;
          } else i++;
          if (count > 0) this.emit(b, count, newlines);
          else this.line += 1 + newlines;
          count = 0;
          newlines = 0;
          recordStart = i;
          continue;
        }
      }
      let fieldStart: number;
      let fieldEnd: number;
      let flag = 0;
      if (c === QUOTE) {
        const quoteLine = this.line + newlines;
        let j = i + 1;
        fieldStart = j;
        flag = QUOTED;
        for (;;) {
          if (j >= end) {
            if (!final) return recordStart;
            throw new InputError(
              'unclosed quote',
              { file: this.file, line: quoteLine, column: `field ${count + 1}` },
              'a closing " before the end of the file',
            );
          }
          c = b[j];
          if (c === QUOTE) {
            if (j + 1 < end) {
              if (b[j + 1] === QUOTE) {
                flag |= ESCAPED;
                j += 2;
                continue;
              }
              break;
            }
            if (!final) return recordStart; // the next chunk may start with the second quote
            break;
          }
          if (c === LF) newlines++;
          j++;
        }
        fieldEnd = j;
        i = j + 1;
        if (i < end) {
          c = b[i];
          if (c !== D && c !== LF && c !== CR && !(W && (c === SPACE || c === TAB))) {
            throw new InputError(
              'unexpected text after a closing quote',
              {
                file: this.file,
                line: this.line + newlines,
                column: `field ${count + 1}`,
                value: String.fromCharCode(c),
              },
              `${W ? 'a space' : `"${String.fromCharCode(D)}"`} or a line end after the closing quote (write a quote inside a quoted field as "")`,
            );
          }
        } else if (!final) return recordStart;
      } else {
        fieldStart = i;
        while (i < end) {
          c = b[i];
          if (c === D || c === LF || c === CR || (W && (c === SPACE || c === TAB))) break;
          i++;
        }
        fieldEnd = i;
        if (i >= end && !final) return recordStart;
      }
      if (count === this.starts.length) this.grow();
      this.field(count++, fieldStart, fieldEnd, flag);
      if (i >= end) {
        this.emit(b, count, newlines);
        return end;
      }
      c = b[i];
      if (c === D) {
        i++;
        continue;
      }
      if (W && (c === SPACE || c === TAB)) continue; // the run is skipped at the next field's start
      if (c === CR) {
        if (i + 1 < end) i += b[i + 1] === LF ? 2 : 1;
        else if (!final) return recordStart;
        else i++;
      } else i++;
      this.emit(b, count, newlines);
      count = 0;
      newlines = 0;
      recordStart = i;
    }
  }

  private field(k: number, s: number, e: number, flag: number): void {
    if (k === this.starts.length) this.grow();
    this.starts[k] = s;
    this.ends[k] = e;
    this.flags[k] = flag;
  }

  private emit(b: Uint8Array, count: number, newlines: number): void {
    // A blank line is skipped (trailing blank lines are common in exports); its line still counts.
    if (!(count === 1 && this.starts[0] === this.ends[0] && this.flags[0] === 0)) {
      this.sink.record(b, this.starts, this.ends, this.flags, count, this.line);
    }
    this.line += 1 + newlines;
  }
}
