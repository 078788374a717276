import { InputError } from '../../errors.js';
import { builderFor, contextsFor } from '../columns/builders.js';
import { SAMPLE_ROWS } from '../infer.js';
import { checkFitsInMemory, estimateColumnsNeed } from '../memory.js';
import type { ColumnPlan } from '../mapping.js';
import type { ResolvedLoadOptions } from '../options.js';
import {
  bomLength,
  decoderFor,
  NullMatcher,
  refuseUtf16,
  sniffEncoding,
  type Decode,
} from '../values/text.js';
import { WallClock } from '../values/timestamp.js';
import { ColumnSink, placed } from './columnSink.js';
import { csvThreads, guessSplit, PartThread } from './parallel.js';
import type { PartError, PartRequest } from './part.js';
import { fileRange, type ChunkSource, type ReadHooks } from './source.js';
import { CsvTokenizer, fieldText, type RecordSink } from './tokenizer.js';

/** Columns read from a delimited file, in input order. */
export interface ReadColumns {
  names: string[];
  columns: unknown[];
  rows: number;
}

/** Bytes read before the header and sample are taken (more when a record is longer). */
const HEAD_BYTES = 1 << 20;

/** Decides the output columns from the header and a sample of rows (mapping and types). */
export type Planner = (headers: string[], sample: (k: number) => readonly unknown[]) => ColumnPlan[];

/**
 * Reads a delimited text file in chunks into typed columns, in bounded memory: only the columns are
 * kept, never the rows as strings or objects.
 */
export async function readCsv(
  source: ChunkSource,
  o: ResolvedLoadOptions,
  defaultDelimiter: number | undefined,
  plan: Planner,
): Promise<ReadColumns> {
  const iterator = source.chunks()[Symbol.asyncIterator]();
  try {
    return await readChunks(source, iterator, o, defaultDelimiter, plan);
  } finally {
    // A bad row or a refusal stops reading with the generator suspended: close its file now, not at GC.
    await iterator.return?.();
  }
}

async function readChunks(
  source: ChunkSource,
  iterator: AsyncIterator<Uint8Array>,
  o: ResolvedLoadOptions,
  defaultDelimiter: number | undefined,
  plan: Planner,
): Promise<ReadColumns> {
  const file = source.name;
  // The head: enough bytes for the header and the type sample.
  const headParts: Uint8Array[] = [];
  let headLength = 0;
  let eof = false;
  while (headLength < HEAD_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      eof = true;
      break;
    }
    headParts.push(next.value);
    headLength += next.value.length;
  }
  const headEnd = headLength;
  let head: Uint8Array = headParts.length === 1 ? headParts[0] : Buffer.concat(headParts);
  refuseUtf16(head, file);
  head = head.subarray(bomLength(head));
  if (isBlank(head) && eof) throw new InputError('empty file', { file }, 'a header line and rows');
  const encoding = o.encoding === 'auto' ? sniffEncoding(head, file) : o.encoding;
  const decode = decoderFor(encoding, file);
  const sniffed = o.delimiter === undefined && defaultDelimiter === undefined;
  const delimiter = o.delimiter ?? defaultDelimiter ?? sniffDelimiter(head);

  // Pass 1 over a copy of the head: header and sample rows as text.
  const sampler = new SampleSink(decode, o.nullValues, o.header ? undefined : { names: o.names, file });
  const sampleTokenizer = new CsvTokenizer(delimiter, sampler, file);
  sampleTokenizer.parse(Buffer.from(head), 0, head.length, eof);
  if (!sampler.headers)
    throw new InputError('no complete header line in the first MiB', { file, line: 1 }, 'a header line');
  if (sniffed && sampler.headers.length === 1) refuseWhitespaceColumns(head, eof, file);
  const headers = checkHeaders(sampler.headers, file);
  const plans = plan(headers, (k) => sampler.sample(k));

  const rowBytes = sampler.rows > 0 ? sampler.bytes / sampler.rows : 64;
  const textBytes = source.textBytes ?? source.totalBytes;
  const capacity = Number.isFinite(textBytes) ? Math.ceil((textBytes / rowBytes) * 1.05) + 16 : 1024;
  if (Number.isFinite(textBytes)) {
    const columns = plans.map((p, k) => ({ type: p.type, values: sampler.sample(k) }));
    checkFitsInMemory(estimateColumnsNeed(columns, sampler.rows, textBytes / rowBytes), file);
  }
  const contexts = contextsFor(plans, {
    file,
    decode,
    clock: new WallClock(o.zone),
    dateFormat: o.dateFormat,
    dictionary: o.dictionary,
    capacity: Math.min(capacity, 1 << 26),
    shareable: mayReadInParts(source),
  });
  const sink = new ColumnSink(
    contexts.map((c, k) => builderFor(plans[k].type, c)),
    { plans, contexts, nulls: new NullMatcher(o.nullValues), file, delimiter, decode, header: o.header },
  );
  const tokenizer = new CsvTokenizer(delimiter, sink, file);

  // Pass 2: every byte once, carrying an incomplete record over to the next chunk.
  tokenizer.feed(head);
  csvThreads.last = 'one thread';
  const second = eof
    ? undefined
    : await startSecondPart(source, headEnd, rowBytes, sink, {
        name: file,
        encoding,
        delimiter,
        nullValues: o.nullValues,
        zone: o.zone.name,
        dateFormat: o.dateFormat,
        plans,
      });
  if (second) {
    await iterator.return?.(); // the parts are read by offset from here on
    await readInParts(second, tokenizer, sink);
  } else {
    while (!eof) {
      const next = await iterator.next();
      if (next.done) eof = true;
      else tokenizer.feed(next.value);
    }
  }
  tokenizer.end();
  return { names: plans.map((p) => p.name), columns: sink.finish(), rows: sink.rows };
}

