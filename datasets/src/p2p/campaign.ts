import { DAY_MS, HOUR_MS, SHANGHAI } from '../clock.js';
import { P2P_DEFAULT_USERS, WINBACK, type CouponKind } from '../calibration.js';
import { Random } from '../random.js';
import type { WinbackProfile } from './eligibility.js';

/**
 * The article-000 win-back campaign (流失用户召回), planned over the eligible users found in a first pass:
 * per tier of last payout amount, a random hold-out and the targets, which coupons each target gets,
 * who uses them (by a mechanism: the incentive matters more to users whose past investments are small
 * next to the coupon's threshold) and what they invest in the 7-day window.
 */

/** One order a campaign user places in the window. */
export interface WindowOrder {
  /** Day of the window (0 = first day). */
  day: number;
  amount: number;
  termDays: number;
  /** Index into the user's granted coupons, or null for an order without coupon. */
  coupon: number | null;
}

/** What the campaign does to one user. */
export interface CampaignAssignment {
  role: 'target' | 'holdout';
  tier: number;
  coupons: readonly CouponKind[];
  orders: WindowOrder[];
}

/** The plan: assignments by user index, plus what was available. */
export interface CampaignPlan {
  assignments: Map<number, CampaignAssignment>;
  eligible: number;
  /** Tiers where fewer eligible users than planned were found (other sizes and seeds). */
  shortfalls: string[];
}

/**
 * Tier index of a last payout amount.
 * @param amount last payout amount (yuan)
 * @returns index into WINBACK.tiers
 * @example tierOf(12_000) // 1, the 5,000–19,999 tier
 */
export function tierOf(amount: number): number {
  let t = 0;
  while (t + 1 < WINBACK.tiers.length && amount >= WINBACK.tiers[t + 1].from) t++;
  return t;
}

/** Window start (UTC ms). */
export const WINDOW_START = SHANGHAI.dayStart(WINBACK.start);
/** Window end, exclusive. */
export const WINDOW_END = WINDOW_START + WINBACK.days * DAY_MS;

const round100 = (x: number) => Math.max(100, Math.round(x / 100) * 100);
/** Users act early in the window (the push goes out on day 0), fewer each day after. */
const DAY_WEIGHTS = [0.3, 0.18, 0.12, 0.1, 0.1, 0.1, 0.1];

/**
 * Plans the campaign over `eligible` (users meeting the targeting rule), for a population of `size`.
 * At the default size the plan's counts are exact; other sizes scale them.
 * @param eligible profiles of the users meeting the targeting rule
 * @param seed the data set's seed
 * @param size number of users (the plan scales with it)
 * @returns assignments by user index, the eligible count and any tier shortfalls
 * @example const plan = planCampaign(eligible, 20170306, 44_000); plan.assignments.get(5)?.role
 */
