import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureInChild } from '../../bench/child.js';

describe('bench measureInChild', function () {
  this.timeout(60_000);
  let dir: string;
  const script = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  };
  before(() => (dir = mkdtempSync(join(tmpdir(), 'fupan-child-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the JSON of the last line the child printed, given its arguments', () => {
    const path = script(
      'ok.mjs',
      "console.log('warming up');\nconsole.log(JSON.stringify({ args: process.argv.slice(2) }));\n",
    );
    assert.deepEqual(measureInChild(path, ['--one', 'x'], 30_000), { args: ['--one', 'x'] });
  });

  it('reports a run past its time limit as not finished in N s', () => {
    const path = script('slow.mjs', 'setTimeout(() => console.log("{}"), 60_000);\n');
    assert.deepEqual(measureInChild(path, [], 3_000), { error: 'did not finish in 3 s' });
  });

  it('reports a run past its heap limit as out of memory', () => {
    const path = script(
      'hungry.mjs',
      'const keep = [];\nfor (;;) keep.push(new Array(1e5).fill({ a: 1 }));\n',
    );
    assert.deepEqual(measureInChild(path, [], 30_000, 64, false), {
      error: 'out of memory (heap limit 64 MB)',
    });
  });

  it('reports a crash by the last line of its error, and output without a measurement', () => {
    const crash = script('crash.mjs', "throw new Error('no such contender');\n");
    assert.match(
      (measureInChild(crash, [], 30_000, 1000, false) as { error: string }).error,
      /^Error: no such contender$/,
    );
    const silent = script('silent.mjs', "console.log('done');\n");
    assert.deepEqual(measureInChild(silent, [], 30_000), { error: 'no measurement in its output: done' });
  });
});
