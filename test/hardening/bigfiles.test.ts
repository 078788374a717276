import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNotebook, writeFileAtomic, writeNotebook } from '../../notebooks/runner/notebook-file.js';

/**
 * Big files: a generated CSV of 10M orders loads with monotone progress to 100 % in bounded memory
 * (peak RSS of a child process); a file that would not fit the memory budget is refused before it is
 * read, with an InputError naming the file and the estimate and pointing at the DuckDB engine — under a
 * small heap (text columns, inferred or typed) and under an explicit FUPAN_MEMORY_LIMIT_MB; cancelling
 * a load throws CancelledError and leaves nothing behind; the notebook runner writes its outputs
 * atomically.
 */

const ROWS = 10_000_000;
const USERS = 200_000;
const CHILD = join(__dirname, 'bigLoadChild.ts');
/** Peak RSS allowed for the 10M-row load: Node + tsx (~150 MB), 20 bytes a row of typed columns (200 MB), read buffers and a second reader thread. */
const PEAK_RSS_MB = 700;

/** Writes `rows` lines from `line(i)` after `header`, streaming 4 MiB buffers; returns the bytes written. */
function writeCsv(path: string, header: string, rows: number, line: (i: number) => string): number {
  const fd = openSync(path, 'w');
  const buf = Buffer.allocUnsafe(4 << 20);
  let at = buf.write(header + '\n', 0, 'latin1');
  let bytes = 0;
  for (let i = 0; i < rows; i++) {
    const text = line(i) + '\n';
    if (at + text.length * 3 > buf.length) {
      bytes += writeSync(fd, buf, 0, at);
      at = 0;
    }
    at += buf.write(text, at, 'utf8');
  }
  bytes += writeSync(fd, buf, 0, at);
  closeSync(fd);
  return bytes;
}

interface ChildOutcome {
  rows?: number;
  users?: number;
  error?: { name: string; message: string };
  progress: { calls: number; monotone: boolean; last: number; total: number };
  rssGrowthMB: number;
  peakRssMB: number;
  seconds: number;
}

function runChild(
  path: string,
  mode: 'load' | 'cancel',
  nodeOptions: string[] = [],
  types?: object,
  env: Record<string, string> = {},
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
      timeout: 300_000,
      env: { ...process.env, ...env },
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as ChildOutcome;
}

/** A heap that holds the process itself but not the text columns of notes.csv (about 119–201 MB). */
const SMALL_HEAP = '--max-old-space-size=48';

const TOO_LARGE = /too large to load into memory \(about [\d,]+ MB needed, [\d,]+ MB available\)/;

describe('hardening/bigfiles: big inputs, memory limits, cancellation, atomic outputs', function () {
  this.timeout(400_000);
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
        `u${(i * 7919) % USERS},2016-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 12:34:56,${(i % 100_000) / 100}`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`loads ${ROWS.toLocaleString('en')} rows with monotone progress to 100 %, peak RSS under ${PEAK_RSS_MB} MB`, () => {
    const r = runChild(big, 'load');
    console.log(
      `      10M rows (${Math.round(bigBytes / 2 ** 20)} MB): ${r.seconds} s, peak RSS ${r.peakRssMB} MB, ` +
        `RSS growth ${r.rssGrowthMB} MB, ${r.progress.calls} progress calls`,
    );
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    assert.equal(r.rows, ROWS);
    assert.equal(r.users, USERS);
    assert.ok(r.progress.calls > 100, `${r.progress.calls} progress calls`);
    assert.ok(r.progress.monotone);
    assert.equal(r.progress.last, bigBytes);
    assert.equal(r.progress.total, bigBytes);
    // Typed columns take 20 bytes a row (codes, ms, amount): 200 MB. Reading the file as JS strings
    // and rows would take several times its size (about 450 MB of text).
    assert.ok(
      r.peakRssMB < PEAK_RSS_MB,
      `peak RSS ${r.peakRssMB} MB for a ${Math.round(bigBytes / 2 ** 20)} MB file`,
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

  it('FUPAN_MEMORY_LIMIT_MB=100: the 10M-row file is refused from its first chunk, naming file and estimate', () => {
    const r = runChild(big, 'load', [], undefined, { FUPAN_MEMORY_LIMIT_MB: '100' });
    assert.equal(r.error?.name, 'InputError', JSON.stringify(r));
    assert.match(r.error!.message, new RegExp(`orders\\.csv: ${TOO_LARGE.source}`));
    assert.match(r.error!.message, /100 MB available/);
    assert.match(r.error!.message, /use the DuckDB engine/);
    // Refused after the head (a few MiB), not after reading 450 MB.
    assert.ok(r.progress.last < 16 * 2 ** 20, `read ${r.progress.last} of ${r.progress.total} bytes`);
  });

  it('refuses a file whose inferred text columns would not fit the heap, instead of crashing', () => {
    const wide = join(dir, 'notes.csv');
    writeCsv(wide, 'user_id,ts,amount,note,comment,address', 400_000, (i) => {
      const h = (i * 2_654_435_761) >>> 0;
      return `u${i % 5000},2016-10-01 12:00:00,1.5,note ${h},comment ${h ^ 7},street ${h ^ 99}`;
    });
    // No types given: the three text columns are inferred (dictionaries of mostly distinct strings).
    // Under a 48 MB old space their strings would exhaust the heap half way through the file. (Not
    // smaller: Node, tsx and kernel-lib's compiled source alone hold about 14 MB, and a 16 MB heap
    // crashed one start in five at the child's first gc(), before load() was called.)
    const inferred = runChild(wide, 'load', [SMALL_HEAP]);
    assert.equal(inferred.error?.name, 'InputError', JSON.stringify(inferred));
    assert.match(inferred.error!.message, new RegExp(`notes\\.csv: ${TOO_LARGE.source}`));
    assert.match(inferred.error!.message, /DuckDB engine/);
    // Typed as plain strings: refused too.
    const typed = runChild(wide, 'load', [SMALL_HEAP], {
      note: 'string',
      comment: 'string',
      address: 'string',
    });
    assert.equal(typed.error?.name, 'InputError', JSON.stringify(typed));
    assert.match(typed.error!.message, TOO_LARGE);
    // With the default heap the same file loads: the guard refuses what would not fit, not big text.
    const ok = runChild(wide, 'load');
    assert.equal(ok.error, undefined, JSON.stringify(ok.error));
    assert.equal(ok.rows, 400_000);
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
