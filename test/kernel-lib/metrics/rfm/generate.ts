/** One generated order, as plain values (ts as UTC epoch ms). */
export interface GeneratedOrder {
  user_id: string;
  product_line: string;
  ts: number;
  amount: number;
}

import { mulberry32 as prng } from '../../../support/random.js';

/** The tests' seeded PRNG (see `test/support/random.ts`). */
export { prng };

/**
 * `rows` orders of `users` users over 2023, whole-yuan amounts (so sums are exact in any order), a few
 * refunds, many users with several orders on one day, three product lines.
 */
export function randomOrders(seed: number, rows: number, users: number): GeneratedOrder[] {
  const random = prng(seed);
  const start = Date.UTC(2023, 0, 1);
  const out: GeneratedOrder[] = [];
  for (let i = 0; i < rows; i++) {
    // Skewed towards low ids: a few heavy buyers, a long tail.
    const user = Math.floor(users * random() * random());
    const ts = start + Math.floor(random() * 365 * 24) * 3_600_000 + Math.floor(random() * 3600) * 1000;
    const refund = random() < 0.05;
    const amount = refund ? -1 - Math.floor(random() * 50) : Math.floor(10 + 2000 * random() ** 3);
    out.push({ user_id: `user-${user}`, product_line: 'ABC'[Math.floor(random() * 3)], ts, amount });
  }
  return out;
}
