import assert from 'node:assert/strict';
import { funnel, funnelUsers } from '../../../kernel-lib/src/metrics/funnel.js';
import type { FunnelSpec } from '../../../kernel-lib/src/metrics/funnelSpec.js';
import { funnelSql } from '../../../kernel-lib/src/sql/metrics/funnel.js';
import { assertRowsClose, asTable, parityOrders } from './parityData.js';
import { parityEngines, type ParityEngines } from './parityEngines.js';

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

/** Rows with NaN (no median for step 1) as null, so equal rows compare equal. */
const rowsOf = (t: { objects(): object[] }) =>
  (t.objects() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number.isNaN(v) ? null : v])),
  );

describe('funnelSql: the same steps and users as funnel() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(120_000);
  // Step order among events at one instant is table order in memory and unknown in SQL: no such ties here.
  const seen = new Set<string>();
  const rows = parityOrders(21, 2500).filter((r) => {
    const key = `${r.user_id}@${r.ts}`;
    return !seen.has(key) && seen.add(key);
  });
  const memory = asTable(rows);
  let run: ParityEngines;
  before(async () => {
    run = await parityEngines(rows);
  });
  after(async () => run?.stop());

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      const expected = funnel(memory, spec);
      const steps = rowsOf(expected.steps);
      assert.ok(Number(steps[steps.length - 1].users) > 0, 'someone completes the funnel');
      const users = rowsOf(expected.users.orderby('user_id'));
      for (const { name, engine, source } of run.engines) {
        const actual = await funnelSql(engine, source, spec);
        assertRowsClose(rowsOf(actual.steps), steps, `${name}: steps`);
        const got = rowsOf(actual.users).map((r) => ({ ...r, enteredAt: (r.enteredAt as Date).getTime() }));
        const want = users.map((r) => ({ ...r, enteredAt: (r.enteredAt as Date).getTime() }));
        assertRowsClose(got, want, `${name}: users`);
        const last = spec.steps.length;
        assert.deepEqual(
          funnelUsers(actual, last).sort(),
          funnelUsers(expected, last).sort(),
          `${name}: users who completed`,
        );
      }
    });
  }

  it('refuses strict order and breakdowns (they run in memory)', async () => {
    const { engine, source } = run.engines[0];
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
