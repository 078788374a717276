import assert from 'node:assert/strict';
import { churn } from '../../../kernel-lib/src/metrics/churn/churn.js';
import type { ChurnSpec } from '../../../kernel-lib/src/metrics/churn/spec.js';
import { lifecycle, type LifecycleResult } from '../../../kernel-lib/src/metrics/lifecycle/lifecycle.js';
import type { LifecycleSpec } from '../../../kernel-lib/src/metrics/lifecycle/spec.js';
import { LIFECYCLE_STAGES, type LifecycleStage } from '../../../kernel-lib/src/metrics/lifecycle/stages.js';
import {
  lifecycleSnapshots,
  stageTransitions,
  type TransitionState,
} from '../../../kernel-lib/src/metrics/lifecycle/transitions.js';
import { stageBars, stageSankey, stageTrend } from '../../../kernel-lib/src/present/lifecycleFigures.js';
import { lifecycleStageTable, transitionTable } from '../../../kernel-lib/src/present/lifecycleTables.js';
import { churnSql } from '../../../kernel-lib/src/sql/metrics/churn.js';
import {
  lifecycleSnapshotsSql,
  lifecycleSql,
  stageTransitionsSql,
} from '../../../kernel-lib/src/sql/metrics/lifecycleStages.js';
import { assertRowsClose, rowsOf } from './parityData.js';
import { stageEngines, stageTables, type StageRun } from './lifecycleStagesData.js';

const SPECS: LifecycleSpec[] = [
  { asOf: '2016-12-31' },
  {
    asOf: '2017-03-31',
    timeZone: 'Asia/Shanghai',
    maturityRule: 'longTermAfterShort',
    longTermDays: 90,
    dormancyDays: 45,
    emptyBalance: 10,
    holdingsDropShare: 0.3,
  },
  {
    asOf: '2016-09-30',
    growthRequires: [],
    churn: { days: 60, activityEvents: ['page_view', 'login'], ordersCountAsActivity: false },
  },
  {
    asOf: '2017-02-10',
    growthRequires: ['verified'],
    dormancyDays: 20,
    churn: { days: 90, activityEvents: [] },
  },
];

/** The in-memory result with users in id order (engines have no row order). */
function byId(r: LifecycleResult) {
  return rowsOf(r.users).sort((a, b) => (String(a.user_id) < String(b.user_id) ? -1 : 1));
}

/** Every stage and every signal turns up, so the comparison exercises every rule. */
function assertEveryRuleFires(r: LifecycleResult): void {
  const rows = rowsOf(r.users);
  for (const stage of LIFECYCLE_STAGES)
    assert.ok(
      rows.some((x) => x.stage === stage),
      `some ${stage}`,
    );
  for (const flag of ['no_transaction_since_signup', 'withdrawn_after_maturity', 'holdings_drop'])
    assert.ok(
      rows.some((x) => x[flag] === true),
      `some ${flag}`,
    );
}

/** Asserts an engine's lifecycle result is the in-memory one. */
function assertSameStages(actual: LifecycleResult, expected: LifecycleResult, name: string): void {
  assertRowsClose(rowsOf(actual.users), byId(expected), `${name}: users`);
  assertRowsClose(rowsOf(actual.counts), rowsOf(expected.counts), `${name}: counts`);
  assert.deepEqual(actual.spec, expected.spec, `${name}: spec`);
  assert.deepEqual(actual.notes, expected.notes, `${name}: notes`);
  for (const stage of LIFECYCLE_STAGES)
    assert.deepEqual(actual.usersIn(stage), expected.usersIn(stage).sort(), `${name}: users in ${stage}`);
  // Presentation takes the SQL result unchanged.
  assert.deepEqual(lifecycleStageTable(actual), lifecycleStageTable(expected), `${name}: stage table`);
  assert.deepEqual(stageBars(actual), stageBars(expected), `${name}: stage bars`);
}

