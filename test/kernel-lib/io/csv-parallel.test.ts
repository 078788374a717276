import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CancelledError, InputError } from '../../../kernel-lib/src/errors.js';
import { csvThreads } from '../../../kernel-lib/src/io/csv/parallel.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import type { LoadOptions } from '../../../kernel-lib/src/io/options.js';
import { Dictionary } from '../../../kernel-lib/src/table/dictionary.js';
import { assertSameTables } from '../../support/tables.js';

const ROWS = 90_000; // about 4.5 MB: the head (one 2 MiB chunk) and two parts after it

/**
 * Row i of the test file: ids shared by both halves (some written with doubled quotes), notes that
 * are quoted, some across two lines, a low-cardinality channel, amounts with cents.
 */
function row(i: number, amount = `${i}.25`): string {
  const user = i % 11 === 0 ? `"u""${i % 301}"` : `u${(i * 7919) % 5003}`;
  const minute = String(i % 60).padStart(2, '0');
  const note = i % 5 === 0 ? `"note ${i},\nsecond line"` : i % 5 === 1 ? `"say ""hi"""` : `n${i % 3}`;
  return `${user},2016-10-01 12:${minute}:00,${amount},${['app', 'web', 'store'][i % 3]},${note}`;
}

function writeCsv(lines: string[]): { path: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fupan-parallel-'));
  const path = join(dir, 'orders.csv');
  const text = ['user_id,ts,amount,channel,note', ...lines].join('\n') + '\n';
  writeFileSync(path, text);
  return { path, text };
}

function lines(n: number, change: (i: number) => string | undefined = () => undefined): string[] {
  return Array.from({ length: n }, (_, i) => change(i) ?? row(i));
}

async function readBoth(path: string, options: LoadOptions = { table: 'orders' }) {
  csvThreads.enabled = false;
  const oneDictionary = new Dictionary();
  const one = await load(path, { ...options, dictionary: oneDictionary });
  csvThreads.enabled = true;
  const twoDictionary = new Dictionary();
  const two = await load(path, { ...options, dictionary: twoDictionary });
  return { one, two, oneDictionary, twoDictionary, how: csvThreads.last };
}

