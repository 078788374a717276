import { InputError } from '../../errors.js';
import { TimeZone } from '../../time/zone.js';
import { Dictionary } from '../../table/dictionary.js';
import { builderFor, contextsFor } from '../columns/builders.js';
import type { ColumnPart } from '../columns/parts.js';
import type { SharedTail } from '../columns/shared.js';
import type { ColumnPlan } from '../mapping.js';
import { decoderFor, NullMatcher } from '../values/text.js';
import { WallClock, type DateFormat } from '../values/timestamp.js';
import { ColumnSink } from './columnSink.js';
import { fileRange } from './source.js';
import { CsvTokenizer } from './tokenizer.js';

/** What a thread needs to read bytes [start, end) of a CSV file that begin at a record. */
export interface PartRequest {
  path: string;
  /** The file's name in messages. */
  name: string;
  start: number;
  end: number;
  encoding: 'utf-8' | 'gb18030';
  delimiter: number;
  nullValues: readonly string[];
  /** IANA name of the time zone. */
  zone: string;
  dateFormat?: DateFormat;
  plans: ColumnPlan[];
  /** Row-count hint for the first allocation. */
  capacity: number;
  /** Per column, the rows of the main thread's shared column to write into (see `shared.ts`). */
  tails?: (SharedTail | undefined)[];
}

/** A part read to its end. Lines are counted from 1 at the part's first byte. */
export interface PartResult {
  rows: number;
  /** Whether a column changed type or learned a date order (then the part is read again in order). */
  diverged: boolean;
  parts: ColumnPart[];
}

/**
 * Reads one part of a CSV file into column parts (see {@link ColumnPart}); runs in a worker thread.
 * Errors name lines counted from the part's start: the caller adds the lines before it.
 */
export async function readPart(r: PartRequest, onBytes?: (read: number) => void): Promise<PartResult> {
  const decode = decoderFor(r.encoding, r.name);
  const clock = new WallClock(TimeZone.of(r.zone));
  const contexts = contextsFor(r.plans, {
    file: r.name,
    decode,
    clock,
    dateFormat: r.dateFormat,
    dictionary: new Dictionary(), // unused: text columns of a part keep local codes
    capacity: r.capacity,
    partial: true,
  }).map((c, k) => ({ ...c, tail: r.tails?.[k] }));
  const sink = new ColumnSink(
    contexts.map((c, k) => builderFor(r.plans[k].type, c)),
    {
      plans: r.plans,
      contexts,
      nulls: new NullMatcher(r.nullValues),
      file: r.name,
      delimiter: r.delimiter,
      decode,
      header: false,
    },
  );
  const tokenizer = new CsvTokenizer(r.delimiter, sink, r.name);
  for await (const chunk of fileRange(r.path, r.start, r.end, { onBytes })) tokenizer.feed(chunk);
  tokenizer.end();
  return { rows: sink.rows, diverged: sink.diverged, parts: sink.parts() };
}

/** An error as it crosses threads: an InputError's parts, or a message. */
export type PartError =
  | { input: true; problem: string; location: InputError['location']; expected?: string }
  | { input: false; message: string };

/** See {@link PartError}. */
export function partError(err: unknown): PartError {
  if (err instanceof InputError) {
    return { input: true, problem: err.problem, location: err.location, expected: err.expected };
  }
  return { input: false, message: String((err as Error)?.stack ?? err) };
}
