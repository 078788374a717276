import assert from 'node:assert/strict';
import { fupanTable } from '../../../../kernel-lib/src/present/fupanTable.js';
import { articleComparisonTable } from '../../../../kernel-lib/src/present/articleComparisonTable.js';
import { TableModel } from '../../../../extension/webview/table/tableModel.js';

function model(): TableModel {
  return new TableModel(
    fupanTable(
      [
        { segment: 'Lost', users: 300, share: 0.6 },
        { segment: 'Important value', users: 120, share: 0.24 },
        { segment: 'Important retention', users: null, share: 0.16 },
      ],
      { columns: { share: { format: 'percent', heat: true } } },
    ),
  );
}

const column = (m: TableModel, j: number) => Array.from({ length: m.rowCount }, (_, i) => m.text(i, j));

describe('TableModel (inline Fupan table)', () => {
  it('sorts ascending, then descending, then back to the payload order, missing values last', () => {
    const m = model();
    m.toggleSort(1);
    assert.deepEqual(column(m, 1), ['120', '300', '']);
    m.toggleSort(1);
    assert.deepEqual(column(m, 1), ['300', '120', '']);
    m.toggleSort(1);
    assert.deepEqual(column(m, 0), ['Lost', 'Important value', 'Important retention']);
  });
  it('filters on the formatted text of any column, case-insensitively', () => {
    const m = model();
    m.setFilter('IMPORTANT');
    assert.equal(m.rowCount, 2);
    m.setFilter('24.0%');
    assert.deepEqual(column(m, 0), ['Important value']);
    m.setFilter('');
    assert.equal(m.rowCount, 3);
  });
  it('places heat-coloured cells in their column range and leaves other columns alone', () => {
    const m = model();
    assert.equal(m.heat(0, 2), 1);
    assert.equal(m.heat(2, 2), 0);
    assert.equal(m.heat(0, 1), undefined);
    const flat = new TableModel(
      fupanTable([{ n: 0 }, { n: 0 }], { columns: { n: { format: 'integer', heat: true } } }),
    );
    assert.equal(flat.heat(0, 0), undefined, 'a column of one value is not coloured (the HTML colours none)');
  });
  it('exports the shown rows with raw values (rates as fractions)', () => {
    const m = model();
    m.setFilter('lost');
    assert.equal(m.csv(), 'segment,users,share\nLost,300,0.6\n');
    // Copied for a spreadsheet, the headers are the presented ones (issue 17); the CSV keeps the names.
    assert.equal(m.tsv(), 'Segment\tUsers\tShare\nLost\t300\t60.0%');
  });
  it('copies formulas as text, escaped as the CSV export escapes them (issue 21 item 12)', () => {
    const hostile = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(A1:A2)', '-2+3', '=1+1'];
    const m = new TableModel(
      fupanTable(
        hostile.map((name, i) => ({ name, n: -i - 0.5 })),
        { columns: { n: { format: 'number', digits: 1 } } },
      ),
    );
    const cells = m
      .tsv()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'));
    assert.deepEqual(
      cells.map((c) => c[0]),
      hostile.map((h) => `'${h}`),
    );
    assert.deepEqual(
      cells.map((c) => c[1]),
      ['-0.5', '-1.5', '-2.5', '-3.5', '-4.5'],
      'negative numbers stay numbers',
    );
    const csvNames = m
      .csv()
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/,[^,]*$/, ''));
    assert.deepEqual(
      csvNames.map((c) => c.replace(/^"|"$/g, '').replace(/""/g, '"')),
      cells.map((c) => c[0]),
    );
  });
  it('shows each row of an article-vs-computed table in its own format, sorted or filtered', () => {
    const m = new TableModel(
      articleComparisonTable([
        { figure: 'users', article: 2488, computed: 2488, format: 'integer' },
        { figure: 'recall rate', article: 0.154, computed: 0.1539, format: 'percent' },
        { figure: 'amount', article: '≈ 4.7 million', computed: 4684600, format: 'currency', digits: 0 },
      ]),
    );
    assert.deepEqual(column(m, 3), ['2,488', '15.4%', '4,684,600']);
    m.toggleSort(3);
    assert.deepEqual(column(m, 3), ['15.4%', '2,488', '4,684,600'], 'a sorted row keeps its format');
    m.setFilter('15.4%');
    assert.deepEqual(column(m, 0), ['recall rate']);
    assert.equal(m.isNumeric(2), true);
    assert.equal(m.textWidth(2), '≈ 4.7 million'.length, 'measured cell by cell, text cells too');
    assert.equal(m.textWidth(3), '4,684,600'.length);
  });
});
