import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CancelledError, InputError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import type { LoadOptions } from '../../../kernel-lib/src/io/options.js';
import { groupsInParts } from '../../../kernel-lib/src/io/parquet/parallel.js';
import { DictionaryColumn } from '../../../kernel-lib/src/table/columns.js';
import { Dictionary } from '../../../kernel-lib/src/table/dictionary.js';
import { assertSameTables } from '../../support/tables.js';

const dir = mkdtempSync(join(tmpdir(), 'fupan-parquet-parallel-'));
let con: DuckDBConnection;

/** Writes the rows of a DuckDB query as Parquet in row groups of `rowGroupSize`. */
async function parquet(name: string, query: string, rowGroupSize = 2048, version = 'V1'): Promise<string> {
  const path = join(dir, name);
  await con.run(
    `COPY (${query}) TO '${path}' (FORMAT parquet, ROW_GROUP_SIZE ${rowGroupSize}, PARQUET_VERSION ${version})`,
  );
  return path;
}

/** Orders as exports have them: every type DuckDB writes for them, nulls, ids shared by both halves. */
const ORDERS = `SELECT 'o' || i AS order_id,
    CASE WHEN i % 97 = 0 THEN NULL ELSE 'u' || lpad(CAST(hash(i) % 3001 AS VARCHAR), 5, '0') END AS user_id,
    TIMESTAMP '2016-03-01 00:00:00' + to_seconds(CAST(hash(i * 7) % (400 * 86400) AS BIGINT)) AS ts,
    TIMESTAMPTZ '2016-03-01 00:00:00+08' + to_seconds(i * 61) AS paid_at,
    DATE '2016-01-01' + CAST(i % 500 AS INTEGER) AS day,
    CASE WHEN i % 13 = 0 THEN NULL ELSE CAST(hash(i * 13) % 100000 AS DOUBLE) / 100 END AS amount,
    (i % 1000)::DECIMAL(10, 2) / 4 AS coupon,
    i::BIGINT AS n,
    CASE WHEN i % 7 = 0 THEN NULL ELSE ['app', 'web', 'mini'][1 + i % 3] END AS channel,
    'note ' || (i % 17) AS note
  FROM range(20000) r(i)`;

/** Loads a file on one thread, then with its later row groups on a worker; how the second load went. */
async function readBoth(path: string, options: LoadOptions = { table: 'orders' }) {
  groupsInParts.enabled = false;
  const oneDictionary = new Dictionary();
  const one = await load(path, { ...options, dictionary: oneDictionary });
  groupsInParts.enabled = true;
  groupsInParts.last = 'one thread';
  const twoDictionary = new Dictionary();
  const two = await load(path, { ...options, dictionary: twoDictionary });
  return { one, two, oneDictionary, twoDictionary, how: groupsInParts.last };
}

/** The error a load throws (to compare one thread's with two threads'). */
async function errorOf(path: string, options: LoadOptions): Promise<InputError> {
  try {
    await load(path, options);
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    return err;
  }
  throw new Error(`${path} loaded`);
}

