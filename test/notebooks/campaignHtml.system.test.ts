import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderInChromium } from './runner/chromium.js';
import { ROOT, runCli, type CliResult } from './runner/cli-run.js';

describe('the campaign review exported to HTML, in headless Chromium', function () {
  this.timeout(600_000);
  let out: string;
  let run: CliResult;
  before(async () => {
    out = mkdtempSync(join(tmpdir(), 'fupan-campaign-html-'));
    run = await runCli(['000-campaign-review', '--out', out, '--html']);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('draws its plotly charts and tables with no script error', async () => {
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const dir = join(ROOT, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const page = await renderInChromium(
      join(out, '000-campaign-review.html'),
      join(dir, '000-campaign-review.png'),
    );
    assert.deepEqual(page.errors, []);
    assert.ok(page.figures >= 3, `${page.figures} figures`);
    assert.equal(page.figuresDrawn, page.figures);
    assert.ok(page.tables >= 8, `${page.tables} tables`);
  });
});