/** A file read on two threads: where the second part starts and the worker reading it. */
interface SecondPart {
  path: string;
  hooks: ReadHooks;
  size: number;
  /** End of the head (read already). */
  headEnd: number;
  split: number;
  thread: PartThread;
  /** Bytes after the head read by this thread, and the progress reported so far. */
  mainBytes: number;
  reported: number;
}

/** Starts a worker on the second half of a large plain file; undefined when the file stays on one thread. */
async function startSecondPart(
  source: ChunkSource,
  headEnd: number,
  rowBytes: number,
  sink: ColumnSink,
  request: Omit<PartRequest, 'path' | 'start' | 'end' | 'capacity'>,
): Promise<SecondPart | undefined> {
  const plain = source.plainFile;
  const size = source.totalBytes;
  if (!plain || !mayReadInParts(source)) return undefined;
  const from = csvThreads.splitFrom ?? headEnd + Math.floor((size - headEnd) * csvThreads.mainShare);
  const split = await guessSplit(plain.path, from, size);
  if (split <= headEnd) return undefined;
  const second: SecondPart = {
    path: plain.path,
    hooks: plain.hooks,
    size,
    headEnd,
    split,
    thread: undefined!, // set below, before any progress message can arrive
    mainBytes: 0,
    reported: headEnd,
  };
  const capacity = Math.ceil(((size - split) / rowBytes) * 1.05) + 16;
  // The worker writes into the last rows of this thread's columns (they were allocated for the whole file).
  const tails = sink.cede(capacity);
  const thread = PartThread.start(
    { ...request, path: plain.path, start: split, end: size, capacity, tails },
    () => progress(second, 0),
  );
  if (!thread) {
    sink.reclaim();
    return undefined;
  }
  second.thread = thread;
  return second;
}

/** Whether a file may be read on two threads (then its typed columns are allocated in shared memory). */
function mayReadInParts(source: ChunkSource): boolean {
  const { plainFile, totalBytes } = source;
  return !!plainFile && csvThreads.enabled && totalBytes >= csvThreads.minBytes && PartThread.available();
}

/** Reports progress as the bytes read by both threads (never going back). */
function progress(p: SecondPart, mainBytes: number): void {
  p.mainBytes = Math.max(p.mainBytes, mainBytes);
  const read = p.headEnd + p.mainBytes + p.thread.bytes;
  if (read > p.reported) {
    p.reported = read;
    p.hooks.onProgress?.(read, p.size);
  }
}

/**
 * Reads the first part on this thread up to the split, then appends the worker's columns when the split
 * fell on a record boundary and both parts read their columns as one pass would have; otherwise (a split
 * inside a quoted field, a column that changed type, an error that may depend on it) reads on itself.
 * The worker's error, lines shifted by the lines before its part, stands when this part read cleanly.
 */
async function readInParts(p: SecondPart, tokenizer: CsvTokenizer, sink: ColumnSink): Promise<void> {
  const { hooks, thread } = p;
  try {
    const mine = { signal: hooks.signal, onBytes: (n: number) => progress(p, n) };
    for await (const chunk of fileRange(p.path, p.headEnd, p.split, mine)) tokenizer.feed(chunk);
    if (!tokenizer.midRecord && !sink.diverged) {
      const outcome = await thread.outcome;
      if ('ok' in outcome && !outcome.ok.diverged) {
        sink.append(outcome.ok);
        progress(p, p.split - p.headEnd);
        csvThreads.last = 'two threads';
        return;
      }
      if ('error' in outcome && outcome.error.input) {
        csvThreads.last = 'two threads';
        throw shifted(outcome.error, tokenizer.line - 1);
      }
    }
  } finally {
    void thread.stop();
  }
  // Reading on here: the rows ceded to the worker are this thread's again once it has stopped writing.
  await thread.stop();
  sink.reclaim();
  csvThreads.last = 'read again';
  const rest = { signal: hooks.signal, onBytes: (n: number) => progress(p, p.split - p.headEnd + n) };
  for await (const chunk of fileRange(p.path, p.split, p.size, rest)) tokenizer.feed(chunk);
}

/** A worker's InputError with its line counted from the file's start. */
function shifted(e: Extract<PartError, { input: true }>, lines: number): InputError {
  const line = e.location.line === undefined ? undefined : e.location.line + lines;
  return new InputError(e.problem, { ...e.location, line }, e.expected);
}

