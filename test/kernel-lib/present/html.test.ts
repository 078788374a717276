import assert from 'node:assert/strict';
import { fupanTable } from '../../../kernel-lib/src/present/fupanTable.js';
import { tableHtml, tableText } from '../../../kernel-lib/src/present/html.js';
import { mimeBundle } from '../../../kernel-lib/src/present/notebook.js';

describe('tableHtml', () => {
  it('shows hostile data as text, never markup', () => {
    const html = tableHtml(fupanTable([{ name: '<img src=x onerror=alert(1)>', n: 3 }]));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(!html.includes('<img'));
  });
  it('formats percent columns from fractions and keeps raw values in the payload', () => {
    const p = fupanTable([{ tier: 'a', rate: 0.137 }], {
      columns: { rate: { format: 'percent', labelZh: '红包使用率' } },
    });
    assert.deepEqual(p.rows, [['a', 0.137]]);
    assert.match(tableHtml(p), /13\.7%/);
    assert.match(tableHtml(p), /红包使用率/);
    assert.match(tableText(p), /13\.7%/);
  });
  it('bundles JSON, HTML and text in one output', () => {
    const b = mimeBundle(fupanTable([{ a: 1 }]));
    assert.deepEqual(Object.keys(b).sort(), ['application/vnd.fupan.table+json', 'text/html', 'text/plain']);
  });
});
