import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import { InputError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { DictionaryColumn, TimestampColumn } from '../../../kernel-lib/src/table/columns.js';
import { Dictionary } from '../../../kernel-lib/src/table/dictionary.js';

const dir = mkdtempSync(join(tmpdir(), 'fupan-parquet-'));
let con: DuckDBConnection;

/** Writes the rows of a DuckDB query as Parquet (optionally in row groups of `rowGroupSize`). */
async function parquet(name: string, query: string, rowGroupSize?: number): Promise<string> {
  const path = join(dir, name);
  const groups = rowGroupSize ? `, ROW_GROUP_SIZE ${rowGroupSize}` : '';
  await con.run(`COPY (${query}) TO '${path}' (FORMAT parquet${groups})`);
  return path;
}

const ms = (t: ColumnTable, name: string) => Array.from((t.column(name) as unknown as TimestampColumn).ms);
const numbers = (t: ColumnTable, name: string) => Array.from(t.column(name) as unknown as Float64Array);

/** One row of every column type DuckDB writes, then a row of nulls. */
const EVERY_TYPE = `SELECT * FROM (VALUES
  ('u1', TIMESTAMP '2016-10-01 12:30:00', TIMESTAMPTZ '2016-10-01 12:30:00+08', DATE '2016-10-01',
   10.5::DOUBLE, 3::INTEGER, 5::BIGINT, 12.34::DECIMAL(10,2), -12.34::DECIMAL(20,2), true, 1.5::FLOAT,
   3::SMALLINT, 'web', TIMESTAMP_MS '2016-10-01 12:30:00.123', TIMESTAMP_NS '2016-10-01 12:30:00.123456789',
   9::UBIGINT, '2016-10-02 08:00:00', '12.5'),
  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL))
  t(user_id, ts, tstz, d, dbl, i, bi, dec, dec2, b, f, sm, channel, tsms, tsns, ub, ts_text, num_text)`;

describe('io/parquet', () => {
  before(async () => {
    const db = await DuckDBInstance.create(':memory:', { threads: '1' });
    con = await db.connect();
  });
  after(() => {
    con.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads every column type, nulls as missing values', async () => {
    const t = await load(await parquet('types.parquet', EVERY_TYPE));
    assert.equal(t.numRows(), 2);
    assert.ok(t.column('user_id') instanceof DictionaryColumn);
    assert.deepEqual(t.array('user_id'), ['u1', null]);
    const at1230 = Date.UTC(2016, 9, 1, 12, 30);
    assert.deepEqual(ms(t, 'ts'), [at1230, NaN]);
    assert.deepEqual(ms(t, 'tstz'), [Date.UTC(2016, 9, 1, 4, 30), NaN]);
    assert.deepEqual(ms(t, 'd'), [Date.UTC(2016, 9, 1), NaN]);
    assert.deepEqual(ms(t, 'tsms'), [at1230 + 123, NaN]);
    assert.deepEqual(ms(t, 'tsns'), [at1230 + 123, NaN]);
    assert.deepEqual(ms(t, 'ts_text'), [Date.UTC(2016, 9, 2, 8), NaN]); // text that reads as dates
    for (const [name, value] of [
      ['dbl', 10.5],
      ['i', 3],
      ['bi', 5],
      ['dec', 12.34],
      ['dec2', -12.34],
      ['f', 1.5],
      ['sm', 3],
      ['ub', 9],
      ['num_text', 12.5],
    ] as const) {
      assert.ok(t.column(name) instanceof Float64Array, name);
      assert.deepEqual(numbers(t, name), [value, NaN], name);
    }
    assert.deepEqual(t.array('b'), [true, null]);
    assert.deepEqual(t.array('channel'), ['web', null]);
  });

  it('reads wall-clock timestamps and dates in the time zone, instants as they are', async () => {
    const path = join(dir, 'types.parquet');
    const t = await load(path, { timeZone: 'Asia/Shanghai', types: { tsms: 'date' } });
    assert.deepEqual(ms(t, 'ts'), [Date.UTC(2016, 9, 1, 4, 30), NaN]); // 12:30 in Shanghai
    assert.deepEqual(ms(t, 'tstz'), [Date.UTC(2016, 9, 1, 4, 30), NaN]); // its own offset, +08
    assert.deepEqual(ms(t, 'd'), [Date.UTC(2016, 8, 30, 16), NaN]); // midnight in Shanghai
    assert.deepEqual(ms(t, 'tsms'), [Date.UTC(2016, 8, 30, 16), NaN]); // forced to its local day
    const fixed = await load(path, { timeZone: '+08:00', types: { tsms: 'date' } });
    for (const c of ['ts', 'tstz', 'd', 'tsms']) assert.deepEqual(ms(fixed, c), ms(t, c), c);
    const ny = await load(path, { timeZone: 'America/New_York' });
    assert.deepEqual(ms(ny, 'd'), [Date.UTC(2016, 9, 1, 4), NaN]); // the same calendar day, EDT
    assert.deepEqual(ms(ny, 'tstz'), [Date.UTC(2016, 9, 1, 4, 30), NaN]);
  });

  it('forces types: numbers as text, timestamps as strings, text ids into a shared dictionary', async () => {
    const dictionary = new Dictionary();
    dictionary.encode('u0');
    const t = await load(join(dir, 'types.parquet'), {
      types: { dbl: 'string', ts: 'string', channel: 'category' },
      dictionary,
    });
    assert.deepEqual(t.array('dbl'), ['10.5', null]);
    assert.deepEqual(t.array('ts'), ['2016-10-01T12:30:00.000Z', null]);
    assert.ok(t.column('channel') instanceof DictionaryColumn);
    assert.deepEqual(Array.from((t.column('user_id') as unknown as DictionaryColumn).codes), [1, -1]);
  });

  it('maps columns onto a canonical table and keeps the others', async () => {
    const path = await parquet(
      'mapped.parquet',
      `SELECT * FROM (VALUES ('c1', TIMESTAMP '2016-10-01 12:30:00', 10.5, 'a'), ('c2', TIMESTAMP '2016-10-02 00:00:00', 3, 'b'))
        t(customer_id, paid_at, amount, note)`,
    );
    const t = await load(path, { table: 'orders', columns: { userId: 'customer_id', ts: 'paid_at' } });
    assert.deepEqual(t.columnNames(), ['user_id', 'ts', 'amount', 'note']);
    assert.deepEqual(t.array('user_id'), ['c1', 'c2']);
    assert.deepEqual(ms(t, 'ts'), [Date.UTC(2016, 9, 1, 12, 30), Date.UTC(2016, 9, 2)]);
    await assert.rejects(
      load(path, { table: 'orders' }),
      (e: unknown) => e instanceof InputError && /missing required columns? user_id, ts/.test(e.message),
    );
  });

  it('reads several row groups in order, from a path and from bytes alike', async () => {
    const path = await parquet(
      'groups.parquet',
      `SELECT 'u' || (i % 97) AS user_id, TIMESTAMP '2016-01-01' + to_minutes(i) AS ts,
        CASE WHEN i % 10 = 3 THEN NULL ELSE i / 4 END AS amount, 'o' || i AS order_id,
        CASE WHEN i % 5 = 1 THEN NULL ELSE i % 3 = 0 END AS first_order,
        CASE WHEN i % 11 = 0 THEN NULL WHEN i % 13 = 0 THEN 'NA' ELSE 'note ' || i END AS note
      FROM range(7000) r(i)`,
      2048,
    );
    const metadata = parquetMetadata(toArrayBuffer(readFileSync(path)));
    assert.ok(metadata.row_groups.length >= 3);
    // Both kinds of text pages are read: dictionary (user ids) and plain (distinct order ids).
    const encodings = (k: number) => metadata.row_groups[0].columns[k].meta_data!.encodings;
    assert.ok(encodings(0).some((e) => e.endsWith('DICTIONARY')));
    assert.ok(!encodings(3).some((e) => e.endsWith('DICTIONARY')));
    assert.ok(!encodings(5).some((e) => e.endsWith('DICTIONARY')));
    const t = await load(path, { table: 'orders', types: { orderId: 'string' } });
    assert.equal(t.numRows(), 7000);
    const ids = t.array('user_id') as string[];
    const ts = ms(t, 'ts');
    const amount = numbers(t, 'amount');
    const orderIds = t.array('order_id') as string[];
    const firstOrder = t.array('first_order') as (boolean | null)[];
    const notes = t.array('note') as (string | null)[];
    for (const i of [0, 1, 2047, 2048, 2049, 4096, 4095, 6999]) {
      assert.equal(notes[i], i % 11 === 0 || i % 13 === 0 ? null : `note ${i}`); // 'NA' reads as missing
      assert.equal(ids[i], `u${i % 97}`);
      assert.equal(ts[i], Date.UTC(2016, 0, 1) + i * 60_000);
      assert.deepEqual(amount[i], i % 10 === 3 ? NaN : i / 4);
      assert.equal(orderIds[i], `o${i}`);
      assert.equal(firstOrder[i], i % 5 === 1 ? null : i % 3 === 0);
    }
    const fromBytes = await load(readFileSync(path), { format: 'parquet', table: 'orders' });
    assert.deepEqual(fromBytes.array('user_id'), ids);
    assert.deepEqual(ms(fromBytes, 'ts'), ts);
  });

  it('names the row, column and value of a bad value in a later row group', async () => {
    const path = await parquet(
      'bad.parquet',
      `SELECT 'u' || i AS user_id, TIMESTAMP '2016-01-01' + to_minutes(i) AS ts,
        CASE WHEN i = 4499 THEN '12,x' ELSE CAST(i AS VARCHAR) END AS amount,
        CASE WHEN i = 5000 THEN 'next tuesday' ELSE '2016-01-01' END AS paid_on FROM range(6000) r(i)`,
      2048,
    );
    await assert.rejects(load(path, { table: 'orders' }), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.location.row, 4500);
      assert.equal(e.location.column, 'amount');
      assert.equal(e.location.value, '12,x');
      assert.match(e.message, /bad\.parquet, row 4500, column "amount": not a number: .*12,x/);
      return true;
    });
    await assert.rejects(
      load(path, { types: { paid_on: 'date' } }),
      (e: unknown) =>
        e instanceof InputError && e.location.row === 5001 && /unparseable date/.test(e.message),
    );
    // Inferred (not forced), the same column turns to text instead.
    const t = await load(path);
    assert.equal(t.array('paid_on')[5000], 'next tuesday');
    assert.equal(t.array('amount')[4499], '12,x');
  });

  it('refuses a non-finite number in a numeric column of a canonical table', async () => {
    const path = await parquet(
      'inf.parquet',
      `SELECT * FROM (VALUES ('u1', TIMESTAMP '2016-01-01', 1.0::DOUBLE), ('u2', TIMESTAMP '2016-01-02', 'inf'::DOUBLE)) t(user_id, ts, amount)`,
    );
    await assert.rejects(
      load(path, { table: 'orders' }),
      (e: unknown) =>
        e instanceof InputError && e.location.row === 2 && /not a finite number/.test(e.message),
    );
    const t = await load(path); // inferred: the column becomes text
    assert.deepEqual(t.array('amount'), ['1', 'Infinity']);
  });

  it('loads the same table as the CSV of the same data', async () => {
    const query = `SELECT 'u' || lpad(CAST(hash(i) % 300 AS VARCHAR), 5, '0') AS user_id,
        TIMESTAMP '2016-03-01 00:00:00' + to_seconds(CAST(hash(i * 7) % (400 * 86400) AS BIGINT)) AS ts,
        CAST(hash(i * 13) % 100000 AS DOUBLE) / 100 AS amount,
        CASE WHEN i % 7 = 0 THEN NULL ELSE ['app', 'web', 'mini'][1 + i % 3] END AS channel
      FROM range(5000) r(i)`;
    const path = await parquet('same.parquet', query, 2048);
    const csv = join(dir, 'same.csv');
    await con.run(`COPY (${query}) TO '${csv}' (FORMAT csv, HEADER, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')`);
    // Mar 2016 to Apr 2017 crosses no DST in Shanghai but both changes in New York.
    for (const timeZone of ['Asia/Shanghai', 'America/New_York']) {
      const dictionary = new Dictionary();
      const a = await load(path, { table: 'orders', timeZone, dictionary });
      const b = await load(csv, { table: 'orders', timeZone, dictionary });
      assert.deepEqual(a.columnNames(), b.columnNames());
      assert.deepEqual(
        Array.from((a.column('user_id') as unknown as DictionaryColumn).codes),
        Array.from((b.column('user_id') as unknown as DictionaryColumn).codes),
      );
      assert.deepEqual(ms(a, 'ts'), ms(b, 'ts'), timeZone);
      assert.deepEqual(numbers(a, 'amount'), numbers(b, 'amount'));
      assert.deepEqual(a.array('channel'), b.array('channel'));
    }
  });

  it('reads Parquet 2 pages (DATA_PAGE_V2, delta encodings) like Parquet 1', async () => {
    const query = `SELECT 'u' || (i * 7 % 501) AS user_id, TIMESTAMP '2016-01-01' + to_seconds(i * 977) AS ts,
        CASE WHEN i % 9 = 0 THEN NULL ELSE (i * 31 % 1000)::DECIMAL(10, 2) / 4 END AS amount,
        i::BIGINT AS n, 'o' || i AS order_id FROM range(5000) r(i)`;
    const v1 = await parquet('v1.parquet', query, 2048);
    const v2 = join(dir, 'v2.parquet');
    await con.run(`COPY (${query}) TO '${v2}' (FORMAT parquet, PARQUET_VERSION V2, ROW_GROUP_SIZE 2048)`);
    const encodings = parquetMetadata(toArrayBuffer(readFileSync(v2))).row_groups[0].columns.flatMap(
      (c) => c.meta_data!.encodings,
    );
    assert.ok(encodings.some((e) => e.startsWith('DELTA')));
    const a = await load(v1, { table: 'orders' });
    const b = await load(v2, { table: 'orders' });
    assert.deepEqual(b.array('user_id'), a.array('user_id'));
    assert.deepEqual(ms(b, 'ts'), ms(a, 'ts'));
    assert.deepEqual(numbers(b, 'amount'), numbers(a, 'amount'));
    assert.deepEqual(numbers(b, 'n'), numbers(a, 'n'));
    assert.deepEqual(b.array('order_id'), a.array('order_id'));
    assert.equal(numbers(a, 'n')[4999], 4999);
    assert.equal(ms(a, 'ts')[4999], Date.UTC(2016, 0, 1) + 4999 * 977_000);
  });

  it('loads a file with no rows, and refuses a truncated or empty one', async () => {
    const empty = await parquet(
      'empty.parquet',
      `SELECT 'u' AS user_id, TIMESTAMP '2016-01-01' AS ts, 1.5 AS amount WHERE false`,
    );
    const t = await load(empty, { table: 'orders' });
    assert.equal(t.numRows(), 0);
    assert.deepEqual(t.columnNames(), ['user_id', 'ts', 'amount']);
    const whole = readFileSync(join(dir, 'groups.parquet'));
    const cut = join(dir, 'cut.parquet');
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    await assert.rejects(load(cut), /cut\.parquet: not a Parquet file/);
    const none = join(dir, 'none.parquet');
    writeFileSync(none, '');
    await assert.rejects(load(none), /none\.parquet: empty file/);
  });

  it('refuses a file too large for memory from its row count, not its compressed size', async () => {
    const path = await parquet(
      'long.parquet',
      `SELECT 'u' || (i % 3) AS user_id, TIMESTAMP '2016-01-01' AS ts, 1.5 AS amount FROM range(300000) r(i)`,
    );
    assert.ok(statSync(path).size < 64 * 1024); // 300k rows compress to a few KB
    process.env.FUPAN_MEMORY_LIMIT_MB = '2'; // rows × (4 + 8 + 8) bytes is about 6 MB
    try {
      await assert.rejects(load(path, { table: 'orders' }), /long\.parquet: too large to load into memory/);
      process.env.FUPAN_MEMORY_LIMIT_MB = '64';
      assert.equal((await load(path, { table: 'orders' })).numRows(), 300_000);
    } finally {
      delete process.env.FUPAN_MEMORY_LIMIT_MB;
    }
  });

  it('reports progress per row group and stops when cancelled', async () => {
    const path = join(dir, 'groups.parquet');
    const seen: number[] = [];
    await load(path, { onProgress: (read, total) => seen.push(read / total) });
    assert.ok(seen.length >= 3);
    assert.deepEqual(
      seen,
      [...seen].sort((x, y) => x - y),
    );
    assert.equal(seen[seen.length - 1], 1);
    const controller = new AbortController();
    await assert.rejects(
      load(path, { signal: controller.signal, onProgress: () => controller.abort() }),
      (e: unknown) => (e as Error).name === 'CancelledError',
    );
  });
});

function toArrayBuffer(b: Buffer): ArrayBuffer {
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
}
