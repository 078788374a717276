import assert from 'node:assert/strict';
import { CJK_FONTS as LIBRARY_CJK_FONTS } from '../../../kernel-lib/src/present/fonts.js';
import { notebookToHtml } from '../../../notebooks/runner/html-export.js';
import { CJK_FONTS } from '../../../notebooks/runner/html-export-style.js';
import { executedNotebook } from './executedNotebook.js';

describe('notebookToHtml', function () {
  this.timeout(60_000);

  it('renders markdown, escapes code and text outputs, keeps table HTML and embeds plotly inline', () => {
    const html = notebookToHtml(executedNotebook(), { plotlySource: '/* plotly */' });
    assert.match(html, /<title>Review 复盘<\/title>/);
    assert.match(html, /<h1 id="section-1">Review 复盘<\/h1>/);
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

  it('names fonts with Chinese glyphs for text, code and outputs, the same ones as the figures', () => {
    const html = notebookToHtml(executedNotebook(), { plotlySource: '/* plotly */' });
    assert.equal(CJK_FONTS, LIBRARY_CJK_FONTS);
    for (const selector of ['body', 'code', 'pre.stream']) {
      const rule = new RegExp(
        `\\n${selector.replace('.', '\\.')} \\{[^}]*font: [^;]*"Noto Sans CJK SC"[^;]*"Microsoft YaHei"`,
      );
      assert.match(html, rule, selector);
    }
  });

  it('opens with a table of contents of the markdown headings and a hide-code toggle', () => {
    const nb = executedNotebook();
    nb.cells.push(
      { cell_type: 'markdown', id: 'm2', metadata: {}, source: '## Recall 召回\n\ntext\n\n### By tier <b>' },
      { cell_type: 'markdown', id: 'm3', metadata: {}, source: '#### too deep for the contents' },
    );
    const html = notebookToHtml(nb, { plotlySource: '/* plotly */' });
    assert.match(html, /<h1 id="section-1">Review 复盘<\/h1>/);
    assert.match(html, /<h2 id="section-2">Recall 召回<\/h2>/);
    const toc = /<details class="toc" open>([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    assert.deepEqual(
      [...toc.matchAll(/<li class="toc-(\d)"><a href="#([\w-]+)">(.*?)<\/a>/g)].map((m) => m.slice(1)),
      [
        ['1', 'section-1', 'Review 复盘'],
        ['2', 'section-2', 'Recall 召回'],
        ['3', 'section-3', 'By tier &#60;b&#62;'],
      ],
    );
    assert.match(html, /<input type="checkbox" id="hide-code"> Hide code · 隐藏代码/);
    assert.match(html, /body:has\(#hide-code:checked\) pre\.source/);
    assert.ok(html.indexOf('class="page-tools"') < html.indexOf('<section'), 'the contents come first');
  });

  it('names an output meant only for tools (JSON alone) instead of dumping it', () => {
    const nb = executedNotebook();
    nb.cells.push({
      cell_type: 'code',
      id: 'c2',
      metadata: {},
      source: "tslab.display.raw('application/json', figures)",
      execution_count: 2,
      outputs: [
        {
          output_type: 'display_data',
          data: { 'application/json': { figures: { recallRate: 0.123456 } } },
          metadata: {},
        },
      ],
    });
    const html = notebookToHtml(nb, { plotlySource: '/* plotly */' });
    assert.doesNotMatch(html, /recallRate|0\.123456/);
    assert.match(html, /application\/json output for tools, left out of this page/);
  });
});
