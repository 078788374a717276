import { InputError } from '../../errors.js';
import { DictionaryColumn, TimestampColumn } from '../../table/columns.js';
import { Dictionary } from '../../table/dictionary.js';
import type { ColumnPlan } from '../mapping.js';
import type { CanonicalType } from '../schema.js';
import { KeyBatch } from '../../table/keyBatch.js';
import { ByteInterner } from '../../table/intern.js';
import { PartKeys, type ColumnPart, type NumbersPart } from './parts.js';
import { cede, columnArray, reclaimed, tailAt, widened, type SharedTail } from './shared.js';
import { safeBigint } from '../infer.js';
import { fastNumber, numberKeepsText, parseNumberText } from '../values/number.js';
import { Spellings } from './spellings.js';
import type { Decode } from '../values/text.js';
import {
  DateStatus,
  dateParts,
  numberToMs,
  parseDate,
  type DateFormat,
  type SlashOrder,
  type WallClock,
} from '../values/timestamp.js';

// Module-level copies: an imported enum member is a property load (a getter call under tsx) per row.
const DATE_OK = DateStatus.Ok;

/**
 * Column builders: each turns one input column, field by field, into Fupan's typed column (codes,
 * UTC ms, Float64Array). CSV feeds them bytes; records, JSON and Parquet feed them JS values.
 */

/** What a builder needs to know to parse and to name problems. */
export interface ColumnContext {
  /** The file (or `records[]`) for error messages. */
  file: string;
  /** The column as named in the input. */
  header: string;
  decode: Decode;
  clock: WallClock;
  dateFormat?: DateFormat;
  /** Slash-date order known before the first row (from `dateFormat` or the sample). */
  slashOrder: SlashOrder;
  /** The shared dictionary user ids are encoded into. */
  dictionary: Dictionary;
  /**
   * Whether a value that does not fit is an error (canonical or forced types) or a signal to keep the
   * column as text (inferred types).
   */
  strict: boolean;
  /** Row-count hint for the first allocation. */
  capacity: number;
  /**
   * The builder reads one part of a file for another thread: text columns keep codes local to the part
   * and the bytes of each value (see {@link ColumnPart}) instead of encoding into a dictionary.
   */
  partial?: boolean;
  /** Allocate typed columns in shared memory: the file may be read on two threads (main thread). */
  shareable?: boolean;
  /** Where this part's values go in the main thread's column (worker thread; see `cede`). */
  tail?: SharedTail;
}

/**
 * The contexts of the builders of `plans`: what the columns share, and each one's header, date order
 * and strictness from its plan.
 */
export function contextsFor(
  plans: readonly ColumnPlan[],
  shared: Omit<ColumnContext, 'header' | 'slashOrder' | 'strict'>,
): ColumnContext[] {
  return plans.map((p) => ({ ...shared, header: p.header, slashOrder: p.slashOrder, strict: p.strict }));
}

/** Where a value was read: a CSV line, or a record number. */
export interface At {
  line?: number;
  row?: number;
}

function atOf(line: number, row: number): At {
  return line === line ? { line } : { row };
}

/** A builder of one column. Methods return false when an inferred type does not fit a value. */
export abstract class ColumnBuilder {
  constructor(protected readonly ctx: ColumnContext) {}
  /** Number of values so far. */
  abstract get length(): number;
  /** A field of a CSV file (`escaped`: it holds doubled quotes to undo). */
  abstract bytes(b: Uint8Array, s: number, e: number, escaped: boolean, line: number): boolean;
  /** A JS value (records, JSON, Parquet, arquero). Missing values never reach it. */
  abstract value(v: unknown, row: number): boolean;
  /** A missing value. */
  abstract missing(): void;
  /** The values so far as text (to turn an inferred column into a text column). */
  abstract strings(): (string | null)[];
  /** The finished column. */
  abstract finish(): unknown;
  /** The values so far, to append to the builder of the part before (see {@link ColumnPart}). */
  abstract part(): ColumnPart;
  /**
   * Appends a later part of the file read by another builder of the same type; false (nothing appended)
   * when the part does not continue this column as reading on would have (another type, or dates read
   * in another day/month order).
   */
  abstract append(part: ColumnPart): boolean;

