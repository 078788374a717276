import assert from 'node:assert/strict';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import {
  startClickHouseCluster,
  clickhouseProcesses,
  type ClickHouseCluster,
} from '../../support/clickhouseCluster.js';
import { bindsAndQuotes } from './bindsAndQuotes.js';

describe('SQL engines (ClickHouse server: two real shards)', function () {
  this.timeout(60_000);
  let cluster: ClickHouseCluster;
  const engines: Record<string, SqlEngine> = {};

  before(async () => {
    cluster = await startClickHouseCluster();
    engines.server = await clickhouse({ url: cluster.urls[0] });
  });
  after(async () => {
    for (const e of Object.values(engines)) await e.close();
    await cluster?.stop();
  });

  bindsAndQuotes(['server'], engines);

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