describe('io/csv on two threads', () => {
  const saved = { ...csvThreads };
  before(() => {
    csvThreads.minBytes = 1 << 20;
  });
  afterEach(() => {
    csvThreads.enabled = true;
    csvThreads.splitFrom = undefined;
  });
  after(() => Object.assign(csvThreads, saved));

  it('reads a large file in two parts into the same columns and dictionary as one pass', async () => {
    const { path, text } = writeCsv(lines(ROWS));
    const progress: number[] = [];
    csvThreads.enabled = true;
    await load(path, { table: 'orders', onProgress: (read) => progress.push(read) });
    assert.equal(csvThreads.last, 'two threads');
    assert.deepEqual(
      progress.filter((x, k) => k > 0 && x < progress[k - 1]),
      [],
    );
    assert.equal(progress.at(-1), Buffer.byteLength(text));
    const { one, two, oneDictionary, twoDictionary, how } = await readBoth(path);
    assert.equal(how, 'two threads');
    assertSameTables(one, two);
    // Ids of both halves get one code each, numbered in order of first appearance.
    assert.equal(twoDictionary.size, oneDictionary.size);
    assert.deepEqual(twoDictionary.values, oneDictionary.values);
    assert.equal(two.get('user_id', ROWS - 1), `u${((ROWS - 1) * 7919) % 5003}`);
    const quoted = 11 * Math.floor((ROWS - 1) / 11);
    assert.equal(two.get('user_id', quoted), `u"${quoted % 301}`);
    assert.equal(two.get('note', ROWS - 5), `note ${ROWS - 5},\nsecond line`);
    assert.equal(two.get('amount', ROWS - 1), ROWS - 1 + 0.25);
  });

  it('adds ids to a dictionary that already holds some, as one pass would', async () => {
    const { path } = writeCsv(lines(ROWS));
    const seeded = () => {
      const d = new Dictionary();
      for (const id of ['u5', 'zz', `u${((ROWS - 2) * 7919) % 5003}`]) d.encode(id);
      return d;
    };
    csvThreads.enabled = false;
    const d1 = seeded();
    const one = await load(path, { table: 'orders', dictionary: d1 });
    csvThreads.enabled = true;
    const d2 = seeded();
    const two = await load(path, { table: 'orders', dictionary: d2 });
    assert.equal(csvThreads.last, 'two threads');
    assertSameTables(one, two);
    assert.deepEqual(d2.values, d1.values);
  });

  it('reads on from the split itself when the split falls inside a quoted field with a line end', async () => {
    const { path, text } = writeCsv(lines(ROWS));
    // The first line end after this byte is the one inside row 60,000's quoted note.
    const note = text.indexOf('"note 60000,\n');
    csvThreads.splitFrom = note + 3;
    const { one, two, how } = await readBoth(path);
    assert.equal(how, 'read again');
    assertSameTables(one, two);
    assert.equal(two.get('note', 60_000), 'note 60000,\nsecond line');
  });

  it('names the true file line of an error in the second part', async () => {
    const bad = 80_000;
    const { path, text } = writeCsv(lines(ROWS, (i) => (i === bad ? row(i, '12.x') : undefined)));
    // Notes across two lines before it: the line is not the row number.
    const line = text.slice(0, text.indexOf(',12.x,')).split('\n').length;
    assert.ok(line > bad + 2);
    await assert.rejects(load(path, { table: 'orders' }), (err: InputError) => {
      assert.ok(err instanceof InputError);
      assert.equal(err.location.line, line);
      assert.equal(err.location.column, 'amount');
      assert.equal(err.location.value, '12.x');
      return true;
    });
    assert.equal(csvThreads.last, 'two threads');
    csvThreads.enabled = false;
    await assert.rejects(load(path, { table: 'orders' }), new RegExp(`line ${line}, column "amount"`));
  });

  it('names the line of a ragged row in the second part', async () => {
    const bad = 70_001;
    const { path, text } = writeCsv(lines(ROWS, (i) => (i === bad ? row(i) + ',extra' : undefined)));
    const line = text.slice(0, text.indexOf(',extra')).split('\n').length;
    await assert.rejects(load(path, { table: 'orders' }), new RegExp(`line ${line}: ragged row: 6 fields`));
  });

  it('names the line of an id with bytes that are not UTF-8 in the second part', async () => {
    const { path, text } = writeCsv(
      lines(ROWS, (i) => (i === 80_000 ? row(i).replace(/^[^,]+/, 'uBAD') : undefined)),
    );
    const at = text.indexOf('uBAD');
    const line = text.slice(0, at).split('\n').length;
    // `u`, then a byte no UTF-8 text holds, in place of `BAD` (same length, so the split is unmoved).
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from(text.slice(0, at + 1)),
        Buffer.from([0xff, 0x41, 0x44]),
        Buffer.from(text.slice(at + 4)),
      ]),
    );
    await assert.rejects(load(path, { table: 'orders' }), (err: InputError) => {
      assert.equal(err.problem, 'invalid UTF-8 bytes');
      assert.equal(err.location.line, line);
      assert.equal(err.location.column, 'user_id');
      return true;
    });
    assert.equal(csvThreads.last, 'two threads');
  });

  it('reports the first error in file order when both parts have one', async () => {
    const { path, text } = writeCsv(
      lines(ROWS, (i) => (i === 20_000 ? row(i, 'first') : i === 85_000 ? row(i, 'second') : undefined)),
    );
    const line = text.slice(0, text.indexOf(',first,')).split('\n').length;
    await assert.rejects(load(path, { table: 'orders' }), (err: InputError) => {
      assert.equal(err.location.line, line);
      assert.equal(err.location.value, 'first');
      return true;
    });
  });

  it('reads again when an inferred column turns to text in the second part only', async () => {
    const { path } = writeCsv(
      lines(ROWS, (i) => {
        const r = row(i).replace(/,(app|web|store),/, `,${i === 88_000 ? 'n/a' : i % 4},`);
        return r;
      }),
    );
    const { one, two, how } = await readBoth(path);
    assert.equal(how, 'read again');
    assertSameTables(one, two);
    assert.equal(two.get('channel', 88_000), 'n/a');
    assert.equal(two.get('channel', 3), '3');
  });

  it('stops both threads when the signal fires', async () => {
    const { path } = writeCsv(lines(ROWS));
    const controller = new AbortController();
    await assert.rejects(
      load(path, {
        table: 'orders',
        signal: controller.signal,
        onProgress: (read) => {
          if (read > 2 ** 21) controller.abort();
        },
      }),
      CancelledError,
    );
  });

  it('keeps a gzip file on one thread', async () => {
    const { path, text } = writeCsv(lines(ROWS));
    writeFileSync(path + '.gz', gzipSync(text));
    const t = await load(path + '.gz', { table: 'orders' });
    assert.equal(csvThreads.last, 'one thread');
    assert.equal(t.numRows(), ROWS);
  });

  it('keeps a file below the size limit on one thread', async () => {
    const { path } = writeCsv(lines(2_000));
    await load(path, { table: 'orders' });
    assert.equal(csvThreads.last, 'one thread');
  });
});

describe('io/csv: wide files', () => {
  it('loads a one-row file with 24,000 columns', async () => {
    const n = 24_000;
    const header = Array.from({ length: n }, (_, k) => `c${k}`).join(',');
    const values = Array.from({ length: n }, (_, k) => (k % 2 ? `v${k % 7}` : String(k))).join(',');
    const t = await load(`${header}\n${values}\n`);
    assert.equal(t.numCols(), n);
    assert.equal(t.numRows(), 1);
    assert.equal(t.get('c1', 0), 'v1');
    assert.equal(t.get('c23998', 0), 23_998);
    assert.equal(t.get('c23999', 0), `v${23_999 % 7}`);
  });
});
