import { DAY_MS, HOUR_MS, SHANGHAI } from '../clock.js';
import { Random } from '../random.js';
import type { Investment, UserHistory } from './history.js';
import {
  ANNUAL_RATE,
  CHANNEL_PROFILES,
  CHANNELS,
  CORE_REINVEST,
  CORE_SHOCK_BY_MONTH,
  DATA_END,
  HABIT,
  LONG_TERM_WEIGHTS,
  NOVICE_LIMIT,
  NOVICE_RATE,
  PLATFORM_WEIGHTS,
  PLATFORMS,
  RATE_BOOST,
  SHOCK_BY_MONTH,
  TERM_WEIGHTS,
  TERMS,
  type Channel,
  type ChannelProfile,
} from './world.js';

/** Latent traits of a user that the rows only show indirectly. */
export interface Traits {
  profile: ChannelProfile;
  /** Typical single investment, yuan. */
  capacity: number;
  /** Moves from short to long terms after a few investments (maturity, 成熟期). */
  lengthener: boolean;
  /** Signed up in a campaign/holiday spike (bonus hunter): less loyal. */
  spikeSignup: boolean;
  /** A core investor: reinvests at almost every maturity until a shock or a life event. */
  core: boolean;
}

/** Where a user's natural simulation stands, so a campaign can continue it. */
export interface ChainState {
  investments: number;
}

const round100 = (x: number) => Math.max(100, Math.round(x / 100) * 100);
const second = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Annual rate of an order. */
export function rateOf(o: Investment): number {
  if (o.productType === 'novice') return NOVICE_RATE;
  return ANNUAL_RATE[o.termDays] + (o.productType === 'rateBoost' ? RATE_BOOST : 0);
}

/** A daytime instant on the local day of `ms` at or after it (people act between 08:00 and 23:00). */
function daytime(rng: Random, dayStartMs: number): number {
  return second(dayStartMs + 8 * HOUR_MS + rng.uniform() * 15 * HOUR_MS);
}

/**
 * Simulates one user's natural life on the platform: sign-up, verification and card binding, a chain of
 * investments where each maturity is a decision to reinvest (habit × channel loyalty × market shock),
 * logins every 7–15 days while invested, withdrawal and a few last logins when leaving, and sometimes a
 * return months later.
 * @param seed the data set's seed; the user's draws come from its own stream (seed, index)
 * @param index the user's position (sign-up order)
 * @param registeredAt sign-up instant (UTC ms)
 * @param spikeSignup whether the sign-up day is in a campaign/holiday spike
 * @param inviterBound users [0, inviterBound) signed up strictly earlier (possible inviters)
 */
export function simulateUser(
  seed: number,
  index: number,
  registeredAt: number,
  spikeSignup: boolean,
  inviterBound: number,
): { history: UserHistory; traits: Traits; rng: Random } {
  const rng = new Random(seed, 1, index);
  const channel = rng.weighted(
    CHANNELS,
    CHANNELS.map((c) => CHANNEL_PROFILES[c].share),
  ) as Channel;
  const profile = CHANNEL_PROFILES[channel];
  const platform = rng.weighted(PLATFORMS, PLATFORM_WEIGHTS);
  const invitedBy = channel === 'invite' && inviterBound > 0 ? rng.int(0, inviterBound - 1) : null;
  const traits: Traits = {
    profile,
    capacity: rng.logNormal(profile.capacity, 1.6),
    lengthener: rng.chance(0.12),
    spikeSignup,
    core: rng.chance(profile.core * (spikeSignup ? 0.5 : 1)),
  };
  const h: UserHistory = {
    index,
    registeredAt,
    channel,
    platform,
    verifiedAt: null,
    cardBoundAt: null,
    invitedBy,
    logins: [registeredAt],
    orders: [],
    withdrawals: [],
  };
  const invests = rng.chance(profile.invest * (spikeSignup ? 0.8 : 1));
  if (!invests) {
    browseWithoutInvesting(rng, h, traits);
    return { history: h, traits, rng };
  }
  h.verifiedAt = second(registeredAt + rng.exponential(0.4 * DAY_MS) + 60_000);
  h.cardBoundAt = second(h.verifiedAt + rng.exponential(0.8 * DAY_MS) + 60_000);
  const first = second(h.cardBoundAt + rng.exponential(2 * DAY_MS) + 60_000);
  if (first >= DATA_END) return { history: h, traits, rng };
  investChain(rng, h, traits, { investments: 0 }, first, 1);
  return { history: h, traits, rng };
}

