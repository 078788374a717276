import type { SlashOrder } from '../values/timestamp.js';

/**
 * A column parsed from one part of a file (by a worker thread), in a form the builder of the part
 * before it appends without parsing again: typed arrays move between threads without a copy (most are
 * already in the main thread's shared column, at row `at`; see `shared.ts`), and text
 * travels as the raw bytes of each distinct value, so the main thread makes a string only for values
 * it has not seen in its own part.
 */
export type ColumnPart = NumbersPart | CodesPart | ValuesPart;

/** Numbers, or timestamps in UTC ms with the slash-date order the part learned (0: none). */
export interface NumbersPart {
  kind: 'numbers';
  values: Float64Array;
  order?: SlashOrder;
  /** The row of the main thread's shared column the values are at, if they are there. */
  at?: number;
}

/** Codes local to the part (−1 = missing) and what each local code stands for. */
export interface CodesPart {
  kind: 'codes';
  codes: Int32Array;
  /** The row of the main thread's shared column the codes are at, if they are there. */
  at?: number;
  /** The bytes of the values, one after another; value j ends at `ends[j]`. */
  keys: Uint8Array;
  ends: Int32Array;
  /** Values read from fields with doubled quotes, as text (their bytes are not the value). */
  textCodes: Int32Array;
  texts: string[];
}

/** Plain JS values (free text, booleans). */
export interface ValuesPart {
  kind: 'values';
  values: unknown[];
}

/** The buffers of `parts` that can be transferred to another thread instead of copied. */
export function transferables(parts: readonly ColumnPart[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const p of parts) {
    if (p.kind === 'numbers') out.push(p.values.buffer as ArrayBuffer);
    else if (p.kind === 'codes') {
      for (const a of [p.codes, p.keys, p.ends, p.textCodes]) out.push(a.buffer as ArrayBuffer);
    }
  }
  // Shared memory is shared by posting it, not transferred.
  return [...new Set(out)].filter((b) => !(b instanceof SharedArrayBuffer));
}

/**
 * Local codes of a part's text column: code j is the j-th distinct value, kept as its bytes (or as its
 * text when it was written with doubled quotes).
 */
export class PartKeys {
  private keys = new Uint8Array(1 << 10);
  private used = 0;
  private ends = new Int32Array(1 << 8);
  private count = 0;
  private readonly textCodes: number[] = [];
  private readonly texts: string[] = [];
  private readonly byText = new Map<string, number>();

  /** A new code for the value spelled by bytes [s, e) (the caller interns, so it is new). */
  bytes(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (this.used + n > this.keys.length) {
      const bigger = new Uint8Array(Math.max(this.keys.length * 2, this.used + n));
      bigger.set(this.keys.subarray(0, this.used));
      this.keys = bigger;
    }
    this.keys.set(b.subarray(s, e), this.used);
    this.used += n;
    return this.next();
  }

  /** The code of a value known only as text. */
  text(t: string): number {
    let code = this.byText.get(t);
    if (code === undefined) {
      code = this.next();
      this.byText.set(t, code);
      this.textCodes.push(code);
      this.texts.push(t);
    }
    return code;
  }

  private next(): number {
    if (this.count === this.ends.length) {
      const bigger = new Int32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[this.count] = this.used;
    return this.count++;
  }

  /** The part of a column whose local codes are `codes`. */
  part(codes: Int32Array, at?: number): CodesPart {
    return {
      kind: 'codes',
      codes,
      at,
      keys: this.keys.slice(0, this.used),
      ends: this.ends.slice(0, this.count),
      textCodes: Int32Array.from(this.textCodes),
      texts: this.texts,
    };
  }
}