  /**
   * Gives the last `rows` rows of this column's shared memory to the thread reading the next part
   * (see `shared.ts`); undefined when the column is not shared.
   */
  cede(rows: number): SharedTail | undefined {
    void rows;
    return undefined;
  }

  /** Takes back the rows given by {@link cede} (the thread they were given to has stopped). */
  reclaim(): void {}

  /** Whether reading changed how later values are read (a learned date order). */
  learned(): boolean {
    return false;
  }

  /** Texts as written of an inferred column's values (see {@link Spellings}). */
  private spelled?: Spellings;

  /** Keeps `text` as row `row` was written when it is not `rendered`, the value's own rendering. */
  protected spell(row: number, text: string, rendered: string): void {
    if (text !== rendered) (this.spelled ??= new Spellings()).add(row, text);
  }

  /** `rendered` (each value's own rendering) with the spellings of the input put back. */
  protected asWritten(rendered: (string | null)[]): (string | null)[] {
    return this.spelled ? this.spelled.applyTo(rendered) : rendered;
  }

  /**
   * A JS value as text: strings as they are, Dates as ISO, nested values (objects, lists) as JSON. A
   * value with no text (an invalid Date, nesting too deep to write out) is an InputError, not a crash.
   */
  protected textOf(v: unknown, row: number): string {
    if (typeof v === 'string') return v;
    if (v instanceof Date) {
      if (v.getTime() === v.getTime()) return v.toISOString();
      throw new InputError(
        'invalid Date',
        { file: this.ctx.file, row, column: this.ctx.header },
        DATE_EXPECTED,
      );
    }
    if (typeof v !== 'object' || v === null) return String(v);
    let json: string | undefined;
    try {
      // BigInts as their digits; text bytes inside nested Parquet values as the text they hold
      json = JSON.stringify(v, (_, x) =>
        typeof x === 'bigint' ? String(x) : x instanceof Uint8Array ? this.ctx.decode(x, 0, x.length) : x,
      );
    } catch (err) {
      if (err instanceof InputError) throw err; // bytes that are not text
      json = undefined; // a RangeError: nested too deeply
    }
    if (json === undefined) {
      throw new InputError(
        'a nested value that cannot be written as text',
        { file: this.ctx.file, row, column: this.ctx.header, value: describe(v) },
        'a flat value (text, a number, a date); flatten nested records first',
      );
    }
    return json;
  }

  protected text(b: Uint8Array, s: number, e: number, escaped: boolean): string {
    const t = this.ctx.decode(b, s, e);
    return escaped ? t.replace(/""/g, '"') : t;
  }

  /** Refuses a value: an InputError for strict columns, false (turn to text) for inferred ones. */
  protected refuse(problem: string, at: At, value: unknown, expected: string): false {
    if (!this.ctx.strict) return false;
    throw new InputError(
      problem,
      {
        file: this.ctx.file,
        line: at.line,
        row: at.line === undefined ? at.row : undefined,
        column: this.ctx.header,
        value,
      },
      expected,
    );
  }
}

/** A short description of a nested value for a message (never its whole text). */
function describe(v: object): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  const keys = Object.keys(v);
  return `an object with keys ${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}`;
}

