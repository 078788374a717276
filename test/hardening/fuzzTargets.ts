import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ColumnTable } from 'arquero';
import { FupanError } from '../../kernel-lib/src/errors.js';
import { guessMapping } from '../../kernel-lib/src/io/guess.js';
import { load } from '../../kernel-lib/src/io/load.js';
import type { LoadOptions } from '../../kernel-lib/src/io/options.js';
import { CANONICAL_TABLES } from '../../kernel-lib/src/io/schema.js';
import type { SeedInput } from './fuzzCorpus.js';
import { mutate } from './mutate.js';
import { Rng } from './rng.js';

/**
 * The fuzz targets. Each runs one case from its own seeded `Rng` and throws when the property fails:
 * an exception that is not a `FupanError`, an input file changed, or (for valid CSV) a table that
 * differs from the records it was written from.
 */

/** What a case needs besides its Rng. */
export interface FuzzContext {
  seeds: readonly SeedInput[];
  /** A private temporary directory for file inputs. */
  dir: string;
}

/** A property violation, with what the input was, so the report can show it. */
export class Finding extends Error {
  constructor(
    message: string,
    readonly input: string,
  ) {
    super(message);
  }
}

const OPTIONS: readonly LoadOptions[] = [
  {},
  { table: 'orders' },
  { table: 'events' },
  { table: 'users' },
  { types: { amount: 'number' } },
  { types: { ts: 'timestamp', user_id: 'category' } },
  { encoding: 'utf-8' },
  { encoding: 'gb18030' },
  { dateFormat: 'dmy' },
  { dateFormat: 'excel', table: 'orders' },
  { timeZone: 'America/New_York', table: 'orders' },
  { delimiter: ';' },
  { delimiter: '\t' },
  { nullValues: [] },
  { columns: { userId: 'CustomerID', ts: 'InvoiceDate' }, table: 'orders' },
];

function describe(bytes: Uint8Array, what: string): string {
  const b = Buffer.from(bytes);
  const shown = b.length > 600 ? Buffer.concat([b.subarray(0, 300), Buffer.from('…'), b.subarray(-300)]) : b;
  return `${what} (${b.length} bytes) ${JSON.stringify(shown.toString('latin1'))}`;
}

/** Runs `load`; a FupanError is a fine outcome, anything else a finding. */
async function expectTableOrFupanError(
  run: () => Promise<ColumnTable>,
  input: () => string,
): Promise<ColumnTable | undefined> {
  try {
    const t = await run();
    // Touch every column so lazily built values fail here, not in a user's notebook.
    for (const name of t.columnNames()) if (t.numRows() > 0) t.get(name, t.numRows() - 1);
    return t;
  } catch (err) {
    if (err instanceof FupanError) {
      if (!err.message) throw new Finding('FupanError without a message', input());
      return undefined;
    }
    throw new Finding(`not a FupanError: ${(err as Error)?.stack ?? String(err)}`, input());
  }
}

/** Mutated CSV bytes, as a Buffer. */
async function csvBuffer(rng: Rng, ctx: FuzzContext): Promise<void> {
  const seed = rng.pick(ctx.seeds);
  const m = mutate(rng, seed.bytes);
  const opts = { ...rng.pick(OPTIONS), format: rng.pick(['csv', 'tsv'] as const) };
  await expectTableOrFupanError(
    () => load(m.bytes, opts),
    () => `${seed.name} ${JSON.stringify(opts)} ${describe(m.bytes, m.what.join(','))}`,
  );
}

/** Mutated CSV as a JS string (a string with a line break is CSV text). */
async function csvText(rng: Rng, ctx: FuzzContext): Promise<void> {
  const seed = rng.pick(ctx.seeds);
  const m = mutate(rng, seed.bytes);
  const text = m.bytes.toString('utf8') + '\n';
  const opts = rng.pick(OPTIONS);
  await expectTableOrFupanError(
    () => load(text, opts),
    () => `${seed.name} text ${JSON.stringify(opts)} ${describe(Buffer.from(text), m.what.join(','))}`,
  );
}

