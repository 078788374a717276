import { InputError } from '../../errors.js';
import { builderFor, toTextBuilder, type ColumnBuilder, type ColumnContext } from '../columns/builders.js';
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
import type { ChunkSource } from './source.js';
import { CsvTokenizer, ESCAPED, type RecordSink } from './tokenizer.js';

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
  let head: Uint8Array = headParts.length === 1 ? headParts[0] : Buffer.concat(headParts);
  refuseUtf16(head, file);
  head = head.subarray(bomLength(head));
  if (isBlank(head) && eof) throw new InputError('empty file', { file }, 'a header line and rows');
  const encoding = o.encoding === 'auto' ? sniffEncoding(head, file) : o.encoding;
  const decode = decoderFor(encoding, file);
  const delimiter = o.delimiter ?? defaultDelimiter ?? sniffDelimiter(head);

  // Pass 1 over a copy of the head: header and sample rows as text.
  const sampler = new SampleSink(decode, o.nullValues);
  const sampleTokenizer = new CsvTokenizer(delimiter, sampler, file);
  sampleTokenizer.parse(Buffer.from(head), 0, head.length, eof);
  if (!sampler.headers)
    throw new InputError('no complete header line in the first MiB', { file, line: 1 }, 'a header line');
  const headers = checkHeaders(sampler.headers, file);
  const plans = plan(headers, (k) => sampler.sample(k));

  const rowBytes = sampler.rows > 0 ? sampler.bytes / sampler.rows : 64;
  const capacity = Number.isFinite(source.totalBytes)
    ? Math.ceil((source.totalBytes / rowBytes) * 1.05) + 16
    : 1024;
  if (Number.isFinite(source.totalBytes)) {
    const columns = plans.map((p, k) => ({ type: p.type, values: sampler.sample(k) }));
    checkFitsInMemory(estimateColumnsNeed(columns, sampler.rows, source.totalBytes / rowBytes), file);
  }
  const clock = new WallClock(o.zone);
  const contexts = plans.map((p): ColumnContext => ({
    file,
    header: p.header,
    decode,
    clock,
    dateFormat: o.dateFormat,
    slashOrder: p.slashOrder,
    dictionary: o.dictionary,
    strict: p.strict,
    capacity: Math.min(capacity, 1 << 26),
  }));
  const sink = new ColumnSink(
    plans,
    contexts.map((c, k) => builderFor(plans[k].type, c)),
    contexts,
    new NullMatcher(o.nullValues),
    file,
    String.fromCharCode(delimiter),
    decode,
  );
  const tokenizer = new CsvTokenizer(delimiter, sink, file);

  // Pass 2: every byte once, carrying an incomplete record over to the next chunk.
  let carry: Uint8Array | null = null;
  let chunk: Uint8Array | null = head;
  while (chunk) {
    const buf: Uint8Array = carry ? Buffer.concat([carry, chunk]) : chunk;
    const used = tokenizer.parse(buf, 0, buf.length, false);
    carry = used < buf.length ? buf.subarray(used) : null;
    if (eof) break;
    const next = await iterator.next();
    if (next.done) eof = true;
    chunk = next.done ? null : next.value;
  }
  if (carry) tokenizer.parse(carry, 0, carry.length, true);
  return { names: plans.map((p) => p.name), columns: sink.finish(), rows: sink.rows };
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

/** An InputError from decoding (which knows no place) with the line and column added. */
function placed(err: unknown, line: number, column?: string): unknown {
  if (!(err instanceof InputError) || err.location.line !== undefined) return err;
  return new InputError(
    err.problem,
    { ...err.location, line, column: err.location.column ?? column },
    err.expected,
  );
}

/** Pass 1: the header and the first rows as text. */
class SampleSink implements RecordSink {
  headers?: string[];
  private readonly samples: string[][] = [];
  rows = 0;
  bytes = 0;
  private readonly missing: Set<string>;

  constructor(
    private readonly decode: Decode,
    nullValues: readonly string[],
  ) {
    this.missing = new Set(nullValues);
  }

  record(
    b: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    line: number,
  ): void {
    const text = (k: number) => {
      const t = this.decode(b, starts[k], ends[k]);
      return flags[k] & ESCAPED ? t.replace(/""/g, '"') : t;
    };
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
  }

  sample(k: number): readonly string[] {
    return this.samples[k] ?? [];
  }
}

/** Pass 2: every data row into the column builders. */
class ColumnSink implements RecordSink {
  rows = 0;
  private header = true;

  constructor(
    private readonly plans: ColumnPlan[],
    private readonly builders: ColumnBuilder[],
    private readonly contexts: ColumnContext[],
    private readonly nulls: NullMatcher,
    private readonly file: string,
    private readonly delimiter: string,
    private readonly decode: Decode,
  ) {}

  record(
    b: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    flags: Uint8Array,
    count: number,
    line: number,
  ): void {
    if (this.header) {
      this.header = false;
      return;
    }
    const builders = this.builders;
    const n = builders.length;
    if (count !== n) this.ragged(b, starts, ends, count, line);
    const nulls = this.nulls;
    let k = 0;
    try {
      for (; k < n; k++) {
        const s = starts[k];
        const e = ends[k];
        const escaped = (flags[k] & ESCAPED) !== 0;
        if (!escaped && nulls.matches(b, s, e)) builders[k].missing();
        else if (!builders[k].bytes(b, s, e, escaped, line)) {
          // An inferred type met a value it cannot hold: the column becomes text, nothing is lost.
          builders[k] = toTextBuilder(builders[k], this.contexts[k]);
          builders[k].bytes(b, s, e, escaped, line);
        }
      }
    } catch (err) {
      throw placed(err, line, this.plans[k].header);
    }
    this.rows++;
  }

  private ragged(b: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, line: number): never {
    const n = this.builders.length;
    const text = this.decode(b, starts[0], ends[count - 1]);
    throw new InputError(
      `ragged row: ${count} field${count === 1 ? '' : 's'}`,
      { file: this.file, line, value: text },
      `${n} fields as in the header (${this.plans.map((p) => p.header).join(', ')}); ` +
        `quote fields that contain "${this.delimiter === '\t' ? '\\t' : this.delimiter}"`,
    );
  }

  finish(): unknown[] {
    return this.builders.map((b) => b.finish());
  }
}
