import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { TslabKernel } from '@fupan/kernel-client';
import { runNotebook } from '../../notebooks/runner/run-notebook.js';
import { groupGone } from '../notebooks/runner/process-check.js';
import { codeNotebook, outputsOf } from './notebookCells.js';

/**
 * A cell that exhausts memory (in a kernel given a small heap through NODE_OPTIONS): the failure names
 * the cell, the kernel and everything it started are gone, and the next notebook still runs.
 */

const NOTEBOOKS = join(resolve(__dirname, '../..'), 'notebooks');
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=320' };
const EXHAUST = 'const hoard: number[][] = [];\nwhile (true) hoard.push(new Array(1e5).fill(hoard.length));';

describe('hardening/notebook runner: a cell that exhausts memory', function () {
  this.timeout(120_000);

  it('kills the kernel and its process group, and is reported as the kernel dying', async () => {
    const kernel = await TslabKernel.start({ cwd: NOTEBOOKS, env: SMALL_HEAP });
    const pgid = kernel.pid!;
    const r = await kernel.execute(EXHAUST, { timeoutMs: 60_000 });
    assert.equal(r.status, 'died', JSON.stringify(r));
    assert.match(r.error ?? '', /the kernel exited \((code \d+|signal \w+)\) while the cell ran/);
    assert.equal(kernel.alive, false);
    assert.deepEqual(await groupGone(pgid), []);
  });

  it('names the failing cell, and the next notebook runs', async () => {
    const run = await runNotebook(codeNotebook("console.log('before');", EXHAUST, "console.log('never');"), {
      cwd: NOTEBOOKS,
      cellTimeoutMs: 60_000,
      kernel: { env: SMALL_HEAP },
    });
    assert.equal(run.failure?.cellIndex, 1);
    assert.equal(run.failure?.status, 'died');
    assert.equal(run.failure?.firstLine, 'const hoard: number[][] = [];');
    assert.deepEqual(outputsOf(run.notebook, 2), []);
    const next = await runNotebook(codeNotebook("console.log('still running');"), { cwd: NOTEBOOKS });
    assert.equal(next.failure, undefined);
    assert.deepEqual(outputsOf(next.notebook, 0), [
      { output_type: 'stream', name: 'stdout', text: 'still running\n' },
    ]);
  });
});
