import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { loadOnlineRetail } from '../../../../datasets/src/online-retail.js';
import { InputError, SpecError } from '../../../../kernel-lib/src/errors.js';
import { rfm } from '../../../../kernel-lib/src/metrics/rfm/rfm.js';

const DATA = resolve(__dirname, '../../../../datasets/online-retail/online_retail.csv.gz');

/** Per-customer rows keyed by id, values only (the scores follow from them). */
function byUser(users: ColumnTable): Map<string, Record<string, unknown>> {
  return new Map((users.objects() as Record<string, unknown>[]).map((r) => [String(r.user_id), r]));
}

/** Invoice lines rolled up by hand: one row per invoice, at its first line, worth its lines' exact sum. */
function invoiceRollUp(lines: ColumnTable): ColumnTable {
  return lines
    .derive({ micros: (d: { amount: number }) => aq.op.round(d.amount * 1e6) })
    .groupby('order_id', 'user_id')
    .rollup({
      ts: (d: { ts: Date }) => aq.op.min(d.ts),
      micros: (d: { micros: number }) => aq.op.sum(d.micros),
    })
    .derive({ amount: (d: { micros: number }) => d.micros / 1e6 })
    .select('user_id', 'ts', 'amount');
}

describe('rfm counts orders, not order lines, when an order id is mapped', function () {
  this.timeout(120_000);
  let lines: ColumnTable;
  before(async () => {
    lines = (await loadOnlineRetail(DATA)).orders;
  });

  it('on the Online Retail invoice lines equals RFM on the invoice roll-up, for every customer', () => {
    const spec = { timeZone: 'Europe/London' };
    const raw = rfm(lines, spec);
    const rolled = rfm(invoiceRollUp(lines), spec);
    assert.equal(raw.spec.frequency, 'orders');
    assert.equal(raw.spec.orderColumn, 'order_id');
    assert.equal(rolled.spec.orderColumn, null, 'the roll-up has no order column: each row is an order');
    const a = byUser(raw.users);
    const b = byUser(rolled.users);
    assert.equal(a.size, 4338);
    assert.equal(b.size, 4338);
    for (const [id, row] of b) {
      const mine = a.get(id)!;
      for (const k of ['recency', 'frequency', 'r', 'f', 'm', 'segment'])
        assert.equal(mine[k], row[k], `${id} ${k}`);
      assert.ok(Math.abs(Number(mine.monetary) - Number(row.monetary)) < 1e-6, `${id} monetary`);
    }
  });

  it("frequency: 'rows' still counts lines (the old, wrong-for-invoices F of most customers)", () => {
    const spec = { timeZone: 'Europe/London' };
    const orders = byUser(rfm(lines, spec).users);
    const rows = rfm(lines, { ...spec, frequency: 'rows' });
    assert.equal(rows.spec.orderColumn, null);
    let differ = 0;
    for (const [id, row] of byUser(rows.users)) if (row.frequency !== orders.get(id)!.frequency) differ++;
    assert.equal(differ, 4239);
  });
});

describe('rfm order ids on small tables', () => {
  const t = (rows: { user_id: string; order_id: string | null; ts: string; amount: number }[]) =>
    aq.from(rows.map((r) => ({ ...r, ts: new Date(r.ts) })));

  it('rolls lines up: F counts orders, M sums lines, an order netting below 0 is a refund', () => {
    const r = rfm(
      t([
        { user_id: 'a', order_id: 'o1', ts: '2020-01-01T10:00:00Z', amount: 5 },
        { user_id: 'a', order_id: 'o1', ts: '2020-01-01T10:00:30Z', amount: 7 },
        { user_id: 'a', order_id: 'o2', ts: '2020-01-03T10:00:00Z', amount: 1 },
        { user_id: 'a', order_id: 'o3', ts: '2020-01-05T10:00:00Z', amount: 4 },
        { user_id: 'a', order_id: 'o3', ts: '2020-01-05T10:00:00Z', amount: -6 },
        { user_id: 'b', order_id: null, ts: '2020-01-02T10:00:00Z', amount: 3 },
        { user_id: 'b', order_id: null, ts: '2020-01-02T11:00:00Z', amount: 3 },
      ]),
      { asOf: '2020-01-10', scoring: { method: 'mean' } },
    );
    const users = byUser(r.users);
    // a: o1 and o2 are purchases, o3 nets to −2 (a refund: not a purchase, reduces M, does not move R).
    assert.deepEqual(
      [users.get('a')!.frequency, users.get('a')!.monetary, users.get('a')!.recency],
      [2, 11, 7],
    );
    // b: lines without an order id are orders of their own.
    assert.equal(users.get('b')!.frequency, 2);
  });

  it('reports an order id under two users, and one whose lines are hours apart', () => {
    const twoUsers = t([
      { user_id: 'a', order_id: 'o1', ts: '2020-01-01T10:00:00Z', amount: 5 },
      { user_id: 'b', order_id: 'o1', ts: '2020-01-01T10:00:00Z', amount: 5 },
    ]);
    assert.throws(
      () => rfm(twoUsers),
      (e: unknown) =>
        e instanceof InputError &&
        /1 order ids under more than one user, e.g. o1 \(users a and b\)/.test(e.message),
    );
    assert.equal(
      rfm(twoUsers, { frequency: 'rows' }).users.numRows(),
      2,
      "frequency: 'rows' ignores order ids",
    );
    const apart = t([
      { user_id: 'a', order_id: 'o1', ts: '2020-01-01T10:00:00Z', amount: 5 },
      { user_id: 'a', order_id: 'o1', ts: '2020-01-01T12:00:00Z', amount: 5 },
    ]);
    assert.throws(
      () => rfm(apart),
      (e: unknown) =>
        e instanceof InputError &&
        /more than an hour apart, e.g. o1 \(2020-01-01T10:00:00.000Z to 2020-01-01T12:00:00.000Z\)/.test(
          e.message,
        ),
    );
    assert.equal(rfm(apart, { orderColumn: null }).users.get('frequency', 0), 2);
  });

  it("rejects the old name 'transactions' and unknown order columns' types", () => {
    assert.throws(() => rfm(t([]), { frequency: 'transactions' as never }), SpecError);
    assert.throws(() => rfm(t([]), { orderColumn: '' }), /invalid orderColumn/);
  });
});
