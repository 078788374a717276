import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readNotebook } from '../../notebooks/runner/notebook-file.js';
import { joinText, type NbCodeCell } from '../../notebooks/runner/nbformat.js';

const ROOT = resolve(__dirname, '../..');
const INSTALL =
  'apt-get install -y --no-install-recommends jupyter-nbconvert python3-nbclient jupyter-client';

/** Runs a command with the committed kernelspec on JUPYTER_PATH and tslab on PATH, as the README says. */
function jupyter(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
    JUPYTER_PATH: join(ROOT, 'jupyter-data'),
  };
  return new Promise((done) =>
    execFile('jupyter', args, { cwd: ROOT, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      done({ code, stdout, stderr });
    }),
  );
}

describe('real Jupyter with the committed tslab kernelspec', function () {
  this.timeout(120_000);
  let out: string;
  before(() => {
    try {
      execFileSync('jupyter', ['--version'], { stdio: 'ignore' });
    } catch {
      throw new Error(`jupyter is not installed; install it with: ${INSTALL}`);
    }
    out = mkdtempSync(join(tmpdir(), 'fupan-jupyter-'));
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('lists the kernelspec from jupyter-data/', async () => {
    const { code, stdout } = await jupyter(['kernelspec', 'list']);
    assert.equal(code, 0);
    assert.match(stdout, /tslab\s+.*jupyter-data\/kernels\/tslab/);
  });

  it('executes a notebook with jupyter nbconvert --execute and saves its outputs', async () => {
    const { code, stderr } = await jupyter([
      'nbconvert',
      '--to',
      'notebook',
      '--execute',
      'test/notebooks/fixtures/demo.ipynb',
      '--output-dir',
      out,
      '--ExecutePreprocessor.timeout=120',
    ]);
    assert.equal(code, 0, stderr);
    const cells = readNotebook(join(out, 'demo.ipynb')).cells.filter(
      (c): c is NbCodeCell => c.cell_type === 'code',
    );
    assert.deepEqual(
      cells[0].outputs.map((o) => o.output_type === 'stream' && joinText(o.text)),
      ['total 8\n'],
    );
    const mimes = cells
      .slice(1)
      .map((c) => c.outputs.flatMap((o) => ('data' in o ? Object.keys(o.data).sort() : [])));
    assert.deepEqual(mimes, [
      ['application/vnd.fupan.table+json', 'text/html', 'text/plain'],
      ['application/vnd.plotly.v1+json', 'text/plain'],
      ['application/json'],
    ]);
  });

  it('executes the article-000 campaign review with nbconvert and lands on the article counts', async function () {
    this.timeout(300_000);
    const { code, stderr } = await jupyter([
      'nbconvert',
      '--to',
      'notebook',
      '--execute',
      'notebooks/000-campaign-review.ipynb',
      '--output-dir',
      out,
      '--ExecutePreprocessor.timeout=240',
    ]);
    assert.equal(code, 0, stderr);
    const figures = readNotebook(join(out, '000-campaign-review.ipynb'))
      .cells.filter((c): c is NbCodeCell => c.cell_type === 'code')
      .flatMap((c) => c.outputs)
      .map((o) =>
        'data' in o ? (o.data['application/json'] as { figures?: Record<string, unknown> }) : undefined,
      )
      .find((json) => json?.figures)?.figures;
    assert.ok(figures, 'the executed notebook has its figures output');
    assert.deepEqual(
      [figures.usersTargeted, figures.couponsGranted, figures.couponsUsed, figures.usersRecalled],
      [2488, 3195, 439, 383],
    );
  });
});