function isBlank(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return true;
}

/** The delimiter of the first line: the most frequent of comma, tab, semicolon and pipe (comma on ties). */
function sniffDelimiter(head: Uint8Array): number {
  const counts = new Map<number, number>([
    [44, 0],
    [9, 0],
    [59, 0],
    [124, 0],
  ]);
  let quoted = false;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === 34) quoted = !quoted;
    else if (!quoted && (c === 10 || c === 13)) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = 44;
  for (const [c, n] of counts) if (n > counts.get(best)!) best = c;
  return best;
}

/** Lines looked at to tell whether a one-column file is really separated by whitespace. */
const WHITESPACE_LINES = 20;

/**
 * Refuses a file read as one column whose first lines all split on runs of spaces or tabs into the same
 * number of fields (two or more: three or more, or with a run of two blanks or a tab somewhere, so that a
 * one-column list of names like "Ann Lee" is not taken for two columns), such as
 * `00001 19970101  1   11.77`: such a file is whitespace-separated, not one column.
 */
function refuseWhitespaceColumns(head: Uint8Array, eof: boolean, file: string): void {
  const text = Buffer.from(head.buffer, head.byteOffset, head.length).toString('latin1');
  const lines = text.split(/\r\n|\r|\n/);
  if (!eof && lines.length > 1) lines.pop(); // maybe cut short
  const looked = lines.filter((l) => l.trim() !== '').slice(0, WHITESPACE_LINES);
  if (looked.length === 0 || looked.some((l) => l.includes('"'))) return;
  const counts = looked.map((l) => l.trim().split(/[ \t]+/).length);
  const n = counts[0];
  if (n < 2 || counts.some((c) => c !== n)) return;
  if (n === 2 && !looked.some((l) => /\S([ \t]{2,}|\t)\S/.test(l))) return;
  throw new InputError(
    `one column, but each of the first ${looked.length} lines splits on runs of spaces into ${n} fields`,
    { file, line: 1, value: looked[0] },
    "fields separated by one delimiter: use delimiter: 'whitespace' (with header: false and names: [...] " +
      "when the file has no header line), or give delimiter: ',' if it really is one column",
  );
}

/** Trimmed header names; empty ones become `column_<n>`; duplicates are refused. */
function checkHeaders(raw: string[], file: string): string[] {
  const headers = raw.map((h, k) => h.trim() || `column_${k + 1}`);
  const first = new Map<string, number>();
  headers.forEach((h, k) => {
    const prev = first.get(h);
    if (prev !== undefined) {
      throw new InputError(
        'duplicate header name',
        { file, line: 1, column: h, value: h },
        `distinct header names (columns ${prev + 1} and ${k + 1} are both ${JSON.stringify(h)})`,
      );
    }
    first.set(h, k);
  });
  return headers;
}

/** Pass 1: the header and the first rows as text. */
class SampleSink implements RecordSink {
  headers?: string[];
  private readonly samples: string[][] = [];
  rows = 0;
  bytes = 0;
  private readonly missing: Set<string>;

  /**
   * @param headless a file without a header line (`header: false`): the first record is data, the
   *   columns are named by `names` (which must have one name per field) or `column_1`, `column_2`, …
   */
  constructor(
    private readonly decode: Decode,
    nullValues: readonly string[],
    private readonly headless?: { names?: readonly string[]; file: string },
  ) {
    this.missing = new Set(nullValues);
  }

  readonly record: RecordSink['record'] = (b, starts, ends, flags, count, line) => {
    const text = (k: number) => fieldText(this.decode, b, starts[k], ends[k], flags[k]);
    if (!this.headers && this.headless) {
      const names = this.headless.names;
      if (names && names.length !== count) {
        throw new InputError(
          `${names.length} names for ${count} field${count === 1 ? '' : 's'}`,
          { file: this.headless.file, line, value: this.decode(b, starts[0], ends[count - 1]) },
          `one name per field of the first line (names: ${JSON.stringify(names)})`,
        );
      }
      this.headers = names ? names.slice() : Array.from({ length: count }, (_, k) => `column_${k + 1}`);
      for (let k = 0; k < count; k++) this.samples.push([]);
    }
    if (!this.headers) {
      try {
        this.headers = Array.from({ length: count }, (_, k) => text(k));
      } catch (err) {
        throw placed(err, line);
      }
      for (let k = 0; k < count; k++) this.samples.push([]);
      return;
    }
    if (this.rows >= SAMPLE_ROWS) return;
    this.rows++;
    this.bytes += ends[count - 1] - starts[0] + 2;
    for (let k = 0; k < Math.min(count, this.samples.length); k++) {
      let t: string;
      try {
        t = text(k);
      } catch (err) {
        throw placed(err, line, this.headers[k]);
      }
      if (t !== '' && !this.missing.has(t)) this.samples[k].push(t);
    }
  };

  sample(k: number): readonly string[] {
    return this.samples[k] ?? [];
  }
}
