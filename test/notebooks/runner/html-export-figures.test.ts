import assert from 'node:assert/strict';
import { figureHtml } from '../../../notebooks/runner/html-export-figures.js';

describe('exported plotly figures', function () {
  it('keep "<" inside their script from closing it', () => {
    const html = figureHtml('f1', { data: [], layout: { title: { text: '</script><b>' } } });
    assert.ok(!html.includes('</script><b>'));
    assert.match(html, /\\u003c\/script>\\u003cb>/);
  });
});
