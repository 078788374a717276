import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { FupanError, InputError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import type { LoadOptions } from '../../../kernel-lib/src/io/options.js';
import { TimestampColumn } from '../../../kernel-lib/src/table/columns.js';

/**
 * Issue 21, in memory: inputs like the outside corpora's (csv-spectrum, parquet-testing, hand-made
 * attacks) that gave a silently wrong answer or a non-Fupan crash.
 */

const dir = mkdtempSync(join(tmpdir(), 'fupan-i21-'));
let con: DuckDBConnection;

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function parquet(name: string, query: string): Promise<string> {
  const path = join(dir, name);
  await con.run(`COPY (${query}) TO '${path}' (FORMAT parquet)`);
  return path;
}

/** The InputError load() throws (a FupanError, never a RangeError or TypeError). */
async function refusal(
  source: Parameters<typeof load>[0],
  options: LoadOptions,
  pattern: RegExp,
): Promise<void> {
  await assert.rejects(load(source, options), (err: unknown) => {
    assert.ok(err instanceof InputError, `not an InputError: ${String(err)}`);
    assert.match(err.message, pattern);
    return true;
  });
}

const ms = (t: Awaited<ReturnType<typeof load>>, name: string) =>
  Array.from((t.column(name) as unknown as TimestampColumn).ms);

/** 1,000 rows of an inferred column, then `later`: the sample types the column, the later row does not fit. */
function afterSample(first: (i: number) => string, later: string): string {
  const rows = Array.from({ length: 1000 }, (_, i) => `u${i},${first(i)}`);
  return `user_id,x\n${rows.join('\n')}\nu_last,${later}\n`;
}

describe('io: issue 21 inputs (in memory)', () => {
  before(async () => {
    const db = await DuckDBInstance.create(':memory:', { threads: '1' });
    con = await db.connect();
  });
  after(() => {
    con.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('item 4: an inferred column that falls back to text keeps every value as written', () => {
    it('numbers, currency amounts, booleans and dates are not rewritten', async () => {
      const price = await load(afterSample((i) => (i % 2 ? '1.50' : '"¥1,234.50"'), 'abc'));
      assert.deepEqual(price.array('x').slice(0, 2), ['¥1,234.50', '1.50']);
      assert.equal(price.array('x')[1000], 'abc');
      const flag = await load(afterSample((i) => (i % 2 ? 'TRUE' : 'FALSE'), 'maybe'));
      assert.deepEqual(flag.array('x').slice(0, 2), ['FALSE', 'TRUE']);
      const when = await load(
        afterSample((i) => (i % 2 ? '2016/10/1 9:05' : '2016-10-02T08:00:00+08:00'), 'nope'),
        {
          timeZone: 'Asia/Shanghai',
        },
      );
      assert.deepEqual(when.array('x').slice(0, 2), ['2016-10-02T08:00:00+08:00', '2016/10/1 9:05']);
    });

    it('a later 02134 or 16+-digit integer makes an inferred number column text, not a rounded number', async () => {
      const zip = await load(afterSample((i) => String(10000 + i), '02134'));
      assert.equal(zip.array('x')[1000], '02134');
      assert.equal(zip.array('x')[0], '10000');
      const ids = await load(afterSample((i) => String(i), '6221234567890123457'));
      assert.equal(ids.array('x')[1000], '6221234567890123457');
      const sampled = await load('user_id,x\nu1,6221234567890123456\nu2,6221234567890123457\n');
      assert.deepEqual(sampled.array('x'), ['6221234567890123456', '6221234567890123457']);
    });

    it('records: text spelled otherwise than its value stays as written', async () => {
      const records: object[] = Array.from({ length: 1000 }, () => ({ x: '1.50' }));
      records.push({ x: 'TRUE?' }, { x: 2.5 });
      const t = await load(records);
      assert.deepEqual(t.array('x').slice(998), ['1.50', '1.50', 'TRUE?', '2.5']);
    });
  });

  describe('item 3: ids above 2^53 stay exact', () => {
    it('Parquet INT64 and UINT64 ids', async () => {
      const path = await parquet(
        'big.parquet',
        `SELECT * FROM (VALUES (9007199254740993::BIGINT, 18446744073709551615::UBIGINT, 1::BIGINT),
          (9007199254740992::BIGINT, 18446744073709551614::UBIGINT, 2::BIGINT)) t(uid, ub, small)`,
      );
      const t = await load(path, { table: 'users', columns: { userId: 'uid' } });
      assert.deepEqual(t.array('user_id'), ['9007199254740993', '9007199254740992']);
      assert.deepEqual(t.array('ub'), ['18446744073709551615', '18446744073709551614']);
      assert.deepEqual(Array.from(t.column('small') as unknown as Float64Array), [1, 2]); // small ints stay numbers
      const u = await load(path, { table: 'users', columns: { userId: 'ub' } });
      assert.deepEqual(u.array('user_id'), ['18446744073709551615', '18446744073709551614']);
    });

    it('JSON and NDJSON numbers', async () => {
      const json = file('big.json', '[{"user_id": 6221234567890123456}, {"user_id": 6221234567890123457}]');
      assert.deepEqual((await load(json)).array('user_id'), ['6221234567890123456', '6221234567890123457']);
      const nd = file('big.ndjson', '{"user_id": 6221234567890123456}\n{"user_id": 6221234567890123457}\n');
      const t = await load(nd, { table: 'users' });
      assert.deepEqual(t.array('user_id'), ['6221234567890123456', '6221234567890123457']);
    });
  });

  describe('item 8: a number in a timestamp column follows one rule in every format', () => {
    it('is refused without dateFormat in records, JSON and Parquet INT64, as in CSV', async () => {
      const expected = /a number in a date column.*dateFormat/;
      await refusal([{ user_id: 'a', registered_at: 1475280000 }], { table: 'users' }, expected);
      const json = file('epoch.json', '[{"user_id": "a", "registered_at": 1475280000}]');
      await refusal(json, { table: 'users' }, expected);
      const pq = await parquet('epoch.parquet', `SELECT 'a' AS user_id, 1475280000::BIGINT AS registered_at`);
      await refusal(pq, { table: 'users' }, expected);
      await refusal('user_id,registered_at\na,1475280000\n', { table: 'users' }, /unparseable date/);
    });

    it('is read in the unit dateFormat names', async () => {
      const at = Date.UTC(2016, 9, 1);
      const pq = join(dir, 'epoch.parquet');
      for (const source of [
        [{ user_id: 'a', registered_at: 1475280000 }],
        pq,
        'user_id,registered_at\na,1475280000\n',
      ]) {
        const t = await load(source as any, { table: 'users', dateFormat: 'epoch-s' });
        assert.deepEqual(ms(t, 'registered_at'), [at]);
      }
    });
  });

  describe('item 9: JSON text follows the CSV encoding rule; duplicate keys are refused', () => {
    it('detects GB18030 JSON, refuses it under encoding utf-8, refuses bytes that are neither', async () => {
      const gb = file(
        'gb.json',
        Buffer.concat([
          Buffer.from('[{"user_id": "'),
          Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]),
          Buffer.from('"}]'),
        ]),
      );
      assert.deepEqual((await load(gb)).array('user_id'), ['张三']);
      await refusal(gb, { encoding: 'utf-8' }, /line 1: invalid UTF-8 bytes.*gb18030/);
      const latin1 = file(
        'latin1.ndjson',
        Buffer.from('{"user_id": "a"}\n{"user_id": "Caf\xe9"}\n', 'latin1'),
      );
      await refusal(latin1, {}, /line 2: bytes that are neither UTF-8 nor GB18030/);
    });

    it('refuses a key written twice in one object (also when spelled with an escape)', async () => {
      await refusal(
        file('dup.json', '[{"user_id": "a"},\n {"user_id": "b", "user_id": "c"}]'),
        {},
        /line 2, column "user_id": duplicate key/,
      );
      await refusal(
        file('dup.ndjson', '{"a": 1}\n{"a": 1, "\\u0061": 2}\n'),
        {},
        /line 2, column "a": duplicate key/,
      );
      // the same key in two objects, or in a nested object, is no duplicate
      const t = await load(file('nodup.json', '[{"a": 1, "n": {"a": 2}}, {"a": 3}]'));
      assert.deepEqual(Array.from(t.column('a') as unknown as Float64Array), [1, 3]);
    });
  });

  describe('items 11 and 16: odd values are refused as InputErrors, never crash', () => {
    it('deeply nested JSON is an InputError, not a stack overflow', async () => {
      const deep = file('deep.json', `[{"user_id": "a", "x": ${'['.repeat(100000)}${']'.repeat(100000)}}]`);
      await refusal(deep, {}, /column "x": a nested value that cannot be written as text/);
    });

    it('a STRUCT as user id and a TIME as ts are refused; a TIME column loads as its time of day', async () => {
      const path = await parquet(
        'odd.parquet',
        `SELECT 'u1' AS uid, {'a': 1} AS st, TIME '12:30:00' AS tm, TIMESTAMP '2016-10-01' AS ts`,
      );
      await refusal(path, { table: 'users', columns: { userId: 'st' } }, /column "st": not a user id/);
      await refusal(
        path,
        { table: 'users', columns: { userId: 'uid', registeredAt: 'tm' } },
        /column "tm": unparseable date: "12:30:00.000"/,
      );
      const t = await load(path);
      assert.deepEqual(t.array('tm'), ['12:30:00.000']);
      assert.deepEqual(t.array('st'), ['{"a":1}']);
    });

    it('a Parquet footer that says 0 rows over a row group of 6 loads the 6 rows (parquet-testing)', async () => {
      const t = await load(join(__dirname, '../../fixtures/parquet-testing/repeated_no_annotation.parquet'));
      assert.equal(t.numRows(), 6);
      assert.deepEqual(Array.from(t.column('id') as unknown as Float64Array), [1, 2, 3, 4, 5, 6]);
      // the nested column as JSON, its text as text (not byte objects)
      assert.equal(t.array('phoneNumbers')[4], '{"phone":[{"number":"1111111111","kind":"home"}]}');
    });

    it('epoch values out of the range of a date are refused, not loaded as invalid dates', async () => {
      await refusal(
        [{ user_id: 'a', registered_at: 1e300 }],
        { table: 'users', dateFormat: 'epoch-s' },
        /date out of range/,
      );
      await refusal(
        'user_id,registered_at\na,1e20\n',
        { table: 'users', dateFormat: 'epoch-ms' },
        /line 2.*date out of range/,
      );
    });

    it('Excel serials below 61 count from 1900-01-01; serial 60 (1900-02-29) and 0 are refused', async () => {
      const t = await load('user_id,registered_at\na,1\nb,59\nc,61\nd,42644\n', {
        table: 'users',
        dateFormat: 'excel',
      });
      assert.deepEqual(ms(t, 'registered_at'), [
        Date.UTC(1900, 0, 1),
        Date.UTC(1900, 1, 28),
        Date.UTC(1900, 2, 1),
        Date.UTC(2016, 9, 1),
      ]);
      await refusal(
        'user_id,registered_at\na,60\n',
        { table: 'users', dateFormat: 'excel' },
        /line 2.*1900-02-29/,
      );
      await refusal(
        'user_id,registered_at\na,0\n',
        { table: 'users', dateFormat: 'excel' },
        /line 2.*not a date/,
      );
    });

    it('no non-Fupan error escapes load() on these inputs', async () => {
      const inputs: [Parameters<typeof load>[0], LoadOptions][] = [
        [[{ user_id: 'a', registered_at: new Date(NaN) }], { table: 'users' }],
        [[{ user_id: 'a', x: new Date(NaN) }], {}],
        [[{ user_id: 'a', registered_at: -1e300 }], { table: 'users', dateFormat: 'excel' }],
        [[{ user_id: 'a', registered_at: 10n ** 30n }], { table: 'users', dateFormat: 'epoch-ms' }],
      ];
      for (const [source, options] of inputs) {
        await assert.rejects(load(source, options), (err: unknown) => err instanceof FupanError);
      }
    });
  });
});
