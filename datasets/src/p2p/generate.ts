import { join } from 'node:path';
import { DAY_MS, SHANGHAI } from '../clock.js';
import { WINBACK } from '../calibration.js';
import { CsvWriter } from '../csv.js';
import { ProgressBar } from '../progress.js';
import { Random } from '../random.js';
import {
  grantInstant,
  planCampaign,
  WINDOW_END,
  WINDOW_START,
  windowInstant,
  type CampaignAssignment,
} from './campaign.js';
import { isEligible, winbackProfile, type WinbackProfile } from './eligibility.js';
import { payoutOf, type UserHistory } from './history.js';
import { P2pPopulation, userId } from './population.js';
import { investChain, rateOf, type Traits } from './user.js';
import { DATA_END, DISTRIBUTORS, LAUNCH } from './world.js';

/** Options of {@link generateP2p}. */
export interface P2pOptions {
  seed: number;
  /** Number of users. */
  size: number;
  /** Folder the CSV files go to (created if missing). */
  outDir: string;
  /** Write `.csv.gz` instead of `.csv`. @default false */
  gzip?: boolean;
  /** Draw a progress bar on stderr. @default false */
  progress?: boolean;
}

/** What was written. */
export interface P2pSummary {
  files: Record<string, number>;
  eligible: number;
  targets: number;
  holdout: number;
  shortfalls: string[];
}

/** Columns of every table, in file order. */
export const P2P_TABLES = {
  users: [
    'user_id',
    'registered_at',
    'channel',
    'promoter',
    'platform',
    'verified_at',
    'card_bound_at',
    'invited_by',
  ],
  events: ['user_id', 'ts', 'event'],
  orders: ['order_id', 'user_id', 'ts', 'amount', 'term_days', 'product_type', 'coupon_id'],
  payouts: ['user_id', 'ts', 'amount', 'order_id'],
  balances: ['user_id', 'date', 'balance'],
  coupons: [
    'coupon_id',
    'user_id',
    'campaign_id',
    'granted_at',
    'threshold',
    'reward',
    'expires_at',
    'redeemed_at',
    'order_id',
  ],
  invites: ['inviter_id', 'invitee_id', 'sent_at', 'converted_at'],
  campaign_targets: ['campaign_id', 'user_id', 'holdout'],
  campaigns: ['campaign_id', 'name', 'name_zh', 'start', 'days', 'time_zone', 'description'],
} as const;

type TableName = keyof typeof P2P_TABLES;

const churnRule = {
  minInvestments: WINBACK.minInvestments,
  churnDays: WINBACK.churnDays,
  churnFromDay: SHANGHAI.dayOf(SHANGHAI.dayStart(WINBACK.churnFrom)),
  churnToDay: SHANGHAI.dayOf(SHANGHAI.dayStart(WINBACK.churnTo)),
};

/**
 * Generates the P2P lending platform (articles 000, 001, 003) into `outDir`, streaming: a first pass
 * finds the users eligible for the win-back campaign (each user is simulated on its own), the campaign
 * is planned, and a second pass re-simulates every user and writes its rows. Memory holds one user's
 * rows plus the eligible users' profiles.
 * @example await generateP2p({ seed: 7, size: 1_000_000, outDir: 'datasets/generated/p2p-1m' })
 */
export async function generateP2p(options: P2pOptions): Promise<P2pSummary> {
  const { seed, size, outDir } = options;
  const ext = options.gzip ? '.csv.gz' : '.csv';
  const population = new P2pPopulation(seed, size);

  const scan = new ProgressBar('p2p 1/2 scan ', size, options.progress ?? false);
  const eligible: WinbackProfile[] = [];
  for (let i = 0; i < size; i++) {
    const p = winbackProfile(population.user(i).history, WINDOW_START);
    if (isEligible(p, churnRule)) eligible.push(p);
    if ((i & 1023) === 0) scan.update(i);
  }
  scan.finish();
  const plan = planCampaign(eligible, seed, size);

  const writers = Object.fromEntries(
    (Object.keys(P2P_TABLES) as TableName[]).map((t) => [
      t,
      new CsvWriter(join(outDir, t + ext), P2P_TABLES[t]),
    ]),
  ) as Record<TableName, CsvWriter>;
  writeCampaigns(writers.campaigns);
  const ids = { order: 0, coupon: 0 };
  const write = new ProgressBar('p2p 2/2 write', size, options.progress ?? false);
  for (let i = 0; i < size; i++) {
    const { history, traits } = population.user(i);
    const assignment = plan.assignments.get(i);
    if (assignment) applyCampaign(history, traits, assignment, seed);
    writeUser(writers, history, assignment, ids, seed);
    if ((i & 255) === 0) {
      for (const w of Object.values(writers)) if (w.full) await w.flush();
      write.update(i);
    }
  }
  await Promise.all(Object.values(writers).map((w) => w.close()));
  write.finish();
  let targets = 0;
  for (const a of plan.assignments.values()) if (a.role === 'target') targets++;
  return {
    files: Object.fromEntries(Object.entries(writers).map(([t, w]) => [t + ext, w.rows])),
    eligible: plan.eligible,
    targets,
    holdout: plan.assignments.size - targets,
    shortfalls: plan.shortfalls,
  };
}

