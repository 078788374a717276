import assert from 'node:assert/strict';
import { activeUsers, type ActiveUsersSpec } from '../../../kernel-lib/src/metrics/activity.js';
import { activeUsersSql } from '../../../kernel-lib/src/sql/metrics/activity.js';
import { asTable, parityOrders, rowsOf } from './parityData.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const SPECS: ActiveUsersSpec[] = [
  {},
  { period: 'week', timeZone: 'Asia/Shanghai' },
  { period: 'month', asOf: '2016-09-15', timeZone: 'America/New_York' },
  { period: 'month', activityEvent: { column: 'line', values: ['loan'] } },
  { window: 'rolling', period: 'week', timeZone: 'Asia/Shanghai' },
  {
    window: 'rolling',
    period: 'month',
    asOf: '2016-12-31',
    activityEvent: { column: 'line', values: ['fund'] },
  },
  { window: 'rolling', rollingDays: 3, asOf: '2017-03-01' },
];

describe('activeUsersSql: the same DAU/WAU/MAU table as activeUsers() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(120_000);
  const rows = parityOrders(11, 2500);
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = activeUsers(memory, spec);
      const table = rowsOf(expected.table);
      assert.ok(table.length > 5);
      assert.ok(table.some((r) => Number(r.returning) > 0) && table.some((r) => Number(r.new) > 0));
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => activeUsersSql(e.engine, e.source, spec),
        partsClose('asOf', 'table'),
      );
    });
  }

  it('refuses new users by sign-up (they need the users table)', async () => {
    const { engine, source } = run().engines[0];
    await assert.rejects(activeUsersSql(engine, source, { newBy: 'signup' }), /invalid newBy/);
  });
});
