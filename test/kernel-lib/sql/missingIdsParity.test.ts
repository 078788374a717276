import assert from 'node:assert/strict';
import { churn } from '../../../kernel-lib/src/metrics/churn/churn.js';
import type { ChurnSpec } from '../../../kernel-lib/src/metrics/churn/spec.js';
import { lifecycle } from '../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import type { LifecycleSpec } from '../../../kernel-lib/src/metrics/lifecycle/spec.js';
import { lifecycleTrend } from '../../../kernel-lib/src/metrics/lifecycle/trend.js';
import { dialectOf, SqlBuilder } from '../../../kernel-lib/src/sql/dialect.js';
import { churnSql } from '../../../kernel-lib/src/sql/metrics/churn.js';
import { lifecycleTrendSql } from '../../../kernel-lib/src/sql/metrics/lifecycle.js';
import { lifecycleSql } from '../../../kernel-lib/src/sql/metrics/lifecycleStages.js';
import { assertRowsClose, rowsOf } from './parityData.js';
import { stageEngines, stageTables, type StageRun, type StageTables } from './lifecycleStagesData.js';

const DAY = 86_400_000;

/**
 * The seeded P2P tables plus rows with missing values where Parquet files and Nullable columns hold them: events
 * and orders without a user id, events without an event name (one of them a member's only activity near the
 * end), a user without a channel. The SQL text of these columns must keep NULL as NULL (ClickHouse's
 * `CAST(NULL AS String)` throws).
 */
function withMissingValues(): StageTables {
  const t = stageTables(19, 250);
  const late = Date.UTC(2016, 11, 20, 15);
  const member = String(t.users.rows[3].user_id);
  t.users.rows[5].channel = null;
  for (let i = 0; i < 4; i++) {
    t.events.rows.push({ user_id: null, ts: late - i * 40 * DAY, event: 'login' });
    t.events.rows.push({ user_id: member, ts: late + i * DAY, event: null });
    t.orders.rows.push({ user_id: null, ts: late - i * 30 * DAY, amount: 500, term_days: 30 });
  }
  return t;
}

const LIFECYCLE: LifecycleSpec[] = [
  { asOf: '2016-12-31' },
  { asOf: '2017-01-31', growthRequires: [], churn: { days: 30, activityEvents: ['login'] } },
];
const CHURN: ChurnSpec[] = [
  { asOf: '2016-12-31', days: 30, activityEvents: ['login', 'page_view'] },
  { asOf: '2017-01-31', days: 45, activityEvents: ['login'], stages: {} },
];

describe('SQL lifecycle and churn over missing user ids and event names (Parquet on DuckDB and chdb, Nullable columns on two ClickHouse 18.16 shards)', function () {
  this.timeout(180_000);
  let run: StageRun;
  before(async () => {
    run = await stageEngines(withMissingValues());
  });
  after(async () => run?.stop());

  it('the fixture holds the missing values in every engine', async () => {
    for (const { name, engine, sources } of run.engines) {
      const b = new SqlBuilder(dialectOf(engine.dialect));
      const [row] = await engine.query<{ ids: number; kinds: number }>({
        sql: `SELECT sum(CASE WHEN user_id IS NULL THEN 1 ELSE 0 END) AS ids,
          sum(CASE WHEN event IS NULL THEN 1 ELSE 0 END) AS kinds FROM ${b.dialect.relation(sources.events!, b)}`,
        params: b.params,
      });
      assert.deepEqual([Number(row.ids), Number(row.kinds)], [4, 4], name);
    }
  });

  for (const spec of LIFECYCLE) {
    it(`lifecycleSql gives lifecycle()'s stages on ${JSON.stringify(spec)}`, async () => {
      const expected = lifecycle(run.memory, spec);
      const byId = rowsOf(expected.users).sort((a, b) => (String(a.user_id) < String(b.user_id) ? -1 : 1));
      for (const { name, engine, sources } of run.engines) {
        const actual = await lifecycleSql(engine, sources, spec, run.columns);
        assertRowsClose(rowsOf(actual.users), byId, `${name}: users`);
        assertRowsClose(rowsOf(actual.counts), rowsOf(expected.counts), `${name}: counts`);
        assert.deepEqual(actual.notes, expected.notes, `${name}: notes`);
      }
    });
  }

  for (const spec of CHURN) {
    it(`churnSql gives churn()'s answer on ${JSON.stringify(spec)}`, async () => {
      const expected = churn(run.memory, spec);
      assert.ok(expected.churned().length > 0);
      for (const { name, engine, sources } of run.engines) {
        const actual = await churnSql(engine, sources, spec, run.columns);
        assert.equal(actual.users, expected.users.numRows(), `${name}: users`);
        assert.equal(actual.churned, expected.churned().length, `${name}: churned`);
        assertRowsClose(rowsOf(actual.byPeriod), rowsOf(expected.byPeriod), `${name}: byPeriod`);
        if (spec.stages)
          assertRowsClose(
            rowsOf(actual.byStageChannel!),
            rowsOf(expected.byStageChannel),
            `${name}: byStageChannel`,
          );
      }
    });
  }

  it("lifecycleTrendSql gives lifecycleTrend()'s counts", async () => {
    const spec = { asOf: '2017-01-31', activityEvents: ['login'] };
    const expected = lifecycleTrend(run.memory, spec);
    for (const { name, engine, sources } of run.engines) {
      const actual = await lifecycleTrendSql(engine, sources, spec, run.columns);
      assertRowsClose(rowsOf(actual.counts), rowsOf(expected.counts), `${name}: counts`);
    }
  });
});
