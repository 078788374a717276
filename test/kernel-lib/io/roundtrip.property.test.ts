import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../../kernel-lib/src/io/csv/parseCsv.js';
import { load } from '../../../kernel-lib/src/io/load.js';

/** RFC 4180 quoting: a field with a delimiter, quote or line end is quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const text = fc.string({
  unit: fc.constantFrom('a', 'b', 'Z', '1', ',', '"', '\n', '\r\n', ' ', '中', 'é', ';', "'"),
  maxLength: 12,
});
const id = text.filter((s) => s.trim() === s && s !== '' && !/^-?\d+\.0+$/.test(s));
const row = fc.record({
  user_id: id,
  amount: fc.integer({ min: -1_000_000_00, max: 1_000_000_00 }).map((c) => c / 100),
  note: text,
});

describe('io/roundtrip: random tables written as CSV load back equal', () => {
  it('load(toCsv(rows)) gives the rows back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), fc.boolean(), async (rows, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const csv =
          'user_id,amount,note' +
          eol +
          rows.map((r) => [r.user_id, String(r.amount), r.note].map(csvField).join(',')).join(eol) +
          eol;
        const t = await load(csv, { types: { amount: 'number', note: 'string' }, nullValues: [] });
        assert.deepEqual(
          t.array('user_id'),
          rows.map((r) => r.user_id),
        );
        assert.deepEqual(
          Array.from(t.column('amount') as Float64Array),
          rows.map((r) => r.amount),
        );
        assert.deepEqual(
          t.array('note'),
          rows.map((r) => (r.note === '' ? null : r.note)),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('parseCsv gives the same rows for every chunk size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 16 }),
        (rows, chunkSize) => {
          const csv = rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
          const expected = rows.filter((r) => !(r.length === 1 && r[0] === ''));
          assert.deepEqual(parseCsv(csv, { chunkSize }), expected);
          assert.deepEqual(parseCsv(csv), expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
