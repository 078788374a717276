import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mulberry32 } from '../../support/random.js';
import { ByteInterner, LongKeyTable, MidKeyTable, mix4 } from '../../../kernel-lib/src/table/intern.js';

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

describe('io/intern: keys of 9–16 bytes packed in the slot (MidKeyTable)', () => {
  /** A table whose new codes are numbered in order, recording what it was asked for. */
  function counting<T extends MidKeyTable | LongKeyTable>(
    Table: new (toCode: (b: Uint8Array, s: number, e: number) => number) => T,
  ) {
    const asked: string[] = [];
    const table = new Table((b, s, e) => asked.push(Buffer.from(b.subarray(s, e)).toString('hex')) - 1);
    return { table, asked };
  }

  it('gives the codes of the arena table (the path these keys took before), in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 9, maxLength: 16 }), { minLength: 1, maxLength: 400 }),
        fc.array(fc.nat(), { maxLength: 4000 }),
        (distinct, picks) => {
          const mid = counting(MidKeyTable);
          const long = counting(LongKeyTable);
          for (const p of picks) {
            const key = distinct[p % distinct.length];
            const b = Uint8Array.from([7, ...key, 7]);
            assert.equal(mid.table.code(b, 1, b.length - 1), long.table.code(b, 1, b.length - 1));
          }
          assert.deepEqual(mid.asked, long.asked);
          assert.equal(mid.table.size, long.table.size);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('tells apart keys whose hashes are equal (found by search), across growth', () => {
    // Random 12-byte keys: among 300k of them, about ten pairs share their 32-bit hash.
    const random = mulberry32(7);
    const words = Int32Array.from({ length: 3 * 1_100_000 }, () => (random() * 2 ** 32) | 0);
    const byHash = new Map<number, number[]>();
    const key = (i: number) => Buffer.from(words.buffer, 12 * i, 12);
    let pairs = 0;
    for (let i = 0; i < 300_000 && pairs < 3; i++) {
      const b = key(i);
      const h = mix4(b.readInt32LE(0), b.readInt32LE(4), b.readInt32LE(8), 0, 12);
      const same = byHash.get(h);
      if (same) pairs++;
      byHash.set(h, [...(same ?? []), i]);
    }
    const colliding = [...byHash.values()].filter((g) => g.length > 1).flat();
    assert.ok(colliding.length >= 2, 'no keys with equal hashes found');
    const { table, asked } = counting(MidKeyTable);
    // Colliding keys first (same start slot in the tiny table), then enough others to make it double.
    const order = [...colliding, ...Array.from({ length: 5000 }, (_, i) => 1_000_000 + i)];
    const codes = order.map((i) => table.code(key(i), 0, 12));
    assert.deepEqual(
      codes,
      order.map((_, k) => k),
    );
    assert.deepEqual(
      order.map((i) => table.code(key(i), 0, 12)),
      codes,
    );
    assert.equal(asked.length, order.length);
  });

  it('tells apart keys that differ in one word only, whichever word', () => {
    for (const n of [9, 12, 13, 16]) {
      for (let word = 0; word * 4 < n; word++) {
        const { table, asked } = counting(MidKeyTable);
        const keys = Array.from({ length: 2000 }, (_, i) => {
          const b = Buffer.alloc(n, 'k');
          const at = word * 4;
          for (let k = at; k < Math.min(at + 4, n); k++) b[k] = (i >> ((k - at) * 8)) & 255;
          return b;
        });
        const distinct = new Set(keys.map((b) => b.toString('hex'))).size;
        keys.forEach((b) => table.code(b, 0, n));
        const codes = keys.map((b) => table.code(b, 0, n));
        assert.equal(new Set(codes).size, distinct, `${n} bytes, word ${word}`);
        assert.equal(asked.length, distinct);
      }
    }
  });

  it('keeps 100,000 distinct 10–12-byte ids through growth, each asked for once', () => {
    const { table, asked } = counting(MidKeyTable);
    const ids = Array.from({ length: 100_000 }, (_, u) =>
      Buffer.from(['u_', 'us_', 'usr_'][u % 3] + String(u).padStart(7, '0')),
    );
    for (const id of ids) table.code(id, 0, id.length);
    for (let u = ids.length - 1; u >= 0; u--) assert.equal(table.code(ids[u], 0, ids[u].length), u);
    assert.equal(table.size, ids.length);
    assert.equal(asked.length, ids.length);
  });

  it('ids of exactly 8, 9, 16 and 17 bytes (the table boundaries) keep apart, with trailing zero bytes', () => {
    const seen: string[] = [];
    const interner = new ByteInterner(
      (b, s, e) => seen.push(Buffer.from(b.subarray(s, e)).toString('hex')) - 1,
    );
    const keys: Buffer[] = [];
    for (const n of [8, 9, 16, 17]) {
      keys.push(Buffer.from('x'.repeat(n)));
      keys.push(Buffer.concat([Buffer.from('x'.repeat(n - 1)), Buffer.from([0])]));
      keys.push(Buffer.alloc(n));
      keys.push(Buffer.from(String(12345).padStart(n, '0')));
    }
    const text = Buffer.concat(keys);
    const spans: [number, number][] = [];
    let at = 0;
    for (const k of keys) spans.push([at, (at += k.length)]);
    const first = spans.map(([s, e]) => interner.code(text, s, e));
    assert.deepEqual(
      first,
      keys.map((_, i) => i),
    );
    assert.deepEqual(spans.map(([s, e]) => interner.code(text, s, e)).reverse(), first.slice().reverse());
    assert.deepEqual(
      seen,
      keys.map((k) => k.toString('hex')),
    );
    assert.equal(interner.size, keys.length);
  });
});
