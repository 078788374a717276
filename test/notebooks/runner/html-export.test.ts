import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fupanTable, mimeBundle } from '@fupan/kernel-lib';
import { notebookToHtml } from '../../../notebooks/runner/html-export.js';
import type { Notebook } from '../../../notebooks/runner/nbformat.js';
import { renderInChromium } from './chromium.js';
import { ROOT } from './cli-run.js';

/** An executed notebook built by hand: markdown, a Fupan table, a plotly chart, stdout and stderr. */
function executedNotebook(): Notebook {
  const table = fupanTable([{ tier: '5,000–19,999', users: 12, usage: 0.25 }], {
    title: 'Coupon usage by tier',
    titleZh: '红包使用率',
    columns: { usage: { format: 'percent' } },
  });
  const chart = {
    data: [{ type: 'bar', x: ['A', 'B'], y: [3, 5] }],
    layout: { title: { text: 'Users by tier' } },
  };
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: 'markdown',
        id: 'm1',
        metadata: {},
        source: '# Review 复盘\n\nA user called <script>alert(1)</script>.',
      },
      {
        cell_type: 'code',
        id: 'c1',
        metadata: {},
        source: "display(fupanTable(usage))\nconsole.log('<done>')",
        execution_count: 1,
        outputs: [
          { output_type: 'display_data', data: mimeBundle(table), metadata: {} },
          { output_type: 'display_data', data: mimeBundle(chart), metadata: {} },
          { output_type: 'stream', name: 'stdout', text: ['<done>\n'] },
          { output_type: 'stream', name: 'stderr', text: 'warning\n' },
        ],
      },
    ],
  };
}

describe('notebookToHtml', function () {
  this.timeout(60_000);

  it('renders markdown, escapes code and text outputs, keeps table HTML and embeds plotly inline', () => {
    const html = notebookToHtml(executedNotebook(), { plotlySource: '/* plotly */' });
    assert.match(html, /<title>Review 复盘<\/title>/);
    assert.match(html, /<h1>Review 复盘<\/h1>/);
    assert.match(html, /A user called &#60;script&#62;alert\(1\)&#60;\/script&#62;\./);
    assert.match(html, /<pre class="stream stdout">&#60;done&#62;\n<\/pre>/);
    assert.match(html, /<pre class="stream stderr">warning\n<\/pre>/);
    assert.match(
      html,
      /<div class="html fupan-table"><div class="fupan-table">.*<caption>Coupon usage by tier · 红包使用率/,
    );
    assert.match(html, /<script>\/\* plotly \*\/<\/script>/);
    assert.match(html, /fupanPlot\("fupan-figure-1", \[\{"type":"bar"/);
    assert.doesNotMatch(html, /<script src=/, 'nothing is loaded from elsewhere');
  });

  it('leaves plotly out of a page without figures', () => {
    const nb = executedNotebook();
    nb.cells.pop();
    assert.doesNotMatch(notebookToHtml(nb), /<script>/);
  });

  it('draws the plotly chart offline in headless Chromium', async () => {
    const dir = join(ROOT, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'html-export-demo.html');
    writeFileSync(path, notebookToHtml(executedNotebook()));
    const page = await renderInChromium(path, join(dir, 'html-export-demo.png'));
    assert.deepEqual(page, { figures: 1, figuresDrawn: 1, tables: 1, errors: [] });
  });
});
