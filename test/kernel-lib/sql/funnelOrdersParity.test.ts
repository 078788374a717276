import assert from 'node:assert/strict';
import { funnel, type FunnelResult } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import type { FunnelSpec } from '../../../kernel-lib/src/metrics/funnel/spec.js';
import { funnelSql } from '../../../kernel-lib/src/sql/metrics/funnel.js';
import { random } from './parityData.js';
import { partsClose, sameOnEveryEngine } from './parityEngines.js';
import { assertRowsClose, rowsOf } from './parityData.js';
import {
  stageEngines,
  stageTables,
  type StageRun,
  type StageTables,
  type Value,
} from './lifecycleStagesData.js';

/**
 * The seeded platform's page views plus its orders as invoice lines: each order split into 1–3 lines a few
 * seconds apart under one order id, each line with a product (sku). No two events of a user share an
 * instant (SQL cannot see table order, which decides such ties in memory).
 */
function withOrderLines(): StageTables {
  const t = stageTables(23, 300);
  const next = random(23);
  const rows: Record<string, Value>[] = [];
  const seen = new Set<string>();
  const free = (user: Value, ts: number) => !seen.has(`${user}@${ts}`) && seen.add(`${user}@${ts}`);
  for (const e of t.events.rows) {
    if (e.event === 'page_view' && free(e.user_id, e.ts as number))
      rows.push({ ...e, order_id: null, sku: null });
  }
  t.orders.rows.forEach((o, i) => {
    if (o.user_id === null || !free(o.user_id, o.ts as number)) return;
    const k = 1 + Math.floor(next() * 3);
    for (let j = 0; j < k; j++) {
      const ts = (o.ts as number) + j * 7000;
      if (j > 0) seen.add(`${o.user_id}@${ts}`);
      rows.push({
        user_id: o.user_id,
        ts,
        event: 'order',
        order_id: `o${i}`,
        sku: next() < 0.3 ? 'gold' : 'plain',
      });
    }
  });
  t.events = {
    columns: { user_id: 'string', ts: 'instant', event: 'string', order_id: 'string', sku: 'string' },
    rows,
  };
  return t;
}

const SPECS: FunnelSpec[] = [
  { steps: ['page_view', 'order', 'order'], window: { amount: 60, unit: 'day' } },
  { steps: ['order', { event: 'order', where: { sku: 'gold' } }], window: { amount: 90, unit: 'day' } },
  { steps: ['page_view', 'order', 'order'], order: 'strict', window: { amount: 365, unit: 'day' } },
  { steps: ['order', 'order'], counting: 'rows', window: { amount: 30, unit: 'day' } },
];

describe('funnelSql on order lines: orders, not lines, as in memory (DuckDB, chdb; two ClickHouse shards)', function () {
  this.timeout(180_000);
  let run: StageRun;
  before(async () => {
    run = await stageEngines(withOrderLines());
  });
  after(async () => run?.stop());

  for (const spec of SPECS) {
    it(JSON.stringify(spec), async () => {
      const expected = funnel(run.memory.events!, spec);
      assert.equal(expected.spec.orderColumn, spec.counting === 'rows' ? null : 'order_id');
      assert.ok((expected.steps.array('users') as number[])[1] > 0);
      await sameOnEveryEngine(
        run.engines.map((e) => ({ ...e, source: e.sources.events! })),
        expected,
        (e) => funnelSql(e.engine, e.source, spec),
        (actual: FunnelResult, x: FunnelResult, name: string) => {
          partsClose<FunnelResult>('steps', 'spec')(actual, x, name);
          assertRowsClose(rowsOf(actual.users), rowsOf(x.users.orderby('user_id')), `${name}: users`);
        },
      );
    });
  }

  it('lines and orders differ on this data (the test can tell them apart)', () => {
    const orders = funnel(run.memory.events!, SPECS[0]).steps.array('events') as number[];
    const lines = funnel(run.memory.events!, { ...SPECS[0], counting: 'rows' }).steps.array(
      'events',
    ) as number[];
    assert.ok(lines[1] > orders[1] * 1.5);
  });
});
