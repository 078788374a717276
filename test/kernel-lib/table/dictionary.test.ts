import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Dictionary } from '../../../kernel-lib/src/table/dictionary.js';

describe('table/dictionary: values kept as UTF-8 bytes', () => {
  it('codes strings as a Map would: dense, in order of first sight, any text (Chinese, emoji, lone surrogates)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), {
          maxLength: 400,
        }),
        (values) => {
          const dictionary = new Dictionary();
          const byMap = new Map<string, number>();
          for (const v of values) {
            if (!byMap.has(v)) byMap.set(v, byMap.size);
            assert.equal(dictionary.encode(v), byMap.get(v));
          }
          assert.equal(dictionary.size, byMap.size);
          assert.deepEqual(dictionary.values, [...byMap.keys()]);
          for (const [v, c] of byMap) {
            assert.equal(dictionary.decode(c), v);
            assert.equal(dictionary.lookup(v), c);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it("gives a file's bytes and the same text as a string one code, decoding bytes only when asked", () => {
    const dictionary = new Dictionary();
    const bytes = Buffer.from('u0001|用户甲|u0002', 'utf8');
    assert.equal(dictionary.encodeBytes(bytes, 0, 5), 0);
    assert.equal(dictionary.encodeBytes(bytes, 6, 15), 1);
    assert.equal(dictionary.encode('u0002'), 2);
    assert.equal(dictionary.encodeBytes(bytes, 16, 21), 2);
    assert.equal(dictionary.encode('用户甲'), 1);
    assert.equal(dictionary.lookup('u0001'), 0);
    assert.equal(dictionary.lookup('u0003'), -1);
    assert.equal(dictionary.size, 3, 'lookup adds nothing');
    assert.deepEqual(dictionary.values, ['u0001', '用户甲', 'u0002']);
  });

  it('keeps a lone surrogate apart from the replacement character its UTF-8 bytes would give', () => {
    const dictionary = new Dictionary();
    assert.equal(dictionary.encode('\uD800x'), 0);
    assert.equal(dictionary.encode('\uFFFDx'), 1);
    assert.equal(dictionary.lookup('\uD800x'), 0);
    assert.equal(dictionary.lookup('\uDC00x'), -1);
    assert.deepEqual(dictionary.values, ['\uD800x', '\uFFFDx']);
  });

  it('values is a snapshot: later values are in the next one, earlier codes keep their text', () => {
    const dictionary = new Dictionary();
    dictionary.encode('a');
    const before = dictionary.values;
    dictionary.encode('b');
    assert.deepEqual(before, ['a']);
    assert.deepEqual(dictionary.values, ['a', 'b']);
    for (let i = 0; i < 5000; i++) dictionary.encode(`k${i}`);
    assert.equal(dictionary.values.length, 5002);
    assert.equal(dictionary.decode(1), 'b');
    assert.equal(dictionary.decode(5001), 'k4999');
  });
});
