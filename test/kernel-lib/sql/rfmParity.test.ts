import assert from 'node:assert/strict';
import type { ColumnTable } from 'arquero';
import { rfm, type RfmResult } from '../../../kernel-lib/src/metrics/rfm/rfm.js';
import type { RfmSpec } from '../../../kernel-lib/src/metrics/rfm/spec.js';
import { rfmSegmentsSql, rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import type { SqlEngine, SqlSource } from '../../../kernel-lib/src/sql/engine.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';
import { serverEngines } from '../../support/scope.js';
import {
  assertRowsClose,
  asTable,
  loadShards,
  parityOrders,
  writeParquet,
  type OrderRow,
} from './parityData.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

/** Every scoring rule and every definition option, each checked on all engines. */
const SPECS: RfmSpec[] = [
  {},
  { scoring: { method: 'quantile', bins: 3, ties: 'max' } },
  { scoring: { method: 'quantile', ties: 'average' }, high: 3 },
  // Ordinal ranks (ties by user id, pandas rank(method='first')), per group too.
  { scoring: { method: 'quantile', ties: 'ordinal' } },
  { groupBy: 'line', scoring: { recency: { method: 'quantile', bins: 4, ties: 'ordinal' } } },
  { scoring: { method: 'mean' } },
  { scoring: { method: 'pareto' } },
  { scoring: { method: 'pareto', share: 0.7, basis: 'users' } },
  { scoring: { method: 'topN', n: 25 } },
  { scoring: { method: 'topPercent', percent: 15 } },
  { scoring: { method: 'cuts', recency: [30, 90, 180], frequency: [2, 4], monetary: [1000, 5000] } },
  { scoring: { recency: { method: 'mean' }, frequency: { method: 'topPercent', percent: 30 } } },
  { groupBy: 'line', scoring: { method: 'pareto' } },
  { refunds: 'exclude', frequency: 'purchaseDays', timeZone: 'Asia/Shanghai' },
  { recency: 'ageAtLast', monetary: 'mean', timeZone: 'America/New_York', asOf: '2016-12-01', window: 200 },
  // Purchase days and first/last days across daylight-saving changes: rows at 23:xx UTC are on the next
  // local day in London's summer only, so an offset change placed wrong moves days.
  { frequency: 'purchaseDays', recency: 'ageAtLast', timeZone: 'Europe/London' },
];

/** Users sorted by group then id, as plain objects, with values rounded to 1e-9 relative for comparison. */
function normalised(users: ColumnTable, groupBy?: string): Record<string, unknown>[] {
  const rows = users.objects() as Record<string, unknown>[];
  const key = (r: Record<string, unknown>) => `${groupBy ? r[groupBy] : ''}\u0000${r.user_id}`;
  return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

describe('rfmSql: the same answers as rfm() on DuckDB, chdb and a two-shard ClickHouse cluster', function () {
  this.timeout(180_000);
  const rows: OrderRow[] = parityOrders(20161001, 3000);
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = rfm(memory, spec);
      const expectedUsers = normalised(expected.users, spec.groupBy);
      assert.ok(expectedUsers.length > 100, 'the data must score many users');
      await sameOnEveryEngine(
        run().engines,
        expected,
        async ({ engine, source }) => ({
          scores: await rfmSql(engine, source, spec),
          inEngine: await rfmSegmentsSql(engine, source, spec),
        }),
        (actual, expected, name) => {
          assert.equal(actual.scores.spec.asOf, expected.spec.asOf, `${name}: as-of day`);
          assert.deepEqual(
            normalised(actual.scores.users, spec.groupBy),
            expectedUsers,
            `${name}: per-user values, scores, segments`,
          );
          const counts = (t: ColumnTable) => (t.objects() as { users: number }[]).map((r) => r.users);
          assert.deepEqual(
            counts(actual.scores.segments),
            counts(expected.segments),
            `${name}: segment counts`,
          );
          const highs = (r: RfmResult) =>
            r.thresholds.map((t) => [t.group, t.recency.highFrom, t.frequency.highFrom, t.monetary.highFrom]);
          assert.deepEqual(highs(actual.scores), highs(expected), `${name}: high thresholds`);
          // Money is summed in whole millionths everywhere: totals are identical (===), not merely close.
          const money = (t: ColumnTable) =>
            (t.objects() as Record<string, unknown>[]).map((r) => [r.total_monetary, r.mean_monetary]);
          assert.deepEqual(money(actual.scores.segments), money(expected.segments), `${name}: money, exact`);
          assert.deepEqual(
            money(actual.inEngine.segments),
            money(expected.segments),
            `${name}: money computed in the engine, exact`,
          );
          partsClose<{ segments: ColumnTable }>('segments')(
            { segments: actual.inEngine.segments },
            expected,
            `${name} (segments computed in the engine)`,
          );
        },
      );
    });
  }
});

describe('rfmSql with hostile column names and values', function () {
  this.timeout(120_000);
  const hostile = {
    user_id: `user"; DROP TABLE orders; --`,
    ts: "ts' OR '1'='1",
    amount: 'amount`) /* x */',
    line: 'line\\; SELECT 1',
  };
  const rows = parityOrders(7, 600).map((r) => ({ ...r, line: r.line === 'fund' ? `fu'nd"; --` : r.line }));
  let cluster: ClickHouseCluster | undefined;
  before(async () => {
    if (serverEngines) cluster = await startClickHouseCluster();
  });
  after(async () => cluster?.stop());

  it('quotes identifiers and binds values on every engine: same answer as in memory', async () => {
    const spec: RfmSpec = { groupBy: hostile.line, userColumn: hostile.user_id, scoring: { method: 'mean' } };
    const memory = asTable(rows).rename({ user_id: hostile.user_id, line: hostile.line });
    const expected = normalised(rfm(memory, spec).users, hostile.line);
    const runs: [SqlEngine, SqlSource][] = [];
    if (cluster) {
      await loadShards(cluster.urls, cluster.cluster, rows, 'hostile', hostile);
      runs.push([await clickhouse({ url: cluster.urls[0] }), { table: 'hostile' }]);
    } else {
      const parquet = await writeParquet(rows, hostile);
      runs.push([await duckdb({ threads: 1 }), { file: parquet }], [await chdbEngine(), { file: parquet }]);
    }
    for (const [engine, source] of runs) {
      const result = await rfmSql(engine, source, spec, { ts: hostile.ts, amount: hostile.amount });
      assertRowsClose(normalised(result.users, hostile.line), expected, engine.description);
      assert.ok(
        result.users.objects().some((r) => (r as Record<string, unknown>)[hostile.line] === `fu'nd"; --`),
      );
      await engine.close();
    }
  });
});
