import assert from 'node:assert/strict';
import { csvField, toCsv } from '../../../kernel-lib/src/present/csv.js';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('张三'), '张三');
  });
  it('keeps exported text from running as a spreadsheet formula, but not negative numbers', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField('-12.5'), '-12.5');
    assert.equal(csvField(-3), '-3');
  });
  it('keeps formula-like text as it is when neutralizeFormulas is false (data files)', () => {
    assert.equal(csvField('=1+1', { neutralizeFormulas: false }), '=1+1');
    assert.equal(csvField('@x,y', { neutralizeFormulas: false }), '"@x,y"');
  });
  it('writes missing and non-finite values as empty fields', () => {
    assert.equal(csvField(null), '');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(Number.NaN), '');
  });
});

describe('toCsv', () => {
  it('writes a header and one line per row with a trailing line end', () => {
    assert.equal(
      toCsv(
        ['user_id', 'segment'],
        [
          ['u1', 'Champions'],
          ['u2', null],
        ],
      ),
      'user_id,segment\nu1,Champions\nu2,\n',
    );
  });
});
