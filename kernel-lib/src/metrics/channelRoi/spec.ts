import { SpecError } from '../../errors.js';
import { nonEmptyString, numberIn, oneOf, rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { resolveTimeZone, type DataZones } from '../../time/context.js';

/** The definition of channel ROI (渠道ROI). */
export interface ChannelRoiSpec {
  /** Cost and revenue periods. @default 'month' */
  period?: Period;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** The users' channel column (channel, channel_code, utm_source, …). @default 'channel' */
  channelColumn?: string;
  /**
   * Whose revenue counts against a period's cost: `allUsers` = orders in the period by all users of the
   * channel; `registeredInPeriod` = orders in the period by the channel's users who signed up in that
   * period (the users that period's spend brought). @default 'allUsers'
   */
  revenueOf?: 'allUsers' | 'registeredInPeriod';
  /** Share of order amount that is revenue to the platform (e.g. a take rate). @default 1 */
  revenueShare?: number;
  /** ROI at or above this is marked sustainable; article 002: ≥ 1 (revenue covers cost). @default 1 */
  sustainableAt?: number;
}

/** A channel ROI spec with defaults filled in. */
export type ResolvedChannelRoiSpec = Required<ChannelRoiSpec>;

/**
 * Checks a channel ROI spec (渠道ROI) and fills in its defaults (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the full definition
 * @example resolveChannelRoiSpec({}).revenueOf // 'allUsers'
 */
export function resolveChannelRoiSpec(
  spec: ChannelRoiSpec = {},
  zones: DataZones = {},
): ResolvedChannelRoiSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('channelRoi spec', spec, 'an object');
  rejectUnknownKeys('channelRoi', spec, [
    'period',
    'timeZone',
    'channelColumn',
    'revenueOf',
    'revenueShare',
    'sustainableAt',
  ]);
  return {
    period: spec.period === undefined ? 'month' : checkPeriod(spec.period),
    timeZone: resolveTimeZone(spec.timeZone, zones),
    channelColumn: nonEmptyString('channelColumn', spec.channelColumn, 'channel'),
    revenueOf: oneOf('revenueOf', spec.revenueOf, ['allUsers', 'registeredInPeriod'] as const, 'allUsers'),
    revenueShare: numberIn('revenueShare', spec.revenueShare, 0, 1, 1),
    sustainableAt: numberIn('sustainableAt', spec.sustainableAt, 0, Infinity, 1),
  };
}
