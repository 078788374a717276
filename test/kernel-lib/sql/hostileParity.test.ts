import assert from 'node:assert/strict';
import { activeUsers } from '../../../kernel-lib/src/metrics/activeUsers/activeUsers.js';
import { funnel } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import type { FunnelSpec } from '../../../kernel-lib/src/metrics/funnel/spec.js';
import { repurchase } from '../../../kernel-lib/src/metrics/repurchase/repurchase.js';
import { activeUsersSql } from '../../../kernel-lib/src/sql/metrics/activeUsers.js';
import { funnelSql } from '../../../kernel-lib/src/sql/metrics/funnel.js';
import { repurchaseSql } from '../../../kernel-lib/src/sql/metrics/repurchase.js';
import { assertRowsClose, asTable, parityOrders } from './parityData.js';
import { parityEngines, type ParityEngines } from './parityEngines.js';

// `ts` keeps its name: the funnel reads the canonical `ts` (hostile timestamp names are covered by rfmSql's test).
const HOSTILE = {
  user_id: `user"; DROP TABLE orders; --`,
  ts: 'ts',
  amount: 'amount`) /* x */',
  line: "line' OR '1'='1",
};
const FUND = `fu'nd"; --`;
const LOAN = 'lo\\an`; SELECT 1';

const rowsOf = (t: { objects(): object[] }) =>
  (t.objects() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number.isNaN(v) ? null : v])),
  );

describe('repurchaseSql, activeUsersSql, funnelSql with hostile column names and values', function () {
  this.timeout(120_000);
  const rows = parityOrders(17, 1200).map((r) => ({ ...r, line: r.line === 'fund' ? FUND : LOAN }));
  const memory = asTable(rows).rename({
    user_id: HOSTILE.user_id,
    line: HOSTILE.line,
    amount: HOSTILE.amount,
  });
  let run: ParityEngines;
  before(async () => {
    run = await parityEngines(rows, HOSTILE, 'hostile');
  });
  after(async () => run?.stop());

  it('counts the same as in memory, with names quoted and values bound', async () => {
    const canonical = asTable(rows);
    const repeat = repurchase(canonical, { period: 'month' });
    const active = activeUsers(canonical, {
      period: 'week',
      activityEvent: { column: 'line', values: [FUND] },
    });
    const spec: FunnelSpec = {
      steps: [FUND, { event: LOAN, where: { [HOSTILE.line]: LOAN } }],
      userColumn: HOSTILE.user_id,
      eventColumn: HOSTILE.line,
      window: { amount: 90, unit: 'day' },
    };
    const steps = funnel(memory, spec).steps;
    assert.ok(Number(rowsOf(steps)[1].users) > 0);
    for (const { name, engine, source } of run.engines) {
      const r = await repurchaseSql(engine, source, { period: 'month' }, { userId: HOSTILE.user_id });
      assert.deepEqual(r.summary, repeat.summary, `${name}: repurchase`);
      const a = await activeUsersSql(
        engine,
        source,
        { period: 'week', activityEvent: { column: HOSTILE.line, values: [FUND] } },
        { userId: HOSTILE.user_id },
      );
      assertRowsClose(rowsOf(a.table), rowsOf(active.table), `${name}: active users`);
      const f = await funnelSql(engine, source, spec);
      assertRowsClose(rowsOf(f.steps), rowsOf(steps), `${name}: funnel`);
    }
  });
});