function growF64(a: Float64Array): Float64Array {
  const bigger = new Float64Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

function growI32(a: Int32Array): Int32Array {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** `a` with room for `need` values: the same array, or one copy of exactly that size. */
function reserve<T extends Float64Array | Int32Array>(a: T, need: number): T {
  if (a.length >= need) return a;
  const bigger = new (a.constructor as new (n: number) => T)(need);
  bigger.set(a);
  return bigger;
}

/** Trims a typed array to `n` values, copying only when much space would be wasted. */
function trim<T extends Float64Array | Int32Array>(a: T, n: number): T {
  if (n === a.length) return a;
  return (a.length - n > a.length / 8 ? a.slice(0, n) : a.subarray(0, n)) as T;
}

/**
 * Appends a part's numbers to `data` (moved down in place when they are in its ceded tail) and returns
 * the new row count; `set` receives the array when it changes.
 * @example n = appendNumbers(data, n, part, (d) => (data = d));
 */
export function appendNumbers(
  data: Float64Array,
  n: number,
  part: { values: Float64Array; at?: number },
  set: (data: Float64Array) => void,
): number {
  const m = part.values.length;
  const wide = widened(data, n, part.at, m);
  if (wide) {
    wide.copyWithin(n, part.at!, part.at! + m);
    set(wide);
  } else {
    const to = reserve(data, n + m);
    to.set(part.values, n);
    if (to !== data) set(to);
  }
  return n + m;
}

const NUMBER_EXPECTED = 'a number such as 12.5, -3 or ¥1,234.50';

/**
 * A column of doubles (numbers, timestamps in UTC ms) in a Float64Array, possibly in shared memory: the
 * rows written so far, and the tail of the array ceded to (and taken back from) the thread reading the
 * next part of the file.
 */
abstract class Float64Builder extends ColumnBuilder {
  protected data: Float64Array = columnArray(Float64Array, this.ctx);
  protected n = 0;

  get length(): number {
    return this.n;
  }

  protected store(v: number): void {
    if (this.n === this.data.length) this.data = growF64(this.data);
    this.data[this.n++] = v;
  }

  /** The part of a column read on a worker (see `ColumnPart`). */
  protected numbersPart(order?: SlashOrder): ColumnPart {
    const part: NumbersPart = {
      kind: 'numbers',
      values: this.data.subarray(0, this.n),
      at: tailAt(this.data, this.ctx),
    };
    if (order !== undefined) part.order = order;
    return part;
  }

  /** Appends the values of a later part (see {@link ColumnBuilder.append}). */
  protected appendValues(part: NumbersPart): void {
    this.n = appendNumbers(this.data, this.n, part, (d) => (this.data = d));
  }

  override cede(rows: number): SharedTail | undefined {
    const c = cede(this.data, this.n, rows);
    if (c) this.data = c.data;
    return c?.tail;
  }

  override reclaim(): void {
    this.data = reclaimed(this.data);
  }
}

/** Numbers into a Float64Array (NaN = missing). */
export class NumberBuilder extends Float64Builder {
  bytes(b: Uint8Array, s: number, e: number, escaped: boolean, line: number): boolean {
    if (!this.ctx.strict) {
      // Fast path: plain digits whose value prints back as the same bytes (`12.5`, not `1.50` or `007`).
      const x = escaped ? NaN : fastNumber(b, s, e);
      if (x === x && spells(b, s, e, String(x))) {
        this.store(x);
        return true;
      }
      return this.inferred(this.text(b, s, e, escaped));
    }
    let v = escaped ? NaN : fastNumber(b, s, e);
    if (v !== v) {
      const t = this.text(b, s, e, escaped);
      v = parseNumberText(t);
      if (v !== v) return this.refuse(notNumberProblem(t), { line }, t, NUMBER_EXPECTED);
    }
    this.store(v);
    return true;
  }

  value(v: unknown, row: number): boolean {
    let x: number;
    if (typeof v === 'number') {
      if (v !== v) x = NaN;
      else if (!Number.isFinite(v)) return this.refuse('not a finite number', { row }, v, NUMBER_EXPECTED);
      else x = v;
    } else if (typeof v === 'bigint') {
      if (!this.ctx.strict && !safeBigint(v)) return false; // an id beyond 2^53: the column is text
      x = Number(v);
    } else if (typeof v === 'string') {
      if (!this.ctx.strict) return this.inferred(v);
      x = parseNumberText(v);
      if (x !== x) return this.refuse(notNumberProblem(v), { row }, v, NUMBER_EXPECTED);
    } else return this.refuse('not a number', { row }, v, NUMBER_EXPECTED);
    this.store(x);
    return true;
  }

  /**
   * Text in an inferred number column: false (the column becomes text) for what is not a number, or
   * whose meaning a number would lose (`02134`, a 16+-digit integer: {@link numberKeepsText}).
   */
  private inferred(t: string): boolean {
    const v = parseNumberText(t);
    if (v !== v || !numberKeepsText(t)) return false;
    this.spell(this.n, t, String(v));
    this.store(v);
    return true;
  }

  missing(): void {
    this.store(NaN);
  }

  strings(): (string | null)[] {
    return this.asWritten(Array.from(this.data.subarray(0, this.n), (v) => (v !== v ? null : String(v))));
  }

  finish(): Float64Array {
    return trim(this.data, this.n);
  }

  part(): ColumnPart {
    return this.numbersPart();
  }

  append(part: ColumnPart): boolean {
    if (part.kind !== 'numbers' || part.order !== undefined) return false;
    this.appendValues(part);
    return true;
  }
}

/** Whether bytes [s, e) are exactly the ASCII text `t`. */
function spells(b: Uint8Array, s: number, e: number, t: string): boolean {
  if (e - s !== t.length) return false;
  for (let i = 0; i < t.length; i++) if (b[s + i] !== t.charCodeAt(i)) return false;
  return true;
}

function notNumberProblem(t: string): string {
  return /^\s*[+-]?(inf|infinity)\s*$/i.test(t) ? 'not a finite number' : 'not a number';
}

const DATE_EXPECTED =
  'a date like 2016-10-01, 2016-10-01 12:30:00, 2016/10/1 9:05 or 2016-10-01T12:30:00+08:00';

/** The largest |ms| a Date holds (year ±275,760). */
const MAX_DATE_MS = 8.64e15;

function iso(ms: number): string {
  return Math.abs(ms) <= MAX_DATE_MS ? new Date(ms).toISOString() : String(ms);
}

function numberExpected(format: DateFormat | undefined): string {
  return format === 'excel'
    ? "an Excel serial day of 1 (1900-01-01) or more, not 60 (Excel's nonexistent 1900-02-29)"
    : `a number of ${format === 'epoch-s' ? 'seconds' : 'milliseconds'} since 1970 within the years a date holds`;
}

/** Timestamps (UTC ms) or dates (UTC ms of the local day's start) into a TimestampColumn. */
export class TimestampBuilder extends Float64Builder {
  private order: SlashOrder = this.ctx.slashOrder;
  private readonly parts = dateParts();
  private scratch = new Uint8Array(64);
  private readonly numeric: boolean;

  constructor(
    ctx: ColumnContext,
    private readonly dayOnly: boolean,
  ) {
    super(ctx);
    const f = ctx.dateFormat;
    this.numeric = f === 'excel' || f === 'epoch-s' || f === 'epoch-ms';
  }

  private push(ms: number): void {
    if (this.dayOnly && ms === ms) ms = this.ctx.clock.zone.startOfDay(this.ctx.clock.zone.dayNumber(ms));
    this.store(ms);
  }

  /** Stores a time read from a number or a Date: refused outside the years a Date holds (±275,760). */
  private pushChecked(ms: number, at: At, value: unknown, expected: string): boolean {
    if (!(Math.abs(ms) <= MAX_DATE_MS)) {
      return this.refuse(ms !== ms ? 'not a date' : 'date out of range', at, value, expected);
    }
    this.push(ms);
    return true;
  }

  bytes(b: Uint8Array, s: number, e: number, escaped: boolean, line: number): boolean {
    return this.parseAt(b, s, e, escaped, line, NaN);
  }

  private parseAt(
    b: Uint8Array,
    s: number,
    e: number,
    escaped: boolean,
    line: number,
    row: number,
    original?: string,
  ): boolean {
    if (this.numeric) {
      let x = escaped ? NaN : fastNumber(b, s, e);
      if (x !== x) x = parseNumberText(original ?? this.text(b, s, e, escaped));
      const expected = numberExpected(this.ctx.dateFormat);
      if (x !== x) {
        return this.refuse(
          'unparseable date',
          atOf(line, row),
          original ?? this.text(b, s, e, escaped),
          expected,
        );
      }
      const ms = numberToMs(x, this.ctx.dateFormat, this.ctx.clock);
      if (!this.ctx.strict) this.spell(this.n, original ?? this.text(b, s, e, escaped), iso(ms));
      return this.pushChecked(ms, atOf(line, row), original ?? this.text(b, s, e, escaped), expected);
    }
    const status = parseDate(b, s, e, this.order, this.parts);
    if (status === DATE_OK) {
      if (this.order === 0 && (this.parts.evidence === 1 || this.parts.evidence === 2)) {
        this.order = this.parts.evidence;
      }
      const ms = this.ctx.clock.toMs(this.parts);
      if (!this.ctx.strict) this.spell(this.n, original ?? this.text(b, s, e, escaped), iso(ms));
      this.push(ms);
      return true;
    }
    return this.refuseDate(status, atOf(line, row), original ?? this.text(b, s, e, escaped));
  }

  private refuseDate(status: DateStatus, at: At, t: string): false {
    switch (status) {
      case DateStatus.Ambiguous:
        return this.refuse(
          'ambiguous date (day or month first?)',
          at,
          t,
          'dates whose order the data shows, or the option dateFormat: "mdy" (12/1/2010 = Dec 1) or "dmy"',
        );
      case DateStatus.WrongOrder:
        return this.refuse(
          `date in a different day/month order than earlier rows (read as ${this.order === 1 ? 'month' : 'day'} first)`,
          at,
          t,
          'one order in the whole column; set dateFormat: "mdy" or "dmy"',
        );
      case DateStatus.TwoDigitYear:
        return this.refuse('two-digit year', at, t, 'a four-digit year such as 12/1/2010');
      default:
        return this.refuse('unparseable date', at, t, DATE_EXPECTED);
    }
  }

  value(v: unknown, row: number): boolean {
    if (v instanceof Date) {
      const ms = v.getTime();
      if (ms !== ms) return this.refuse('invalid Date', { row }, v, DATE_EXPECTED);
      this.push(ms);
      return true;
    }
    if (typeof v === 'number' || typeof v === 'bigint') {
      // One rule for every format: a number is a time only in the unit dateFormat names, as in a CSV.
      if (!this.numeric) {
        return this.refuse(
          'a number in a date column',
          { row },
          v,
          'a date, or dateFormat "epoch-ms", "epoch-s" or "excel" to say what the numbers count',
        );
      }
      const ms = numberToMs(Number(v), this.ctx.dateFormat, this.ctx.clock);
      return this.pushChecked(ms, { row }, v, numberExpected(this.ctx.dateFormat));
    }
    if (typeof v !== 'string') return this.refuse('not a date', { row }, v, DATE_EXPECTED);
    if (v.length > this.scratch.length) this.scratch = new Uint8Array(v.length * 2);
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      this.scratch[i] = c < 128 ? c : 0; // a non-ASCII character never belongs to a date
    }
    return this.parseAt(this.scratch, 0, v.length, false, NaN, row, v);
  }

  missing(): void {
    this.push(NaN);
  }

  strings(): (string | null)[] {
    return this.asWritten(Array.from(this.data.subarray(0, this.n), (v) => (v !== v ? null : iso(v))));
  }

  finish(): TimestampColumn {
    return new TimestampColumn(trim(this.data, this.n));
  }

  override learned(): boolean {
    return this.order !== this.ctx.slashOrder;
  }

  part(): ColumnPart {
    return this.numbersPart(this.order);
  }

  append(part: ColumnPart): boolean {
    if (part.kind !== 'numbers' || part.order === undefined) return false;
    // A part that learned another order than this one would have met a date in the wrong order.
    if (part.order !== 0 && this.order !== 0 && part.order !== this.order) return false;
    if (this.order === 0) this.order = part.order;
    this.appendValues(part);
    return true;
  }
}

/**
 * Text interned into a dictionary: user ids (into the shared dictionary, with `17850.0` read as
 * `17850` because spreadsheets turn numeric ids into floats) and categories (a dictionary of their own).
 */
export class DictionaryBuilder extends ColumnBuilder {
  private codes: Int32Array = columnArray(Int32Array, this.ctx);
  private n = 0;
  private readonly dictionary: Dictionary;
  private readonly interner: ByteInterner;
  /** Codes local to a part of the file (`ctx.partial`), merged into the dictionary by {@link append}. */
  private readonly local?: PartKeys;
  /** Plain keys read but not yet coded (their rows hold -1 until {@link flush}). */
  private batch?: KeyBatch;

  /**
   * @param kind `id`: shared dictionary, ids normalised; `category`: own dictionary, always kept as
   *   codes; `auto`: own dictionary, turned into plain text at the end when most values are distinct.
   */
  constructor(
    ctx: ColumnContext,
    private readonly kind: 'id' | 'category' | 'auto',
  ) {
    super(ctx);
    this.dictionary = kind === 'id' ? ctx.dictionary : new Dictionary();
    if (ctx.partial) {
      const local = (this.local = new PartKeys());
      this.interner = new ByteInterner((b, s, e) => {
        ctx.decode(b, s, e); // bad bytes are refused here, on their line, not in the merge
        return local.bytes(b, s, e);
      });
    } else this.interner = new ByteInterner((b, s, e) => this.encode(this.ctx.decode(b, s, e)));
  }

  get length(): number {
    return this.n;
  }

  private encode(text: string): number {
    if (this.local) return this.local.text(text);
    if (this.kind !== 'id') return this.dictionary.encode(text);
    // An id of blanks only (" ", a tab, U+3000, U+FEFF) is a missing id, not a user "".
    const id = normalizeId(text);
    return id === '' ? -1 : this.dictionary.encode(id);
  }

  private push(code: number): void {
    if (this.n === this.codes.length) this.codes = growI32(this.codes);
    this.codes[this.n++] = code;
  }

  bytes(b: Uint8Array, s: number, e: number, escaped: boolean): boolean {
    if (escaped) {
      // Escaped fields skip the interner: their raw bytes would collide with an unquoted `a""b`.
      this.flush();
      this.push(this.encode(this.text(b, s, e, true)));
    } else {
      const row = this.n;
      this.push(-1);
      this.codeInto(this.codes, row, (this.batch ??= new KeyBatch()), b, s, e);
    }
    return true;
  }

  /**
   * Codes the value spelled by bytes [s, e) into out[row]: plain keys of up to 16 bytes with the others
   * of the batch (see KeyBatch), others at once, after the batch so that codes follow the order read.
   */
  private codeInto(out: Int32Array, row: number, batch: KeyBatch, b: Uint8Array, s: number, e: number): void {
    if (e - s <= 16 && plainBytes(b, s, e, this.kind === 'id' && !this.local)) {
      if (!batch.fits(e - s)) this.codeBatch(batch, out);
      if (batch.add(row, b, s, e)) this.codeBatch(batch, out);
    } else {
      this.codeBatch(batch, out);
      out[row] = this.codeOf(b, s, e);
    }
  }

  /** Codes the keys waiting in `batch` into `out`. */
  private codeBatch(batch: KeyBatch, out: Int32Array): void {
    if (batch.count === 0) return;
    if (this.local) this.interner.codeBatch(batch, out);
    else this.dictionary.encodeBatch(batch, out);
  }

  /** Codes the keys waiting in the batch, so that `codes` is complete. */
  private flush(): void {
    if (this.batch) this.codeBatch(this.batch, this.codes);
  }

  /**
   * The code of the value spelled by bytes [s, e). Bytes that are already the value as kept (ASCII,
   * and for ids nothing to trim or normalise) go straight to the dictionary; others through the
   * interner, which decodes each distinct spelling once.
   */
  private codeOf(b: Uint8Array, s: number, e: number): number {
    if (this.local || !plainBytes(b, s, e, this.kind === 'id')) return this.interner.code(b, s, e);
    return this.dictionary.encodeBytes(b, s, e);
  }

  value(v: unknown, row: number): boolean {
    this.flush();
    if (this.kind === 'id' && typeof v === 'object' && v !== null && !(v instanceof Date)) {
      throw new InputError(
        'not a user id',
        { file: this.ctx.file, row, column: this.ctx.header, value: describe(v) },
        'text or a whole number (a column of nested values, such as a STRUCT or a list, cannot be an id)',
      );
    }
    this.push(this.encode(this.textOf(v, row)));
    return true;
  }

  /** Seeds the builder with text values (an inferred column turned to text). */
  seed(values: (string | null)[]): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === null) this.missing();
      else this.value(v, i + 1);
    }
  }

  missing(): void {
    this.push(-1);
  }

  strings(): (string | null)[] {
    this.flush();
    return Array.from(this.codes.subarray(0, this.n), (c) => (c < 0 ? null : this.dictionary.decode(c)));
  }

  finish(): DictionaryColumn | (string | null)[] {
    this.flush();
    const codes = trim(this.codes, this.n);
    if (this.kind === 'auto' && this.dictionary.size > Math.max(1000, this.n / 2)) return this.strings();
    return new DictionaryColumn(codes, this.dictionary);
  }

  part(): ColumnPart {
    this.flush();
    if (!this.local) throw new Error('part() of a builder that is not partial');
    return this.local.part(this.codes.subarray(0, this.n), tailAt(this.codes, this.ctx));
  }

  override cede(rows: number): SharedTail | undefined {
    this.flush();
    const c = cede(this.codes, this.n, rows);
    if (c) this.codes = c.data;
    return c?.tail;
  }

  override reclaim(): void {
    this.flush();
    this.codes = reclaimed(this.codes);
  }

  append(part: ColumnPart): boolean {
    this.flush();
    if (part.kind !== 'codes') return false;
    // Local code → code here, in the part's order of first appearance (as reading on would number them).
    const texts = new Map<number, string>();
    part.textCodes.forEach((c, k) => texts.set(c, part.texts[k]));
    const map = new Int32Array(part.ends.length);
    const batch = new KeyBatch();
    let s = 0;
    for (let j = 0; j < map.length; j++) {
      const e = part.ends[j];
      const text = texts.get(j);
      if (text === undefined) this.codeInto(map, j, batch, part.keys, s, e);
      else {
        this.codeBatch(batch, map);
        map[j] = this.encode(text);
      }
      s = e;
    }
    this.codeBatch(batch, map);
    const m = part.codes.length;
    // In place when the part is in this column's ceded tail: each code is read before it is overwritten.
    this.codes = widened(this.codes, this.n, part.at, m) ?? reserve(this.codes, this.n + m);
    const codes = this.codes;
    const from = part.codes;
    for (let i = 0, at = this.n; i < m; i++, at++) {
      const c = from[i];
      codes[at] = c < 0 ? -1 : map[c];
    }
    this.n += m;
    return true;
  }
}

