import { join } from 'node:path';
import { SHANGHAI } from '../clock.js';
import { CsvWriter } from '../csv.js';
import { ProgressBar } from '../progress.js';
import { Random } from '../random.js';
import { SignupSchedule } from '../signups.js';
import { simulateB2bUser, type B2bUser } from './user.js';
import {
  CHANNEL_CODES,
  CHANNEL_PROFILES,
  CHANNELS,
  DATA_END,
  INVITE_REWARD,
  SIGNUP_END,
  SIGNUP_START,
} from './world.js';

/** Options of {@link generateB2b}. */
export interface B2bOptions {
  seed: number;
  size: number;
  outDir: string;
  gzip?: boolean;
  progress?: boolean;
}

/** Columns of every table, in file order. */
export const B2B_TABLES = {
  users: [
    'user_id',
    'registered_at',
    'channel',
    'channel_code',
    'promoter',
    'department',
    'platform',
    'product_line',
    'landing_url',
    'invited_by',
  ],
  signup_events: ['visitor_id', 'user_id', 'ts', 'step', 'channel_code', 'platform'],
  events: ['user_id', 'ts', 'event', 'platform', 'product_line'],
  orders: ['order_id', 'user_id', 'ts', 'amount', 'product_id', 'product_line'],
  invites: ['inviter_id', 'invitee_id', 'sent_at', 'converted_at'],
  costs: ['channel', 'period', 'cost'],
  channel_codes: [
    'channel_code',
    'channel',
    'promoter',
    'department',
    'utm_source',
    'utm_medium',
    'utm_campaign',
    'utm_content',
    'utm_term',
  ],
} as const;
type TableName = keyof typeof B2B_TABLES;

/**
 * Daily sign-up intensity: weekdays busier than weekends (shop owners restock on weekdays), growth over
 * the half year and a push around the summer stocking season.
 */
export function b2bSignupWeight(day: number): number {
  const start = SHANGHAI.dayOf(SIGNUP_START);
  const weekday = (day + 4) % 7; // 0 = Sunday for day numbers since 1970-01-01 (a Thursday)
  let w = 1 + (day - start) / 250;
  if (weekday === 0 || weekday === 6) w *= 0.7;
  const date = SHANGHAI.dateOfDay(day);
  if (date >= '2019-06-10' && date <= '2019-06-20') w *= 1.6;
  return w;
}

/** Per-day correction of the return curve for saturation (a user cannot visit more than once a day). */
export function returnCorrection(day: number): number {
  return day <= 1 ? 1.3 : day <= 7 ? 1.08 : 1.1;
}

/**
 * Generates the B2B e-commerce platform (article 002) into `outDir`, one user at a time (bounded
 * memory; only the cost ledger, a few hundred numbers, is kept until the end).
 * @example await generateB2b({ seed: 7, size: 100_000, outDir: 'datasets/generated/b2b-100k' })
 */
export async function generateB2b(options: B2bOptions): Promise<{ files: Record<string, number> }> {
  const { seed, size, outDir } = options;
  const ext = options.gzip ? '.csv.gz' : '.csv';
  const schedule = new SignupSchedule(SHANGHAI, SIGNUP_START, SIGNUP_END, b2bSignupWeight, size, seed);
  const writers = Object.fromEntries(
    (Object.keys(B2B_TABLES) as TableName[]).map((t) => [
      t,
      new CsvWriter(join(outDir, t + ext), B2B_TABLES[t]),
    ]),
  ) as Record<TableName, CsvWriter>;
  for (const c of CHANNEL_CODES) {
    const p = CHANNEL_PROFILES[c.channel];
    writers.channel_codes.row([
      c.code,
      c.channel,
      c.promoter,
      c.department,
      p.utmSource,
      p.utmMedium,
      c.campaign,
      c.content,
      c.term,
    ]);
  }
  const costs = new Map<string, number>();
  const addCost = (channel: string, ms: number, cost: number) => {
    const key = `${channel}\t${SHANGHAI.date(ms).slice(0, 7)}`;
    costs.set(key, (costs.get(key) ?? 0) + cost);
  };
  const bar = new ProgressBar('b2b', size, options.progress ?? false);
  let orderNo = 0;
  for (let i = 0; i < size; i++) {
    const { ms, day } = schedule.signupOf(i);
    const u = simulateB2bUser(seed, i, ms, schedule.usersBefore(day), returnCorrection);
    orderNo = writeUser(writers, u, orderNo, seed);
    const profile = CHANNEL_PROFILES[u.channel];
    for (const v of u.visitors) addCost(u.channel, v.steps[0].ts, profile.costPerVisitor);
    if (u.invitedBy !== null) addCost('invite', ms, INVITE_REWARD);
    if ((i & 255) === 0) {
      for (const w of Object.values(writers)) if (w.full) await w.flush();
      bar.update(i);
    }
  }
  for (const [key, cost] of [...costs.entries()].sort()) {
    const [channel, period] = key.split('\t');
    if (cost > 0) writers.costs.row([channel, period, Math.round(cost * 100) / 100]);
  }
  await Promise.all(Object.values(writers).map((w) => w.close()));
  bar.finish();
  return { files: Object.fromEntries(Object.entries(writers).map(([t, w]) => [t + ext, w.rows])) };
}

function writeUser(w: Record<TableName, CsvWriter>, u: B2bUser, orderNo: number, seed: number): number {
  const uid = `b${u.index + 1}`;
  const ts = (ms: number) => SHANGHAI.timestamp(ms);
  w.users.row([
    uid,
    ts(u.registeredAt),
    u.channel,
    u.code.code,
    u.code.promoter,
    u.code.department,
    u.platform,
    u.productLine,
    u.landingUrl,
    u.invitedBy === null ? null : `b${u.invitedBy + 1}`,
  ]);
  for (const v of u.visitors) {
    for (const s of v.steps)
      w.signup_events.row([v.visitorId, v.userId, ts(s.ts), s.step, u.code.code, u.platform]);
  }
  const events = u.events.filter((e) => e.ts < DATA_END).sort((a, b) => a.ts - b.ts);
  for (const e of events) w.events.row([uid, ts(e.ts), e.event, u.platform, e.productLine]);
  for (const o of u.orders.filter((x) => x.ts < DATA_END).sort((a, b) => a.ts - b.ts)) {
    w.orders.row([`bo${++orderNo}`, uid, ts(o.ts), o.amount, o.productId, o.productLine]);
  }
  if (u.invitedBy !== null) {
    const rng = new Random(seed, 12, u.index);
    const sent = Math.floor((u.registeredAt - rng.between(0.1, 5) * 86_400_000) / 1000) * 1000;
    w.invites.row([`b${u.invitedBy + 1}`, uid, ts(Math.max(SIGNUP_START, sent)), ts(u.registeredAt)]);
  }
  for (const sent of u.unansweredInvites) w.invites.row([uid, null, ts(sent), null]);
  return orderNo;
}

export { CHANNELS };