describe('io/parquet row groups on two threads', function () {
  this.timeout(60_000); // each case loads its files twice, with a worker started from source
  const saved = { ...groupsInParts };
  before(async () => {
    groupsInParts.minRows = 0;
    groupsInParts.enabled = true;
    const db = await DuckDBInstance.create(':memory:', { threads: '1' });
    con = await db.connect();
  });
  afterEach(() => {
    groupsInParts.enabled = true;
    groupsInParts.mainShare = saved.mainShare;
  });
  after(() => {
    Object.assign(groupsInParts, saved);
    con.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the later row groups on a worker into the same columns and dictionary as one pass', async () => {
    for (const version of ['V1', 'V2']) {
      const path = await parquet(`orders-${version}.parquet`, ORDERS, 2048, version);
      const progress: number[] = [];
      const { one, two, oneDictionary, twoDictionary, how } = await readBoth(path, {
        table: 'orders',
        timeZone: 'America/New_York',
        onProgress: (read, total) => groupsInParts.enabled && progress.push(read / total),
      });
      assert.equal(how, 'two threads', version);
      assert.equal(two.numRows(), 20_000);
      assertSameTables(one, two);
      assert.deepEqual(twoDictionary.values, oneDictionary.values, version);
      // codes in the order a single pass meets the ids, the worker's ids too
      assert.ok(twoDictionary.size > 2900);
      assert.deepEqual(
        progress,
        [...progress].sort((x, y) => x - y),
      );
      assert.equal(progress[progress.length - 1], 1);
    }
  });

  it('codes ids into a dictionary that already holds some, as one pass does', async () => {
    const path = await parquet('shared.parquet', ORDERS);
    const dictionary = (given: string[]) => {
      const d = new Dictionary();
      for (const id of given) d.encode(id);
      return d;
    };
    const known = ['u00007', 'someone else', 'u03000'];
    groupsInParts.enabled = false;
    const one = await load(path, { table: 'orders', dictionary: dictionary(known) });
    groupsInParts.enabled = true;
    const two = await load(path, { table: 'orders', dictionary: dictionary(known) });
    assert.equal(groupsInParts.last, 'two threads');
    const codes = (t: typeof one) => (t.column('user_id') as unknown as DictionaryColumn).codes;
    assert.deepEqual(codes(two), codes(one));
    assert.equal(one.array('user_id')[0], two.array('user_id')[0]);
  });

  it('reads the worker’s groups again when a column turns to text there, with the values as written', async () => {
    // `ref` looks numeric in the first groups (the sample) and the main thread's; text in the worker's.
    const path = await parquet(
      'turns.parquet',
      `SELECT 'u' || (i % 50) AS user_id, TIMESTAMP '2016-01-01' + to_seconds(i) AS ts, 1.5 AS amount,
         CASE WHEN i < 15000 THEN CAST(i AS VARCHAR) ELSE 'R' || i END AS ref FROM range(20000) r(i)`,
    );
    const { one, two, how } = await readBoth(path);
    assert.equal(how, 'read again');
    assertSameTables(one, two);
    assert.equal(two.array('ref')[0], '0');
    assert.equal(two.array('ref')[19_999], 'R19999');
  });

  it('throws the error one pass throws, naming the file’s row, when it is in the worker’s groups', async () => {
    const path = await parquet(
      'bad.parquet',
      `SELECT 'u' || (i % 50) AS user_id, TIMESTAMP '2016-01-01' + to_seconds(i) AS ts,
         CASE WHEN i = 17001 THEN 'twelve' ELSE CAST(i AS VARCHAR) END AS amount FROM range(20000) r(i)`,
    );
    groupsInParts.enabled = false;
    const one = await errorOf(path, { table: 'orders' });
    groupsInParts.enabled = true;
    const two = await errorOf(path, { table: 'orders' });
    assert.equal(groupsInParts.last, 'two threads');
    assert.equal(two.message, one.message);
    assert.equal(two.location.row, 17_002);
    assert.match(two.message, /bad\.parquet, row 17002, column "amount": not a number: "twelve"/);
  });

  it('stops the worker when the load is cancelled', async () => {
    const path = await parquet('cancel.parquet', ORDERS);
    const controller = new AbortController();
    await assert.rejects(
      load(path, {
        signal: controller.signal,
        onProgress: (read, total) => read < total && controller.abort(),
      }),
      (e: unknown) => e instanceof CancelledError,
    );
  });

  it('keeps a file given as bytes, or of one row group, on one thread', async () => {
    const path = await parquet('bytes.parquet', ORDERS);
    groupsInParts.last = 'one thread';
    assert.equal((await load(readFileSync(path), { format: 'parquet' })).numRows(), 20_000);
    assert.equal(groupsInParts.last, 'one thread');
    const single = await parquet('single.parquet', ORDERS, 100_000);
    assert.equal((await load(single)).numRows(), 20_000);
    assert.equal(groupsInParts.last, 'one thread');
  });
});
