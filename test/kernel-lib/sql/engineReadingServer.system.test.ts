import assert from 'node:assert/strict';
import { FupanError } from '../../../kernel-lib/src/errors.js';
import { load } from '../../../kernel-lib/src/io/load.js';
import { rfm } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';

/**
 * Issue 21 on the ClickHouse server dialect (Debian's 18.16: no query parameters, no DateTime64): a `Date`
 * column is days, not seconds (item 1); String ids `007`, `7`, ` 0042 `, `17850.0` are read as memory reads
 * them, and a digit string is never turned into a number on the way back (items 2, 11); names holding
 * `{name:Type}` stay names with values inlined as literals (item 16); a hostile groupBy is a FupanError.
 */
describe('ClickHouse server: ids, dates and names as in memory (issue 21)', function () {
  this.timeout(120_000);
  let cluster: ClickHouseCluster;
  let engine: SqlEngine;
  before(async () => {
    cluster = await startClickHouseCluster();
    engine = await clickhouse({ url: cluster.urls[0] });
    await engine.exec({
      sql: 'CREATE TABLE `o{p0:String}` (`uid{p1:String}` String, ts Date, amount Float64) ENGINE = Memory',
      params: {},
    });
    await engine.exec({
      sql: "INSERT INTO `o{p0:String}` VALUES ('007', '2020-12-01', 10), ('7', '2020-12-05', 20), (' 0042 ', '2020-12-10', 5), ('17850.0', '2020-12-10', 1)",
      params: {},
    });
  });
  after(async () => {
    await engine?.close();
    await cluster?.stop();
  });

  it('gives the answer load() and rfm() give on the same rows', async () => {
    const csv =
      'user_id,ts,amount\n007,2020-12-01,10\n7,2020-12-05,20\n 0042 ,2020-12-10,5\n17850.0,2020-12-10,1\n';
    const memory = rfm(await load(csv, { table: 'orders' })).users.objects() as Record<string, unknown>[];
    const got = (
      await rfmSql(engine, { table: 'o{p0:String}' }, {}, { userId: 'uid{p1:String}' })
    ).users.objects() as Record<string, unknown>[];
    const key = (rows: Record<string, unknown>[]) =>
      rows
        .map((r) => [r.user_id, r.recency, r.monetary])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    assert.deepEqual(key(got), key(memory));
    assert.deepEqual(
      key(got).map((r) => r[0]),
      ['0042', '007', '17850', '7'],
    );
  });

  it('refuses a groupBy the table lacks with a FupanError', async () => {
    await assert.rejects(
      rfmSql(
        engine,
        { table: 'o{p0:String}' },
        { groupBy: 'nope`; DROP TABLE x' },
        { userId: 'uid{p1:String}' },
      ),
      FupanError,
    );
  });
});