/**
 * Whether bytes [s, e) are ASCII that is kept as it is: for an id, also no space or control character
 * at either end (trimmed) and not a number ending in `0` with a `.` (maybe `17850.0`; see {@link normalizeId}).
 */
function plainBytes(b: Uint8Array, s: number, e: number, id: boolean): boolean {
  let or = 0;
  let dot = false;
  for (let i = s; i < e; i++) {
    const c = b[i];
    or |= c;
    if (c === 46) dot = true;
  }
  if (or > 127) return false;
  if (!id || s === e) return true;
  return b[s] > 32 && b[e - 1] > 32 && !(dot && b[e - 1] === 48);
}

/** `17850.0` → `17850` (an id a spreadsheet turned into a float); other ids are kept as written, trimmed. */
export function normalizeId(text: string): string {
  const t = text.trim();
  const dot = t.indexOf('.');
  if (dot > 0 && /^-?\d+\.0+$/.test(t)) return t.slice(0, dot);
  return t;
}

/** Values kept as a plain JS array (text, booleans): missing is null, parts are appended as they are. */
abstract class ArrayBuilder<T> extends ColumnBuilder {
  protected readonly data: (T | null)[] = [];

  get length(): number {
    return this.data.length;
  }

  missing(): void {
    this.data.push(null);
  }