/** Mutated inputs as temp files of every extension, including gzip; the file must be left unchanged. */
async function tempFile(rng: Rng, ctx: FuzzContext, index: number): Promise<void> {
  const seed = rng.pick(ctx.seeds);
  const m = mutate(rng, seed.bytes);
  const ext = rng.pick(['csv', 'tsv', 'json', 'ndjson', 'csv.gz', 'txt']);
  const bytes = ext.endsWith('.gz') ? (rng.chance(0.8) ? gzipSync(m.bytes) : m.bytes) : m.bytes;
  const path = join(ctx.dir, `case-${index}.${ext}`);
  writeFileSync(path, bytes);
  const opts = rng.pick(OPTIONS);
  const input = () => `${seed.name} as .${ext} ${JSON.stringify(opts)} ${describe(bytes, m.what.join(','))}`;
  await expectTableOrFupanError(() => load(path, opts), input);
  if (!readFileSync(path).equals(bytes)) throw new Finding('load() changed its input file', input());
}

/** Random JSON values and mutated JSON / NDJSON. */
async function json(rng: Rng, ctx: FuzzContext): Promise<void> {
  const format = rng.pick(['json', 'ndjson'] as const);
  let bytes: Buffer;
  let what: string;
  if (rng.chance(0.5)) {
    const records = Array.from({ length: rng.int(8) }, () => randomRecord(rng));
    const text =
      format === 'json' ? JSON.stringify(records) : records.map((r) => JSON.stringify(r)).join('\n');
    const m = rng.chance(0.5) ? mutate(rng, Buffer.from(text), 3) : { bytes: Buffer.from(text), what: [] };
    bytes = m.bytes;
    what = `generated ${m.what.join(',')}`;
  } else {
    const seed = rng.pick(ctx.seeds.filter((s) => /json$/.test(s.name)));
    const m = mutate(rng, seed.bytes);
    bytes = m.bytes;
    what = `${seed.name} ${m.what.join(',')}`;
  }
  const opts = { ...rng.pick(OPTIONS.filter((o) => !o.delimiter && !o.encoding)), format };
  await expectTableOrFupanError(
    () => load(bytes, opts),
    () => `${format} ${JSON.stringify(opts)} ${describe(bytes, what)}`,
  );
}

function randomValue(rng: Rng, depth = 0): unknown {
  switch (rng.int(depth > 1 ? 8 : 10)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -0, 1e308, -1.5, 2 ** 53 + 1, 0.1 + 0.2, 1e-320]);
    case 3:
      return rng.pick([
        '',
        'NaN',
        'Infinity',
        '2016-10-01',
        '2016-13-45',
        '1,234.50',
        '¥12',
        '\u0000',
        '\ud800',
      ]);
    case 4:
      return randomString(rng);
    case 5:
      return rng.int(1e6);
    case 6:
      return `u${rng.int(50)}`;
    case 7:
      return '2016-10-0' + (1 + rng.int(9)) + 'T12:00:00+08:00';
    case 8:
      return Array.from({ length: rng.int(3) }, () => randomValue(rng, depth + 1));
    default:
      return randomRecord(rng, depth + 1);
  }
}

function randomRecord(rng: Rng, depth = 0): Record<string, unknown> {
  const keys = [
    'user_id',
    'ts',
    'amount',
    'order_id',
    'event',
    'registered_at',
    '__proto__',
    'constructor',
    '',
  ];
  const r: Record<string, unknown> = {};
  const n = rng.int(6);
  for (let i = 0; i < n; i++) {
    const k = rng.chance(0.8) ? rng.pick(keys) : randomString(rng);
    Object.defineProperty(r, k, { value: randomValue(rng, depth), enumerable: true, writable: true });
  }
  return r;
}

function randomString(rng: Rng): string {
  const units = [
    'a',
    'Z',
    '1',
    ',',
    '"',
    '\n',
    '\r',
    ' ',
    '中',
    'é',
    ';',
    '\t',
    '\u0000',
    '\u202e',
    '😀',
    '\ud800',
    '<',
  ];
  return Array.from({ length: rng.int(12) }, () => rng.pick(units)).join('');
}

