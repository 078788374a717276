import * as aq from 'arquero';

/**
 * Seeded random campaign data (coupons, orders, targets) for property and oracle tests. Times are epoch ms,
 * all distinct, so SQL and the in-memory code see the same order.
 */
export interface RandomCampaign {
  coupons: Record<string, unknown>[];
  orders: Record<string, unknown>[];
  targets: Record<string, unknown>[];
  start: number;
  end: number;
}

import { mulberry32 as rng } from '../../../support/random.js';

/** The tests' seeded PRNG (see `test/support/random.ts`). */
export { rng };

/** Records as an arquero table whose columns exist even when there are no records. */
export function tableOf(records: Record<string, unknown>[], columns: string[]): aq.ColumnTable {
  return aq.table(Object.fromEntries(columns.map((c) => [c, records.map((r) => r[c] ?? null)])));
}

export const COUPON_COLUMNS = [
  'coupon_id',
  'user_id',
  'granted_at',
  'threshold',
  'reward',
  'redeemed_at',
  'order_id',
];
export const ORDER_COLUMNS = ['order_id', 'user_id', 'ts', 'amount', 'term_days'];
export const TARGET_COLUMNS = ['user_id', 'holdout', 'payout'];

export const START = Date.UTC(2017, 2, 1);
export const DAYS = 7;
const DAY = 86_400_000;

export function randomCampaign(seed: number, users = 60): RandomCampaign {
  const r = rng(seed);
  const coupons: Record<string, unknown>[] = [];
  const orders: Record<string, unknown>[] = [];
  const targets: Record<string, unknown>[] = [];
  let clock = 0;
  const uniqueTime = (base: number) => base + ++clock; // distinct ms
  for (let i = 0; i < users; i++) {
    const user = `u${i}`;
    const holdout = r() < 0.2;
    targets.push({ user_id: user, holdout, payout: Math.floor(r() * 60000) });
    const history = Math.floor(r() * 5);
    for (let h = 0; h < history; h++) {
      orders.push({
        order_id: `p${i}-${h}`,
        user_id: user,
        ts: uniqueTime(START - Math.floor(r() * 90) * DAY - DAY),
        amount: Math.round(r() * 50000),
        term_days: 30,
      });
    }
    const window = Math.floor(r() * 3);
    const windowOrders: string[] = [];
    for (let w = 0; w < window; w++) {
      const id = `o${i}-${w}`;
      windowOrders.push(id);
      orders.push({
        order_id: id,
        user_id: user,
        ts: uniqueTime(START + Math.floor(r() * (DAYS + 2)) * DAY),
        amount: Math.round(r() * 30000),
        term_days: r() < 0.8 ? 30 : 60,
      });
    }
    if (holdout) continue;
    const n = 1 + Math.floor(r() * 2);
    for (let c = 0; c < n; c++) {
      const order = windowOrders[c];
      const redeemed =
        order !== undefined && r() < 0.7 ? (orders.find((o) => o.order_id === order)!.ts as number) : null;
      coupons.push({
        coupon_id: `c${i}-${c}`,
        user_id: user,
        granted_at: START,
        threshold: [5000, 10000, 20000][c + (i % 2)],
        reward: [20, 50, 100][c + (i % 2)],
        redeemed_at: redeemed,
        order_id: redeemed === null ? null : order,
      });
    }
  }
  return { coupons, orders, targets, start: START, end: START + DAYS * DAY };
}
