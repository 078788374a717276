import assert from 'node:assert/strict';
import { funnel, type FunnelResult } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import { funnelUsers } from '../../../kernel-lib/src/metrics/funnel/usersIn.js';
import type { FunnelSpec } from '../../../kernel-lib/src/metrics/funnel/spec.js';
import { funnelSql } from '../../../kernel-lib/src/sql/metrics/funnel.js';
import { assertRowsClose, asTable, parityOrders, rowsOf } from './parityData.js';
import { userDataEngines } from './parityUsers.js';
import { engineHooks, parityEngines, partsClose, sameOnEveryEngine } from './parityEngines.js';

const SPECS: FunnelSpec[] = [
  { steps: ['fund', 'loan'], eventColumn: 'line' },
  { steps: ['loan', 'fund', 'fund', 'loan'], eventColumn: 'line', window: { amount: 60, unit: 'day' } },
  {
    steps: ['fund', { event: 'loan', where: { line: 'loan' }, label: 'borrowed' }, 'fund'],
    eventColumn: 'line',
    window: { amount: 2000, unit: 'hour' },
    from: '2016-03-01',
    to: '2016-09-01',
    timeZone: 'Asia/Shanghai',
  },
  { steps: ['loan'], eventColumn: 'line', from: '2016-06-01T12:00:00Z' },
  {
    steps: ['fund', 'loan', 'fund'],
    eventColumn: 'line',
    order: 'strict',
    window: { amount: 365, unit: 'day' },
  },
  {
    steps: ['loan', 'loan', { event: 'fund', where: { line: 'fund' } }, 'loan'],
    eventColumn: 'line',
    order: 'strict',
    window: { amount: 90, unit: 'day' },
    from: '2016-02-01',
    timeZone: 'Asia/Shanghai',
  },
  { steps: ['fund', 'loan'], eventColumn: 'line', breakdownBy: 'line', window: { amount: 30, unit: 'day' } },
  { steps: ['loan', 'fund', 'fund'], eventColumn: 'line', order: 'strict', breakdownBy: 'user_id' },
];

/** Steps, entered users (sorted by id, as SQL gives them) and those who completed, as in memory. */
function sameFunnel(actual: FunnelResult, expected: FunnelResult, name: string): void {
  partsClose<FunnelResult>('steps', 'breakdown')(actual, expected, name);
  assertRowsClose(rowsOf(actual.users), rowsOf(expected.users.orderby('user_id')), `${name}: users`);
  const last = expected.spec.steps.length;
  assert.deepEqual(
    funnelUsers(actual, last).sort(),
    funnelUsers(expected, last).sort(),
    `${name}: users who completed`,
  );
}

describe('funnelSql: the same steps and users as funnel() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(120_000);
  // Step order among events at one instant is table order in memory and unknown in SQL: no such ties here.
  const seen = new Set<string>();
  const rows = parityOrders(21, 2500).filter((r) => {
    const key = `${r.user_id}@${r.ts}`;
    return !seen.has(key) && seen.add(key);
  });
  const memory = asTable(rows);
  const run = engineHooks(() => parityEngines(rows));

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = funnel(memory, spec);
      const steps = rowsOf(expected.steps);
      assert.ok(Number(steps[steps.length - 1].users) > 0, 'someone completes the funnel');
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => funnelSql(e.engine, e.source, spec),
        sameFunnel,
      );
    });
  }

  it('strict order counts fewer than ordered on the same steps', async () => {
    const steps = ['fund', 'loan', 'fund'];
    const window = { amount: 365, unit: 'day' } as const;
    const { engine, source } = run().engines[0];
    const users = async (order: 'ordered' | 'strict') =>
      rowsOf((await funnelSql(engine, source, { steps, eventColumn: 'line', order, window })).steps).map(
        (r) => Number(r.users),
      );
    const ordered = await users('ordered');
    const strict = await users('strict');
    assert.equal(strict[0], ordered[0]);
    assert.ok(strict[2] > 0 && strict[2] < ordered[2], `${strict} vs ${ordered}`);
  });

  it('says which breakdown column is missing when there is no users source', async () => {
    const { engine, source } = run().engines[0];
    await assert.rejects(
      funnelSql(engine, source, { steps: ['fund'], eventColumn: 'line', breakdownBy: 'channel' }),
      /missing breakdown column "channel"/,
    );
  });
});

describe('funnelSql broken down by a column of the users source, as funnel() with a users table', function () {
  this.timeout(120_000);
  const run = engineHooks(() => userDataEngines(8, 2000));

  for (const order of ['ordered', 'strict'] as const) {
    it(`agrees on channel breakdowns (${order})`, async () => {
      const spec: FunnelSpec = {
        steps: ['fund', 'loan', 'fund'],
        eventColumn: 'line',
        order,
        breakdownBy: 'channel',
        window: { amount: 60, unit: 'day' },
      };
      const { memory } = run();
      const expected = funnel(memory.orders!, spec, memory.users);
      const channels = rowsOf(expected.breakdown!).map((r) => r.breakdown);
      assert.ok(channels.includes('app') && channels.includes('web'));
      await sameOnEveryEngine(
        run().engines,
        expected,
        (e) => funnelSql(e.engine, { events: e.sources.orders!, users: e.sources.users }, spec),
        sameFunnel,
      );
    });
  }
});

describe('funnelSql on a source whose columns are named otherwise, mapped by its columns argument', function () {
  this.timeout(120_000);
  const seen = new Set<string>();
  const rows = parityOrders(34, 1500).filter((r) => {
    const key = `${r.user_id}@${r.ts}`;
    return !seen.has(key) && seen.add(key);
  });
  const memory = asTable(rows);
  const renamed = { user_id: 'uid', ts: 'event_time', amount: 'amount', line: 'kind' };
  const run = engineHooks(() => parityEngines(rows, renamed));

  it('maps user_id and ts as load() columns do, and reads a named column (eventColumn) as the source has it', async () => {
    const spec: FunnelSpec = { steps: ['fund', 'loan'], window: { amount: 90, unit: 'day' } };
    const expected = funnel(memory, { ...spec, eventColumn: 'line' });
    assert.ok(Number(rowsOf(expected.steps)[1].users) > 0, 'someone completes the funnel');
    await sameOnEveryEngine(
      run().engines,
      expected,
      (e) =>
        funnelSql(e.engine, e.source, { ...spec, eventColumn: 'kind' }, { userId: 'uid', ts: 'event_time' }),
      sameFunnel,
    );
    for (const { name, engine, source } of run().engines) {
      await assert.rejects(
        funnelSql(engine, source, { ...spec, eventColumn: 'kind' }),
        /has no column "user_id" \(the user id\), "ts" \(the event time\) \(expected one of its columns: uid, event_time, amount, kind;/,
        name,
      );
    }
  });
});
