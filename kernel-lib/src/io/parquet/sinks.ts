import type { DecodedArray } from 'hyparquet';
import { TimestampColumn } from '../../table/columns.js';
import {
  appendNumbers,
  builderFor,
  toTextBuilder,
  type ColumnBuilder,
  type ColumnContext,
} from '../columns/builders.js';
import type { ColumnPart } from '../columns/parts.js';
import { cede, columnArray, reclaimed, tailAt, type SharedTail } from '../columns/shared.js';
import type { ColumnPlan } from '../mapping.js';
import { jsValueOf, type ParquetKind } from './kinds.js';
import type { NullMatcher } from '../values/text.js';
import type { PlainText } from './pages.js';
import { WallClockToUtc } from './wallclock.js';

/**
 * Column sinks: each takes one Parquet column's decoded chunks, row group after row group, and builds the
 * loaded column. Numbers and timestamps whose Parquet type already is what the plan asks for are copied
 * straight into a Float64Array of the file's row count; everything else goes value by value through the
 * CSV path's column builders (same types, inference, errors and dictionary interning). A sink can also
 * read a later range of row groups on a worker thread (its context `partial`, writing into the rows its
 * `tail` names) and hand its values over as a {@link ColumnPart} that the main thread's sink appends.
 */
export interface ColumnSink {
  /**
   * Appends `count` values of `data` from `offset`.
   * @param row0 the 0-based row of the file `data[offset]` is (errors name row `row0 + i + 1`)
   */
  append(data: DecodedArray | PlainText, offset: number, count: number, row0: number): void;
  /** The loaded column. */
  finish(): unknown;
  /** Whether the column changed type or learned how to read later values (a part then does not fit). */
  readonly changed: boolean;
  /** The values so far, for the main thread's sink (worker thread). */
  part(): ColumnPart;
  /** Appends a worker's part; false when it does not continue this column as reading on would. */
  appendPart(part: ColumnPart): boolean;
  /** Gives the last `rows` rows of the column's shared memory to a worker (see `shared.ts`). */
  cede(rows: number): SharedTail | undefined;
  /** Takes back the rows given by {@link cede} (the worker has stopped). */
  reclaim(): void;
}

/** A sink whose values go through a column builder: its parts, sharing and changes are the builder's. */
abstract class BuilderBacked {
  protected switched = false;

  protected abstract builder: ColumnBuilder;

  get changed(): boolean {
    return this.switched || this.builder.learned();
  }

  part(): ColumnPart {
    return this.builder.part();
  }

  appendPart(part: ColumnPart): boolean {
    return !this.changed && this.builder.append(part);
  }

  cede(rows: number): SharedTail | undefined {
    return this.builder.cede(rows);
  }

  reclaim(): void {
    this.builder.reclaim();
  }

  /** The builder the column goes on in once a value did not fit the inferred type. */
  protected toText(): void {
    this.builder = toTextBuilder(this.builder, this.ctx);
    this.switched = true;
  }

  constructor(protected readonly ctx: ColumnContext) {}
}

/** A column of doubles the sink writes itself (numbers, UTC ms), possibly in shared memory. */
abstract class Float64Sink {
  protected data: Float64Array;
  protected n = 0;

  constructor(protected readonly ctx: ColumnContext) {
    this.data = columnArray(Float64Array, ctx);
  }

  get changed(): boolean {
    return false;
  }

  part(): ColumnPart {
    return { kind: 'numbers', values: this.data.subarray(0, this.n), at: tailAt(this.data, this.ctx) };
  }

  appendPart(part: ColumnPart): boolean {
    if (part.kind !== 'numbers' || part.order !== undefined) return false;
    this.n = appendNumbers(this.data, this.n, part, (d) => (this.data = d));
    return true;
  }

  cede(rows: number): SharedTail | undefined {
    const c = cede(this.data, this.n, rows);
    if (c) this.data = c.data;
    return c?.tail;
  }

  reclaim(): void {
    this.data = reclaimed(this.data);
  }
}

/** Whether a raw Parquet value is missing (null, or text `load()` reads as missing). */
export type IsMissing = (v: unknown) => boolean;

/**
 * The missing-value rule of `load()` for raw Parquet values: null, text bytes or strings that are empty or
 * one of the `nullValues`.
 * @param nulls the load's null values
 * @returns the rule
 * @example const isMissing = missingRule(new NullMatcher(['NA']));
 */
export function missingRule(nulls: NullMatcher): IsMissing {
  return (v) =>
    v === null ||
    v === undefined ||
    (v instanceof Uint8Array
      ? nulls.matches(v, 0, v.length)
      : typeof v === 'string' && (v === '' || nulls.texts.has(v)));
}

