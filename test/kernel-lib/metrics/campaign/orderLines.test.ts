import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { loadOnlineRetail } from '../../../../datasets/src/online-retail.js';
import { campaignReview } from '../../../../kernel-lib/src/metrics/campaign/campaign.js';
import type { CampaignReviewSpec } from '../../../../kernel-lib/src/metrics/campaign/spec.js';
import { stringsOf, timestampsOf } from '../../../../kernel-lib/src/table/access.js';
import { assertRowsClose, rowsOf } from '../../sql/parityData.js';

const DATA = resolve(__dirname, '../../../../datasets/online-retail/online_retail.csv.gz');
const START = Date.UTC(2011, 8, 1);
const SPEC: CampaignReviewSpec = { start: '2011-09-01', days: 30, timeZone: 'Europe/London' };

/** Invoices rolled up by hand: one row per invoice, at its first line, worth its lines' exact sum. */
function invoiceRollUp(lines: ColumnTable): ColumnTable {
  return lines
    .derive({ micros: (d: { amount: number }) => aq.op.round(d.amount * 1e6) })
    .groupby('order_id', 'user_id')
    .rollup({
      ts: (d: { ts: Date }) => aq.op.min(d.ts),
      micros: (d: { micros: number }) => aq.op.sum(d.micros),
    })
    .derive({ amount: (d: { micros: number }) => d.micros / 1e6 })
    .select('order_id', 'user_id', 'ts', 'amount');
}

/**
 * A win-back campaign over the Online Retail customers: every customer who bought before September 2011
 * got a coupon on 31 August; those who bought in September used it on their first September invoice.
 */
function coupons(lines: ColumnTable): ColumnTable {
  const users = stringsOf(lines, 'user_id');
  const ts = timestampsOf(lines, 'ts');
  const orders = stringsOf(lines, 'order_id');
  const before = new Set<string>();
  const firstInWindow = new Map<string, { ts: number; order: string }>();
  for (let i = 0; i < ts.length; i++) {
    const u = users[i]!;
    if (ts[i] < START) before.add(u);
    else if (ts[i] < START + 30 * 86_400_000) {
      const f = firstInWindow.get(u);
      if (!f || ts[i] < f.ts) firstInWindow.set(u, { ts: ts[i], order: orders[i]! });
    }
  }
  const rows = [...before].sort().map((u, k) => {
    const used = firstInWindow.get(u);
    return {
      coupon_id: `c${k}`,
      user_id: u,
      granted_at: new Date(START - 86_400_000),
      threshold: 100,
      reward: 10,
      redeemed_at: used ? new Date(used.ts) : null,
      order_id: used ? used.order : null,
    };
  });
  return aq.from(rows);
}

describe('campaignReview counts orders, not invoice lines, when an order id is mapped', function () {
  this.timeout(120_000);
  let lines: ColumnTable;
  let granted: ColumnTable;
  before(async () => {
    lines = (await loadOnlineRetail(DATA)).orders.select('order_id', 'user_id', 'ts', 'amount');
    granted = coupons(lines);
  });

  it('on the Online Retail invoice lines equals the review of the invoice roll-up', () => {
    const raw = campaignReview({ coupons: granted, orders: lines }, SPEC);
    const rolled = campaignReview({ coupons: granted, orders: invoiceRollUp(lines) }, SPEC);
    assert.equal(raw.spec.counting, 'orders');
    assert.equal(raw.spec.orderColumn, 'order_id');
    assert.ok(raw.summary.couponsUsed > 500, `${raw.summary.couponsUsed} coupons used`);
    assert.deepEqual(raw.summary, rolled.summary);
    for (const part of ['byTier', 'comparison', 'beyondCoupon', 'users'] as const)
      assertRowsClose(rowsOf(raw[part]), rowsOf(rolled[part]), part);
  });

  it("counting: 'rows' counts lines: more window orders, the coupon order worth one line", () => {
    const orders = campaignReview({ coupons: granted, orders: lines }, SPEC).users.objects() as Record<
      string,
      number
    >[];
    const rows = campaignReview({ coupons: granted, orders: lines }, { ...SPEC, counting: 'rows' });
    assert.equal(rows.spec.orderColumn, null);
    const byRows = rows.users.objects() as Record<string, number>[];
    const sum = (xs: Record<string, number>[], k: string) => xs.reduce((a, r) => a + r[k], 0);
    assert.ok(sum(byRows, 'windowOrders') > 5 * sum(orders, 'windowOrders'));
    assert.ok(sum(byRows, 'couponOrderAmount') < sum(orders, 'couponOrderAmount') / 5);
  });
});
