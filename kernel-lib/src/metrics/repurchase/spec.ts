import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, numberIn, oneOf, rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { checkAsOf, resolveTimeZone, type DataZones } from '../../time/context.js';

/** Who is a repeat buyer (复购人数) in a period. */
export type RepeatRule = 'withinPeriod' | 'returning';

/** What `repurchase()` computes (首单率 / 复购率). JSON-serialisable, defaults documented. */
export interface RepurchaseSpec {
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Last observed day, inclusive. @default the last order day */
  asOf?: string;
  /** Period of the per-period table. @default 'day' */
  period?: Period;
  /** Column that groups lines into one order (an invoice); without it each row is an order. @default 'order_id' */
  orderColumn?: string;
  /**
   * `'withinPeriod'`: a repeat buyer placed 2+ orders in the period (so the total is 2+ orders ever);
   * `'returning'`: ordered in the period and had ordered before it. @default 'withinPeriod'
   */
  repeatRule?: RepeatRule;
  /** Window of the N-day repurchase rate, in days after the first order. @default 90 */
  windowDays?: number;
  /**
   * Rate bounds between the business modes: below the first is acquisition, up to the second hybrid,
   * above it loyalty (the article's 15 % and 30 %). @default [0.15, 0.3]
   */
  modeBounds?: [number, number];
  /** Timestamp column of the users table that dates a sign-up (a user joins the pool then). @default 'registered_at' */
  signupColumn?: string;
  /** Confidence level of the interval on the N-day rate. @default 0.95 */
  level?: number;
  /**
   * Whether another order on the first purchase's local day is a repurchase: `'counts'` (any second
   * order), or `'later'` (only an order on a later day, the common definition: lifetimes' frequency counts
   * repeat purchase days). Applies to repeat buyers, the N-day window and the within-period rule (orders on 2+
   * distinct days). @default 'counts'
   */
  sameDay?: SameDayRule;
  /**
   * A breakdown of the N-day rate: by first-purchase cohort (`{ firstPurchase: 'month' }`) or by a user
   * column (`{ column: 'country' }`: from the users table when it has it, else the orders' value; a user
   * with several values takes the smallest, and the result counts such users). @default none
   */
  breakdown?: RepurchaseBreakdown;
}

/** Whether a second order on the first purchase's day counts as a repurchase. */
export type SameDayRule = 'counts' | 'later';

/** How {@link RepurchaseResult.breakdown} groups customers. */
export type RepurchaseBreakdown = { firstPurchase: Period } | { column: string };

/** A repurchase spec with defaults filled in. */
export interface ResolvedRepurchaseSpec {
  timeZone: string;
  asOf?: string;
  period: Period;
  orderColumn: string;
  repeatRule: RepeatRule;
  windowDays: number;
  modeBounds: [number, number];
  signupColumn: string;
  level: number;
  sameDay: SameDayRule;
  breakdown?: RepurchaseBreakdown;
}

const KEYS = [
  'timeZone',
  'asOf',
  'period',
  'orderColumn',
  'repeatRule',
  'windowDays',
  'modeBounds',
  'signupColumn',
  'level',
  'sameDay',
  'breakdown',
];

/**
 * Validates a repurchase spec and fills in its defaults (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the full definition, as `repurchase()` reports it in `result.spec`
 * @example resolveRepurchaseSpec({}).windowDays // 90
 */
export function resolveRepurchaseSpec(
  spec: RepurchaseSpec = {},
  zones: DataZones = {},
): ResolvedRepurchaseSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('repurchase spec', spec, 'an object');
  rejectUnknownKeys('repurchase', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  if (spec.asOf !== undefined) checkAsOf(spec.asOf);
  const bounds = spec.modeBounds ?? [0.15, 0.3];
  if (
    !Array.isArray(bounds) ||
    bounds.length !== 2 ||
    !bounds.every((b) => typeof b === 'number' && b >= 0 && b <= 1) ||
    bounds[0] >= bounds[1]
  ) {
    throw new SpecError('modeBounds', JSON.stringify(bounds), 'two ascending fractions, e.g. [0.15, 0.3]');
  }
  const out: ResolvedRepurchaseSpec = {
    timeZone,
    period: spec.period === undefined ? 'day' : checkPeriod(spec.period),
    orderColumn: nonEmptyString('orderColumn', spec.orderColumn, 'order_id'),
    repeatRule: oneOf('repeatRule', spec.repeatRule, ['withinPeriod', 'returning'] as const, 'withinPeriod'),
    windowDays: integerIn('windowDays', spec.windowDays, 1, 100_000, 90),
    modeBounds: [bounds[0], bounds[1]],
    signupColumn: nonEmptyString('signupColumn', spec.signupColumn, 'registered_at'),
    level: numberIn('level', spec.level, 0.5, 0.9999, 0.95),
    sameDay: oneOf('sameDay', spec.sameDay, ['counts', 'later'] as const, 'counts'),
  };
  if (spec.asOf !== undefined) out.asOf = spec.asOf;
  if (spec.breakdown !== undefined) out.breakdown = resolveBreakdown(spec.breakdown);
  return out;
}

function resolveBreakdown(b: unknown): RepurchaseBreakdown {
  const expected = "{ firstPurchase: 'day' | 'week' | 'month' } or { column: 'country' }";
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new SpecError('breakdown', b, expected);
  const keys = Object.keys(b);
  if (keys.length !== 1) throw new SpecError('breakdown', JSON.stringify(b), expected);
  const v = (b as Record<string, unknown>)[keys[0]];
  if (keys[0] === 'firstPurchase') return { firstPurchase: checkPeriod(v as Period) };
  if (keys[0] === 'column') return { column: nonEmptyString('breakdown.column', v) };
  throw new SpecError('breakdown', JSON.stringify(b), expected);
}
