import assert from 'node:assert/strict';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { quoteIdentifier } from '../../../kernel-lib/src/sql/quote.js';
import {
  startClickHouseCluster,
  clickhouseProcesses,
  type ClickHouseCluster,
} from '../../support/clickhouseCluster.js';

const hostile = `x'; DROP TABLE t; -- \\ " \` /* */ 中文`;

describe('SQL engines', function () {
  this.timeout(60_000);
  let cluster: ClickHouseCluster;
  const engines: Record<string, SqlEngine> = {};

  before(async () => {
    cluster = await startClickHouseCluster();
    engines.duckdb = await duckdb({ threads: 1 });
    engines.chdb = await chdbEngine();
    engines.server = await clickhouse({ url: cluster.urls[0] });
  });
  after(async () => {
    for (const e of Object.values(engines)) await e.close();
    await cluster?.stop();
  });

  for (const name of ['duckdb', 'chdb', 'server']) {
    it(`${name} binds hostile values as values, never SQL`, async () => {
      const rows = await engines[name].query<{ s: string; n: number; a: number[] }>({
        sql: 'SELECT {s:String} AS s, {n:Float64} * 2 AS n, {a:Array(Float64)} AS a',
        params: { s: hostile, n: 1.5, a: [1, 2.5] },
      });
      assert.deepEqual(rows, [{ s: hostile, n: 3, a: [1, 2.5] }]);
    });
    it(`${name} quotes hostile identifiers`, async () => {
      const e = engines[name];
      const col = quoteIdentifier('amount"; DROP TABLE x; --`', e.dialect);
      const rows = await e.query<Record<string, number>>({ sql: `SELECT 1 AS ${col}`, params: {} });
      assert.deepEqual(Object.values(rows[0]), [1]);
      assert.deepEqual(Object.keys(rows[0]), ['amount"; DROP TABLE x; --`']);
    });
  }

  it('runs a Distributed table over two real shards', async () => {
    const shards = [];
    for (const url of cluster.urls) shards.push(await clickhouse({ url }));
    try {
      for (const [i, s] of shards.entries()) {
        await s.exec({
          sql: 'CREATE TABLE t_local (user_id String, amount Float64) ENGINE = MergeTree ORDER BY user_id',
          params: {},
        });
        await s.exec({ sql: `INSERT INTO t_local VALUES ('u${i}a', 1), ('u${i}b', 2)`, params: {} });
      }
      await shards[0].exec({
        sql: `CREATE TABLE t_all AS t_local ENGINE = Distributed(${cluster.cluster}, default, t_local, cityHash64(user_id))`,
        params: {},
      });
      const rows = await shards[0].query<{ n: number; total: number }>({
        sql: 'SELECT count() AS n, sum(amount) AS total FROM t_all',
        params: {},
      });
      assert.deepEqual(rows, [{ n: 4, total: 6 }]);
    } finally {
      for (const s of shards) await s.close();
    }
  });

  it('leaves no server behind', async () => {
    const c = await startClickHouseCluster();
    assert.equal(clickhouseProcesses().filter((p) => p.includes(c.dir)).length, 2);
    await c.stop();
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      clickhouseProcesses().filter((p) => p.includes(c.urls[0])),
      [],
    );
  });
});