/** The campaigns table: one row per campaign in the data. */
function writeCampaigns(w: CsvWriter): void {
  w.row([
    WINBACK.campaignId,
    'Win-back of churned repeat investors',
    '流失用户召回活动',
    WINBACK.start,
    WINBACK.days,
    'Asia/Shanghai',
    `users with ${WINBACK.minInvestments}+ investments who churned (${WINBACK.churnDays} days without login or investment) in Jan-Feb 2017; coupons by last payout amount; a random hold-out got none`,
  ]);
}

/**
 * Replaces a campaign user's life from the window start on: the natural history is cut at the start,
 * the window orders are placed (with their coupons), and a recalled user may keep investing afterwards.
 */
function applyCampaign(h: UserHistory, traits: Traits, a: CampaignAssignment, seed: number): void {
  const rng = new Random(seed, 3, h.index);
  h.logins = h.logins.filter((t) => t < WINDOW_START);
  h.orders = h.orders.filter((o) => o.ts < WINDOW_START);
  h.withdrawals = h.withdrawals.filter((w) => w.ts < WINDOW_START);
  let lastMaturity = 0;
  const investments = h.orders.length;
  const byDay = new Map<number, number>();
  for (const o of a.orders) {
    // Orders of one user on one day come minutes apart after one login.
    let ts = byDay.get(o.day);
    if (ts === undefined) {
      ts = windowInstant(rng, o.day);
      h.logins.push(ts - 60_000 * rng.int(1, 15));
    } else ts += 60_000 * rng.int(1, 10);
    byDay.set(o.day, ts);
    h.orders.push({
      ts,
      amount: o.amount,
      termDays: o.termDays,
      productType: 'regular',
      couponIndex: o.coupon,
    });
    lastMaturity = Math.max(lastMaturity, ts + o.termDays * DAY_MS);
  }
  if (a.orders.length === 0 || lastMaturity >= DATA_END) return;
  // Logins while the money is invested, then a decision at maturity like any other investor's.
  for (
    let s = WINDOW_END + rng.between(3, 12) * DAY_MS;
    s < lastMaturity - DAY_MS;
    s += rng.between(7, 15) * DAY_MS
  ) {
    h.logins.push(Math.floor(s / 1000) * 1000);
  }
  const payoutLogin = Math.floor((lastMaturity + rng.between(0.2, 6) * 3_600_000) / 1000) * 1000;
  h.logins.push(payoutLogin);
  if (rng.chance(0.45))
    investChain(
      rng,
      h,
      traits,
      { investments },
      payoutLogin + 600_000,
      investments + a.orders.length + 1,
      0.7,
    );
  else h.withdrawals.push({ ts: payoutLogin + 300_000, residue: 0 });
}

/** Distributors (分销商) differ a lot in how many users they bring: a few big ones, many small. */
function distributorOf(rng: Random): string {
  const rank = Math.min(DISTRIBUTORS, Math.floor(DISTRIBUTORS ** rng.uniform()));
  return `d${String(rank).padStart(3, '0')}`;
}

