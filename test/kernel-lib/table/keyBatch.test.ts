import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteInterner } from '../../../kernel-lib/src/table/intern.js';
import { KeyBatch } from '../../../kernel-lib/src/table/keyBatch.js';

/** An interner numbering new keys in the order it is asked for them, recording the keys. */
function counting() {
  const asked: string[] = [];
  const interner = new ByteInterner(
    (b, s, e) => asked.push(Buffer.from(b.subarray(s, e)).toString('hex')) - 1,
  );
  return { interner, asked };
}

describe('io/keyBatch: keys coded in batches', () => {
  it('gives the codes of one-by-one lookups, new keys numbered in the order read, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 16 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.nat(), { maxLength: 3000 }),
        (distinct, picks) => {
          const one = counting();
          const many = counting();
          const batch = new KeyBatch();
          const out = new Int32Array(picks.length).fill(-7);
          const expected: number[] = [];
          picks.forEach((p, row) => {
            const key = Uint8Array.from([9, ...distinct[p % distinct.length], 9]);
            expected.push(one.interner.code(key, 1, key.length - 1));
            // As DictionaryBuilder does: a key of the other width class codes the batch first.
            if (!batch.fits(key.length - 2)) many.interner.codeBatch(batch, out);
            if (batch.add(row, key, 1, key.length - 1)) many.interner.codeBatch(batch, out);
          });
          many.interner.codeBatch(batch, out);
          assert.deepEqual(Array.from(out), expected);
          assert.deepEqual(many.asked, one.asked);
          assert.equal(batch.count, 0);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('keeps keys that differ only in length or trailing zero bytes apart', () => {
    const keys = [
      [],
      [0],
      [0, 0],
      [1, 0],
      [0, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ];
    const { interner, asked } = counting();
    const batch = new KeyBatch();
    const out = new Int32Array(keys.length * 2);
    [...keys, ...keys].forEach((k, row) => {
      if (!batch.fits(k.length)) interner.codeBatch(batch, out);
      batch.add(row, Uint8Array.from(k), 0, k.length);
    });
    interner.codeBatch(batch, out);
    assert.deepEqual(Array.from(out), [0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6]);
    assert.equal(asked.length, keys.length);
    assert.deepEqual(asked.slice(5), ['000000000000000000', '01000000000000000000']);
  });

  it('finds keys without adding them (find gives -1 for a key not seen)', () => {
    const { interner } = counting();
    const keys = ['a', 'u0001234', 'usr_0001234', 'a-key-longer-than-sixteen-bytes'].map((k) =>
      Buffer.from(k),
    );
    for (const k of keys) assert.equal(interner.find(k, 0, k.length), -1);
    keys.forEach((k) => interner.code(k, 0, k.length));
    assert.deepEqual(
      keys.map((k) => interner.find(k, 0, k.length)),
      [0, 1, 2, 3],
    );
    for (const k of ['b', 'u0001235', 'usr_0001235', 'a-key-longer-than-sixteen-bytez']) {
      assert.equal(interner.find(Buffer.from(k), 0, k.length), -1, k);
    }
    assert.equal(interner.size, 4);
  });
});
