import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ByteInterner } from '../../../kernel-lib/src/io/columns/intern.js';

describe('io/intern: ByteInterner', () => {
  it('gives one code per distinct byte string, short (packed) and long keys alike, across growth', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 14 }), { maxLength: 3000 }), (keys) => {
        const seen = new Map<string, number>();
        const interner = new ByteInterner((b, s, e) => {
          const text = Buffer.from(b.subarray(s, e)).toString('utf8');
          assert.ok(!seen.has(text), `asked twice for ${text}`);
          seen.set(text, seen.size);
          return seen.size - 1;
        });
        const buf = Buffer.from('##' + keys.join('\u0001'), 'utf8');
        let at = 2;
        for (const key of keys) {
          const n = Buffer.byteLength(key);
          assert.equal(interner.code(buf, at, at + n), seen.get(key));
          at += n + 1;
        }
        assert.equal(interner.size, new Set(keys).size);
      }),
      { numRuns: 60 },
    );
  });

  it('tells apart keys that differ only in length or trailing zero bytes', () => {
    const codes: string[] = [];
    const interner = new ByteInterner(
      (b, s, e) => codes.push(Buffer.from(b.subarray(s, e)).toString('hex')) - 1,
    );
    const keys = [[], [0], [0, 0], [1], [1, 0], [0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]];
    const got = keys.map((k) => interner.code(Uint8Array.from(k), 0, k.length));
    assert.deepEqual(got, [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(
      keys.map((k) => interner.code(Uint8Array.from(k), 0, k.length)),
      got,
    );
  });
});
