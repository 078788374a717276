import { InputError } from '../../errors.js';
import { toTextBuilder, type ColumnBuilder, type ColumnContext } from '../columns/builders.js';
import type { ColumnPart } from '../columns/parts.js';
import type { SharedTail } from '../columns/shared.js';
import type { ColumnPlan } from '../mapping.js';
import type { Decode, NullMatcher } from '../values/text.js';
import { ESCAPED, WHITESPACE, type RecordSink } from './tokenizer.js';

// A module-level copy: an imported binding is a property load (a getter call under tsx) per field.
const ESCAPED_FLAG = ESCAPED;

/** An InputError from decoding (which knows no place) with the line and column added. */
export function placed(err: unknown, line: number, column?: string): unknown {
  if (!(err instanceof InputError) || err.location.line !== undefined) return err;
  return new InputError(
    err.problem,
    { ...err.location, line, column: err.location.column ?? column },
    err.expected,
  );
}

/** What a {@link ColumnSink} needs besides its builders. */
export interface ColumnSinkContext {
  plans: readonly ColumnPlan[];
  contexts: readonly ColumnContext[];
  nulls: NullMatcher;
  file: string;
  delimiter: number;
  decode: Decode;
  /** Whether the first record is the header (false for a later part of a file). */
  header: boolean;
}

/** Every data row of a CSV file (or of one part of it) into the column builders. */
export class ColumnSink implements RecordSink {
  rows = 0;
  private header: boolean;
  /** Columns whose inferred type met a value it cannot hold and became text. */
  readonly changed: boolean[];

  constructor(
    readonly builders: ColumnBuilder[],
    private readonly c: ColumnSinkContext,
  ) {
    this.header = c.header;
    this.changed = builders.map(() => false);
  }

  readonly record: RecordSink['record'] = (b, starts, ends, flags, count, line) => {
    if (this.header) {
      this.header = false;
      return;
    }
    const builders = this.builders;
    const n = builders.length;
    if (count !== n) this.ragged(b, starts, ends, count, line);
    const nulls = this.c.nulls;
    let k = 0;
    try {
      for (; k < n; k++) {
        const s = starts[k];
        const e = ends[k];
        const escaped = (flags[k] & ESCAPED_FLAG) !== 0;
        if (!escaped && nulls.matches(b, s, e)) builders[k].missing();
        else if (!builders[k].bytes(b, s, e, escaped, line)) {
          // An inferred type met a value it cannot hold: the column becomes text, nothing is lost.
          builders[k] = toTextBuilder(builders[k], this.c.contexts[k]);
          this.changed[k] = true;
          builders[k].bytes(b, s, e, escaped, line);
        }
      }
    } catch (err) {
      throw placed(err, line, this.c.plans[k].header);
    }
    this.rows++;
  };

  private ragged(b: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, line: number): never {
    const { plans, file, delimiter } = this.c;
    const text = this.c.decode(b, starts[0], ends[count - 1]);
    throw new InputError(
      `ragged row: ${count} field${count === 1 ? '' : 's'}`,
      { file, line, value: text },
      `${plans.length} fields as in the header (${plans.map((p) => p.header).join(', ')}); ` +
        (delimiter === WHITESPACE
          ? 'quote fields that contain spaces'
          : `quote fields that contain "${delimiter === 9 ? '\\t' : String.fromCharCode(delimiter)}"`),
    );
  }

  /** Whether any column changed type or learned how to read later values. */
  get diverged(): boolean {
    return this.changed.some(Boolean) || this.builders.some((b) => b.learned());
  }

  /** The columns so far, for the sink of the part before (see {@link ColumnPart}). */
  parts(): ColumnPart[] {
    return this.builders.map((b) => b.part());
  }

  /** Cedes each shared column's last `rows` rows to the thread reading the next part (see `shared.ts`). */
  cede(rows: number): (SharedTail | undefined)[] {
    return this.builders.map((b) => b.cede(rows));
  }

  /** Takes back the rows ceded by {@link cede} (the thread they were ceded to has stopped). */
  reclaim(): void {
    this.builders.forEach((b) => b.reclaim());
  }

  /** Appends the columns of the next part of the file (read by a sink that did not diverge). */
  append(next: { rows: number; parts: readonly ColumnPart[] }): void {
    this.builders.forEach((b, k) => {
      if (!b.append(next.parts[k])) throw new Error(`column ${this.c.plans[k].header}: part of another kind`);
    });
    this.rows += next.rows;
  }

  finish(): unknown[] {
    return this.builders.map((b) => b.finish());
  }
}
