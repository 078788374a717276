import { DAY_MS, HOUR_MS, SHANGHAI } from '../clock.js';
import { Random } from '../random.js';
import {
  CATALOGUE,
  CHANNEL_CODES,
  CHANNEL_PROFILES,
  CHANNELS,
  DATA_END,
  ORDER_MEDIAN,
  PLATFORM_ENGAGEMENT,
  PLATFORMS,
  PRODUCT_LINE_WEIGHTS,
  PRODUCT_LINES,
  RETURN_ANCHORS,
  type Channel,
  type ChannelCode,
  type Platform,
  type ProductLine,
} from './world.js';

/** A step of the sign-up page funnel (注册转化漏斗). */
export const SIGNUP_STEPS = [
  'page_view',
  'phone_entered',
  'code_sent',
  'code_entered',
  'signup_success',
] as const;

/** One visitor of the sign-up page: the steps reached and when. */
export interface SignupVisitor {
  visitorId: string;
  /** Set for the visitor who signed up. */
  userId: string | null;
  steps: { step: (typeof SIGNUP_STEPS)[number]; ts: number }[];
}

export interface B2bOrder {
  ts: number;
  amount: number;
  productId: string;
  productLine: ProductLine;
}

/** One simulated B2B user. */
export interface B2bUser {
  index: number;
  registeredAt: number;
  channel: Channel;
  code: ChannelCode;
  platform: Platform;
  productLine: ProductLine;
  landingUrl: string;
  invitedBy: number | null;
  visitors: SignupVisitor[];
  /** Activity: visits and high-intent actions. */
  events: { ts: number; event: string; productLine: ProductLine }[];
  orders: B2bOrder[];
  /** Invitations this user sent that nobody accepted (accepted ones are written by the invitee). */
  unansweredInvites: number[];
}

/** Share of new users who never come back after signing up. */
const BOUNCERS = 0.3;
/** Spread of engagement between users (log-normal sigma). */
const ENGAGEMENT_SIGMA = 0.7;
/** Share of users who would ever buy (others only browse). */
const BUYER_SHARE = 0.52;
/** A buyer's chance of a first order on the sign-up day, on a visit in the first two weeks, and later. */
const FIRST_ORDER_SIGNUP_DAY = 0.3;
const FIRST_ORDER_EARLY = 0.22;
const FIRST_ORDER_LATE = 0.06;
/** Median chance of a repeat order per visit. */
const REPEAT_PER_VISIT = 0.02;

const second = (ms: number) => Math.floor(ms / 1000) * 1000;

/** Return curve g(d): the anchors interpolated in log-log, scaled for bouncers and the mean engagement. */
export function returnChance(day: number): number {
  let r: number;
  const a = RETURN_ANCHORS;
  if (day <= a[0][0]) r = a[0][1];
  else if (day >= a[a.length - 1][0]) r = a[a.length - 1][1] * (a[a.length - 1][0] / day) ** 0.6;
  else {
    let k = 0;
    while (a[k + 1][0] < day) k++;
    const [d0, r0] = a[k];
    const [d1, r1] = a[k + 1];
    const t = Math.log(day / d0) / Math.log(d1 / d0);
    r = Math.exp(Math.log(r0) + t * (Math.log(r1) - Math.log(r0)));
  }
  return r / ((1 - BOUNCERS) * Math.exp((ENGAGEMENT_SIGMA * ENGAGEMENT_SIGMA) / 2));
}

/**
 * Simulates one user: the sign-up page visit (with the visitors of the same link who gave up on the
 * way), visits on later days with a chance falling with days since sign-up times the user's
 * engagement (channel, platform, person), orders on some visits, and invitations sent.
 * @param seed the data set's seed
 * @param index the user's position (sign-up order)
 * @param registeredAt sign-up instant (UTC ms)
 * @param inviterBound users [0, inviterBound) signed up strictly earlier
 * @param correction per-day factor on the return curve
 * @returns the user's rows before writing
 * @example simulateB2bUser(7, 0, Date.parse('2019-03-01T09:00:00+08:00'), 0, () => 1).events.length
 */
