import { SpecError } from '../../errors.js';
import { numberIn, integerIn, oneOf, rejectUnknownKeys } from '../../spec.js';
import { TimeZone } from '../../time/zone.js';
import { asOfDayOf, resolveTimeZone, type DataZones } from '../../time/context.js';
import { resolveChurnRule, type ChurnRule, type ResolvedChurnRule } from '../history/churnRule.js';

/** How maturity (成熟期, "moved from short to long terms") is recognised. */
export type MaturityRule = 'laterLongerTerm' | 'longTermAfterShort';
export const MATURITY_RULES: readonly MaturityRule[] = ['laterLongerTerm', 'longTermAfterShort'];

/** What growth (成长期) requires besides at least one investment. */
export type GrowthRequirement = 'verified' | 'cardBound';
export const GROWTH_REQUIREMENTS: readonly GrowthRequirement[] = ['verified', 'cardBound'];

/**
 * The definition of article 003's five stages. Printing it tells a reader exactly what was computed.
 *
 * Priority when several apply: churn, then dormancy, then maturity, growth, introduction.
 */
export interface LifecycleSpec {
  /** Stage as of the end of this local day (`YYYY-MM-DD`); rows after it are never read. */
  asOf: string;
  /** Day boundaries. @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Besides ≥ 1 investment, growth needs these done by the as-of day. @default ['verified', 'cardBound'] */
  growthRequires?: GrowthRequirement[];
  /**
   * Maturity: `laterLongerTerm` = some fixed-term order has a longer term_days than a strictly earlier
   * one; `longTermAfterShort` = an order of term ≥ `longTermDays` placed strictly after one shorter than
   * it. Orders without a positive term_days (demand products) never count. @default 'laterLongerTerm'
   */
  maturityRule?: MaturityRule;
  /** Term that counts as "long" for `longTermAfterShort`. @default 90 */
  longTermDays?: number;
  /** X of the dormancy signals (休眠期), in days. @default 30 */
  dormancyDays?: number;
  /** A balance at or below this counts as "all money withdrawn". @default 1 */
  emptyBalance?: number;
  /** Holdings down by more than this share of the user's own maximum balance is a dormancy signal. @default 0.5 */
  holdingsDropShare?: number;
  /** The churn definition (流失期). @default { days: 30, activityEvents: ['login'], ordersCountAsActivity: true } */
  churn?: ChurnRule;
}

/** A lifecycle spec with every default filled in and the as-of day resolved. */
export interface ResolvedLifecycleSpec extends Required<Omit<LifecycleSpec, 'churn'>> {
  churn: ResolvedChurnRule;
  zone: TimeZone;
  asOfDay: number;
}

const KEYS = [
  'asOf',
  'timeZone',
  'growthRequires',
  'maturityRule',
  'longTermDays',
  'dormancyDays',
  'emptyBalance',
  'holdingsDropShare',
  'churn',
] as const;

/**
 * Checks a lifecycle spec, fills its defaults and resolves the as-of day.
 * @param spec the spec as given (JSON)
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the resolved spec
 * @example resolveLifecycleSpec({ asOf: '2017-03-01', dormancyDays: 60 })
 */
export function resolveLifecycleSpec(spec: LifecycleSpec, zones: DataZones = {}): ResolvedLifecycleSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('lifecycle spec', spec, 'an object');
  rejectUnknownKeys('lifecycle', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  const zone = TimeZone.of(timeZone);
  const asOf = spec.asOf;
  const growthRequires = spec.growthRequires ?? ['verified', 'cardBound'];
  if (!Array.isArray(growthRequires))
    throw new SpecError('growthRequires', growthRequires, GROWTH_REQUIREMENTS);
  for (const g of growthRequires) oneOf('growthRequires', g, GROWTH_REQUIREMENTS, 'verified');
  return {
    asOf,
    asOfDay: asOfDayOf(zone, asOf),
    timeZone,
    zone,
    growthRequires: [...growthRequires],
    maturityRule: oneOf('maturityRule', spec.maturityRule, MATURITY_RULES, 'laterLongerTerm'),
    longTermDays: numberIn('longTermDays', spec.longTermDays, 1, 36500, 90),
    dormancyDays: integerIn('dormancyDays', spec.dormancyDays, 1, 3650, 30),
    emptyBalance: numberIn('emptyBalance', spec.emptyBalance, 0, Number.MAX_VALUE, 1),
    holdingsDropShare: numberIn('holdingsDropShare', spec.holdingsDropShare, 0, 1, 0.5),
    churn: resolveChurnRule(spec.churn),
  };
}
