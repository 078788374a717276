import { ByteInterner } from './intern.js';
import type { KeyBatch } from './keyBatch.js';
import { latin1 } from './latin1.js';

const utf8 = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * A dictionary of distinct strings (user ids, channels) encoded once to dense integers 0..size-1.
 * Tables loaded with the same dictionary share codes, so per-user metrics index typed arrays directly
 * instead of looking ids up in a `Map` per row (measured: that lookup is what loses to DuckDB).
 *
 * Values are kept as their UTF-8 bytes in one arena, found through a hash table over those bytes, and
 * made into strings only when asked for ({@link decode}). A file's ids are coded straight from its bytes
 * ({@link encodeBytes}): a million ids cost a few bytes each instead of a string and a `Map` entry, and
 * loading makes no string at all for them.
 */
export class Dictionary {
  private readonly table = new ByteInterner((b, s, e) => this.add(b, s, e));
  private arena = new Uint8Array(1 << 10);
  private used = 0;
  /** Value `c` is arena bytes [ends[c - 1] (or 0), ends[c]). */
  private ends = new Int32Array(1 << 8);
  private count = 0;
  /** Strings made so far, by code (holes where a value has not been asked for). */
  private texts: (string | undefined)[] = [];
  /** The string being encoded (it becomes the text of a new code at once). */
  private pending: string | undefined;
  /** Strings that are not well-formed UTF-16 (a lone surrogate has no UTF-8 bytes of its own). */
  private odd?: Map<string, number>;
  private scratch = new Uint8Array(64);
  /** Codes below this one all have their string in `texts`. */
  private decoded = 0;

  /** Number of distinct values seen so far. */
  get size(): number {
    return this.count;
  }

  /** The code of `value`, adding it if new. */
  encode(value: string): number {
    const n = this.utf8Of(value);
    if (n < 0) return this.oddCode(value, true);
    this.pending = value;
    try {
      return this.table.code(this.scratch, 0, n);
    } finally {
      this.pending = undefined;
    }
  }

  /**
   * The code of the value whose UTF-8 bytes are b[s, e), adding it if new. The caller vouches that
   * the bytes are valid UTF-8 and are the value as it is to be kept (no trimming left to do).
   */
  encodeBytes(b: Uint8Array, s: number, e: number): number {
    return this.table.code(b, s, e);
  }

  /** The codes of a batch of keys (as {@link encodeBytes}), each into `out` at its row; empties the batch. */
  encodeBatch(batch: KeyBatch, out: Int32Array): void {
    this.table.codeBatch(batch, out);
  }

  /** The code of `value`, or -1 when it has not been seen. */
  lookup(value: string): number {
    const n = this.utf8Of(value);
    if (n < 0) return this.oddCode(value, false);
    return this.table.find(this.scratch, 0, n);
  }

  /** The value behind a code. */
  decode(code: number): string {
    if (code >= this.texts.length) this.reserveTexts();
    let t = this.texts[code];
    if (t === undefined) {
      const s = code === 0 ? 0 : this.ends[code - 1];
      const e = this.ends[code];
      let ascii = true;
      for (let i = s; i < e; i++) if (this.arena[i] > 127) ascii = false;
      t = ascii ? latin1(this.arena, s, e) : utf8.decode(this.arena.subarray(s, e));
      this.texts[code] = t;
    }
    return t;
  }

  /**
   * Every value, by code: each made into a string once, then kept (prefer {@link decode} for a few
   * values of a large dictionary). A snapshot: values added later are not in it.
   */
  get values(): readonly string[] {
    if (this.decoded < this.count || this.texts.length !== this.count) {
      for (let c = this.decoded; c < this.count; c++) this.decode(c);
      this.texts.length = this.count;
      this.decoded = this.count;
    }
    return this.texts as string[];
  }

  private reserveTexts(): void {
    const texts: (string | undefined)[] = new Array(Math.max(this.count, this.texts.length * 2));
    for (let c = 0; c < this.texts.length; c++) texts[c] = this.texts[c];
    this.texts = texts;
  }

  /** UTF-8 bytes of `value` into the scratch buffer: their length, or -1 when it is not well-formed. */
  private utf8Of(value: string): number {
    const n = value.length;
    if (this.scratch.length < n * 3) this.scratch = new Uint8Array(n * 3);
    const scratch = this.scratch;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c > 127) {
        if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) return -1;
        return encoder.encodeInto(value, scratch).written;
      }
      scratch[i] = c;
    }
    return n;
  }

  /** A new code for bytes [s, e) (the table has just found them missing). */
  private add(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (this.used + n > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + n));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    this.arena.set(b.subarray(s, e), this.used);
    this.used += n;
    return this.next(this.pending);
  }

  private next(text: string | undefined): number {
    const code = this.count;
    if (code === this.ends.length) {
      const bigger = new Int32Array(code * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[code] = this.used;
    this.count++;
    if (text !== undefined) {
      if (code >= this.texts.length) this.reserveTexts();
      this.texts[code] = text;
    }
    return code;
  }

  /** The code of a string that is not well-formed UTF-16 (kept as text, no bytes). */
  private oddCode(value: string, add: boolean): number {
    const odd = (this.odd ??= new Map());
    let code = odd.get(value);
    if (code === undefined) {
      if (!add) return -1;
      code = this.next(value);
      odd.set(value, code);
    }
    return code;
  }
}