/**
 * The sink for one column.
 * @param plan how the column is loaded (output name, type, strictness)
 * @param kind the column's Parquet kind
 * @param ctx the builder context (file, header, zone, dictionary, capacity = the file's rows)
 * @param isMissing the missing-value rule of `load()`
 * @param nulls the same rule for text bytes
 * @returns a sink
 * @example const sink = sinkFor(plan, 'wallclock', ctx, isMissing, new NullMatcher(['NA']));
 */
export function sinkFor(
  plan: ColumnPlan,
  kind: ParquetKind,
  ctx: ColumnContext,
  isMissing: IsMissing,
  nulls: NullMatcher,
): ColumnSink {
  if (plan.type === 'number' && (kind === 'number' || kind === 'bigint')) {
    return new NumberSink(ctx, kind, isMissing);
  }
  if (
    (plan.type === 'timestamp' || plan.type === 'date') &&
    (kind === 'instant' || kind === 'wallclock' || kind === 'date')
  ) {
    return new TimeSink(ctx, kind, plan.type === 'date');
  }
  if (
    kind === 'string' &&
    (plan.type === 'id' || plan.type === 'category' || plan.type === 'auto-text' || plan.type === 'string')
  ) {
    return new TextSink(ctx, plan, isMissing, nulls);
  }
  return new BuilderSink(builderFor(plan.type, ctx), ctx, kind, isMissing);
}

/**
 * Text bytes straight into the builder (the dictionary builder's byte interner, or plain text such as order
 * ids) as CSV fields are, without a Uint8Array view per value.
 */
class TextSink extends BuilderBacked implements ColumnSink {
  protected builder: ColumnBuilder;

  constructor(
    ctx: ColumnContext,
    plan: ColumnPlan,
    private readonly isMissing: IsMissing,
    private readonly nulls: NullMatcher,
  ) {
    super(ctx);
    this.builder = builderFor(plan.type, ctx);
  }

  append(data: DecodedArray | PlainText, offset: number, count: number, row0: number): void {
    if (isPlainText(data)) return this.appendPlain(data, offset, count, row0);
    const isMissing = this.isMissing;
    for (let i = 0; i < count; i++) {
      const v = data[offset + i];
      if (isMissing(v)) this.builder.missing();
      else if (!(v instanceof Uint8Array) || !this.builder.bytes(v, 0, v.length, false, NaN)) {
        const text = jsValueOf('string', v, this.ctx.decode);
        if (!this.builder.value(text, row0 + i + 1)) {
          this.toText();
          this.builder.value(text, row0 + i + 1);
        }
      }
    }
  }

  /** Bytes of a plain page straight into the builder (the CSV path's `bytes`), no view per value. */
  private appendPlain(page: PlainText, offset: number, count: number, row0: number): void {
    const { bytes, starts, ends } = page;
    for (let i = offset; i < offset + count; i++) {
      const s = starts[i];
      if (s < 0 || this.nulls.matches(bytes, s, ends[i])) this.builder.missing();
      else if (!this.builder.bytes(bytes, s, ends[i], false, NaN)) {
        this.append([bytes.subarray(s, ends[i])], 0, 1, row0 + i - offset);
      }
    }
  }

  finish(): unknown {
    return this.builder.finish();
  }
}

function isPlainText(data: DecodedArray | PlainText): data is PlainText {
  return !Array.isArray(data) && !ArrayBuffer.isView(data);
}

/** A plain text page as one Uint8Array view (or null) per value, for the builders that take JS values. */
function viewsOf(page: PlainText): (Uint8Array | null)[] {
  return Array.from(page.starts, (s, i) => (s < 0 ? null : page.bytes.subarray(s, page.ends[i])));
}

/** Values through a column builder, turning an inferred column to text when a value does not fit. */
class BuilderSink extends BuilderBacked implements ColumnSink {
  constructor(
    protected builder: ColumnBuilder,
    ctx: ColumnContext,
    private readonly kind: ParquetKind,
    private readonly isMissing: IsMissing,
  ) {
    super(ctx);
  }

