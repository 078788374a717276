import assert from 'node:assert/strict';
import { churn } from '../../../kernel-lib/src/metrics/churn/churn.js';
import type { ChurnSpec } from '../../../kernel-lib/src/metrics/churn/spec.js';
import { churnSql } from '../../../kernel-lib/src/sql/metrics/churn.js';
import { assertRowsClose } from './parityData.js';
import { USER_DATA_COLUMNS, userDataEngines, type UserDataRun } from './parityUsers.js';

const SPECS: ChurnSpec[] = [
  { asOf: '2016-12-31' },
  { asOf: '2017-02-10', days: 14, activityEvents: ['loan'], ordersCountAsActivity: false, period: 'week' },
  { asOf: '2016-09-30', days: 45, activityEvents: ['fund'], timeZone: 'Asia/Shanghai', from: '2016-01-01' },
  { asOf: '2017-03-31', days: 60, activityEvents: ['fund', 'loan'], ordersCountAsActivity: false },
  // Rows at 23:xx UTC are on the next local day in London's summer only: an offset change placed wrong moves days.
  { asOf: '2016-12-31', days: 3, period: 'week', timeZone: 'Europe/London' },
];

describe('churnSql: the same churned users and series as churn() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(120_000);
  let run: UserDataRun;
  before(async () => {
    run = await userDataEngines(5, 2500);
  });
  after(async () => run?.stop());

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      // Stages do not change churn; the users table has no verification columns.
      const expected = churn(run.memory, { ...spec, stages: { growthRequires: [] } });
      const series = expected.byPeriod.objects() as Record<string, unknown>[];
      assert.ok(series.length > 3 && series.some((r) => Number(r.churned_users) > 0));
      const churned = expected.churned().length;
      assert.ok(churned > 0 && churned < expected.users.numRows());
      for (const { name, engine, sources } of run.engines) {
        const actual = await churnSql(engine, sources, spec, USER_DATA_COLUMNS);
        assert.equal(actual.users, expected.users.numRows(), `${name}: users`);
        assert.equal(actual.churned, churned, `${name}: churned`);
        assertRowsClose(actual.byPeriod.objects() as Record<string, unknown>[], series, `${name}: byPeriod`);
      }
    });
  }

  it('rejects a bad spec with the same message as churn(), on every engine (one spec, one check)', async () => {
    const bad: unknown[] = [
      null,
      { asOf: '2016-12-31', byStage: true },
      { asOf: '2016-13-01' },
      { days: 30 },
      { asOf: '2016-12-31', days: 0 },
      { asOf: '2016-12-31', activityEvents: 'login' },
      { asOf: '2016-12-31', ordersCountAsActivity: 'yes' },
      { asOf: '2016-12-31', period: 'year' },
      { asOf: '2016-12-31', from: '2016-1-1' },
      { asOf: '2016-12-31', timeZone: 'Mars/Olympus' },
      { asOf: '2016-12-31', stages: 5 },
      { asOf: '2016-12-31', stages: { asOf: '2016-01-01' } },
      { asOf: '2016-12-31', stages: { growthRequires: ['rich'] } },
    ];
    for (const spec of bad) {
      const memory = messageOf(() => churn(run.memory, spec as ChurnSpec));
      assert.match(memory, /^invalid /, `churn() on ${JSON.stringify(spec)}`);
      for (const { name, engine, sources } of run.engines) {
        await assert.rejects(
          churnSql(engine, sources, spec as ChurnSpec, USER_DATA_COLUMNS),
          (e: Error) => e.message === memory,
          `${name} on ${JSON.stringify(spec)}: expected "${memory}"`,
        );
      }
    }
  });

  it('refuses bad stage options and bad rules', async () => {
    const { engine, sources } = run.engines[0];
    await assert.rejects(
      churnSql(engine, sources, { asOf: '2016-12-31', stages: 5 } as never),
      /invalid stages: "5"/,
    );
    await assert.rejects(
      churnSql(engine, sources, { asOf: '2016-12-31', byStage: true } as never),
      /invalid churn/,
    );
    await assert.rejects(churnSql(engine, sources, { asOf: '2016-12-31', days: 0 }), /invalid churn.days/);
  });
});

/** The message of the error `f` throws (fails when it throws none). */
function messageOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('expected an error');
}
