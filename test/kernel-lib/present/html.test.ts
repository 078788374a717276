import assert from 'node:assert/strict';
import { fupanTable, type FupanTablePayload } from '../../../kernel-lib/src/present/fupanTable.js';
import { contrastRatio, type Rgb } from '../../../kernel-lib/src/present/heatColour.js';
import {
  displayWidth,
  formatCell,
  STATIC_ROW_LIMIT,
  tableHtml,
  tableText,
} from '../../../kernel-lib/src/present/html.js';
import { mimeBundle } from '../../../kernel-lib/src/present/notebook.js';

const share = { columns: { share: { format: 'percent' as const, heat: true } } };

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
  it('right-aligns the headers of numeric columns over their numbers, text headers left', () => {
    const html = tableHtml(fupanTable([{ segment: 'Lost', users: 300, share: 0.6 }], share));
    assert.match(
      html,
      /<th>Segment<br><small>分群<\/small><\/th><th class="num">Users<br><small>用户数<\/small><\/th><th class="num">Share<br><small>占比<\/small><\/th>/,
    );
    assert.match(html, /\.fupan-table th\{text-align:left/);
    assert.match(html, /\.fupan-table \.num\{text-align:right/);
  });
  it('gives every heat-coloured cell a text colour readable on its own background (dark themes too)', () => {
    const rows = Array.from({ length: 21 }, (_, i) => ({ share: i / 20 }));
    const html = tableHtml(fupanTable(rows, share));
    const styles = [
      ...html.matchAll(/<td class="num" style="background:rgb\((\d+), (\d+), (\d+)\);color:(#000|#fff)">/g),
    ];
    assert.equal(styles.length, 21, 'every heat cell sets background and colour');
    for (const [, r, g, b, colour] of styles) {
      const text: Rgb = colour === '#000' ? [0, 0, 0] : [255, 255, 255];
      assert.ok(contrastRatio([+r, +g, +b], text) >= 4.5, `rgb(${r}, ${g}, ${b}) with ${colour}`);
    }
  });
  it('says so when a table has no rows', () => {
    const p = fupanTable([], { select: ['segment', 'users'] });
    assert.match(
      tableHtml(p),
      /<tbody><tr><td class="fupan-empty" colspan="2">No rows · 无数据<\/td><\/tr><\/tbody>/,
    );
    assert.match(tableText(p), /No rows · 无数据/);
  });
  it('keeps the described columns of an empty array of records, so its headers still show', () => {
    const p = fupanTable([], {
      columns: { segment: { label: 'Segment', labelZh: '分群' }, users: { format: 'integer' } },
    });
    assert.deepEqual(
      p.columns.map((c) => c.name),
      ['segment', 'users'],
    );
    assert.match(
      tableHtml(p),
      /<th>Segment<br><small>分群<\/small><\/th><th class="num">Users<br><small>用户数<\/small><\/th>/,
    );
  });
  it(`shows the first 100 and last 10 of more than ${STATIC_ROW_LIMIT} rows, with the count between`, () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [`u${i}`, i / 200_000] as [string, number]);
    const p: FupanTablePayload = {
      version: 1,
      columns: [{ name: 'user_id' }, { name: 'share', format: 'percent', heat: true }],
      rows,
    };
    const html = tableHtml(p);
    assert.equal(html.match(/<tr>/g)?.length, 1 + 100 + 1 + 10);
    assert.ok(html.includes('>u99<') && html.includes('>u199990<') && !html.includes('>u100<'));
    assert.match(html, /… 199,890 more rows · 另有 199,890 行/);
    const text = tableText(p).split('\n');
    assert.equal(text.length, 1 + 100 + 1 + 10);
    assert.match(text[101], /199,890 more rows/);
    assert.equal(tableHtml({ ...p, rows: rows.slice(0, STATIC_ROW_LIMIT) }).match(/<tr>/g)?.length, 201);
  });
  it('aligns the text rendering by on-screen width (Chinese is two columns) with numbers right-aligned', () => {
    const p = fupanTable(
      [
        { coupon: '满2000返10', users: 1020 },
        { coupon: 'none', users: 8 },
      ],
      { columns: { users: { format: 'integer' } } },
    );
    assert.deepEqual(tableText(p).split('\n'), [
      'Coupon      Users', // 满2000返10 is 10 columns wide: 满, 返 take two each
      '满2000返10  1,020',
      'none            8',
    ]);
    assert.equal(displayWidth('重要价值客户 RFM'), 16);
  });
  it('bundles JSON, HTML and text in one output', () => {
    const b = mimeBundle(fupanTable([{ a: 1 }]));
    assert.deepEqual(Object.keys(b).sort(), ['application/vnd.fupan.table+json', 'text/html', 'text/plain']);
  });

  it('presents headers in English and Chinese, never a raw snake_case or camelCase name (issue 17)', () => {
    const p = fupanTable([{ churn_rate: 0.1, share_of_churned: 0.5, payingUsers: 3, stage: 'growth' }], {
      columns: { stage: { label: 'Life-cycle stage' } },
    });
    assert.deepEqual(
      p.columns.map((c) => [c.label, c.labelZh]),
      [
        ['Churn rate', '流失率'],
        ['Share of churned', '占流失用户比例'],
        ['Paying users', undefined],
        ['Life-cycle stage', undefined],
      ],
    );
  });

  it('shows a long table as its top rows and a total over every row (issue 17)', () => {
    const records = Array.from({ length: 150 }, (_, i) => ({ code: `c${i}`, signups: 150 - i, rate: 0.5 }));
    const p = fupanTable(records, { top: 10 });
    assert.equal(p.rows.length, 11);
    assert.deepEqual(p.rows[9], ['c9', 141, 0.5]);
    assert.deepEqual(p.rows[10], ['Total · 合计', (150 * 151) / 2, null]);
    assert.match(p.notes!.join(' '), /top 10 of 150 rows; Total/);
    assert.equal(fupanTable(records.slice(0, 5), { top: 10 }).rows.length, 5, 'a short table stays whole');
    assert.throws(() => fupanTable(records, { top: 0 }), /invalid top: "0"/);
  });

  it('sums only the columns named in totals, and names them in the note', () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ code: `c${i}`, signups: 1, cost: 2.5 }));
    const p = fupanTable(records, { top: 5, totals: ['cost'], columns: { cost: { format: 'currency' } } });
    assert.deepEqual(p.rows[5], ['Total · 合计', null, 75]);
    assert.match(p.notes!.join(' '), /sums all 30 rows of Cost$/);
    assert.throws(
      () => fupanTable(records, { top: 5, totals: ['costs'] }),
      /invalid totals: "costs" \(allowed: "code", "signups", "cost"\)/,
    );
  });

  it('presents the columns of the clv and sql-engines tables in English and Chinese (issue 17)', () => {
    const engines = fupanTable([
      {
        segment: '重要价值客户',
        in_memory: 1,
        duckdb_parquet: 1,
        clickhouse: 1,
        total_amount_in_memory: 2.5,
      },
    ]);
    const sbg = fupanTable([
      {
        year: 8,
        regular_actual: 207,
        regular_projected: 210.2,
        high_end_actual: 445,
        high_end_projected: 440.1,
      },
    ]);
    for (const column of [...engines.columns, ...sbg.columns]) {
      assert.ok(column.labelZh, `${column.name} has a Chinese header`);
      assert.doesNotMatch(column.label!, /_/, `${column.name} is presented, not raw`);
    }
    assert.deepEqual(
      [engines.columns[2].label, sbg.columns[4].labelZh],
      ['Users (DuckDB on Parquet)', '高端客户:预测'],
    );
  });
});
