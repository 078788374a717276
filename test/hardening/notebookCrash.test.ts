import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { ExecutionStatus } from '@fupan/kernel-client';
import { runNotebook } from '../../notebooks/runner/run-notebook.js';
import { groupGone, processesWithEnv } from '../notebooks/runner/process-check.js';
import { codeNotebook, outputsOf } from './notebookCells.js';

/**
 * A notebook cell that hangs or kills its kernel, run through the headless runner: the failure names the
 * cell (index, first line, status) with a clear error, the kernel and everything it started (its
 * watchdog, a child process of an earlier cell) are gone, later cells did not run, and the next
 * notebook runs normally.
 */

const NOTEBOOKS = join(resolve(__dirname, '../..'), 'notebooks');
const TIMEOUT_MS = 1500;

/** Prints the kernel's pid (its process group) and leaves a child process running in the group. */
const START_CHILD =
  "import { spawn } from 'child_process';\n" +
  "spawn('sleep', ['600'], { stdio: 'ignore' });\n" +
  'console.log(`kernel ${process.pid}`);';

const CASES: { what: string; cell: string; status: ExecutionStatus; error: RegExp }[] = [
  {
    what: 'hangs in a busy loop',
    cell: 'let spins = 0;\nwhile (true) spins++;',
    status: 'timeout',
    // tslab breaks some busy loops on SIGINT; when it cannot, the kernel is killed after the grace period.
    error: new RegExp(
      `^the cell ran longer than ${TIMEOUT_MS} ms; (it was interrupted|the kernel was stopped)`,
    ),
  },
  {
    what: 'ends the kernel with process.exit',
    cell: 'process.exit(7);',
    status: 'died',
    error: /^the kernel exited \(code 7\) while the cell ran/,
  },
  {
    what: 'kills the kernel with a signal',
    cell: "process.kill(process.pid, 'SIGKILL');",
    status: 'died',
    error: /^the kernel exited \(signal SIGKILL\) while the cell ran/,
  },
];

describe('hardening/notebook runner: a cell that hangs or kills the kernel', function () {
  this.timeout(60_000);

  for (const { what, cell, status, error } of CASES) {
    it(`a cell that ${what}: named, kernel stopped, no process left`, async () => {
      const marker = randomUUID();
      const run = await runNotebook(codeNotebook(START_CHILD, cell, "console.log('never');"), {
        cwd: NOTEBOOKS,
        cellTimeoutMs: TIMEOUT_MS,
        kernel: { env: { FUPAN_TEST_RUN: marker } },
      });
      assert.deepEqual(
        { ...run.failure, error: undefined },
        { cellIndex: 1, firstLine: cell.split('\n')[0], status, error: undefined },
      );
      assert.match(run.failure?.error ?? '', error);
      assert.deepEqual(outputsOf(run.notebook, 2), [], 'the cell after the failure did not run');
      const printed = outputsOf(run.notebook, 0).map((o) => ('text' in o ? String(o.text) : ''));
      const pid = Number(/kernel (\d+)/.exec(printed.join(''))?.[1]);
      assert.ok(pid > 0, `the first cell printed the kernel's pid: ${printed.join('')}`);
      // The kernel's process group (kernel, watchdog, `sleep`), and anything else carrying the marker.
      assert.deepEqual(await groupGone(pid), []);
      assert.deepEqual(processesWithEnv('FUPAN_TEST_RUN', marker), []);
    });
  }

  it('after each of them, the next notebook runs in a fresh kernel', async () => {
    const next = await runNotebook(codeNotebook("console.log('next notebook');"), { cwd: NOTEBOOKS });
    assert.equal(next.failure, undefined, JSON.stringify(next.failure));
    assert.deepEqual(outputsOf(next.notebook, 0), [
      { output_type: 'stream', name: 'stdout', text: 'next notebook\n' },
    ]);
  });
});