export function planCampaign(eligible: WinbackProfile[], seed: number, size: number): CampaignPlan {
  const rng = new Random(seed, 7, 0);
  const scale = size / P2P_DEFAULT_USERS;
  const assignments = new Map<number, CampaignAssignment>();
  const shortfalls: string[] = [];
  const byTier: WinbackProfile[][] = WINBACK.tiers.map(() => []);
  for (const p of eligible) byTier[tierOf(p.lastPayoutAmount)].push(p);
  const recalledSingle: number[] = [];
  const windowOrders: { user: number; order: WindowOrder; floor: number; flexible: boolean }[] = [];

  WINBACK.tiers.forEach((plan, t) => {
    const pool = rng.shuffle(byTier[t].slice());
    let targets = Math.round(plan.targets * scale);
    let holdout = Math.round(plan.holdout * scale);
    if (targets + holdout > pool.length) {
      shortfalls.push(
        `tier ${plan.from}+: ${pool.length} eligible for ${targets} targets + ${holdout} hold-out`,
      );
      const f = pool.length / (targets + holdout);
      targets = Math.floor(targets * f);
      holdout = Math.floor(holdout * f);
    }
    const share = plan.targets ? targets / plan.targets : 0;
    const n = (x: number) => Math.round(x * share);
    const targetUsers = pool.slice(0, targets);
    const holdoutUsers = pool.slice(targets, targets + holdout);
    for (const p of targetUsers)
      assignments.set(p.index, { role: 'target', tier: t, coupons: plan.coupons, orders: [] });
    for (const p of holdoutUsers)
      assignments.set(p.index, { role: 'holdout', tier: t, coupons: [], orders: [] });

    // Who uses a coupon: the first coupon's threshold against the user's past largest investment. In
    // the upper tiers big investors are not moved by a 0.5 % rebate, so weaker users use it more.
    const threshold = plan.coupons[0].threshold;
    const weight = (p: WinbackProfile) =>
      t >= 2
        ? Math.min(4, (threshold / Math.max(p.maxInvestment, 100)) ** 1.5)
        : p.maxInvestment * 1.2 >= threshold
          ? 1
          : 0.7;
    const usedCount = n(plan.usedFirstOnly) + n(plan.usedSecondOnly) + n(plan.usedBoth);
    const users = rng.sampleWeighted(targetUsers, targetUsers.map(weight), usedCount);
    rng.shuffle(users);
    // Users whose usual largest investment is about both thresholds together use both coupons (the
    // pair fits their budget); much bigger investors are not moved by the rebate.
    const bothCount = n(plan.usedBoth);
    const pair = plan.coupons.reduce((sum, c) => sum + c.threshold, 0) * 1.2;
    const byFit = users
      .slice()
      .sort(
        (a, b) =>
          Math.abs(Math.log(a.maxInvestment / pair)) - Math.abs(Math.log(b.maxInvestment / pair)) ||
          a.index - b.index,
      );
    const both = new Set(byFit.slice(0, bothCount).map((p) => p.index));
    let firstOnly = n(plan.usedFirstOnly);
    for (const p of users) {
      const a = assignments.get(p.index)!;
      const used = both.has(p.index) ? [0, 1] : firstOnly-- > 0 ? [0] : [1];
      const day = rng.weighted([0, 1, 2, 3, 4, 5, 6], DAY_WEIGHTS);
      for (const c of used) {
        const floor = plan.coupons[c].threshold;
        const order: WindowOrder = {
          day,
          amount: round100(floor * rng.between(1, 1.25)),
          termDays: 30,
          coupon: c,
        };
        a.orders.push(order);
        windowOrders.push({ user: p.index, order, floor, flexible: false });
      }
      // Two-coupon users also buy other products; a few single-coupon users too.
      if (used.length === 2 || rng.chance(0.08)) {
        const order: WindowOrder = {
          day: Math.min(6, day + rng.int(0, 2)),
          amount: round100(Math.max(1000, p.meanInvestment * rng.between(0.3, 0.8))),
          termDays: 30,
          coupon: null,
        };
        a.orders.push(order);
        windowOrders.push({ user: p.index, order, floor: 1000, flexible: true });
      }
      if (used.length === 1 && t <= 1) recalledSingle.push(p.index);
    }
    // A few hold-out users come back on their own: the baseline the coupons are measured against.
    for (const p of rng.sampleWeighted(
      holdoutUsers,
      holdoutUsers.map(() => 1),
      n(plan.holdoutReturners),
    )) {
      assignments.get(p.index)!.orders.push({
        day: rng.weighted([0, 1, 2, 3, 4, 5, 6], DAY_WEIGHTS),
        amount: round100(Math.max(1000, p.meanInvestment * rng.between(0.6, 1.2))),
        termDays: 30,
        coupon: null,
      });
    }
  });

  // Two recalled users choose a 60-day product; everyone else stays with 30 days.
  const sixty = Math.round(WINBACK.sixtyDayUsers * Math.min(1, scale));
  for (const i of rng.sampleWeighted(
    recalledSingle,
    recalledSingle.map(() => 1),
    sixty,
  )) {
    for (const o of assignments.get(i)!.orders) o.termDays = 60;
  }
  fitTotal(windowOrders, Math.round((WINBACK.reinvestAmount * scale) / 100) * 100, rng);
  return { assignments, eligible: eligible.length, shortfalls };
}

/**
 * Moves window amounts (in steps of 100, never below a coupon's threshold) until recalled users'
 * window investment adds up to the calibrated total (复投金额).
 */
function fitTotal(
  orders: { order: WindowOrder; floor: number; flexible: boolean }[],
  total: number,
  rng: Random,
): void {
  if (orders.length === 0) return;
  let sum = orders.reduce((s, o) => s + o.order.amount, 0);
  // Scale the part above each floor proportionally, then settle the remainder 100 at a time.
  const slack = sum - orders.reduce((s, o) => s + o.floor, 0);
  const f = slack > 0 ? Math.max(0, (total - (sum - slack)) / slack) : 1;
  for (const o of orders)
    o.order.amount = Math.max(o.floor, round100(o.floor + (o.order.amount - o.floor) * f));
  sum = orders.reduce((s, o) => s + o.order.amount, 0);
  let guard = 0;
  while (sum !== total && guard++ < 1_000_000) {
    const o = orders[rng.int(0, orders.length - 1)];
    if (sum < total) {
      o.order.amount += 100;
      sum += 100;
    } else if (o.order.amount - 100 >= o.floor) {
      o.order.amount -= 100;
      sum -= 100;
    }
  }
}

/** When a user's coupons are granted: 08:00-08:30 on the first day, spread by user. */
export function grantInstant(index: number): number {
  return WINDOW_START + 8 * HOUR_MS + (index % 1800) * 1000;
}

/** Instant of a window order: its day, at a daytime hour. */
export function windowInstant(rng: Random, day: number): number {
  // Coupons arrive at 08:00-08:30 on the first day; nobody can use one before that.
  const from = day === 0 ? 9 : 8;
  return (
    Math.floor((WINDOW_START + day * DAY_MS + (from + rng.uniform() * (23 - from)) * HOUR_MS) / 1000) * 1000
  );
}
