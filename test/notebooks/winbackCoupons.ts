import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from '../../kernel-lib/src/io/load.js';
import type { LoadOptions } from '../../kernel-lib/src/io/options.js';

/** A coupons file written from a user's own orders, and what it holds (the counts a review must find). */
export interface WinbackCoupons {
  /** coupon_id, user_id, campaign_id, granted_at, threshold, reward, redeemed_at, order_id. */
  csv: string;
  /** Coupons granted (one per user). */
  granted: number;
  /** Coupons redeemed in the window, each on the user's first order in it. */
  redeemed: number;
}

/**
 * A win-back campaign on a user's own orders, for the campaign template's tests: at `start` every customer who
 * ordered in the `lookbackDays` before it gets one "spend `threshold`, get `reward` back" coupon, redeemed on
 * the customer's first order in the `days` after the start when there is one (its order id and time), else
 * left unused. The orders are read with `load()` and the same options the notebook is given.
 * @param csv the orders file's text
 * @param options load options of that file (columns, amount, where, missingUsers, timeZone)
 * @param campaign the grant instant (ISO with an offset), window and coupon
 */
export async function winbackCoupons(
  csv: string,
  options: LoadOptions,
  campaign: { grantedAt: string; days: number; lookbackDays: number; threshold: number; reward: number },
): Promise<WinbackCoupons> {
  const dir = mkdtempSync(path.join(tmpdir(), 'fupan-coupons-'));
  try {
    writeFileSync(path.join(dir, 'orders.csv'), csv);
    const orders = await load(path.join(dir, 'orders.csv'), { ...options, table: 'orders' });
    const rows = orders.objects() as { order_id: string; user_id: string; ts: Date | number }[];
    const start = Date.parse(campaign.grantedAt);
    const day = 86_400_000;
    const before = new Set<string>();
    const first = new Map<string, { order: string; ts: number }>();
    for (const r of rows) {
      const t = +r.ts;
      if (t >= start - campaign.lookbackDays * day && t < start) before.add(r.user_id);
      if (t >= start && t < start + campaign.days * day) {
        const seen = first.get(r.user_id);
        if (!seen || t < seen.ts) first.set(r.user_id, { order: r.order_id, ts: t });
      }
    }
    const lines = ['coupon_id,user_id,campaign_id,granted_at,threshold,reward,redeemed_at,order_id'];
    let redeemed = 0;
    for (const [i, user] of [...before].sort().entries()) {
      const r = first.get(user);
      if (r) redeemed++;
      const at = r ? new Date(r.ts).toISOString() : '';
      lines.push(
        `C${i + 1},${user},winback,${campaign.grantedAt},${campaign.threshold},${campaign.reward},${at},${r?.order ?? ''}`,
      );
    }
    return { csv: lines.join('\n') + '\n', granted: before.size, redeemed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
