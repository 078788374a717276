import type { ColumnTable } from 'arquero';
import { Dictionary, load } from '../../kernel-lib/src/index.js';

/** The P2P tables as the notebooks load them (one shared dictionary, Asia/Shanghai). */
export async function loadP2p(dir: string, ext = '.csv.gz'): Promise<Record<string, ColumnTable>> {
  const dictionary = new Dictionary();
  const opt = (table?: 'users' | 'events' | 'orders' | 'payouts' | 'balances' | 'coupons') => ({
    ...(table ? { table } : {}),
    timeZone: 'Asia/Shanghai',
    dictionary,
  });
  return {
    users: await load(`${dir}/users${ext}`, opt('users')),
    events: await load(`${dir}/events${ext}`, opt('events')),
    orders: await load(`${dir}/orders${ext}`, opt('orders')),
    payouts: await load(`${dir}/payouts${ext}`, opt('payouts')),
    coupons: await load(`${dir}/coupons${ext}`, opt('coupons')),
    targets: await load(`${dir}/campaign_targets${ext}`, opt()),
  };
}

/** The B2B tables needed for retention, conversion and channel ROI. */
export async function loadB2b(dir: string, ext = '.csv.gz'): Promise<Record<string, ColumnTable>> {
  const dictionary = new Dictionary();
  return {
    users: await load(`${dir}/users${ext}`, { table: 'users', timeZone: 'Asia/Shanghai', dictionary }),
    events: await load(`${dir}/events${ext}`, { table: 'events', timeZone: 'Asia/Shanghai', dictionary }),
    orders: await load(`${dir}/orders${ext}`, { table: 'orders', timeZone: 'Asia/Shanghai', dictionary }),
    costs: await load(`${dir}/costs${ext}`, { table: 'costs', timeZone: 'Asia/Shanghai' }),
  };
}

/** The article-000 review spec as a notebook writes it (cuts from the article, not figures). */
export const WINBACK_SPEC = {
  start: '2017-03-06',
  days: 7,
  timeZone: 'Asia/Shanghai',
  campaignId: 'winback-2017-03',
  tiers: { by: 'lastPayoutAmount', cuts: [0, 5000, 20000, 50000, 100000] },
};

/** Rows of an arquero table as plain objects. */
export function rows(t: ColumnTable): Record<string, any>[] {
  return t.objects() as Record<string, any>[];
}
