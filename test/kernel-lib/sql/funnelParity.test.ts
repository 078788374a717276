import assert from 'node:assert/strict';
import { funnel, funnelUsers, type FunnelResult } from '../../../kernel-lib/src/metrics/funnel.js';
import type { FunnelSpec } from '../../../kernel-lib/src/metrics/funnelSpec.js';
import { funnelSql } from '../../../kernel-lib/src/sql/metrics/funnel.js';
import { assertRowsClose, asTable, parityOrders, rowsOf } from './parityData.js';
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
];

/** Steps, entered users (sorted by id, as SQL gives them) and those who completed, as in memory. */
function sameFunnel(actual: FunnelResult, expected: FunnelResult, name: string): void {
  partsClose<FunnelResult>('steps')(actual, expected, name);
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

  it('refuses strict order and breakdowns (they run in memory)', async () => {
    const { engine, source } = run().engines[0];
    const steps = ['fund', 'loan'];
    await assert.rejects(
      funnelSql(engine, source, { steps, eventColumn: 'line', order: 'strict' }),
      /invalid order/,
    );
    await assert.rejects(
      funnelSql(engine, source, { steps, eventColumn: 'line', breakdownBy: 'amount' }),
      /invalid breakdownBy/,
    );
  });
});
