import * as aq from 'arquero';

/**
 * A hand-worked campaign: start 2017-03-01 (UTC), 7 days; tiers by last payout amount cut at 0 / 5000 /
 * 20000. Five targeted users (u1 … u5), two hold-out users (h1, h2). Expected figures are worked out in
 * campaign.test.ts next to each assertion.
 */
export const targets = aq.from([
  { user_id: 'u1', last_payout_amount: 3000, holdout: false },
  { user_id: 'u2', last_payout_amount: 10000, holdout: false },
  { user_id: 'u3', last_payout_amount: 12000, holdout: false },
  { user_id: 'u4', last_payout_amount: 30000, holdout: false },
  { user_id: 'u5', last_payout_amount: 60000, holdout: false },
  { user_id: 'h1', last_payout_amount: 8000, holdout: true },
  { user_id: 'h2', last_payout_amount: 9000, holdout: true },
]);

const g = '2017-03-01T00:00:00Z';
export const couponRecords = [
  {
    coupon_id: 'c1',
    user_id: 'u1',
    granted_at: g,
    threshold: 5000,
    reward: 20,
    redeemed_at: '2017-03-02T10:00:00Z',
    order_id: 'o11',
  },
  {
    coupon_id: 'c2',
    user_id: 'u2',
    granted_at: g,
    threshold: 10000,
    reward: 50,
    redeemed_at: '2017-03-03T10:00:00Z',
    order_id: 'o21',
  },
  {
    coupon_id: 'c3',
    user_id: 'u3',
    granted_at: g,
    threshold: 10000,
    reward: 50,
    redeemed_at: null,
    order_id: null,
  },
  {
    coupon_id: 'c4',
    user_id: 'u4',
    granted_at: g,
    threshold: 20000,
    reward: 100,
    redeemed_at: '2017-03-02T10:00:00Z',
    order_id: 'o41',
  },
  {
    coupon_id: 'c5',
    user_id: 'u4',
    granted_at: g,
    threshold: 50000,
    reward: 300,
    redeemed_at: '2017-03-05T10:00:00Z',
    order_id: 'o42',
  },
  {
    coupon_id: 'c6',
    user_id: 'u5',
    granted_at: g,
    threshold: 20000,
    reward: 100,
    redeemed_at: null,
    order_id: null,
  },
  {
    coupon_id: 'c7',
    user_id: 'u5',
    granted_at: g,
    threshold: 50000,
    reward: 300,
    redeemed_at: null,
    order_id: null,
  },
];
export const coupons = aq.from(couponRecords);

export const orderRecords = [
  // history before the campaign
  { order_id: 'p1', user_id: 'u1', ts: '2017-01-10T08:00:00Z', amount: 2000, term_days: 30 },
  { order_id: 'p2', user_id: 'u1', ts: '2017-01-20T08:00:00Z', amount: 4000, term_days: 30 },
  { order_id: 'p3', user_id: 'u2', ts: '2017-01-05T08:00:00Z', amount: 10000, term_days: 30 },
  { order_id: 'p4', user_id: 'u3', ts: '2017-01-05T08:00:00Z', amount: 8000, term_days: 30 },
  { order_id: 'p5', user_id: 'u3', ts: '2017-01-25T08:00:00Z', amount: 16000, term_days: 30 },
  { order_id: 'p6', user_id: 'u4', ts: '2017-01-05T08:00:00Z', amount: 20000, term_days: 30 },
  { order_id: 'p7', user_id: 'u4', ts: '2017-01-15T08:00:00Z', amount: 40000, term_days: 30 },
  { order_id: 'p8', user_id: 'u5', ts: '2017-01-02T08:00:00Z', amount: 100000, term_days: 30 },
  { order_id: 'p9', user_id: 'u5', ts: '2017-01-12T08:00:00Z', amount: 60000, term_days: 30 },
  { order_id: 'p10', user_id: 'u5', ts: '2017-01-22T08:00:00Z', amount: 80000, term_days: 30 },
  { order_id: 'p11', user_id: 'h1', ts: '2017-01-22T08:00:00Z', amount: 5000, term_days: 30 },
  // in the window
  { order_id: 'o11', user_id: 'u1', ts: '2017-03-02T10:00:00Z', amount: 5000, term_days: 30 },
  { order_id: 'o21', user_id: 'u2', ts: '2017-03-03T10:00:00Z', amount: 10000, term_days: 30 },
  { order_id: 'o22', user_id: 'u2', ts: '2017-03-04T10:00:00Z', amount: 3000, term_days: 60 },
  { order_id: 'o41', user_id: 'u4', ts: '2017-03-02T10:00:00Z', amount: 20000, term_days: 30 },
  { order_id: 'o42', user_id: 'u4', ts: '2017-03-05T10:00:00Z', amount: 50000, term_days: 30 },
  { order_id: 'o43', user_id: 'u4', ts: '2017-03-06T10:00:00Z', amount: 45000, term_days: 30 },
  { order_id: 'o31', user_id: 'u3', ts: '2017-03-06T10:00:00Z', amount: 7000, term_days: 30 },
  { order_id: 'oh1', user_id: 'h1', ts: '2017-03-03T10:00:00Z', amount: 6000, term_days: 30 },
  // after the window (it ends 2017-03-08 00:00 UTC)
  { order_id: 'o51', user_id: 'u5', ts: '2017-03-08T00:00:00Z', amount: 9000, term_days: 30 },
];
export const orders = aq.from(orderRecords);

export const tiers = { by: 'last_payout_amount', cuts: [0, 5000, 20000] };
export const spec = { start: '2017-03-01', days: 7, tiers };
