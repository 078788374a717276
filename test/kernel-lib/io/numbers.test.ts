import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fastNumber, parseNumberText } from '../../../kernel-lib/src/io/values/number.js';

function fast(text: string): number {
  const b = Buffer.from(text, 'latin1');
  return fastNumber(b, 0, b.length);
}

describe('io/numbers', () => {
  it('parses plain decimals from bytes exactly as Number() does', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (x) => {
        const text = x.toFixed(2);
        const v = fast(text);
        return Number.isNaN(v) || Object.is(v, Number(text)) || (v === 0 && Number(text) === 0);
      }),
    );
    assert.equal(fast('310.74'), 310.74);
    assert.equal(fast('-0.1'), -0.1);
    assert.equal(fast('+5'), 5);
  });

  it('leaves other forms to the text parser', () => {
    for (const t of ['1e5', '1,234', '¥5', '', '-', '.', '1234567890123456'])
      assert.ok(Number.isNaN(fast(t)), t);
  });

  it('reads currency signs and thousands separators in groups of three', () => {
    assert.equal(parseNumberText('¥1,234.50'), 1234.5);
    assert.equal(parseNumberText('￥1,234'), 1234);
    assert.equal(parseNumberText('-$1,234,567.8'), -1234567.8);
    assert.equal(parseNumberText('$-12'), -12);
    assert.equal(parseNumberText(' 1e3 '), 1000);
    assert.equal(parseNumberText('.5'), 0.5);
  });

  it('refuses what is not a finite number', () => {
    for (const t of [
      '1,23',
      '12,3456',
      'NaN',
      'Infinity',
      '-inf',
      'abc',
      '1.2.3',
      '--1',
      '0x10',
      '¥',
      '1 234',
    ]) {
      assert.ok(Number.isNaN(parseNumberText(t)), t);
    }
  });
});