  finish(): (T | null)[] {
    return this.data;
  }

  part(): ColumnPart {
    return { kind: 'values', values: this.data };
  }

  append(part: ColumnPart): boolean {
    if (part.kind !== 'values') return false;
    for (const v of part.values) this.data.push(v as T | null);
    return true;
  }
}

/** Plain text (order ids, free text) into an array. */
export class StringBuilder extends ArrayBuilder<string> {
  bytes(b: Uint8Array, s: number, e: number, escaped: boolean): boolean {
    this.data.push(this.text(b, s, e, escaped));
    return true;
  }

  value(v: unknown, row: number): boolean {
    this.data.push(this.textOf(v, row));
    return true;
  }

  strings(): (string | null)[] {
    return this.data;
  }
}

const TRUE_TEXT = new Set(['true', 't', 'yes', 'y', '1', '是', '对']);
const FALSE_TEXT = new Set(['false', 'f', 'no', 'n', '0', '否', '错']);

/** Booleans (true/false, yes/no, 1/0, 是/否) into an array. */
export class BooleanBuilder extends ArrayBuilder<boolean> {
  private parse(t: string, at: At): boolean {
    const k = t.trim().toLowerCase();
    let v: boolean;
    if (TRUE_TEXT.has(k)) v = true;
    else if (FALSE_TEXT.has(k)) v = false;
    else return this.refuse('not a boolean', at, t, 'true/false, yes/no, 1/0 or 是/否');
    if (!this.ctx.strict) this.spell(this.data.length, t, String(v));
    this.data.push(v);
    return true;
  }

