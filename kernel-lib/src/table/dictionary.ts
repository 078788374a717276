/**
 * A dictionary of distinct strings (user ids, channels) encoded once to dense integers 0..size-1.
 * Tables loaded with the same dictionary share codes, so per-user metrics index typed arrays directly
 * instead of looking ids up in a `Map` per row (measured: that lookup is what loses to DuckDB).
 */
export class Dictionary {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();

  /** Number of distinct values seen so far. */
  get size(): number {
    return this.values.length;
  }

  /** The code of `value`, adding it if new. */
  encode(value: string): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  /** The code of `value`, or -1 when it has not been seen. */
  lookup(value: string): number {
    return this.index.get(value) ?? -1;
  }

  /** The value behind a code. */
  decode(code: number): string {
    return this.values[code];
  }
}