/** A sign-up who never invests: a few sessions, some verify, a rare lurker keeps browsing for months. */
function browseWithoutInvesting(rng: Random, h: UserHistory, traits: Traits): void {
  if (rng.chance(0.3)) h.verifiedAt = second(h.registeredAt + rng.exponential(DAY_MS) + 60_000);
  if (h.verifiedAt !== null && rng.chance(0.4))
    h.cardBoundAt = second(h.verifiedAt + rng.exponential(DAY_MS));
  let t = h.registeredAt;
  if (rng.chance(traits.profile.lurker)) {
    const until = t + rng.between(120, 600) * DAY_MS;
    while (true) {
      t = second(t + rng.between(7, 15) * DAY_MS);
      if (t >= until || t >= DATA_END) break;
      h.logins.push(t);
    }
    return;
  }
  const sessions = Math.floor(rng.exponential(1.6));
  for (let i = 0; i < sessions; i++) {
    t = second(t + rng.exponential(5 * DAY_MS) + HOUR_MS);
    if (t >= DATA_END) break;
    h.logins.push(t);
  }
}

/** Term of the next investment: short terms dominate; lengtheners move to long terms after 3. */
function chooseTerm(rng: Random, traits: Traits, k: number): number {
  const weights = traits.lengthener && k >= 3 ? LONG_TERM_WEIGHTS : TERM_WEIGHTS;
  return rng.weighted(TERMS, weights);
}

/**
 * Chance to reinvest after the k-th investment matured at `ms`.
 * @param traits the user's latent traits
 * @param k investments so far
 * @param ms maturity instant (UTC ms)
 * @returns a probability
 * @example reinvestChance(traits, 5, Date.parse('2016-12-15T10:00:00+08:00'))
 */
export function reinvestChance(traits: Traits, k: number, ms: number): number {
  const habit = traits.core ? CORE_REINVEST : HABIT[Math.min(k, HABIT.length) - 1];
  // Channel quality shows in casual users; core users have their own (smaller) channel effect.
  const channelLoyalty = k === 1 ? traits.profile.loyaltyNew : traits.profile.loyaltyOld;
  const loyalty = traits.core ? traits.profile.coreLoyalty : channelLoyalty;
  const shock = (traits.core ? CORE_SHOCK_BY_MONTH : SHOCK_BY_MONTH)[SHANGHAI.date(ms).slice(0, 7)] ?? 1;
  return Math.min(0.97, habit * loyalty * shock * (traits.spikeSignup ? 0.8 : 1));
}

/**
 * Places investments one after another from `firstAt`: each matures, the user logs in on payout day and
 * either reinvests within a few days or withdraws and leaves. `k0` is the number of the first order here.
 * Appends to `h` and stops at the data end.
 */
