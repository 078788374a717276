import assert from 'node:assert/strict';
import { join } from 'node:path';
import { InputError, SpecError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { numbersOf, stringsOf, timestampsOf } from '../../../kernel-lib/src/table/access.js';

/** The first 60 lines of lifetimes' CDNOW_sample.txt (MIT, see LICENSE.lifetimes.txt beside it). */
const CDNOW = join(__dirname, '../../fixtures/cdnow/CDNOW_sample_head.txt');
const CDNOW_NAMES = ['customer_id', 'customer_index', 'date', 'quantity', 'amount'];

describe("io/load: delimiter 'whitespace', header: false and names", () => {
  it('loads the CDNOW sample (runs of spaces, a leading space, CRLF, no header) as five columns', async () => {
    const t = await load(CDNOW, { delimiter: 'whitespace', header: false, names: CDNOW_NAMES });
    assert.deepEqual(t.columnNames(), CDNOW_NAMES);
    assert.equal(t.numRows(), 60);
    // Line 1 is ` 00004 0001 19970101  2   29.33`: the ids keep their zeros only as text columns.
    assert.equal(numbersOf(t, 'quantity')[0], 2);
    assert.equal(numbersOf(t, 'amount')[0], 29.33);
    assert.equal(numbersOf(t, 'amount')[59], 9.98);
  });

  it('maps the CDNOW sample onto canonical orders (ids as written, compact dates)', async () => {
    const orders = await load(CDNOW, {
      table: 'orders',
      delimiter: 'whitespace',
      header: false,
      names: CDNOW_NAMES,
      columns: { userId: 'customer_id', ts: 'date', amount: 'amount' },
    });
    assert.equal(orders.numRows(), 60);
    assert.deepEqual(stringsOf(orders, 'user_id').slice(0, 5), ['00004', '00004', '00004', '00004', '00021']);
    assert.equal(timestampsOf(orders, 'ts')[0], Date.UTC(1997, 0, 1));
    assert.equal(timestampsOf(orders, 'ts')[3], Date.UTC(1997, 11, 12));
  });

  it('reads tabs and spaces mixed, quoted fields with spaces, blank and indented lines', async () => {
    const t = await load('a \t b   c\n  1\t"x y"   2  \n\n   \n3 z\t\t4\n', { delimiter: 'whitespace' });
    assert.deepEqual(t.columnNames(), ['a', 'b', 'c']);
    assert.deepEqual(t.objects(), [
      { a: 1, b: 'x y', c: 2 },
      { a: 3, b: 'z', c: 4 },
    ]);
  });

  it('reads the same in chunks of any size (records carried across chunk ends)', async () => {
    const text = ' 1  2 3\n 4 5  6 \n7 8 9';
    for (const chunk of [1, 2, 3, 5]) {
      // Through parseCsv's chunking tokenizer path: the load path feeds whole buffers.
      const { CsvTokenizer, WHITESPACE } = await import('../../../kernel-lib/src/io/csv/tokenizer.js');
      const rows: string[][] = [];
      const tok = new CsvTokenizer(
        WHITESPACE,
        {
          record(b, s, e, _f, n) {
            rows.push(Array.from({ length: n }, (_, k) => Buffer.from(b.subarray(s[k], e[k])).toString()));
          },
        },
        'text',
      );
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; at += chunk) tok.feed(bytes.subarray(at, at + chunk));
      tok.end();
      assert.deepEqual(
        rows,
        [
          ['1', '2', '3'],
          ['4', '5', '6'],
          ['7', '8', '9'],
        ],
        `chunks of ${chunk}`,
      );
    }
  });

  it('names a ragged whitespace row with its line', async () => {
    await assert.rejects(
      load('a b c\n1 2 3\n4 5\n', { delimiter: 'whitespace' }),
      (e: unknown) =>
        e instanceof InputError &&
        /line 3: ragged row: 2 fields.*quote fields that contain spaces/.test(e.message),
    );
  });

  it('header: false without names numbers the columns; the first line is data', async () => {
    const t = await load('u1,5\nu2,7\n', { header: false });
    assert.deepEqual(t.columnNames(), ['column_1', 'column_2']);
    assert.equal(t.numRows(), 2);
    assert.deepEqual(numbersOf(t, 'column_2'), Float64Array.of(5, 7));
  });

  it('refuses names whose count does not match the fields, naming both counts and the line', async () => {
    await assert.rejects(
      load(CDNOW, { delimiter: 'whitespace', header: false, names: ['customer_id', 'date', 'amount'] }),
      (e: unknown) =>
        e instanceof InputError &&
        /CDNOW_sample_head\.txt, line 1: 3 names for 5 fields: "00004 0001 19970101 {2}2 {3}29\.33"/.test(
          e.message,
        ),
    );
  });

  it('refuses contradicting or malformed options', async () => {
    await assert.rejects(
      load('a\n1\n', { names: ['x'] }),
      (e: unknown) => e instanceof SpecError && /invalid names.*header: false/.test(e.message),
    );
    await assert.rejects(load('a\n1\n', { header: 'no' as any }), /invalid header: "no"/);
    await assert.rejects(
      load('a\n1\n', { header: false, names: ['x', 'x'] }),
      /invalid names.*"x" is given twice/,
    );
    await assert.rejects(
      load('a\n1\n', { delimiter: 'spaces' }),
      /invalid delimiter: "spaces".*"whitespace"/,
    );
    await assert.rejects(
      load([{ a: 1 }], { header: false }),
      /invalid header: "false" \(expected a CSV or TSV input/,
    );
  });
});

describe('io/load: the sniffer refuses a whitespace-separated file read as one column', () => {
  it('refuses the CDNOW sample without options, with the reason and the option to use', async () => {
    await assert.rejects(load(CDNOW), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(
        e.message,
        /line 1: one column, but each of the first 20 lines splits on runs of spaces into 5 fields/,
      );
      assert.match(e.message, /use delimiter: 'whitespace'/);
      return true;
    });
  });

  it('refuses a header-ed file aligned with spaces', async () => {
    await assert.rejects(
      load('user  ts          amount\nu1    2016-10-01  5\n'),
      /into 3 fields.*delimiter: 'whitespace'/,
    );
  });

  it('still reads a real one-column file, names with one space included', async () => {
    const names = await load('name\nAnn Lee\nBo Chen\n');
    assert.deepEqual(stringsOf(names, 'name'), ['Ann Lee', 'Bo Chen']);
    const notes = await load('note\nfirst order\nasked for a refund twice\n');
    assert.equal(notes.numRows(), 2);
  });

  it('reads such a file as one column when the delimiter is given', async () => {
    const t = await load('user  ts          amount\nu1    2016-10-01  5\n', { delimiter: ',' });
    assert.deepEqual(t.columnNames(), ['user  ts          amount']);
  });
});
