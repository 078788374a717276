import { SHANGHAI } from '../clock.js';

/**
 * The P2P lending platform's world: calendar, channels, products and the behavioural parameters the
 * simulation draws from. Parameters are mechanisms (habit, channel quality, a market shock), tuned
 * once so the default sample lands on the articles' figures; none of them is an article's result.
 */

/** Platform launch: the first sign-up day (local). */
export const LAUNCH = SHANGHAI.dayStart('2015-09-01');
/** Last sign-up day (exclusive end). */
export const SIGNUP_END = SHANGHAI.dayStart('2017-06-01');
/** Data end (exclusive): nothing happens on or after 2017-07-01 00:00 local. */
export const DATA_END = SHANGHAI.dayStart('2017-07-01');

/** Acquisition channels (获客渠道); codes are written in the data, Chinese names in the data card. */
export const CHANNELS = [
  'organic',
  'app_store',
  'sem',
  'invite',
  'distribution',
  'wealth_supermarket',
  'news_feed',
] as const;
export type Channel = (typeof CHANNELS)[number];

/** How a channel's users behave: share of sign-ups, chance to invest, capacity, loyalty. */
export interface ChannelProfile {
  /** Share of sign-ups. */
  share: number;
  /** Chance a sign-up ever invests (verifies, binds a card, buys). */
  invest: number;
  /** Median of the user's typical single investment, yuan. */
  capacity: number;
  /** Multiplies the habit curve after the first investment (1 = as organic users). */
  loyaltyNew: number;
  /** Multiplies it from the second investment on (invite users leave once rewards are collected). */
  loyaltyOld: number;
  /** Chance an order is a rate-boost product (加息), a sign of trust. */
  rateBoost: number;
  /** Chance a never-investing sign-up keeps browsing for months (not churned). */
  lurker: number;
  /** Chance an investor is a core user who keeps reinvesting (a trait, apart from habit). */
  core: number;
  /** Multiplies a core user's chance to reinvest (invite users leave once the referral rewards are paid). */
  coreLoyalty: number;
}

/** One row of {@link CHANNEL_PROFILES}, in the order of the fields of {@link ChannelProfile}. */
function profile(
  share: number,
  invest: number,
  capacity: number,
  loyaltyNew: number,
  loyaltyOld: number,
  rateBoost: number,
  lurker: number,
  core: number,
  coreLoyalty: number,
): ChannelProfile {
  return { share, invest, capacity, loyaltyNew, loyaltyOld, rateBoost, lurker, core, coreLoyalty };
}

export const CHANNEL_PROFILES: Record<Channel, ChannelProfile> = {
  // share, invest, capacity, loyalty new, loyalty old, rate boost, lurker, core, core loyalty
  organic: profile(0.17, 0.7, 5000, 1.0, 1.0, 0.16, 0.07, 0.9, 1),
  app_store: profile(0.14, 0.65, 4100, 0.97, 0.98, 0.14, 0.06, 0.85, 1),
  sem: profile(0.12, 0.63, 4400, 0.95, 0.97, 0.14, 0.05, 0.85, 1),
  invite: profile(0.16, 0.7, 3900, 0.4, 0.35, 0.12, 0.04, 0.15, 0.65),
  distribution: profile(0.22, 0.5, 2000, 0.7, 0.95, 0.03, 0.0, 0.06, 1),
  wealth_supermarket: profile(0.1, 0.25, 3300, 1.0, 0.95, 0.06, 0.025, 0.3, 1),
  news_feed: profile(0.09, 0.5, 2200, 0.8, 1.0, 0.08, 0.03, 0.35, 0.98),
};

/** Number of distributors (分销商) of the distribution channel. */
export const DISTRIBUTORS = 60;

/** Platforms users sign up on. */
export const PLATFORMS = ['ios', 'android', 'web'] as const;
export const PLATFORM_WEIGHTS = [0.38, 0.47, 0.15];

/** Fixed terms (days) and their annual rates; novice products (新手标) are 30-day at a higher rate. */
export const TERMS = [30, 60, 90, 180, 365] as const;
export const ANNUAL_RATE: Record<number, number> = { 30: 0.07, 60: 0.075, 90: 0.08, 180: 0.09, 365: 0.1 };
export const NOVICE_RATE = 0.12;
export const RATE_BOOST = 0.01;
/** Novice products cap a first investment. */
export const NOVICE_LIMIT = 10000;
/** Term weights of a typical user, and of a user lengthening terms (maturity, 成熟期). */
export const TERM_WEIGHTS = [0.78, 0.1, 0.07, 0.03, 0.02];
export const LONG_TERM_WEIGHTS = [0.45, 0.2, 0.2, 0.1, 0.05];

/**
 * Habit (习惯): chance to invest again after the k-th investment matured, k = 1, 2, 3, 4, 5+. A repeat
 * investment makes the next one much likelier; five make a loyal user.
 */
export const HABIT = [0.2, 0.5, 0.62, 0.7, 0.78];
/** A core user's chance to reinvest at any maturity (before the market shock). */
export const CORE_REINVEST = 0.985;

/**
 * Sign-up spikes around campaigns and holidays (local dates, ±3 days): bonus hunters sign up there and
 * churn more, so churned users' sign-up dates cluster around them (article 001).
 */
export const SIGNUP_SPIKES = [
  '2015-11-11',
  '2016-02-08',
  '2016-05-01',
  '2016-06-18',
  '2016-10-01',
  '2016-11-11',
  '2017-01-28',
  '2017-05-01',
];

/**
 * The market shock of late 2016 (industry scandals): the chance to reinvest at a maturity is multiplied
 * by a factor by month of maturity, so churn explodes from 2016-10 to 2017-01 (article 000's chart).
 * Small investors panic first (October on); loyal ones leave after the December scandal.
 */
export const SHOCK_BY_MONTH: Record<string, number> = {
  '2016-10': 0.45,
  '2016-11': 0.35,
  '2016-12': 0.3,
  '2017-01': 0.3,
  '2017-02': 0.8,
};
export const CORE_SHOCK_BY_MONTH: Record<string, number> = {
  '2016-11': 0.95,
  '2016-12': 0.12,
  '2017-01': 0.12,
  '2017-02': 0.8,
};
