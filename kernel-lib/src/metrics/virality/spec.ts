import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, numberIn, rejectUnknownKeys } from '../../spec.js';
import { DAY, TimeZone } from '../../time/zone.js';
import { resolveTimeZone, type DataZones } from '../../time/context.js';

/** The definition of the K-factor (K因子 / 病毒系数). */
export interface KFactorSpec {
  /** Only invitations sent from this local day (`YYYY-MM-DD`, inclusive). */
  from?: string;
  /** Only invitations sent up to this local day (inclusive). */
  to?: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** A conversion counts only within this many days of the invitation. @default no limit */
  conversionDays?: number;
  /**
   * The users the mean is taken over: the number of users who sent at least one invitation (default, as in
   * article 002's worked example), or a given number (e.g. all active users, counting non-inviters as 0).
   */
  population?: number;
}

/** A K-factor spec checked, its days as instants in its zone. */
export interface ResolvedKFactorSpec {
  /** The zone of local days (the spec's, else the one the invitations carry, else 'UTC'). */
  timeZone: string;
  /** Invitations sent at or after this instant (ms) count; `-Infinity` without `from`. */
  fromMs: number;
  /** Invitations sent before this instant (ms) count; `Infinity` without `to`. */
  toMs: number;
  /** The longest time from invitation to conversion (ms); `Infinity` without `conversionDays`. */
  conversionMs: number;
  /** The population as given (checked against the inviters by `kFactor()`). */
  population?: number;
}

/**
 * Checks a K-factor spec (K因子) and resolves its days (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param zones the zones the invitations carry (the default of `timeZone`)
 * @returns the zone and the instants the days stand for
 * @example resolveKFactorSpec({ from: '2024-01-01' }).fromMs // 1704067200000
 */
export function resolveKFactorSpec(spec: KFactorSpec = {}, zones: DataZones = {}): ResolvedKFactorSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('kFactor spec', spec, 'an object');
  rejectUnknownKeys('kFactor', spec, ['from', 'to', 'timeZone', 'conversionDays', 'population']);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  const zone = TimeZone.of(timeZone);
  const fromMs =
    spec.from === undefined ? -Infinity : zone.startOfDay(zone.dayOf(nonEmptyString('from', spec.from)));
  const toMs =
    spec.to === undefined ? Infinity : zone.startOfDay(zone.dayOf(nonEmptyString('to', spec.to)) + 1);
  const conversionMs =
    spec.conversionDays === undefined
      ? Infinity
      : numberIn('conversionDays', spec.conversionDays, 0, 1e6) * DAY;
  const out: ResolvedKFactorSpec = { timeZone, fromMs, toMs, conversionMs };
  if (spec.population !== undefined) out.population = integerIn('population', spec.population, 0, 1e12);
  return out;
}

/** The definition of a referral ladder's cost (阶梯奖励). */
export interface ReferralLadderSpec {
  /** The reward of the first, second, … consecutive day with a new user (the last step repeats), e.g. `[1, 3, 5]`. */
  rewards: number[];
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
}

/**
 * Checks a referral ladder spec (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param zones the zones the invitations carry (the default of `timeZone`)
 * @returns the rewards and the zone of local days
 * @example resolveReferralLadderSpec({ rewards: [1, 3, 5] }).timeZone // 'UTC'
 */
export function resolveReferralLadderSpec(
  spec: ReferralLadderSpec,
  zones: DataZones = {},
): { rewards: number[]; timeZone: string } {
  if (typeof spec !== 'object' || spec === null)
    throw new SpecError('referralLadder spec', spec, 'an object');
  rejectUnknownKeys('referralLadder', spec, ['rewards', 'timeZone']);
  if (!Array.isArray(spec.rewards) || spec.rewards.length === 0 || spec.rewards.some((r) => !(r >= 0))) {
    throw new SpecError('rewards', spec.rewards, 'a non-empty array of amounts ≥ 0');
  }
  return { rewards: [...spec.rewards], timeZone: resolveTimeZone(spec.timeZone, zones) };
}
