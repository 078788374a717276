import assert from 'node:assert/strict';
import { fupanTable } from '../../../kernel-lib/src/present/fupanTable.js';
import { formatCell, tableHtml, tableText } from '../../../kernel-lib/src/present/html.js';
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
  it('shows a number column with digits to that many decimals, so right-aligned values line up', () => {
    const p = fupanTable([{ days: 130 }, { days: 172.44 }], {
      columns: { days: { format: 'number', digits: 1 } },
    });
    assert.match(tableHtml(p), /<td class="num">130\.0<\/td><\/tr><tr><td class="num">172\.4<\/td>/);
    assert.equal(formatCell(1, 'number', 2), '1.00');
    assert.equal(formatCell(1.5, 'number'), '1.5'); // without digits: up to 2, as before
  });
  it('bundles JSON, HTML and text in one output', () => {
    const b = mimeBundle(fupanTable([{ a: 1 }]));
    assert.deepEqual(Object.keys(b).sort(), ['application/vnd.fupan.table+json', 'text/html', 'text/plain']);
  });
});
