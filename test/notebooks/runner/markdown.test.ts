import assert from 'node:assert/strict';
import { markdownToHtml } from '../../../notebooks/runner/markdown.js';

describe('markdownToHtml', () => {
  it('renders headings, paragraphs and inline emphasis, code and links', () => {
    assert.equal(
      markdownToHtml('# Recall 召回\n\n**383** users came *back*, see `recallRate` and [the spec](#spec).'),
      '<h1>Recall 召回</h1>\n<p><strong>383</strong> users came <em>back</em>, see <code>recallRate</code> and ' +
        '<a href="#spec">the spec</a>.</p>',
    );
  });

  it('renders bullet and numbered lists, with continuation lines', () => {
    assert.equal(markdownToHtml('- one\n- two\n  more'), '<ul><li>one</li><li>two more</li></ul>');
    assert.equal(markdownToHtml('1. first\n2. second'), '<ol><li>first</li><li>second</li></ol>');
  });

  it('renders pipe tables and fenced code', () => {
    assert.equal(
      markdownToHtml('| figure | article |\n|---|---:|\n| users | 2,488 |'),
      '<table><thead><tr><th>figure</th><th>article</th></tr></thead><tbody><tr><td>users</td><td>2,488</td></tr></tbody></table>',
    );
    assert.equal(
      markdownToHtml('```ts\nconst a = 1 < 2;\n```'),
      '<pre><code>const a = 1 &#60; 2;</code></pre>',
    );
  });

  it('escapes HTML and drops javascript: links', () => {
    assert.equal(
      markdownToHtml('<script>alert(1)</script> [x](javascript:alert(1))'),
      '<p>&#60;script&#62;alert(1)&#60;/script&#62; x)</p>',
    );
  });

  it('does not read emphasis inside code spans', () => {
    assert.equal(markdownToHtml('`a*b*c`'), '<p><code>a*b*c</code></p>');
  });
});
