import { SpecError } from '../../errors.js';
import {
  ascendingNumbers,
  integerIn,
  nonEmptyString,
  numberIn,
  oneOf,
  rejectUnknownKeys,
} from '../../spec.js';
import { DAY, TimeZone } from '../../time/zone.js';
import { resolveOrderCounting, type OrderCounting } from '../orders/orderCounting.js';
import { resolveTimeZone, type DataZones } from '../../time/context.js';

/** Who counts as recalled (召回). */
export type RecallDefinition = 'usedCoupon' | 'invested';
/** Which orders make up the re-invested amount (复投金额). */
export type ReinvestDefinition = 'allOrders' | 'couponOrders';
/** What to do with a user whose tier value is missing or below the first cut. */
export type UnknownTierHandling = 'error' | 'keep';
/** What to do with a coupon marked redeemed whose order cannot be found. */
export type OrphanRedemptionHandling = 'error' | 'countWithoutOrder';
/** Confidence interval for a difference of two proportions. */
export type IntervalMethod = 'newcombe' | 'wald';

/**
 * Tiers of a per-user value, as data (e.g. last payout amount 最后一天到账金额 cut at 0, 5000, 20000, …).
 * A value v falls in tier i when `cuts[i] <= v < cuts[i+1]` (the last tier is open above).
 */
export interface TierSpec {
  /**
   * The per-user value: a column of `targets`, `users` or `coupons` (first found, in that order), or
   * `'lastPayoutAmount'`, computed from `payouts` as the amount paid back on the user's last payout day
   * before the campaign start (最后一天到账金额).
   * Or `'spentBefore'`, computed from `orders` as the sum of the user's order amounts before the campaign
   * start (活动前累计消费, refunds netted), for data without payouts.
   */
  by: string;
  /** Ascending lower bounds of the tiers. */
  cuts: number[];
  /** One label per tier. @default "0-4999", "5000-19999", …, "100000+" for whole-number cuts */
  labels?: string[];
}

/** The definition of a campaign review (活动复盘). Every option is data; printing it says what was computed. */
export interface CampaignReviewSpec {
  /** First day of the campaign (`YYYY-MM-DD`, local to `timeZone`) or an ISO instant. */
  start: string;
  /** Length of the campaign window in days. @default 7 */
  days?: number;
  /** Day boundaries follow this zone. @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Only coupons of this campaign (needs a `campaign_id` column). @default all coupons */
  campaignId?: string;
  /** Tiers of a per-user value. @default one tier "all" */
  tiers?: TierSpec;
  /** Recalled = used at least one coupon in the window, or invested at all in the window. @default 'usedCoupon' */
  recall?: RecallDefinition;
  /** Re-invested amount = all window orders of recalled users, or only their coupon orders. @default 'allOrders' */
  reinvest?: ReinvestDefinition;
  /** @default 'error' */
  unknownTier?: UnknownTierHandling;
  /** @default 'error' */
  orphanRedemptions?: OrphanRedemptionHandling;
  /** Interval for the incremental recall against a hold-out. @default 'newcombe' (hybrid Wilson score) */
  interval?: IntervalMethod;
  /** Confidence level of that interval. @default 0.95 */
  confidence?: number;
  /**
   * How orders are counted when `orders` holds invoice lines: `'orders'` rolls the lines of one order id
   * up into one order (at its earliest line, worth the exact sum of its lines; a coupon used on any line
   * makes it a coupon order), so window and history orders, the largest past order and coupon-order
   * amounts are per order; `'rows'` counts every line. @default 'orders'
   */
  counting?: OrderCounting;
  /**
   * The order id column of `orders`, read under `counting: 'orders'` when present; `null`: each row is an
   * order. The review's spec names the column used, or `null`. @default 'order_id'
   */
  orderColumn?: string | null;
}

/** A spec with every default filled in, plus the window as UTC instants. */
export interface ResolvedCampaignSpec extends Required<Omit<CampaignReviewSpec, 'campaignId' | 'tiers'>> {
  campaignId?: string;
  tiers?: Required<TierSpec>;
  /** Window start and end (exclusive), UTC epoch ms. */
  windowStart: number;
  windowEnd: number;
}

