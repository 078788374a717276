import assert from 'node:assert/strict';
import { articleComparisonTable } from '../../../kernel-lib/src/present/articleComparisonTable.js';
import { fupanTable } from '../../../kernel-lib/src/present/fupanTable.js';
import { cellText, displayWidth, tableHtml, tableText } from '../../../kernel-lib/src/present/html.js';

/** A count, a rate, money and a bound the article gives in words: the four kinds of row. */
const figures = articleComparisonTable(
  [
    { figure: 'users targeted', figureZh: '发放用户数', article: 2488, computed: 2488, format: 'integer' },
    { figure: 'recall rate', figureZh: '召回率', article: 0.154, computed: 0.1539, format: 'percent' },
    {
      figure: 'per recalled user',
      figureZh: '客单价',
      article: 12231,
      computed: 12230.6,
      format: 'currency',
      digits: 0,
    },
    {
      figure: 'invested at most twice',
      figureZh: '投资次数 ≤ 2',
      article: '> 90 %',
      computed: 0.934,
      format: 'percent',
    },
  ],
  { title: 'Results: article vs computed', titleZh: '原文 vs 计算' },
);

describe('articleComparisonTable', () => {
  it('keeps numbers as numbers in the payload (rates as fractions) and the article’s words as text', () => {
    assert.deepEqual(
      figures.rows.map((r) => r.slice(2)),
      [
        [2488, 2488],
        [0.154, 0.1539],
        [12231, 12230.6],
        ['> 90 %', 0.934],
      ],
    );
  });

  it('labels every column in English and Chinese', () => {
    assert.deepEqual(
      figures.columns.map((c) => [c.label, c.labelZh]),
      [
        ['Figure', '指标(英文)'],
        ['Figure (中文)', '指标'],
        ['Article', '原文'],
        ['Computed', '计算'],
      ],
    );
  });

  it('formats each row in its own format, right-aligned, in HTML and text', () => {
    const html = tableHtml(figures);
    for (const cell of ['2,488', '15.4%', '15.4%', '12,231', '93.4%', '&gt; 90 %'])
      assert.ok(html.includes(`<td class="num">${cell}</td>`), `${cell} right-aligned in ${html}`);
    assert.match(html, /<th class="num">Article<br><small>原文<\/small><\/th>/);
    const text = tableText(figures).split('\n');
    assert.match(text[2], /^users targeted +发放用户数 +2,488 +2,488$/);
    assert.match(text[4], /^per recalled user +客单价 +12,231 +12,231$/);
    assert.match(text[5], / {2}> 90 % +93\.4%$/);
    // Right-aligned: the ends of the numbers line up under the header's end.
    const end = (line: string, s: string) => displayWidth(line.slice(0, line.indexOf(s) + s.length));
    assert.equal(end(text[2], '2,488'), end(text[1], 'Article'));
  });

  it('has the reference column’s header as given (a benchmark rather than an article)', () => {
    const t = articleComparisonTable(
      [{ figure: 'day-1 retention', article: 0.4, computed: 0.38, format: 'percent' }],
      {
        reference: { label: 'Benchmark', labelZh: '基准' },
      },
    );
    assert.deepEqual([t.columns[2].label, t.columns[2].labelZh], ['Benchmark', '基准']);
    assert.match(tableHtml(t), /<td class="num">40\.0%<\/td><td class="num">38\.0%<\/td>/);
  });

  it('shows its headers and says so when there are no figures', () => {
    const t = articleComparisonTable([]);
    assert.deepEqual(
      t.columns.map((c) => c.name),
      ['figure', 'figureZh', 'article', 'computed'],
    );
    assert.match(tableHtml(t), /No rows/);
  });

  it('shows missing figures as blank cells', () => {
    const t = articleComparisonTable([{ figure: 'x', article: null, computed: null, format: 'percent' }]);
    assert.match(tableHtml(t), /<td class="num"><\/td><td class="num"><\/td>/);
  });
});

describe('cellText', () => {
  it('uses the row’s format where the column has one, the column’s elsewhere', () => {
    const t = fupanTable([{ v: 0.25 }, { v: 1234.5 }, { v: 3 }], {
      columns: {
        v: { format: 'number', rowFormats: [{ format: 'percent' }, { format: 'currency', digits: 0 }, null] },
      },
    });
    assert.deepEqual(
      t.rows.map((r, i) => cellText(t.columns[0], r[0], i)),
      ['25.0%', '1,235', '3'],
    );
  });

  it('keeps only the row formats of the rows embedded', () => {
    const t = fupanTable([{ v: 1 }, { v: 2 }, { v: 3 }], {
      maxRows: 2,
      columns: { v: { rowFormats: [null, { format: 'percent' }, { format: 'percent' }] } },
    });
    assert.equal(t.columns[0].rowFormats?.length, 2);
  });
});