  append(data: DecodedArray | PlainText, offset: number, count: number, row0: number): void {
    if (isPlainText(data)) data = viewsOf(data);
    const { kind, isMissing } = this;
    const decode = this.ctx.decode;
    const plainKind =
      kind !== 'instant' && kind !== 'wallclock' && kind !== 'date' && kind !== 'time' && kind !== 'string';
    for (let i = 0; i < count; i++) {
      const raw = data[offset + i];
      // NaN: a missing value of a page read as numbers (pages.ts)
      if (raw !== raw || isMissing(raw)) {
        this.builder.missing();
        continue;
      }
      const v = plainKind ? raw : jsValueOf(kind, raw, decode);
      const row = row0 + i + 1;
      if (!this.builder.value(v, row)) {
        this.toText();
        this.builder.value(v, row);
      }
    }
  }

  /** Values already loaded (a fast sink handing over), as the builder would have taken them. */
  replay(values: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (x !== x) this.builder.missing();
      else this.builder.value(x, i + 1);
    }
  }

  finish(): unknown {
    return this.builder.finish();
  }
}

/**
 * Parquet numbers (DOUBLE, INT32, INT64, DECIMAL, …) into a Float64Array (NaN = missing). A non-finite
 * value hands the column over to the builder, which refuses it or turns the column to text as for CSV.
 */
class NumberSink extends Float64Sink implements ColumnSink {
  private fallback?: BuilderSink;

  constructor(
    ctx: ColumnContext,
    private readonly kind: ParquetKind,
    private readonly isMissing: IsMissing,
  ) {
    super(ctx);
  }

  override get changed(): boolean {
    return this.fallback !== undefined; // a value the fast path does not take: the builder read on
  }

  override appendPart(part: ColumnPart): boolean {
    return !this.fallback && super.appendPart(part);
  }

  override part(): ColumnPart {
    return this.fallback ? this.fallback.part() : super.part();
  }

  override cede(rows: number): SharedTail | undefined {
    return this.fallback ? this.fallback.cede(rows) : super.cede(rows);
  }

  override reclaim(): void {
    if (this.fallback) this.fallback.reclaim();
    else super.reclaim();
  }

  append(data: DecodedArray | PlainText, offset: number, count: number, row0: number): void {
    if (isPlainText(data)) data = viewsOf(data); // not met: text pages go to text or builder sinks
    if (this.fallback) return this.fallback.append(data, offset, count, row0);
    const out = this.data;
    let n = this.n;
    for (let i = 0; i < count; i++) {
      const v = data[offset + i];
      if (typeof v === 'number') {
        if (v - v !== 0 && v === v) {
          // ±Infinity: the builder decides (an error for a strict column)
          this.n = n;
          this.fallback = new BuilderSink(
            builderFor('number', this.ctx),
            this.ctx,
            this.kind,
            this.isMissing,
          );
          this.fallback.replay(out, n);
          return this.fallback.append(data, offset + i, count - i, row0 + i);
        }
        out[n++] = v;
      } else if (typeof v === 'bigint') out[n++] = Number(v);
      else out[n++] = NaN; // null: hyparquet's missing value
    }
    this.n = n;
  }

  finish(): unknown {
    return this.fallback ? this.fallback.finish() : this.data.subarray(0, this.n);
  }
}

/**
 * Parquet timestamps and dates into UTC ms: instants as they are, wall-clock times and dates in the
 * load's time zone (as CSV text is read), and for `date` columns the start of the local day.
 */
class TimeSink extends Float64Sink implements ColumnSink {
  private readonly wall: WallClockToUtc;
  private lastDay = NaN;
  private lastDayStart = NaN;

  constructor(
    ctx: ColumnContext,
    private readonly kind: ParquetKind,
    private readonly dayOnly: boolean,
  ) {
    super(ctx);
    this.wall = new WallClockToUtc(ctx.clock);
  }

  private dayStart(day: number): number {
    if (day !== this.lastDay) {
      this.lastDay = day;
      this.lastDayStart = this.ctx.clock.zone.startOfDay(day);
    }
    return this.lastDayStart;
  }

  append(data: DecodedArray | PlainText, offset: number, count: number): void {
    if (isPlainText(data)) data = viewsOf(data); // not met: text pages go to text or builder sinks
    const out = this.data;
    const zone = this.ctx.clock.zone;
    let n = this.n;
    for (let i = 0; i < count; i++) {
      const v = data[offset + i];
      if (typeof v !== 'number' || v !== v) {
        out[n++] = NaN;
        continue;
      }
      let ms: number;
      if (this.kind === 'date') ms = this.dayStart(v);
      else {
        ms = this.kind === 'wallclock' ? this.wall.toUtc(v) : v;
        if (this.dayOnly) ms = this.dayStart(zone.dayNumber(ms));
      }
      out[n++] = ms;
    }
    this.n = n;
  }

  finish(): TimestampColumn {
    return new TimestampColumn(this.data.subarray(0, this.n));
  }
}
