import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNotebook } from '../../notebooks/runner/notebook-file.js';
import { runCli } from './runner/cli-run.js';

describe('notebooks/sql-engines: the same RFM and cohorts in memory, on DuckDB and on ClickHouse', function () {
  this.timeout(300_000);

  it('runs headless and reports that all engines agree', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fupan-sql-nb-'));
    try {
      const run = await runCli(['sql-engines', '--out', out]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const notebook = readNotebook(join(out, 'sql-engines.ipynb'));
      const text = notebook.cells
        .flatMap((c) => ('outputs' in c ? c.outputs : []))
        .map((o) => ('text' in o ? [o.text].flat().join('') : ''))
        .join('');
      const line = text.split('\n').find((l) => l.includes('rfmSegmentsAgree'));
      assert.ok(line, 'the notebook printed its agreement check');
      assert.deepEqual(JSON.parse(line), {
        rfmSegmentsAgree: true,
        cohortActiveAgree: true,
        cohortRevenueAgree: true,
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
