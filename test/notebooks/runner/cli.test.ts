import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNotebook } from '../../../notebooks/runner/notebook-file.js';
import type { NbCodeCell } from '../../../notebooks/runner/nbformat.js';
import { FIXTURES, runCli, startCli, type CliResult } from './cli-run.js';
import { processesWithEnv } from './process-check.js';

describe('notebook runner CLI (npm run notebooks)', function () {
  this.timeout(120_000);
  let out: string;
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'fupan-cli-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  describe('a notebook that runs', () => {
    let run: CliResult;
    const source = join(FIXTURES, 'demo.ipynb');
    let before_: string;
    before(async () => {
      before_ = readFileSync(source, 'utf8');
      run = await runCli([source, '--out', out, '--html']);
    });

    it('exits 0 and prints one line with the notebook and its time', () => {
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^ok {4}test\/notebooks\/fixtures\/demo\.ipynb {2}\(\d+\.\d s\)$/m);
    });

    it('writes the executed notebook to --out with outputs and execution counts, leaving the source alone', () => {
      assert.equal(readFileSync(source, 'utf8'), before_);
      const nb = readNotebook(join(out, 'demo.ipynb'));
      const code = nb.cells.filter((c): c is NbCodeCell => c.cell_type === 'code');
      assert.deepEqual(
        code.map((c) => c.execution_count),
        [1, 2, 3, 4],
      );
      assert.deepEqual(code[0].outputs, [{ output_type: 'stream', name: 'stdout', text: ['total 8\n'] }]);
      const last = code[3].outputs[0];
      assert.equal(last.output_type, 'display_data');
      assert.deepEqual(last.output_type === 'display_data' && last.data['application/json'], { total: 8 });
      assert.deepEqual(
        nb.cells.map((c) => c.id),
        readNotebook(source).cells.map((c) => c.id),
        'cell ids are kept',
      );
    });

    it('writes the HTML export next to it', () => {
      const html = readFileSync(join(out, 'demo.html'), 'utf8');
      assert.match(html, /<h1 id="section-1">Demo 演示<\/h1>/);
      assert.match(html, /fupanPlot\("fupan-figure-1"/);
    });
  });

  describe('failing notebooks', () => {
    let run: CliResult;
    const marker = randomUUID();
    before(async () => {
      const args = [
        join(FIXTURES, 'fails.ipynb'),
        join(FIXTURES, 'hangs.ipynb'),
        '--out',
        out,
        '--timeout',
        '2',
      ];
      run = await runCli(args, { FUPAN_TEST_RUN: marker });
    });

    it('exits 1 and names the notebook, the cell and the error', () => {
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^FAIL {2}test\/notebooks\/fixtures\/fails\.ipynb {2}\(\d+\.\d s\)$/m);
      assert.match(run.stdout, /cell 4 of 5 \(error\): function explode\(\): never \{/);
      assert.match(run.stdout, /\| Error: boom from the third cell/);
      assert.match(run.stdout, /2 of 2 notebooks failed/);
    });

    it('still runs the next notebook, stops its hanging cell at the timeout and leaves no process behind', () => {
      assert.match(run.stdout, /^FAIL {2}test\/notebooks\/fixtures\/hangs\.ipynb/m);
      assert.match(run.stdout, /cell 2 of 2 \(timeout\): import \{ execSync \} from 'child_process';/);
      assert.match(run.stdout, /the cell ran longer than 2000 ms; the kernel was stopped/);
      // The runner, its kernels and the hanging cell's `sleep` all carry the marker in their environment.
      assert.deepEqual(processesWithEnv('FUPAN_TEST_RUN', marker), []);
    });

    it('writes a failed notebook as nbclient does: outputs before the failing cell, its error in that cell, none after', () => {
      const nb = readNotebook(join(out, 'fails.ipynb'));
      const code = nb.cells.filter((c): c is NbCodeCell => c.cell_type === 'code');
      assert.ok(
        code.slice(0, 2).every((c) => c.execution_count !== null),
        'cells before it ran',
      );
      assert.deepEqual(
        code.slice(0, 2).map((c) => c.outputs.length),
        [1, 1],
        'and kept their outputs',
      );
      const error = code[2].outputs.find((o) => o.output_type === 'error');
      assert.ok(error && error.output_type === 'error', 'the failing cell has an error output');
      assert.equal(error.ename, 'Error');
      assert.equal(error.evalue, 'boom from the third cell');
      assert.deepEqual(code[3].outputs, []);
      assert.equal(code[3].execution_count, null);
      const hung = readNotebook(join(out, 'hangs.ipynb')).cells.filter(
        (c): c is NbCodeCell => c.cell_type === 'code',
      );
      const timedOut = hung[1].outputs.at(-1);
      assert.equal(timedOut?.output_type === 'error' && timedOut.ename, 'CellTimeoutError');
    });
  });

  it('on Ctrl-C (SIGINT) exits 130 and kills the running kernel with everything it started', async () => {
    const marker = randomUUID();
    const { child, result } = startCli([join(FIXTURES, 'hangs.ipynb')], { FUPAN_TEST_RUN: marker });
    const until = Date.now() + 60_000;
    while (
      !processesWithEnv('FUPAN_TEST_RUN', marker).some((p) => p.includes('sleep 600')) &&
      Date.now() < until
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    child.kill('SIGINT');
    const run = await result;
    assert.equal(run.code, 130, run.stdout + run.stderr);
    // tsx's launcher may report before its child's exit hook has finished killing: give SIGKILL a moment.
    let left = processesWithEnv('FUPAN_TEST_RUN', marker);
    for (let i = 0; i < 50 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = processesWithEnv('FUPAN_TEST_RUN', marker);
    }
    assert.deepEqual(left, []);
  });

  it('exits 2 with the usage when a notebook does not exist', async () => {
    const run = await runCli(['no-such-notebook']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /notebook not found: "no-such-notebook"/);
    assert.match(run.stderr, /usage: npm run notebooks/);
  });

  it('exits 2 on a bad --timeout', async () => {
    const run = await runCli([join(FIXTURES, 'demo.ipynb'), '--timeout', 'soon']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /invalid --timeout: "soon" \(expected seconds > 0\)/);
  });
});
