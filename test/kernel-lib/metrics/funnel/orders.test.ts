import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { loadOnlineRetail } from '../../../../datasets/src/online-retail.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import { funnel } from '../../../../kernel-lib/src/metrics/funnel/funnel.js';
import type { FunnelSpec } from '../../../../kernel-lib/src/metrics/funnel/spec.js';

const DATA = resolve(__dirname, '../../../../datasets/online-retail/online_retail.csv.gz');

/** Invoice lines as order events: one row per line, event 'order' (and the country for a `where`). */
function orderEvents(lines: ColumnTable): ColumnTable {
  return lines.select('order_id', 'user_id', 'ts', 'country').derive({ event: () => 'order' });
}

/** The invoices rolled up by hand: one event per invoice, at its first line. */
function invoiceRollUp(events: ColumnTable): ColumnTable {
  return events
    .groupby('order_id', 'user_id', 'event', 'country')
    .rollup({ ts: (d: { ts: Date }) => aq.op.min(d.ts) })
    .select('user_id', 'ts', 'event', 'country');
}

const SPEC: FunnelSpec = {
  steps: ['order', 'order', { event: 'order', where: { country: 'United Kingdom' } }],
  window: { amount: 90, unit: 'day' },
};

describe('funnel on orders counts orders, not invoice lines, when an order id is mapped', function () {
  this.timeout(120_000);
  let events: ColumnTable;
  before(async () => {
    events = orderEvents((await loadOnlineRetail(DATA)).orders);
  });

  it('on the Online Retail invoice lines equals the funnel on the invoice roll-up (steps, PV and users)', () => {
    const lines = funnel(events, SPEC);
    const rolled = funnel(invoiceRollUp(events), SPEC);
    assert.equal(lines.spec.counting, 'orders');
    assert.equal(lines.spec.orderColumn, 'order_id');
    assert.equal(rolled.spec.orderColumn, null, 'the roll-up has no order column');
    assert.deepEqual(lines.steps.objects(), rolled.steps.objects());
    assert.deepEqual(lines.users.objects(), rolled.users.objects());
    const [first, second] = lines.steps.objects() as { users: number; events: number }[];
    assert.equal(first.events, 18_532, 'PV of step 1 = invoices');
    assert.ok(second.users < first.users);
  });

  it("counting: 'rows' counts lines (a second line of one invoice is a 'second order')", () => {
    const rows = funnel(events, { ...SPEC, counting: 'rows' });
    assert.equal(rows.spec.orderColumn, null);
    const [first, second] = rows.steps.objects() as { users: number; events: number }[];
    const orders = funnel(events, SPEC).steps.objects() as { users: number }[];
    assert.equal(first.events, events.numRows());
    assert.ok(second.users > orders[1].users, 'more users reach step 2 on lines');
  });
});

describe('funnel order ids on small tables', () => {
  const t = (rows: { user_id: string; order_id: string | null; ts: string; event: string; sku?: string }[]) =>
    aq.from(rows.map((r) => ({ sku: null, ...r, ts: new Date(r.ts) })));
  const lines = t([
    { user_id: 'a', order_id: null, ts: '2020-01-01T10:00:00Z', event: 'view' },
    { user_id: 'a', order_id: 'o1', ts: '2020-01-01T10:05:00Z', event: 'order', sku: 'x' },
    { user_id: 'a', order_id: 'o1', ts: '2020-01-01T10:05:20Z', event: 'order', sku: 'y' },
    { user_id: 'b', order_id: null, ts: '2020-01-01T10:00:00Z', event: 'view' },
    { user_id: 'b', order_id: 'o2', ts: '2020-01-01T10:05:00Z', event: 'order', sku: 'x' },
    { user_id: 'b', order_id: 'o3', ts: '2020-01-02T10:05:00Z', event: 'order', sku: 'x' },
  ]);

  it('a second line of one order is not a second order, also in strict order', () => {
    for (const order of ['ordered', 'strict'] as const) {
      const f = funnel(lines, { steps: ['view', 'order', 'order'], order });
      assert.deepEqual(f.steps.array('users'), [2, 2, 1], order);
      assert.deepEqual(f.steps.array('events'), [2, 3, 3], `${order}: PV counts orders`);
      const rows = funnel(lines, { steps: ['view', 'order', 'order'], order, counting: 'rows' });
      assert.deepEqual(rows.steps.array('users'), [2, 2, 2], `${order}: lines`);
    }
  });

  it('an order matches a step when any of its lines does, at its earliest line', () => {
    const f = funnel(lines, { steps: ['view', { event: 'order', where: { sku: 'y' } }] });
    assert.deepEqual(f.steps.array('users'), [2, 1]);
    assert.deepEqual(f.steps.array('medianMsFromPrevious').slice(1), [5 * 60_000]);
  });

  it('orderColumn: null, and an order id under two users is refused', () => {
    const f = funnel(lines, { steps: ['order', 'order'], orderColumn: null });
    assert.equal(f.spec.orderColumn, null);
    assert.deepEqual(f.steps.array('users'), [2, 2]);
    const shared = t([
      { user_id: 'a', order_id: 'o1', ts: '2020-01-01T10:05:00Z', event: 'order' },
      { user_id: 'b', order_id: 'o1', ts: '2020-01-01T10:05:00Z', event: 'order' },
    ]);
    assert.throws(() => funnel(shared, { steps: ['order'] }), InputError);
    assert.throws(
      () => funnel(lines, { steps: ['order'], counting: 'purchaseDays' as 'orders' }),
      (e: unknown) => e instanceof SpecError && /invalid counting/.test(e.message),
    );
  });
});
