import assert from 'node:assert/strict';
import {
  ACTIVITY_STATUSES,
  lifecycleTrend,
  type LifecycleTrendSpec,
} from '../../../kernel-lib/src/metrics/lifecycle/trend.js';
import { lifecycleTrendSql } from '../../../kernel-lib/src/sql/metrics/lifecycle.js';
import { assertRowsClose } from './parityData.js';
import { USER_DATA_COLUMNS, userDataEngines, type UserDataRun } from './parityUsers.js';

const SPECS: LifecycleTrendSpec[] = [
  { asOf: '2016-12-31' },
  { asOf: '2017-02-10', period: 'week', activityEvents: ['loan'], ordersCountAsActivity: false },
  { asOf: '2016-09-30', newRule: 'signup', timeZone: 'Asia/Shanghai', from: '2016-03-01' },
  {
    asOf: '2017-03-31',
    period: 'day',
    activityEvents: ['fund'],
    ordersCountAsActivity: false,
    newRule: 'signup',
  },
  // Rows at 23:xx UTC are on the next local day in London's summer only: an offset change placed wrong moves days.
  { asOf: '2016-12-31', period: 'day', newRule: 'signup', timeZone: 'Europe/London' },
];

const rowsOf = (t: { objects(): object[] }) => t.objects() as Record<string, unknown>[];

describe('lifecycleTrendSql: the same new/returning/resurrecting/dormant counts as lifecycleTrend() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(120_000);
  let run: UserDataRun;
  before(async () => {
    run = await userDataEngines(31, 2500);
  });
  after(async () => run?.stop());

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = lifecycleTrend(run.memory, spec);
      const counts = rowsOf(expected.counts);
      for (const status of ACTIVITY_STATUSES) {
        assert.ok(
          counts.some((r) => r.status === status && Number(r.users) > 0),
          `some ${status}`,
        );
      }
      // The users behind the busiest cell of each status.
      const cells = ACTIVITY_STATUSES.map((status) =>
        counts
          .filter((r) => r.status === status)
          .reduce((a, r) => (Number(r.users) > Number(a.users) ? r : a)),
      );
      for (const { name, engine, sources } of run.engines) {
        const actual = await lifecycleTrendSql(engine, sources, spec, USER_DATA_COLUMNS);
        assertRowsClose(rowsOf(actual.counts), counts, `${name}: counts`);
        assert.deepEqual(actual.notes, expected.notes, `${name}: notes`);
        assert.deepEqual(actual.spec, expected.spec, `${name}: spec`);
        for (const c of cells) {
          const status = c.status as (typeof ACTIVITY_STATUSES)[number];
          assert.deepEqual(
            await actual.usersIn(String(c.period), status),
            expected.usersIn(String(c.period), status).sort(),
            `${name}: users of ${c.period} ${status}`,
          );
        }
      }
    });
  }

  it('rejects bad options and unknown cells', async () => {
    const { engine, sources } = run.engines[0];
    await assert.rejects(
      lifecycleTrendSql(engine, sources, { asOf: '2016-12-31', newRule: 'x' as never }),
      /invalid newRule/,
    );
    const t = await lifecycleTrendSql(engine, sources, { asOf: '2016-12-31' }, USER_DATA_COLUMNS);
    await assert.rejects(t.usersIn('1999-01', 'new'), /invalid period/);
  });
});
