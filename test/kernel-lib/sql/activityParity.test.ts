import assert from 'node:assert/strict';
import { activeUsers } from '../../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import type { ActiveUsersSpec } from '../../../kernel-lib/src/metrics/activeUsers/spec.js';
import { activeUsersSql } from '../../../kernel-lib/src/sql/metrics/activeUsers.js';
import { asTable, parityOrders, rowsOf } from './parityData.js';
import { userDataEngines } from './parityUsers.js';
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
  // Rows at 23:xx UTC are on the next local day in London's summer only: an offset change placed wrong moves days.
  { window: 'rolling', rollingDays: 1, timeZone: 'Europe/London' },
];

/** New users by sign-up (the default with a users source), and by first activity beside a users source. */
const SIGNUP_SPECS: ActiveUsersSpec[] = [
  {},
  { period: 'week', timeZone: 'Asia/Shanghai', newBy: 'signup' },
  { period: 'month', asOf: '2016-09-15', activityEvent: { column: 'line', values: ['loan'] } },
  { window: 'rolling', period: 'week', timeZone: 'America/New_York' },
  { window: 'rolling', rollingDays: 3, asOf: '2017-03-01' },
  { window: 'rolling', period: 'month', activityEvent: { column: 'line', values: ['fund'] } },
  { period: 'week', newBy: 'firstSeen' },
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
      assert.ok(table.some((r) => Number(r.existing) > 0) && table.some((r) => Number(r.new) > 0));
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => activeUsersSql(e.engine, e.source, spec),
        partsClose('asOf', 'table'),
      );
    });
  }

  it('needs a users source for new users by sign-up', async () => {
    const { engine, source } = run().engines[0];
    await assert.rejects(activeUsersSql(engine, source, { newBy: 'signup' }), /invalid newBy/);
  });
});

describe('activeUsersSql with a users source: new users by sign-up as activeUsers() with a users table', function () {
  this.timeout(120_000);
  const run = engineHooks(() => userDataEngines(29, 2500));

  for (const spec of SIGNUP_SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const { memory } = run();
      const expected = activeUsers(memory.orders!, spec, memory.users);
      const table = rowsOf(expected.table);
      assert.ok(table.some((r) => Number(r.existing) > 0) && table.some((r) => Number(r.new) > 0));
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => activeUsersSql(e.engine, { events: e.sources.orders!, users: e.sources.users }, spec),
        partsClose('asOf', 'table'),
      );
    });
  }

  it('counts fewer new users by sign-up than by first activity (some sign up long before buying)', async () => {
    const { engine, sources } = run().engines[0];
    const both = { events: sources.orders!, users: sources.users };
    const total = async (newBy: 'signup' | 'firstSeen') =>
      rowsOf((await activeUsersSql(engine, both, { period: 'week', newBy })).table).reduce(
        (n, r) => n + Number(r.new),
        0,
      );
    assert.ok((await total('signup')) < (await total('firstSeen')));
  });
});
