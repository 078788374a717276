import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../kernel-lib/src/errors.js';
import { parseCsv, readCsvHeader } from '../../../kernel-lib/src/io/csv/parseCsv.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { CHUNK_BYTES } from '../../../kernel-lib/src/io/csv/source.js';

describe('io/csv: the tokenizer', () => {
  it('reads RFC 4180 quotes: delimiters, doubled quotes and newlines inside quoted fields', () => {
    const text = 'a,b,c\n"x, y","say ""hi""","two\nlines"\n';
    assert.deepEqual(parseCsv(text), [
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\nlines'],
    ]);
  });

  it('reads CRLF, LF and CR line ends, with or without a final line end', () => {
    assert.deepEqual(parseCsv('a,b\r\n1,2\r\n3,4'), [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
    assert.deepEqual(parseCsv('a,b\r1,2\r'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    assert.deepEqual(parseCsv('a,b,c\n,,\n1,,\n'), [
      ['a', 'b', 'c'],
      ['', '', ''],
      ['1', '', ''],
    ]);
  });

  it('skips blank lines', () => {
    assert.deepEqual(parseCsv('a\n\n1\n\n'), [['a'], ['1']]);
  });

  it('gives the same rows whatever the chunk boundaries (every split of a tricky file)', () => {
    const text =
      'id,note\r\n1,"a ""quoted"" word"\r\n2,"multi\r\nline, with comma"\r\n3,plain\r\n4,""\r\n5,"x"';
    const whole = parseCsv(text);
    for (let size = 1; size <= text.length; size++) {
      assert.deepEqual(parseCsv(text, { chunkSize: size }), whole, `chunk size ${size}`);
    }
  });

  it('refuses an unclosed quote at the end of the file, naming the line where it opened', () => {
    assert.throws(
      () => parseCsv('a,b\n1,2\n3,"open\nstill open\n'),
      (e: unknown) => e instanceof InputError && /line 3/.test(e.message) && /unclosed quote/.test(e.message),
    );
  });

  it('refuses text after a closing quote', () => {
    assert.throws(
      () => parseCsv('a,b\n"x"y,2\n'),
      (e: unknown) =>
        e instanceof InputError && /line 2/.test(e.message) && /after a closing quote/.test(e.message),
    );
  });

  it('uses another delimiter when told', () => {
    assert.deepEqual(parseCsv('a;b\n1;"2;3"\n', { delimiter: ';' }), [
      ['a', 'b'],
      ['1', '2;3'],
    ]);
  });
});

describe('io/csv: load() on CSV', () => {
  it('strips a UTF-8 BOM from the first header', async () => {
    const t = await load(Buffer.from('\uFEFFuser_id,amount\nu1,5\n', 'utf8'));
    assert.deepEqual(t.columnNames(), ['user_id', 'amount']);
  });

  it('sniffs tab and semicolon delimiters from the header line', async () => {
    const tab = await load('user_id\tamount\nu1\t5\n');
    assert.deepEqual(Array.from(tab.column('amount') as Float64Array), [5]);
    const semi = await load('user_id;amount\nu1;"1,5"\n');
    assert.deepEqual(semi.columnNames(), ['user_id', 'amount']);
  });

  it('reads missing values as NaN, -1 codes and null', async () => {
    const t = await load('user_id,amount,note\nu1,,NULL\n,NaN,x\n', {
      types: { note: 'string', amount: 'number' },
    });
    const amount = t.column('amount') as Float64Array;
    assert.ok(Number.isNaN(amount[0]) && Number.isNaN(amount[1]));
    assert.deepEqual(Array.from((t.column('user_id') as any).codes), [0, -1]);
    assert.deepEqual(t.array('note'), [null, 'x']);
  });

  it('treats only the given nullValues (and the empty field) as missing', async () => {
    const t = await load('user_id,channel\nu1,NA\nu2,-\nu3,\n', { nullValues: ['-'] });
    assert.deepEqual(t.array('channel'), ['NA', null, null]);
  });

  it('reports the physical line of a bad value after a quoted newline', async () => {
    await assert.rejects(
      load('user_id,ts,amount,note\nu1,2016-10-01,1,"a\nb"\nu2,2016-10-02,abc,x\n', { table: 'orders' }),
      (e: unknown) =>
        e instanceof InputError &&
        e.location.line === 4 &&
        e.location.column === 'amount' &&
        e.location.value === 'abc',
    );
  });
});

describe('io/csv: a file read in chunks', () => {
  it('reads records across every chunk boundary as from memory, the carried record small or larger than the headroom', async () => {
    // Rows of about 40 bytes up to past the third 2 MiB chunk; one note spans the first boundary with
    // 200 KB (more than the 64 KiB headroom a chunk keeps for the record carried into it).
    const rows: string[] = ['user_id,ts,note,amount'];
    let bytes = 0;
    for (let i = 0; bytes < 3 * CHUNK_BYTES + 1000; i++) {
      const note = i === 52_000 ? `"long ${'x'.repeat(200_000)} ""quoted"" end"` : `n${i}`;
      const row = `u${(i * 7919) % 5003},2016-0${1 + (i % 9)}-1${i % 10} 12:00:00,${note},${(i % 1000) / 4}`;
      rows.push(row);
      bytes += row.length + 1;
    }
    const text = rows.join('\n') + '\n';
    const path = join(mkdtempSync(join(tmpdir(), 'fupan-chunks-')), 'chunks.csv');
    writeFileSync(path, text);
    const fromFile = await load(path, { table: 'orders' });
    const fromMemory = await load(Buffer.from(text), { table: 'orders' });
    assert.equal(fromFile.numRows(), rows.length - 1);
    for (const column of ['user_id', 'ts', 'note', 'amount']) {
      assert.deepEqual(fromFile.array(column), fromMemory.array(column), column);
    }
    assert.match(String(fromFile.get('note', 52_000)), /^long x+ "quoted" end$/);
  });
});

describe('io/csv: readCsvHeader', () => {
  it('reads only the header row, trimmed, in the file encoding', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupan-header-'));
    const path = join(dir, 'orders.csv');
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(' 用户ID ,"下单,时间",金额\nu1,2016-10-01,5\n'),
      ]),
    );
    assert.deepEqual(await readCsvHeader(path), ['用户ID', '下单,时间', '金额']);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await assert.rejects(readCsvHeader(empty), /empty.csv: empty file/);
  });
});
