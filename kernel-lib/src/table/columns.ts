import type { Dictionary } from './dictionary.js';

/** The column contract arquero expects: a length, random access and iteration. */
export interface ArrayLikeColumn<T> {
  readonly length: number;
  at(row: number): T;
  [Symbol.iterator](): Iterator<T>;
}

/**
 * A string column stored as dense integer codes into a shared {@link Dictionary}.
 * `codes[i] === -1` marks a missing value (`at(i)` returns null).
 */
export class DictionaryColumn implements ArrayLikeColumn<string | null> {
  constructor(
    readonly codes: Int32Array,
    readonly dictionary: Dictionary,
  ) {}
  get length(): number {
    return this.codes.length;
  }
  at(row: number): string | null {
    const c = this.codes[row];
    return c < 0 ? null : this.dictionary.decode(c);
  }
  *[Symbol.iterator](): Iterator<string | null> {
    for (let i = 0; i < this.codes.length; i++) yield this.at(i);
  }
}

/**
 * Timestamps as UTC epoch milliseconds in a Float64Array; NaN marks a missing value.
 * `at(i)` returns a `Date` so arquero and display code see dates.
 */
export class TimestampColumn implements ArrayLikeColumn<Date | null> {
  constructor(readonly ms: Float64Array) {}
  get length(): number {
    return this.ms.length;
  }
  at(row: number): Date | null {
    const v = this.ms[row];
    return Number.isNaN(v) ? null : new Date(v);
  }
  *[Symbol.iterator](): Iterator<Date | null> {
    for (let i = 0; i < this.ms.length; i++) yield this.at(i);
  }
}