const KEYS = [
  'start',
  'days',
  'timeZone',
  'campaignId',
  'tiers',
  'recall',
  'reinvest',
  'unknownTier',
  'orphanRedemptions',
  'interval',
  'confidence',
  'counting',
  'orderColumn',
] as const;

/**
 * Checks a campaign spec and fills in the defaults.
 * @param spec the spec as the caller gave it
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the resolved spec
 * @example resolveCampaignSpec({ start: '2017-03-01' }).days // 7
 */
export function resolveCampaignSpec(spec: CampaignReviewSpec, zones: DataZones = {}): ResolvedCampaignSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('campaign spec', spec, 'an object');
  rejectUnknownKeys('campaignReview', spec, KEYS);
  const start = nonEmptyString('start', spec.start);
  const days = integerIn('days', spec.days, 1, 3660, 7);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  const zone = TimeZone.of(timeZone);
  let windowStart: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(start)) windowStart = zone.startOfDay(zone.dayOf(start));
  else {
    windowStart = Date.parse(start);
    if (Number.isNaN(windowStart)) throw new SpecError('start', start, 'a date like "2017-03-01"');
  }
  const windowEnd = /^\d{4}-\d{2}-\d{2}$/.test(start)
    ? zone.startOfDay(zone.dayOf(start) + days)
    : windowStart + days * DAY;
  const resolved: ResolvedCampaignSpec = {
    start,
    days,
    timeZone,
    recall: oneOf('recall', spec.recall, ['usedCoupon', 'invested'], 'usedCoupon'),
    reinvest: oneOf('reinvest', spec.reinvest, ['allOrders', 'couponOrders'], 'allOrders'),
    unknownTier: oneOf('unknownTier', spec.unknownTier, ['error', 'keep'], 'error'),
    orphanRedemptions: oneOf(
      'orphanRedemptions',
      spec.orphanRedemptions,
      ['error', 'countWithoutOrder'],
      'error',
    ),
    interval: oneOf('interval', spec.interval, ['newcombe', 'wald'], 'newcombe'),
    confidence: numberIn('confidence', spec.confidence, 0.5, 0.9999, 0.95),
    ...resolveOrderCounting(spec),
    windowStart,
    windowEnd,
  };
  if (spec.campaignId !== undefined) resolved.campaignId = nonEmptyString('campaignId', spec.campaignId);
  if (spec.tiers !== undefined) resolved.tiers = resolveTiers(spec.tiers);
  return resolved;
}

/** Checks a tier spec and fills in default labels. */
export function resolveTiers(tiers: TierSpec): Required<TierSpec> {
  if (typeof tiers !== 'object' || tiers === null) throw new SpecError('tiers', tiers, 'an object');
  rejectUnknownKeys('tiers', tiers, ['by', 'cuts', 'labels']);
  const by = nonEmptyString('tiers.by', tiers.by);
  const cuts = ascendingNumbers('tiers.cuts', tiers.cuts);
  const labels = tiers.labels ?? defaultTierLabels(cuts);
  if (!Array.isArray(labels) || labels.length !== cuts.length || labels.some((l) => typeof l !== 'string')) {
    throw new SpecError('tiers.labels', labels, `${cuts.length} strings, one per cut`);
  }
  if (new Set(labels).size !== labels.length) throw new SpecError('tiers.labels', labels, 'distinct labels');
  return { by, cuts: [...cuts], labels: [...labels] };
}

/** "0-4999", "5000-19999", …, "100000+" for whole-number cuts; "[a, b)" otherwise. */
export function defaultTierLabels(cuts: number[]): string[] {
  const whole = cuts.every(Number.isInteger);
  return cuts.map((c, i) => {
    if (i === cuts.length - 1) return `${c}+`;
    return whole ? `${c}-${cuts[i + 1] - 1}` : `[${c}, ${cuts[i + 1]})`;
  });
}