export function investChain(
  rng: Random,
  h: UserHistory,
  traits: Traits,
  state: ChainState,
  firstAt: number,
  k0: number,
  loyaltyFactor = 1,
): void {
  let t = firstAt;
  let k = k0;
  let returned = false;
  while (t < DATA_END) {
    const order = makeOrder(rng, traits, k, t, h.orders.length === 0);
    // Reinvesting right after the payout login needs no new login.
    const lastLogin = h.logins[h.logins.length - 1];
    if (!(t - lastLogin < HOUR_MS && t >= lastLogin)) {
      h.logins.push(Math.max(h.registeredAt, second(t - rng.between(1, 20) * 60_000)));
    }
    h.orders.push(order);
    // Core users often split money over two products bought together (same term, same day).
    const splitAt = second(t + rng.between(1, 10) * 60_000);
    if (traits.core && order.productType !== 'novice' && rng.chance(0.35) && splitAt < DATA_END) {
      const amount = Math.max(100, Math.round((order.amount * rng.between(0.2, 0.8)) / 100) * 100);
      h.orders.push({
        ts: second(t + rng.between(1, 10) * 60_000),
        amount,
        termDays: order.termDays,
        productType: 'regular',
      });
      k++;
    }
    state.investments = k;
    const maturity = t + order.termDays * DAY_MS;
    // Active users look in every 7-15 days; holders of long terms (90+ days) are more relaxed.
    const [lo, hi] = order.termDays <= 60 ? [7, 15] : [12, 30];
    for (let s = t + rng.between(lo, hi) * DAY_MS; s < maturity - DAY_MS; s += rng.between(lo, hi) * DAY_MS) {
      if (s >= DATA_END) return;
      h.logins.push(second(s));
    }
    if (maturity >= DATA_END) return;
    const payoutLogin = second(maturity + rng.between(0.2, 8) * HOUR_MS);
    if (payoutLogin < DATA_END) h.logins.push(payoutLogin);
    if (rng.chance(reinvestChance(traits, k, maturity) * loyaltyFactor)) {
      // Loyal users reinvest on the payout day (复投); others take a few days.
      const gapDays = rng.weighted(
        [0, 1, 2, 3, 5],
        traits.core ? [0.9, 0.05, 0.03, 0.02, 0] : [0.35, 0.25, 0.15, 0.15, 0.1],
      );
      t =
        gapDays === 0
          ? second(payoutLogin + rng.between(2, 30) * 60_000)
          : daytime(rng, SHANGHAI.startOfDay(SHANGHAI.dayOf(maturity) + gapDays));
      k++;
      continue;
    }
    leave(rng, h, payoutLogin);
    // A few come back on their own months later (natural resurrection).
    if (returned || !rng.chance(0.06)) return;
    returned = true;
    t = daytime(rng, SHANGHAI.startOfDay(SHANGHAI.dayOf(payoutLogin) + rng.int(60, 240)));
    if (t >= DATA_END) return;
    k++;
  }
}

/** Withdraws the cash (sometimes leaving a few yuan of interest) and logs in a last time or two. */
export function leave(rng: Random, h: UserHistory, at: number): void {
  const withdrawAt = second(at + rng.between(1, 40) * 60_000);
  if (withdrawAt >= DATA_END) return;
  h.withdrawals.push({
    ts: withdrawAt,
    residue: rng.chance(0.2) ? Math.round(rng.between(0.5, 99) * 100) / 100 : 0,
  });
  const last = rng.weighted([0, 1, 2], [0.5, 0.35, 0.15]);
  let s = withdrawAt;
  for (let i = 0; i < last; i++) {
    s = second(s + rng.between(1, 14) * DAY_MS);
    if (s >= DATA_END) return;
    h.logins.push(s);
  }
}

/** The k-th investment of a user at `ts`: amount around the user's capacity, growing with habit. */
function makeOrder(rng: Random, traits: Traits, k: number, ts: number, first: boolean): Investment {
  const growth = 1 + 0.08 * Math.min(k - 1, 6);
  let amount = round100(traits.capacity * growth * rng.logNormal(1, 0.3));
  if (first && rng.chance(0.7)) {
    return { ts, amount: Math.min(amount, NOVICE_LIMIT), termDays: 30, productType: 'novice' };
  }
  const termDays = chooseTerm(rng, traits, k);
  const trust = traits.profile.rateBoost * (1 + 0.25 * Math.min(k - 1, 4));
  const productType = rng.chance(trust) ? 'rateBoost' : 'regular';
  if (amount > 2_000_000) amount = 2_000_000;
  return { ts, amount, termDays, productType };
}
