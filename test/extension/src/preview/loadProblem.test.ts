import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../../../kernel-lib/src/errors.js';
import { load } from '../../../../kernel-lib/src/io/load.js';
import { describeLoadProblem, headOf } from '../../../../extension/src/preview/loadProblem.js';

/** Bad files in the preview (issue 15): short, human messages, and "Map columns…" only when mapping helps. */
describe('describeLoadProblem (the preview on bad files)', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(tmpdir(), 'fupan-bad-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const problemOf = async (name: string, bytes: Uint8Array | string) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    const error = await load(file, { table: 'orders' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error, `${name} should not load`);
    return describeLoadProblem(name, await headOf(file), error);
  };

  it('a binary file is "not a text table", with no escapes and no mapping offered', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 37) % 256);
    const problem = await problemOf('image.csv', bytes);
    assert.equal(problem.message, 'image.csv: this is not a text table (CSV, TSV, JSON, Parquet)');
    assert.equal(problem.canMap, false);
  });

  it('a gzipped binary file too', async () => {
    const problem = await problemOf('blob.csv.gz', gzipSync(new Uint8Array(2048).fill(0)));
    assert.match(problem.message, /not a text table/);
  });

  it('a whitespace-separated file says to use delimiter whitespace', async () => {
    const text =
      'user_id   ts                    amount\nu1   2024-01-01T00:00:00Z   10\nu2   2024-01-02T00:00:00Z   20\n';
    const problem = await problemOf('orders.txt.csv', text);
    assert.equal(
      problem.message,
      'orders.txt.csv: columns are separated by spaces: use delimiter whitespace',
    );
    assert.equal(problem.canMap, false);
    assert.equal(problem.delimiter, 'whitespace');
  });

  it('unmapped columns of a text table offer mapping; other data errors do not', async () => {
    const unmapped = await problemOf('export.csv', 'a,b,c\n1,2,3\n');
    assert.equal(unmapped.canMap, true);
    assert.match(unmapped.message, /missing required column/);
    const badValue = describeLoadProblem(
      'x.csv',
      new TextEncoder().encode('user_id,ts,amount\nu1,yesterday,1\n'),
      new InputError('not a timestamp', { file: 'x.csv', line: 2, column: 'ts', value: 'yesterday' }),
    );
    assert.equal(badValue.canMap, false);
    assert.equal(badValue.message, 'x.csv, line 2, column "ts": not a timestamp: "yesterday"');
  });
});