/** Random and near-miss headers: the mapping uses only given headers, each at most once. */
async function guess(rng: Rng): Promise<void> {
  const known = [
    '用户ID',
    'user_id',
    'CustomerID',
    '下单时间',
    'InvoiceDate',
    '实付金额',
    'amount',
    'order id',
    'ts',
  ];
  const headers = Array.from({ length: rng.int(10) }, () =>
    rng.chance(0.5) ? rng.pick(known) + (rng.chance(0.3) ? randomString(rng) : '') : randomString(rng),
  );
  const table = rng.chance(0.9)
    ? rng.pick(CANONICAL_TABLES)
    : (rng.pick(['order', '', 'toString', '__proto__']) as any);
  const input = `guessMapping(${JSON.stringify(headers)}, ${JSON.stringify(table)})`;
  let g;
  try {
    g = guessMapping(headers, table);
  } catch (err) {
    if (err instanceof FupanError) return;
    throw new Finding(`not a FupanError: ${(err as Error)?.stack ?? String(err)}`, input);
  }
  const used = Object.values(g.columns);
  try {
    for (const h of used) assert.ok(headers.includes(h), `mapped a header not given: ${h}`);
    assert.equal(new Set(used).size, used.length, 'a header mapped twice');
    for (const c of Object.values(g.confidence)) assert.ok(c > 0 && c <= 1, `confidence ${c}`);
    assert.deepEqual(Object.keys(g.confidence), Object.keys(g.columns));
    for (const h of g.unmapped) assert.ok(!used.includes(h), `unmapped header also mapped: ${h}`);
  } catch (err) {
    throw new Finding((err as Error).message, input);
  }
}

/** Valid CSV written from known records (hostile ids, quoting, CRLF, BOM) must load back equal. */
async function validCsv(rng: Rng): Promise<void> {
  const n = 1 + rng.int(40);
  const records = Array.from({ length: n }, () => ({
    user_id: validId(rng),
    ts: Date.UTC(2010 + rng.int(15), rng.int(12), 1 + rng.int(28), rng.int(24), rng.int(60), rng.int(60)),
    amount: (rng.int(2_000_001) - 1_000_000) / 100,
  }));
  const eol = rng.pick(['\n', '\r\n']);
  const bom = rng.chance(0.2) ? '\uFEFF' : '';
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', rng.chance(0.5) ? 'Z' : '+00:00');
  const quote = (s: string) => (/[",\r\n]/.test(s) || rng.chance(0.1) ? `"${s.replace(/"/g, '""')}"` : s);
  const text =
    bom +
    ['user_id', 'ts', 'amount'].map(quote).join(',') +
    eol +
    records.map((r) => [quote(r.user_id), quote(iso(r.ts)), quote(String(r.amount))].join(',')).join(eol) +
    (rng.chance(0.7) ? eol : '');
  const input = `valid CSV ${JSON.stringify(text.slice(0, 2000))}`;
  let t: ColumnTable;
  try {
    t = await load(Buffer.from(text), { table: 'orders' });
  } catch (err) {
    throw new Finding(`valid CSV refused: ${(err as Error)?.message}`, input);
  }
  try {
    assert.deepEqual(
      t.array('user_id'),
      records.map((r) => r.user_id),
    );
    assert.deepEqual(
      Array.from(t.array('ts') as ArrayLike<number>, Number),
      records.map((r) => r.ts),
    );
    assert.deepEqual(
      Array.from(t.array('amount') as ArrayLike<number>),
      records.map((r) => r.amount),
    );
  } catch (err) {
    throw new Finding(`wrong silent result: ${(err as Error).message.slice(0, 2000)}`, input);
  }
}

/** Ids a user may really have: quotes, delimiters, line breaks, CJK, emoji; not blank, not a null token. */
function validId(rng: Rng): string {
  const units = ['a', 'Z', '7', ',', '"', '\n', '\r\n', ' ', '中', 'é', ';', "'", '😀', '-', '.'];
  for (;;) {
    const s = Array.from({ length: 1 + rng.int(10) }, () => rng.pick(units)).join('');
    if (s.trim() === s && s !== '' && !/^-?\d+\.0+$/.test(s)) return s;
  }
}

/** Every target, by name. */
export const TARGETS = { csvBuffer, csvText, tempFile, json, guess, validCsv } as const;
/** A target's name. */
export type TargetName = keyof typeof TARGETS;