describe('lifecycleSql: the same five stages, signals and dormancy flags as lifecycle() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(180_000);
  let run: StageRun;
  before(async () => {
    run = await stageEngines(stageTables(7, 700));
  });
  after(async () => run?.stop());

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = lifecycle(run.memory, spec);
      if (spec.asOf === '2017-03-31') assertEveryRuleFires(expected);
      for (const { name, engine, sources } of run.engines)
        assertSameStages(await lifecycleSql(engine, sources, spec, run.columns), expected, name);
    });
  }

  it('notes what the data cannot show, as in memory', async () => {
    const spec = { asOf: '2017-01-31', growthRequires: [] };
    const { users, orders } = run.memory;
    const expected = lifecycle({ users, orders: orders!.select('user_id', 'ts', 'amount') }, spec);
    assert.equal(expected.notes.length, 3);
    for (const { name, engine, sources } of run.engines) {
      const columns = { ...run.columns, orders: { ...run.columns.orders, termDays: 'no such column' } };
      const actual = await lifecycleSql(
        engine,
        { users: sources.users, orders: sources.orders },
        spec,
        columns,
      );
      assertSameStages(actual, expected, name);
    }
  });

  it('gives the same stage snapshots and transitions as lifecycleSnapshots() and stageTransitions()', async () => {
    const spec: LifecycleSpec = { asOf: '2017-01-20', growthRequires: ['cardBound'], dormancyDays: 40 };
    const options = { from: '2016-09-15', period: 'month' as const };
    const expected = lifecycleSnapshots(run.memory, spec, options);
    const moves = expected.transition(2, 4);
    const busiest = rowsOf(moves.cells)
      .filter((c) => c.from_stage !== c.to_stage)
      .sort((a, b) => Number(b.users) - Number(a.users))[0];
    assert.ok(Number(busiest.users) > 0);
    const cell = [busiest.from_stage, busiest.to_stage] as [TransitionState, LifecycleStage];
    const dates = { from: '2016-11-03', to: '2017-01-20' };
    const direct = stageTransitions(run.memory, spec, dates);
    for (const { name, engine, sources } of run.engines) {
      const actual = await lifecycleSnapshotsSql(engine, sources, spec, options, run.columns);
      assert.deepEqual(actual.dates, expected.dates, `${name}: dates`);
      assert.deepEqual(actual.spec, expected.spec, `${name}: spec`);
      assertRowsClose(rowsOf(actual.counts), rowsOf(expected.counts), `${name}: counts`);
      const t = actual.transition(2, 4);
      assert.deepEqual(t.matrix, moves.matrix, `${name}: matrix`);
      assert.deepEqual(stageTrend(actual), stageTrend(expected), `${name}: stage trend figure`);
      assert.deepEqual(transitionTable(t), transitionTable(moves), `${name}: transition table`);
      assert.deepEqual(stageSankey(t), stageSankey(moves), `${name}: sankey`);
      assert.deepEqual(t.usersIn(...cell), moves.usersIn(...cell).sort(), `${name}: users of ${cell}`);
      const d = await stageTransitionsSql(engine, sources, spec, dates, run.columns);
      assert.deepEqual(d.matrix, direct.matrix, `${name}: stageTransitions`);
      assert.deepEqual(
        d.usersIn(...cell),
        direct.usersIn(...cell).sort(),
        `${name}: stageTransitions ${cell}`,
      );
    }
  });

  const CHURN: ChurnSpec[] = [
    { asOf: '2016-12-31', stages: {} },
    {
      asOf: '2017-03-31',
      days: 45,
      timeZone: 'Asia/Shanghai',
      period: 'week',
      stages: { growthRequires: ['cardBound'], maturityRule: 'longTermAfterShort' },
    },
  ];
  for (const spec of CHURN) {
    it(`churnSql by stage and by channel within stage agrees with churn() on ${JSON.stringify(spec)}`, async () => {
      const expected = churn(run.memory, spec);
      const byStage = rowsOf(expected.byStage);
      assert.ok(byStage.every((r) => Number(r.users) > 0 && Number(r.churned) > 0));
      for (const { name, engine, sources } of run.engines) {
        const actual = await churnSql(engine, sources, spec, run.columns);
        assert.equal(actual.churned, expected.churned().length, `${name}: churned`);
        assertRowsClose(rowsOf(actual.byPeriod), rowsOf(expected.byPeriod), `${name}: byPeriod`);
        assertRowsClose(rowsOf(actual.byStage!), byStage, `${name}: byStage`);
        assertRowsClose(
          rowsOf(actual.byStageChannel!),
          rowsOf(expected.byStageChannel),
          `${name}: byStageChannel`,
        );
      }
    });
  }

  it('refuses what memory refuses: missing growth columns, bad options', async () => {
    const { engine, sources } = run.engines[0];
    const columns = { ...run.columns, users: { ...run.columns.users, verifiedAt: 'verified' } };
    await assert.rejects(
      lifecycleSql(engine, sources, { asOf: '2016-12-31' }, columns),
      /missing column "verified"/,
    );
    await assert.rejects(
      lifecycleSql(engine, sources, { asOf: '2016-12-31', maturityRule: 'x' as never }),
      /invalid maturityRule/,
    );
    await assert.rejects(
      churnSql(engine, sources, { asOf: '2016-12-31', stages: { asOf: 'x' } as never }),
      /invalid stages option: "asOf"/,
    );
  });
});

describe('lifecycleSql and churnSql by stage with hostile column names and values', function () {
  this.timeout(180_000);
  const HOSTILE_CHANNEL = `we'b"; DROP TABLE users; --`;
  const LOGIN = 'log\\in`; SELECT 1 /*';
  const tables = stageTables(11, 300, ['app', HOSTILE_CHANNEL]);
  for (const r of tables.events.rows) if (r.event === 'login') r.event = LOGIN;
  let run: StageRun;
  before(async () => {
    run = await stageEngines(tables, (c) => `${c}"; DROP TABLE x; -- \`) /* '`);
  });
  after(async () => run?.stop());

  it('gives the in-memory answer, with names quoted and values bound', async () => {
    const spec: LifecycleSpec = { asOf: '2017-01-31', churn: { activityEvents: [LOGIN] } };
    const expected = lifecycle(run.memory, spec);
    const churned = churn(run.memory, { asOf: '2017-01-31', activityEvents: [LOGIN], stages: {} });
    assert.ok(rowsOf(churned.byStageChannel).some((r) => r.channel === HOSTILE_CHANNEL));
    for (const { name, engine, sources } of run.engines) {
      assertSameStages(await lifecycleSql(engine, sources, spec, run.columns), expected, name);
      const actual = await churnSql(
        engine,
        sources,
        { asOf: '2017-01-31', activityEvents: [LOGIN], stages: {} },
        run.columns,
      );
      assertRowsClose(
        rowsOf(actual.byStageChannel!),
        rowsOf(churned.byStageChannel),
        `${name}: byStageChannel`,
      );
    }
  });
});