  bytes(b: Uint8Array, s: number, e: number, escaped: boolean, line: number): boolean {
    return this.parse(this.text(b, s, e, escaped), { line });
  }

  value(v: unknown, row: number): boolean {
    if (typeof v === 'boolean') {
      this.data.push(v);
      return true;
    }
    if (typeof v === 'number') return this.parse(String(v), { row });
    if (typeof v === 'string') return this.parse(v, { row });
    return this.refuse('not a boolean', { row }, v, 'true or false');
  }

  strings(): (string | null)[] {
    return this.asWritten(this.data.map((v) => (v === null ? null : String(v))));
  }
}

/** The builder for a column stored as `type`. */
export function builderFor(type: CanonicalType | 'auto-text', ctx: ColumnContext): ColumnBuilder {
  switch (type) {
    case 'id':
      return new DictionaryBuilder(ctx, 'id');
    case 'category':
      return new DictionaryBuilder(ctx, 'category');
    case 'auto-text':
      return new DictionaryBuilder(ctx, 'auto');
    case 'number':
      return new NumberBuilder(ctx);
    case 'timestamp':
      return new TimestampBuilder(ctx, false);
    case 'date':
      return new TimestampBuilder(ctx, true);
    case 'boolean':
      return new BooleanBuilder(ctx);
    case 'string':
      return new StringBuilder(ctx);
  }
}

/** An inferred column that met a value of another type becomes a text column with what it had. */
export function toTextBuilder(from: ColumnBuilder, ctx: ColumnContext): DictionaryBuilder {
  // Not into the rows ceded to `from` (see `shared.ts`): they hold other values, of another width.
  const capacity = Math.max(16, from.length * 2);
  const b = new DictionaryBuilder({ ...ctx, strict: false, capacity, tail: undefined }, 'auto');
  b.seed(from.strings());
  return b;
}