export function simulateB2bUser(
  seed: number,
  index: number,
  registeredAt: number,
  inviterBound: number,
  correction: (day: number) => number,
): B2bUser {
  const rng = new Random(seed, 11, index);
  const channel = rng.weighted(
    CHANNELS,
    CHANNELS.map((c) => CHANNEL_PROFILES[c].share),
  );
  const profile = CHANNEL_PROFILES[channel];
  const codes = CHANNEL_CODES.filter((c) => c.channel === channel);
  const code = rng.weighted(
    codes,
    codes.map((c) => c.weight),
  );
  const platform = rng.weighted(PLATFORMS, profile.platforms);
  const productLine = rng.weighted(PRODUCT_LINES, PRODUCT_LINE_WEIGHTS);
  const userId = `b${index + 1}`;
  const u: B2bUser = {
    index,
    registeredAt,
    channel,
    code,
    platform,
    productLine,
    landingUrl: landingUrl(rng, code, productLine),
    invitedBy: channel === 'invite' && inviterBound > 0 ? rng.int(0, inviterBound - 1) : null,
    visitors: signupVisitors(rng, userId, index, registeredAt, profile.funnel, platform),
    events: [{ ts: registeredAt + 1000, event: 'visit', productLine }],
    orders: [],
    unansweredInvites: [],
  };

  const bouncer = rng.chance(BOUNCERS);
  const engagement = bouncer
    ? 0
    : rng.logNormal(1, ENGAGEMENT_SIGMA) * profile.engagement * PLATFORM_ENGAGEMENT[platform];
  const buyer = rng.chance(Math.min(0.95, BUYER_SHARE * profile.buyer * (bouncer ? 0.35 : 1)));
  // A repeat order is rare per visit, likelier for engaged shops (the north-star effect: early repeat
  // buyers are the engaged ones, and they stay).
  const repeatPerVisit = buyer
    ? Math.min(0.5, REPEAT_PER_VISIT * rng.logNormal(1, 0.5) * Math.sqrt(Math.max(engagement, 0.2)))
    : 0;
  const signupDay = SHANGHAI.dayOf(registeredAt);
  if (buyer && rng.chance(FIRST_ORDER_SIGNUP_DAY))
    u.orders.push(order(rng, registeredAt + rng.between(5, 90) * 60_000, productLine));
  for (let d = 1; ; d++) {
    const dayStart = SHANGHAI.startOfDay(signupDay + d);
    if (dayStart >= DATA_END) break;
    if (engagement === 0) {
      // Bouncers who bought once may come back to buy again, without browsing first.
      if (!buyer || d > 90 || !rng.chance(0.004)) continue;
    } else if (!rng.chance(Math.min(0.95, engagement * returnChance(d) * correction(d)))) continue;
    const ts = second(dayStart + (8 + rng.uniform() * 15) * HOUR_MS);
    const line = rng.chance(0.85) ? productLine : rng.weighted(PRODUCT_LINES, PRODUCT_LINE_WEIGHTS);
    u.events.push({ ts, event: 'visit', productLine: line });
    if (rng.chance(0.18))
      u.events.push({ ts: ts + rng.int(30, 600) * 1000, event: 'add_to_cart', productLine: line });
    if (rng.chance(0.08))
      u.events.push({ ts: ts + rng.int(30, 600) * 1000, event: 'favorite', productLine: line });
    // Operations push the first order hard in the first two weeks (首单).
    const chance = u.orders.length > 0 ? repeatPerVisit : d <= 14 ? FIRST_ORDER_EARLY : FIRST_ORDER_LATE;
    if (buyer && rng.chance(chance)) {
      u.orders.push(order(rng, ts + rng.int(60, 1800) * 1000, line));
    }
  }
  // Invitations: a few users share invite links; most are never accepted.
  if (!bouncer && rng.chance(0.12)) {
    const n = rng.int(1, 12);
    for (let k = 0; k < n; k++) {
      const ts = second(registeredAt + rng.between(1, 60) * DAY_MS);
      if (ts < DATA_END) u.unansweredInvites.push(ts);
    }
  }
  return u;
}

function order(rng: Random, ts: number, line: ProductLine): B2bOrder {
  const cat = CATALOGUE[line];
  // Popular products sell most (Zipf-like rank).
  const rank = Math.min(cat.size, Math.floor(cat.size ** rng.uniform()));
  return {
    ts: second(ts),
    amount: Math.max(20, Math.round(rng.logNormal(ORDER_MEDIAN[line], 0.8) * 100) / 100),
    productId: `${cat.prefix}-${String(rank).padStart(5, '0')}`,
    productLine: line,
  };
}

