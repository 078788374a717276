import assert from 'node:assert/strict';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import type { RetentionSpec } from '../../../kernel-lib/src/metrics/retention/spec.js';
import { retentionSql } from '../../../kernel-lib/src/sql/metrics/retention.js';
import { asTable, parityOrders, rowsOf } from './parityData.js';
import { userDataEngines } from './parityUsers.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const SPECS: RetentionSpec[] = [
  {},
  { mode: 'onOrAfter', days: [1, 7, 30], timeZone: 'Asia/Shanghai' },
  {
    mode: 'brackets',
    brackets: [
      [0, 0],
      [1, 7],
      [8, 30],
      [31, 90],
    ],
    asOf: '2016-10-01',
  },
  { start: 'recurring', period: 'week', periods: 6, cohortPeriod: 'month' },
  { window: 'rolling24h', days: [1, 3, 7], timeZone: 'America/New_York' },
  {
    period: 'month',
    periods: 4,
    startEvent: { column: 'line', values: ['loan'] },
    returnEvent: { column: 'line', values: ['fund'] },
  },
  { breakdown: 'line', mode: 'onOrAfter', days: [1, 7, 30] },
  { breakdown: 'line', start: 'recurring', period: 'week', periods: 4, timeZone: 'Asia/Shanghai' },
];

/** Starts from the users source's sign-up column, and breakdowns by its channel. */
const USER_SPECS: RetentionSpec[] = [
  { startColumn: 'registered_at' },
  { startColumn: 'registered_at', breakdown: 'channel', mode: 'onOrAfter', days: [1, 7, 30] },
  { breakdown: 'channel', period: 'week', periods: 6, timeZone: 'Asia/Shanghai' },
  {
    startColumn: 'registered_at',
    start: 'recurring',
    period: 'month',
    periods: 4,
    returnEvent: { column: 'line', values: ['fund'] },
    breakdown: 'channel',
  },
  { startColumn: 'registered_at', window: 'rolling24h', days: [1, 3, 7], timeZone: 'America/New_York' },
];

describe('retentionSql: the same cells and totals as retention() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(180_000);
  // A start's breakdown value is its row's; among a user's rows at one instant, table order picks in memory
  // and nothing does in SQL: no such ties here.
  const seen = new Set<string>();
  const rows = parityOrders(99, 2500).filter((r) => {
    const key = `${r.user_id}@${r.ts}`;
    return !seen.has(key) && seen.add(key);
  });
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = retention(memory, spec);
      assert.ok(expected.cells.numRows() > 10);
      assert.ok(
        rowsOf(expected.cells).some((r) => Number(r.retained) > 0),
        'some users return',
      );
      if (spec.breakdown) assert.equal(new Set(rowsOf(expected.total).map((r) => r.line)).size, 2);
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => retentionSql(e.engine, e.source, spec),
        partsClose('asOf', 'cells', 'total'),
      );
    });
  }

  it('needs a users source for sign-up starts and a breakdown column somewhere', async () => {
    const { engine, source } = run().engines[0];
    await assert.rejects(
      retentionSql(engine, source, { breakdown: 'channel' }),
      /missing breakdown column "channel"/,
    );
    await assert.rejects(
      retentionSql(engine, source, { startColumn: 'registered_at' }),
      /invalid startColumn.*users source/,
    );
  });
});

describe('retentionSql with a users source: sign-up starts and channel breakdowns as retention() with a users table', function () {
  this.timeout(180_000);
  const run = engineHooks(() => userDataEngines(13, 2500));

  for (const spec of USER_SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const { memory } = run();
      const expected = retention(memory.orders!, spec, memory.users);
      assert.ok(
        rowsOf(expected.cells).some((r) => Number(r.retained) > 0),
        'some users return',
      );
      if (spec.breakdown) assert.ok(rowsOf(expected.total).some((r) => r.channel === 'web'));
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => retentionSql(e.engine, { events: e.sources.orders!, users: e.sources.users }, spec),
        partsClose('asOf', 'cells', 'total'),
      );
    });
  }

  it('says the start row and the users source both lack the breakdown column', async () => {
    const { engine, sources } = run().engines[0];
    await assert.rejects(
      retentionSql(
        engine,
        { events: sources.orders!, users: sources.users },
        {
          startColumn: 'registered_at',
          breakdown: 'line',
        },
      ),
      /missing breakdown column "line"/,
    );
  });
});
