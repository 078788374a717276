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
});
