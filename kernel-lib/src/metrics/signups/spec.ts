import { SpecError } from '../../errors.js';
import { nonEmptyString, rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { resolveTimeZone, type DataZones } from '../../time/context.js';

/** Sign-ups by a user attribute over time. */
export interface SignupsBySpec {
  /** A column of users: channel, channel_code (渠道码), promoter, department, platform, utm_source, … */
  by: string;
  /** @default 'day' */
  period?: Period;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** First and last local day (`YYYY-MM-DD`, inclusive). @default all */
  from?: string;
  to?: string;
}

/** A sign-ups spec with defaults filled in (`from` / `to` only when given). */
export interface ResolvedSignupsBySpec {
  by: string;
  period: Period;
  timeZone: string;
  from?: string;
  to?: string;
}

/**
 * Checks a sign-ups spec (注册用户数) and fills in its defaults (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the full definition
 * @example resolveSignupsBySpec({ by: 'channel' }).period // 'day'
 */
export function resolveSignupsBySpec(spec: SignupsBySpec, zones: DataZones = {}): ResolvedSignupsBySpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('signupsBy spec', spec, 'an object');
  rejectUnknownKeys('signupsBy', spec, ['by', 'period', 'timeZone', 'from', 'to']);
  const out: ResolvedSignupsBySpec = {
    by: nonEmptyString('by', spec.by),
    period: spec.period === undefined ? 'day' : checkPeriod(spec.period),
    timeZone: resolveTimeZone(spec.timeZone, zones),
  };
  if (spec.from !== undefined) out.from = nonEmptyString('from', spec.from);
  if (spec.to !== undefined) out.to = nonEmptyString('to', spec.to);
  return out;
}
