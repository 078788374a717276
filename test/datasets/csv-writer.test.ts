import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CsvWriter } from '../../datasets/src/csv.js';

/**
 * Generated data sets are written whole or not at all: rows go to a temporary file renamed on close, so
 * a generation that fails, is cancelled or is killed half way leaves no truncated CSV that would load as
 * a smaller data set, and an earlier complete file stays as it was.
 */
describe('datasets CsvWriter: no half-written output', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fupan-csvwriter-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the file appears at its path only on close, complete (plain and gzip)', async () => {
    for (const name of ['users.csv', 'users.csv.gz']) {
      const path = join(dir, name);
      const w = new CsvWriter(path, ['user_id', 'note']);
      w.row(['u1', 'a,b']);
      await w.flush();
      w.row(['u2', null]);
      assert.equal(existsSync(path), false, `${name} before close`);
      await w.close();
      const bytes = readFileSync(path);
      const text = name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
      assert.equal(text, 'user_id,note\nu1,"a,b"\nu2,\n');
    }
    assert.deepEqual(readdirSync(dir).sort(), ['users.csv', 'users.csv.gz']);
  });

  it('abort leaves the path as it was and no temporary file', async () => {
    const path = join(dir, 'orders.csv');
    writeFileSync(path, 'user_id\nold\n');
    const w = new CsvWriter(path, ['user_id']);
    for (let i = 0; i < 50_000; i++) w.row([`u${i}`]);
    await w.flush();
    w.abort();
    assert.equal(readFileSync(path, 'utf8'), 'user_id\nold\n');
    assert.deepEqual(readdirSync(dir), ['orders.csv']);
  });

  it('a generator killed half way leaves no file at the path', () => {
    const path = join(dir, 'events.csv');
    const script = `
      const { CsvWriter } = require(${JSON.stringify(join(__dirname, '../../datasets/src/csv.ts'))});
      (async () => {
        const w = new CsvWriter(${JSON.stringify(path)}, ['user_id', 'ts']);
        for (let i = 0; i < 200000; i++) { w.row(['u' + i, i]); if (w.full) await w.flush(); }
        process.kill(process.pid, 'SIGKILL');
      })();`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.equal(existsSync(path), false);
    // Only the temporary file is left, named so that no loader mistakes it for the data set.
    assert.ok(
      readdirSync(dir).every((f) => /^events\.csv\.partial-\d+$/.test(f)),
      readdirSync(dir).join(),
    );
  });
});