/** Writes one user's rows to every table. */
function writeUser(
  w: Record<TableName, CsvWriter>,
  h: UserHistory,
  a: CampaignAssignment | undefined,
  ids: { order: number; coupon: number },
  seed: number,
): void {
  const uid = userId(h.index);
  const ts = (ms: number | null) => (ms === null ? null : SHANGHAI.timestamp(ms));
  // Who brought the user: an inviting user (invite) or a distributor (分销商, distribution), drawn from
  // a stream of its own so the rest of the user's life does not change.
  const referral = new Random(seed, 5, h.index);
  const distributor = h.channel === 'distribution' ? distributorOf(referral) : null;
  const inviter = h.invitedBy !== null ? userId(h.invitedBy) : distributor;
  if (inviter !== null) {
    const sent = Math.max(
      LAUNCH,
      Math.floor((h.registeredAt - referral.exponential(2 * DAY_MS) - 60_000) / 1000) * 1000,
    );
    w.invites.row([inviter, uid, ts(sent), ts(h.registeredAt)]);
  }
  w.users.row([
    uid,
    ts(h.registeredAt),
    h.channel,
    distributor,
    h.platform,
    ts(h.verifiedAt),
    ts(h.cardBoundAt),
    h.invitedBy === null ? null : userId(h.invitedBy),
  ]);
  const logins = [...new Set(h.logins)].sort((x, y) => x - y);
  for (const t of logins) w.events.row([uid, ts(t), 'login']);

  // Coupons first, so orders can name them.
  const couponIds: string[] = [];
  if (a) {
    w.campaign_targets.row([WINBACK.campaignId, uid, a.role === 'holdout']);
    for (let c = 0; c < a.coupons.length; c++) couponIds.push(`c${++ids.coupon}`);
  }
  const orders = h.orders.slice().sort((x, y) => x.ts - y.ts);
  const orderIds = orders.map(() => `o${++ids.order}`);
  const redeemed = new Map<number, { ts: number; orderId: string }>();
  orders.forEach((o, k) => {
    const coupon = o.couponIndex ?? null;
    if (coupon !== null) redeemed.set(coupon, { ts: o.ts, orderId: orderIds[k] });
    w.orders.row([
      orderIds[k],
      uid,
      ts(o.ts),
      o.amount,
      o.termDays,
      o.productType,
      coupon === null ? null : couponIds[coupon],
    ]);
  });
  if (a) {
    const granted = grantInstant(h.index);
    a.coupons.forEach((kind, c) => {
      const r = redeemed.get(c);
      w.coupons.row([
        couponIds[c],
        uid,
        WINBACK.campaignId,
        ts(granted),
        kind.threshold,
        kind.reward,
        ts(WINDOW_END - 1000),
        r ? ts(r.ts) : null,
        r ? r.orderId : null,
      ]);
    });
  }

  // Payouts at maturity and the balance (holdings + cash) at the end of each day it changed.
  type Move = { ts: number; kind: 0 | 1 | 2; amount: number; principal: number; orderId?: string };
  const moves: Move[] = [];
  orders.forEach((o, k) => {
    moves.push({ ts: o.ts, kind: 1, amount: o.amount, principal: o.amount });
    const paid = o.ts + o.termDays * DAY_MS;
    if (paid < DATA_END)
      moves.push({
        ts: paid,
        kind: 0,
        amount: payoutOf(o, rateOf(o)),
        principal: o.amount,
        orderId: orderIds[k],
      });
  });
  for (const wd of h.withdrawals) moves.push({ ts: wd.ts, kind: 2, amount: wd.residue, principal: 0 });
  moves.sort((x, y) => x.ts - y.ts || x.kind - y.kind);
  for (const m of moves) if (m.kind === 0) w.payouts.row([uid, ts(m.ts), m.amount, m.orderId]);
  let holdings = 0;
  let cash = 0;
  let lastBalance = 0;
  for (let i = 0; i < moves.length; i++) {
    const m = moves[i];
    if (m.kind === 1) {
      holdings += m.amount;
      cash = 0; // leftover cash is withdrawn, a shortfall paid in from the card
    } else if (m.kind === 0) {
      holdings -= m.principal;
      cash += m.amount;
    } else cash = Math.min(cash, m.amount);
    const day = SHANGHAI.dayOf(m.ts);
    const endOfDay = i + 1 === moves.length || SHANGHAI.dayOf(moves[i + 1].ts) !== day;
    const balance = Math.round((holdings + cash) * 100) / 100;
    if (endOfDay && balance !== lastBalance) {
      w.balances.row([uid, SHANGHAI.dateOfDay(day), balance]);
      lastBalance = balance;
    }
  }
}