/**
 * The visitors of the user's sign-up link on the sign-up day: the one who signed up, and before them
 * those who gave up at some step (as many as the channel's conversion implies, drawn geometrically).
 */
function signupVisitors(
  rng: Random,
  userId: string,
  index: number,
  registeredAt: number,
  funnel: [number, number, number, number],
  platform: Platform,
): SignupVisitor[] {
  // SMS codes reach H5 visitors less reliably (a network problem the funnel makes visible).
  const steps = funnel.slice() as [number, number, number, number];
  if (platform === 'H5') steps[2] *= 0.9;
  const success = steps.reduce((a, b) => a * b, 1);
  const visitors: SignupVisitor[] = [];
  let failures = 0;
  while (!rng.chance(success) && failures < 60) failures++;
  for (let f = 0; f < failures; f++) {
    // A visitor who did not finish: walk the steps until one fails (never the whole way).
    let reached = 0;
    do {
      reached = 0;
      while (reached < 4 && rng.chance(steps[reached])) reached++;
    } while (reached === 4);
    const dayStart = SHANGHAI.startOfDay(SHANGHAI.dayOf(registeredAt));
    const start = second(Math.max(dayStart, registeredAt - rng.between(0.2, 10) * HOUR_MS));
    visitors.push(visitor(rng, `v${index + 1}-${f + 1}`, null, start, reached));
  }
  visitors.push(
    visitor(
      rng,
      `v${index + 1}`,
      userId,
      second(registeredAt - rng.between(60, 400) * 1000),
      4,
      registeredAt,
    ),
  );
  return visitors;
}

function visitor(
  rng: Random,
  id: string,
  userId: string | null,
  start: number,
  reached: number,
  successAt?: number,
): SignupVisitor {
  const steps: SignupVisitor['steps'] = [];
  let t = start;
  // Some visitors reload the page: page views (PV) exceed visitors (UV).
  const views = rng.chance(0.2) ? 2 : 1;
  for (let v = 0; v < views; v++) steps.push({ step: 'page_view', ts: (t += rng.int(1, 20) * 1000) });
  for (let s = 1; s <= reached; s++) steps.push({ step: SIGNUP_STEPS[s], ts: (t += rng.int(5, 60) * 1000) });
  // The successful visit ends at the sign-up instant itself.
  if (successAt !== undefined) {
    const shift = successAt - t;
    for (const s of steps) s.ts += shift;
  }
  return { visitorId: id, userId, steps };
}

/** The landing URL of a sign-up link with its UTM parameters; about 1 in 25 is malformed in the wild. */
function landingUrl(rng: Random, code: ChannelCode, line: ProductLine): string {
  const p = CHANNEL_PROFILES[code.channel];
  const host = `https://${line}.example.com/register`;
  if (!p.utmSource) return rng.chance(0.5) ? host : `${host}?channel_code=${code.code}`;
  const params: [string, string][] = [
    ['utm_source', p.utmSource],
    ['utm_medium', p.utmMedium],
    ['utm_campaign', code.campaign],
    ['utm_content', code.content],
    ['utm_term', code.term],
    ['channel_code', code.code],
  ];
  const query = params
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  const url = `${host}?${query}`;
  if (!rng.chance(0.04)) return url;
  switch (rng.int(0, 6)) {
    case 0:
      return url.replace('?', '??'); // doubled question mark
    case 1:
      return url.replace('utm_medium=', 'utm_medium'); // lost "="
    case 2:
      return url.replace('utm_source', 'UTM_SOURCE').replace(p.utmSource, p.utmSource.toUpperCase()); // upper case
    case 3:
      return url.slice(0, Math.max(host.length + 8, url.length - 17)); // truncated by a QR code tool
    case 4:
      return url.replace(/&/g, '&amp;'); // HTML-escaped ampersands pasted from a web page
    case 5:
      // An old ad system that percent-encodes in GBK (服装 → %B7%FE%D7%B0): not UTF-8.
      return url.replace(/utm_campaign=[^&]*/, 'utm_campaign=%B7%FE%D7%B0');
    default:
      return `${url}&utm_source=${p.utmSource === 'baidu' ? 'sogou' : 'unknown'}`; // a second, different source
  }
}
