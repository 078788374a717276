import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError, SpecError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import {
  checkFitsInMemory,
  estimateColumnsNeed,
  gzipTextBytes,
  memoryBudget,
  MEMORY_LIMIT_ENV,
} from '../../../kernel-lib/src/io/memory.js';

const MB = 2 ** 20;

/** Descriptors of this process open on a file whose path ends with `name` (Linux /proc). */
function openFilesNamed(name: string): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).endsWith(name);
    } catch {
      return false;
    }
  }).length;
}

/** The estimate {@link gzipTextBytes} gives for a file. */
async function textBytesOf(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    return await gzipTextBytes(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

/** What the estimate of concatenated members must be: each member's text, or its compressed size if larger. */
const membersTotal = (texts: Buffer[], members: Buffer[]) =>
  texts.reduce((sum, t, k) => sum + Math.max(t.length, members[k].length), 0);

/** CSV text of `rows` orders with a unique remark each (compresses about 5:1). */
function remarks(rows: number, from = 0): string {
  const lines: string[] = [];
  for (let i = from; i < from + rows; i++)
    lines.push(`u${i % 900},2016-10-01 12:00:00,1.5,remark ${i * 7919}`);
  return lines.join('\n') + '\n';
}

describe('io/memory: estimate and budget of a load', () => {
  it('numbers and timestamps take 8 bytes a row, dictionary codes 4, off the heap', () => {
    const need = estimateColumnsNeed(
      [
        { type: 'number', values: ['1.5', '2'] },
        { type: 'timestamp', values: ['2016-01-01', '2016-01-02'] },
      ],
      2,
      1000,
    );
    assert.deepEqual(need, { offHeap: 16_000, heap: 0 });
  });

  it('a category repeating in the sample costs its codes and a few dictionary entries', () => {
    const values = Array.from({ length: 100 }, (_, i) => ['web', 'app', 'h5'][i % 3]);
    const need = estimateColumnsNeed([{ type: 'category', values }], 100, 1_000_000);
    // 3 distinct ASCII values: their bytes and hash slots off the heap, no string; codes 4 bytes a row.
    assert.equal(need.heap, 0);
    assert.ok(need.offHeap >= 4_000_000 && need.offHeap < 4_001_000, `${need.offHeap}`);
  });

  it('an inferred text column unique in the sample counts a string and an array slot on every row', () => {
    const values = Array.from({ length: 100 }, (_, i) => `note number ${i}`); // 13-14 characters
    const rows = 1_000_000;
    const need = estimateColumnsNeed([{ type: 'auto-text', values }], 100, rows);
    const perRow = need.heap / rows;
    // String 24 + 2 × length ~27.8 + array slot 12 (it ends as a plain array).
    assert.ok(perRow > 60 && perRow < 68, `${perRow} heap bytes a row`);
    // The same column, half missing: half its values distinct, so it stays a dictionary column: its
    // values as bytes off the heap, no strings.
    const half = estimateColumnsNeed([{ type: 'auto-text', values: values.slice(0, 50) }], 100, rows);
    assert.equal(half.heap, 0);
    assert.ok(half.offHeap > rows * 4 + (rows / 2) * 64, `${half.offHeap}`);
  });

  it('user ids seen once in the sample are extrapolated to all rows, repeated ones are not', () => {
    const unique = estimateColumnsNeed([{ type: 'id', values: ['a1', 'a2', 'a3', 'a4'] }], 4, 4000);
    const repeated = estimateColumnsNeed([{ type: 'id', values: ['a1', 'a1', 'a2', 'a2'] }], 4, 4000);
    // Codes 4 bytes a row; each distinct id 64 bytes of hash table and 2 × (4 + 2) of bytes and offsets.
    assert.deepEqual(unique, { offHeap: 4000 * 4 + 4000 * (64 + 12), heap: 0 });
    assert.deepEqual(repeated, { offHeap: 4000 * 4 + 2 * (64 + 12), heap: 0 });
  });

  it('ids that are not plain ASCII are also kept as strings and through a table of their raw bytes', () => {
    const ascii = estimateColumnsNeed([{ type: 'id', values: ['u1', 'u2'] }], 2, 1000);
    const chinese = estimateColumnsNeed([{ type: 'id', values: ['用户', '客户'] }], 2, 1000);
    const spreadsheet = estimateColumnsNeed([{ type: 'id', values: ['17850.0', '17851.0'] }], 2, 1000);
    assert.equal(ascii.heap, 0);
    assert.equal(chinese.heap, 1000 * (12 + 24 + 4));
    assert.ok(chinese.offHeap > ascii.offHeap);
    assert.ok(spreadsheet.heap > 0, 'ids a spreadsheet made floats are normalised through strings');
  });

  it('plain text and booleans live on the heap', () => {
    const need = estimateColumnsNeed(
      [
        { type: 'string', values: ['abcd', 'efgh'] },
        { type: 'boolean', values: ['true', 'false'] },
      ],
      2,
      100,
    );
    assert.deepEqual(need, { offHeap: 0, heap: 100 * (12 + 24 + 8) + 100 * 12 });
  });

  it(`${MEMORY_LIMIT_ENV} caps the budget, and a bad value is a SpecError`, () => {
    const free = memoryBudget({});
    assert.equal(free.total, undefined);
    assert.ok(free.heap > 16 * MB && free.offHeap > 16 * MB);
    const capped = memoryBudget({ [MEMORY_LIMIT_ENV]: '64' });
    assert.deepEqual(capped, { offHeap: 64 * MB, heap: 64 * MB, total: 64 * MB });
    assert.throws(() => memoryBudget({ [MEMORY_LIMIT_ENV]: 'lots' }), SpecError);
    assert.throws(() => memoryBudget({ [MEMORY_LIMIT_ENV]: '-1' }), /FUPAN_MEMORY_LIMIT_MB: "-1"/);
  });

  it('the total of heap and typed arrays is checked against a configured limit', () => {
    const budget = { offHeap: 10 * MB, heap: 10 * MB, total: 10 * MB };
    assert.doesNotThrow(() => checkFitsInMemory({ offHeap: 4 * MB, heap: 5 * MB }, 'a.csv', budget));
    assert.throws(
      () => checkFitsInMemory({ offHeap: 6 * MB, heap: 6 * MB }, 'a.csv', budget),
      /a\.csv: too large to load into memory \(about 12 MB needed, 10 MB available\)/,
    );
  });

  describe('gzipTextBytes: the text size of a gzip file', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'fupan-gzip-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('one member: the size its trailer states; too short for a trailer: undefined', async () => {
      const text = Buffer.from(remarks(2000));
      writeFileSync(join(dir, 'one.gz'), gzipSync(text));
      assert.equal(await textBytesOf(join(dir, 'one.gz')), text.length);
      writeFileSync(join(dir, 'short.gz'), Buffer.from([0x1f, 0x8b, 8, 0]));
      assert.equal(await textBytesOf(join(dir, 'short.gz')), undefined);
    });

    it('many members: every member’s text is added, wherever a header falls against the read window', async () => {
      // A first member of stored (uncompressed) bytes whose length puts the second member's header
      // across the scan's 2 MiB reads at each of the offsets around the boundary.
      const stored = (n: number) => gzipSync(Buffer.alloc(n, 0x41), { level: 0 });
      const window = 2 ** 21;
      const rest = [remarks(3000, 1), remarks(5, 7), remarks(1000, 3)].map((t) => Buffer.from(t));
      const overhead = stored(window).length - window; // header, trailer, block headers
      for (let k = -16; k <= 16; k++) {
        const n = window + k - overhead;
        const texts = [Buffer.alloc(n, 0x41), ...rest];
        const members = [stored(n), ...rest.map((t) => gzipSync(t))];
        assert.equal(members[0].length, window + k);
        const path = join(dir, `window${k}.gz`);
        writeFileSync(path, Buffer.concat(members));
        assert.equal(await textBytesOf(path), membersTotal(texts, members), `header at 2 MiB ${k}`);
      }
    });
  });

  describe('load() under a configured limit', () => {
    let dir: string;
    let saved: string | undefined;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'fupan-memory-'));
      saved = process.env[MEMORY_LIMIT_ENV];
    });
    after(() => {
      if (saved === undefined) delete process.env[MEMORY_LIMIT_ENV];
      else process.env[MEMORY_LIMIT_ENV] = saved;
      rmSync(dir, { recursive: true, force: true });
    });

    it('refuses a CSV whose inferred text columns would not fit, naming the file and the estimate', async () => {
      // 40,000 rows, a unique remark on each (1.5 MB of file): several MB of strings and dictionary once loaded.
      const path = join(dir, 'remarks.csv');
      const lines = ['user_id,ts,amount,remark'];
      for (let i = 0; i < 40_000; i++) lines.push(`u${i % 900},2016-10-01 12:00:00,1.5,remark ${i * 7919}`);
      writeFileSync(path, lines.join('\n') + '\n');
      process.env[MEMORY_LIMIT_ENV] = '2';
      const err = await load(path, { table: 'orders' }).then(
        () => assert.fail('loaded'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof InputError);
      assert.match(
        err.message,
        /remarks\.csv: too large to load into memory \(about [5-9] MB needed, 2 MB available\) \(expected .*DuckDB engine/,
      );
      // The refused file was closed at once (not left to garbage collection).
      assert.equal(openFilesNamed('remarks.csv'), 0);
      // Under a limit above the estimate the same file loads.
      process.env[MEMORY_LIMIT_ENV] = '16';
      const t = await load(path, { table: 'orders' });
      assert.equal(t.numRows(), 40_000);
    });

    it('estimates a .csv.gz from its text size (the gzip trailer), not its compressed size', async () => {
      const lines = ['user_id,ts,amount,remark'];
      for (let i = 0; i < 40_000; i++) lines.push(`u${i % 900},2016-10-01 12:00:00,1.5,remark ${i * 7919}`);
      const text = Buffer.from(lines.join('\n') + '\n');
      const path = join(dir, 'remarks.csv.gz');
      writeFileSync(path, gzipSync(text));
      assert.ok(statSync(path).size * 4 < text.length, 'compresses at least 4:1');
      // About 9 MB needed once loaded: refused under 4 MB, although the compressed file is a fraction of it.
      process.env[MEMORY_LIMIT_ENV] = '4';
      await assert.rejects(
        load(path, { table: 'orders' }),
        /remarks\.csv\.gz: too large to load into memory \(about [5-9] MB needed/,
      );
      assert.equal(openFilesNamed('remarks.csv.gz'), 0);
      process.env[MEMORY_LIMIT_ENV] = '16';
      assert.equal((await load(path, { table: 'orders' })).numRows(), 40_000);
    });

    it('estimates a multi-member .csv.gz from every member, not the last member’s trailer', async () => {
      // `cat big.gz small.gz`: the file's last 4 bytes state only the small member's 8 rows.
      const texts = [Buffer.from('user_id,ts,amount,remark\n' + remarks(40_000)), Buffer.from(remarks(8))];
      const members = texts.map((t) => gzipSync(t));
      const path = join(dir, 'members.csv.gz');
      writeFileSync(path, Buffer.concat(members));
      assert.equal(await textBytesOf(path), membersTotal(texts, members));
      process.env[MEMORY_LIMIT_ENV] = '4';
      await assert.rejects(
        load(path, { table: 'orders' }),
        /members\.csv\.gz: too large to load into memory \(about [5-9] MB needed/,
      );
      assert.equal(openFilesNamed('members.csv.gz'), 0);
      process.env[MEMORY_LIMIT_ENV] = '16';
      assert.equal((await load(path, { table: 'orders' })).numRows(), 40_008);
    });
  });
});
