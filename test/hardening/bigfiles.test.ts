import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNotebook, writeFileAtomic, writeNotebook } from '../../notebooks/runner/notebook-file.js';

/**
 * Big files: a generated CSV of 3M orders loads with monotone progress in bounded memory (RSS growth
 * measured in a child process); a file whose text columns would not fit the heap is refused with an
 * InputError pointing at the DuckDB engine (artificial limit: a small --max-old-space-size);
 * cancelling a load throws CancelledError and leaves nothing behind; the notebook runner writes its
 * outputs atomically.
 */

const ROWS = 3_000_000;
const CHILD = join(__dirname, 'bigLoadChild.ts');

/** Writes `rows` lines from `line(i)` after `header`, in 1 MiB chunks. */
function writeCsv(path: string, header: string, rows: number, line: (i: number) => string): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  let buf = header + '\n';
  for (let i = 0; i < rows; i++) {
    buf += line(i) + '\n';
    if (buf.length > 1 << 20) {
      bytes += writeSync(fd, buf);
      buf = '';
    }
  }
  bytes += writeSync(fd, buf);
  closeSync(fd);
  return bytes;
}

interface ChildOutcome {
  rows?: number;
  error?: { name: string; message: string };
  progress: { calls: number; monotone: boolean; last: number; total: number };
  rssGrowthMB: number;
}

function runChild(
  path: string,
  mode: 'load' | 'cancel',
  nodeOptions: string[] = [],
  types?: object,
): ChildOutcome {
  const out = execFileSync(
    process.execPath,
    [
      ...nodeOptions,
      '--expose-gc',
      '--import',
      'tsx',
      CHILD,
      path,
      mode,
      ...(types ? [JSON.stringify(types)] : []),
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ChildOutcome;
}

describe('hardening/bigfiles: big inputs, memory limits, cancellation, atomic outputs', function () {
  this.timeout(90_000);
  let dir: string;
  let big: string;
  let bigBytes: number;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fupan-big-'));
    big = join(dir, 'orders.csv');
    bigBytes = writeCsv(
      big,
      'user_id,ts,amount',
      ROWS,
      (i) =>
        `u${(i * 7919) % 200_000},2016-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 12:34:56,${(i % 100_000) / 100}`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`loads ${ROWS.toLocaleString('en')} rows with monotone progress reaching the total, in bounded memory`, () => {
    const r = runChild(big, 'load');
    assert.equal(r.error, undefined);
    assert.equal(r.rows, ROWS);
    assert.ok(r.progress.calls > 10, `${r.progress.calls} progress calls`);
    assert.ok(r.progress.monotone);
    assert.equal(r.progress.last, bigBytes);
    assert.equal(r.progress.total, bigBytes);
    // Typed columns take 20 bytes a row (codes, ms, amount); reading the file as JS strings and rows
    // would take several times its size. Streaming stays well under 1.5× the file.
    const limitMB = (1.5 * bigBytes) / 2 ** 20;
    assert.ok(
      r.rssGrowthMB < limitMB,
      `RSS grew ${r.rssGrowthMB} MB for a ${Math.round(bigBytes / 2 ** 20)} MB file`,
    );
  });

  it('cancelling during a load throws CancelledError and leaves no file behind', () => {
    const r = runChild(big, 'cancel');
    assert.equal(r.error?.name, 'CancelledError');
    assert.match(r.error!.message, /orders\.csv cancelled/);
    assert.equal(r.rows, undefined);
    assert.ok(r.progress.last < r.progress.total);
    assert.deepEqual(readdirSync(dir), ['orders.csv']);
  });

  it('refuses a file whose text would not fit the heap, advising the DuckDB engine, instead of crashing', () => {
    const wide = join(dir, 'notes.csv');
    writeCsv(wide, 'user_id,ts,amount,note,comment,address', 400_000, (i) => {
      const h = (i * 2_654_435_761) >>> 0;
      return `u${i % 5000},2016-10-01 12:00:00,1.5,note ${h},comment ${h ^ 7},street ${h ^ 99}`;
    });
    // Text columns typed `string` are what the estimate counts (inferred category columns are not: see
    // the report of issue 8).
    const r = runChild(wide, 'load', ['--max-old-space-size=16'], {
      note: 'string',
      comment: 'string',
      address: 'string',
    });
    assert.equal(r.error?.name, 'InputError', JSON.stringify(r));
    assert.match(
      r.error!.message,
      /notes\.csv: too large to load into memory \(about [\d,]+ MB needed, [\d,]+ MB available\)/,
    );
    assert.match(r.error!.message, /DuckDB engine/);
    rmSync(wide);
  });

  it('the notebook runner writes notebooks and HTML atomically: a failed write leaves the old file and no temp', () => {
    const nbDir = mkdtempSync(join(dir, 'nb-'));
    const path = join(nbDir, 'review.ipynb');
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] } as any;
    writeNotebook(path, nb);
    assert.deepEqual(readNotebook(path).cells, []);
    // Renaming onto a directory fails after the temp file was written: the temp must be removed.
    const blocked = join(nbDir, 'blocked.html');
    execFileSync('mkdir', [join(blocked)]);
    execFileSync('touch', [join(blocked, 'x')]);
    assert.throws(() => writeFileAtomic(blocked, '<html></html>'));
    assert.deepEqual(readdirSync(nbDir).sort(), ['blocked.html', 'review.ipynb']);
  });
});
