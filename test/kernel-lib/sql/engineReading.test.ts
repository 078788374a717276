import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { InputError, SpecError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine, SqlSource } from '../../../kernel-lib/src/sql/engine.js';
import { cohortMatrixSql } from '../../../kernel-lib/src/sql/metrics/cohort.js';
import { rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';

/** user id → [recency, monetary] of an RFM result. */
type Users = Record<string, [number, number]>;

const usersOf = (t: { objects(): object[] }): Users =>
  Object.fromEntries(
    (t.objects() as { user_id: string; recency: number; monetary: number }[]).map((u) => [
      u.user_id,
      [u.recency, u.monetary],
    ]),
  );

describe('SQL engines read files as load() does (issue 21)', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'fupan-engine-reading-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ORDERS = 'user_id,ts,amount\n007,2020-12-01,10\n7,2020-12-05,20\n0042,2020-12-10,17850.0\n';
  const dates = file('dates.csv', ORDERS);
  const ids = file(
    'ids.csv',
    'user_id,ts,amount\n17850.0,2020-12-01 10:00:00,10\n 0042 ,2020-12-02 10:00:00,20\n',
  );
  const ambiguous = file('ambiguous.csv', 'user_id,ts,amount\nx1,05/06/2020,10\nx2,07/08/2020,20\n');
  const decoy = 'user_id,ts,amount\ndecoy,2020-12-01,999\n';
  const bracket = file('a[b].csv', ORDERS);
  file('ab.csv', decoy);
  const star = file('o*.csv', ORDERS);
  file('orders-decoy.csv', decoy);
  const braces = file('c{a,b}.csv', ORDERS);
  file('ca.csv', decoy);
  const question = file('q?.csv', ORDERS);
  file('qx.csv', decoy);
  const notParquet = file('orders.parquet', ORDERS);
  const parquetDates = join(dir, 'dates.parquet');
  const folder = join(dir, 'folder.parquet');
  mkdirSync(folder);

  const engines: { name: string; engine: SqlEngine }[] = [];
  before(async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run(`COPY (SELECT * FROM (VALUES ('007', DATE '2020-12-01', 10.0), ('7', DATE '2020-12-05', 20.0),
      ('0042', DATE '2020-12-10', 17850.0)) AS t(user_id, ts, amount)) TO '${parquetDates}' (FORMAT parquet)`);
    c.closeSync();
    db.closeSync();
    engines.push({ name: 'duckdb', engine: await duckdb({ threads: 1 }) });
    engines.push({ name: 'chdb', engine: await chdbEngine() });
  });
  after(async () => {
    for (const e of engines) await e.engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const memory = async (path: string): Promise<Users> =>
    usersOf(rfm(await load(path, { table: 'orders' })).users);

  it('reads a date-only column (CSV and Parquet DATE) as days, not seconds, and keeps 007 apart from 7', async () => {
    const expected = await memory(dates);
    assert.deepEqual(expected, { '007': [10, 10], '7': [6, 20], '0042': [1, 17850] });
    for (const { name, engine } of engines) {
      for (const source of [{ file: dates }, { file: parquetDates }]) {
        const got = usersOf((await rfmSql(engine, source)).users);
        assert.deepEqual(got, expected, `${name} ${source.file}`);
      }
      const cohorts = await cohortMatrixSql(engine, { file: parquetDates }, { period: 'month' });
      const labels = [...new Set((cohorts.cells.objects() as { cohort: string }[]).map((r) => r.cohort))];
      assert.deepEqual(labels, ['2020-12'], `${name}: cohort month`);
    }
  });

  it('reads ids as memory does: 17850.0 is 17850, surrounding spaces trimmed, padding kept', async () => {
    const expected = await memory(ids);
    assert.deepEqual(Object.keys(expected).sort(), ['0042', '17850']);
    for (const { name, engine } of engines)
      assert.deepEqual(usersOf((await rfmSql(engine, { file: ids })).users), expected, name);
  });

  it('reads a path literally, however its name looks like a pattern', async () => {
    for (const { name, engine } of engines) {
      for (const path of [bracket, star, braces, question]) {
        const got = usersOf((await rfmSql(engine, { file: path })).users);
        assert.deepEqual(Object.keys(got).sort(), ['0042', '007', '7'], `${name} ${path}`);
      }
    }
  });

  it('reads a pattern only when asked with { glob }', async () => {
    const patterns: Record<string, string> = {
      duckdb: join(dir, 'orders-*.csv'),
      chdb: join(dir, 'orders-*.csv'),
    };
    for (const { name, engine } of engines) {
      const got = usersOf((await rfmSql(engine, { glob: patterns[name] })).users);
      assert.deepEqual(Object.keys(got), ['decoy'], name);
    }
  });

  it('refuses day/month-ambiguous dates with an InputError naming the column and value, as load() does', async () => {
    await assert.rejects(memory(ambiguous), InputError);
    for (const { name, engine } of engines) {
      await assert.rejects(
        rfmSql(engine, { file: ambiguous }),
        (e: unknown) => e instanceof InputError && /column "ts".*"05\/06\/2020"/.test(e.message),
        name,
      );
    }
  });

  it('refuses an empty path, a missing file, a folder and a non-Parquet file with Fupan errors', async () => {
    const cases: [SqlSource, RegExp][] = [
      [{ file: '' }, /invalid file/],
      [{ file: join(dir, 'missing.parquet') }, /missing\.parquet: cannot open the file \(ENOENT\)/],
      [{ file: folder }, /folder\.parquet: is a directory/],
      [{ file: notParquet }, /orders\.parquet: not a Parquet file/],
      [{ glob: '' }, /invalid glob/],
    ];
    for (const { name, engine } of engines) {
      for (const [source, message] of cases) {
        await assert.rejects(
          rfmSql(engine, source),
          (e: unknown) => (e instanceof InputError || e instanceof SpecError) && message.test(e.message),
          `${name} ${JSON.stringify(source)}`,
        );
      }
    }
  });

  it('keeps names holding {name:Type} placeholder syntax as names, and refuses a hostile groupBy with an InputError naming it', async () => {
    const placeholders = file(
      'placeholders.csv',
      'uid{p0:String},{p1:Float64}ts,`amount`{x:Int64}\nu1,2020-12-01,5\nu2,2020-12-03,7\n',
    );
    for (const { name, engine } of engines) {
      const got = usersOf(
        (
          await rfmSql(
            engine,
            { file: placeholders },
            {},
            {
              userId: 'uid{p0:String}',
              ts: '{p1:Float64}ts',
              amount: '`amount`{x:Int64}',
            },
          )
        ).users,
      );
      assert.deepEqual(got, { u1: [3, 5], u2: [1, 7] }, name);
      await assert.rejects(
        rfmSql(engine, { file: dates }, { groupBy: 'nope"; DROP TABLE x; --{p9:String}' }),
        (e: unknown) =>
          e instanceof InputError &&
          /has no column "nope"; DROP TABLE x; --\{p9:String\}" \(groupBy\)/.test(e.message),
        name,
      );
    }
  });
});
