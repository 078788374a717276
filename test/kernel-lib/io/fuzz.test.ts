import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FupanError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import type { LoadOptions } from '../../../kernel-lib/src/io/options.js';

/**
 * Fuzzing the loaders: mutated corpus files and random bytes must give a table or one of Fupan's own
 * errors, never a crash (TypeError, RangeError…) or a hang. Bounded by run count, so CI stays fast.
 */

const DIR = join(__dirname, '../../fixtures/bad-inputs');
const seeds = readdirSync(DIR)
  .filter((f) => /\.(csv|tsv|json|ndjson)$/.test(f))
  .map((f) => ({ name: f, bytes: readFileSync(join(DIR, f)) }));

const INTERESTING = [
  0x22, 0x2c, 0x0a, 0x0d, 0x09, 0x3b, 0x20, 0x30, 0x39, 0x2d, 0x2f, 0x3a, 0xd6, 0xd0, 0xff, 0xef, 0x7b, 0x7d,
  0x5b,
];

const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'delete', 'replace', 'truncate', 'duplicate'),
  byte: fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })),
});

function mutate(bytes: Buffer, mutations: { at: number; kind: string; byte: number }[]): Buffer {
  let b = Buffer.from(bytes);
  for (const m of mutations) {
    const at = b.length ? m.at % (b.length + 1) : 0;
    if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at)]);
    else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
    else if (m.kind === 'replace' && at < b.length) b[at] = m.byte;
    else if (m.kind === 'truncate') b = b.subarray(0, at);
    else if (m.kind === 'duplicate')
      b = Buffer.concat([b.subarray(0, at), b.subarray(at - Math.min(at, 20))]);
  }
  return b;
}

const options = fc.constantFrom<LoadOptions>(
  {},
  { table: 'orders' },
  { table: 'events' },
  { types: { amount: 'number' } },
  { encoding: 'utf-8' },
  { encoding: 'gb18030' },
  { dateFormat: 'dmy' },
  { timeZone: 'America/New_York', table: 'orders' },
);

async function outcome(input: Buffer, opts: LoadOptions): Promise<void> {
  try {
    const t = await load(input, opts);
    assert.ok(t.numRows() >= 0);
  } catch (err) {
    if (!(err instanceof FupanError)) throw err;
  }
}

describe('io/fuzz: mutated and random inputs give a table or a FupanError', () => {
  it('mutated corpus files, read as CSV', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        options,
        async (seed, mutations, opts) => outcome(mutate(seed.bytes, mutations), opts),
      ),
      { numRuns: 400 },
    );
  });

  it('mutated corpus files, read as JSON and NDJSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(mutation, { maxLength: 4 }),
        fc.constantFrom<LoadOptions['format']>('json', 'ndjson'),
        async (seed, mutations, format) => outcome(mutate(seed.bytes, mutations), { format }),
      ),
      { numRuns: 300 },
    );
  });

  it('random bytes in every format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom<LoadOptions['format']>('csv', 'tsv', 'json', 'ndjson', 'parquet', 'arrow'),
        async (bytes, format) => outcome(Buffer.from(bytes), { format }),
      ),
      { numRuns: 300 },
    );
  });

  it('random records', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.date(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.dictionary(fc.constantFrom('user_id', 'ts', 'amount', 'x'), value), { maxLength: 20 }),
        options,
        async (records, opts) => {
          try {
            await load(records, opts);
          } catch (err) {
            if (!(err instanceof FupanError)) throw err;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
