import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, oneOf, rejectUnknownKeys } from '../../spec.js';
import { checkPeriod, type Period } from '../../time/periods.js';
import { checkAsOf, resolveTimeZone, type DataZones } from '../../time/context.js';
import { checkEventFilter, type EventFilter } from '../history/eventFilter.js';

/**
 * Who is new in a period or window: `'signup'` — signed up in it (article 002: 新用户就是当天注册当天访问的用户),
 * `'firstSeen'` — first active in it (for data without a users table).
 */
export type NewUserBasis = 'signup' | 'firstSeen';

/** What `activeUsers()` computes (日活 / 周活 / 月活). JSON-serialisable, defaults documented. */
export interface ActiveUsersSpec {
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Last observed day, inclusive. @default the last day with an event */
  asOf?: string;
  /** Day (DAU), week (WAU) or month (MAU). @default 'day' */
  period?: Period;
  /**
   * `'calendar'`: one row per calendar day / ISO week / month; `'rolling'`: one row per day, counting users
   * active in the trailing `rollingDays` days. @default 'calendar'
   */
  window?: 'calendar' | 'rolling';
  /** Length of the trailing window. @default 1 for day, 7 for week, 30 for month */
  rollingDays?: number;
  /** Events that count as activity. @default every event */
  activityEvent?: EventFilter;
  /** @default 'signup' with a users table, else 'firstSeen' */
  newBy?: NewUserBasis;
  /** Sign-up timestamp column of the users table. @default 'registered_at' */
  signupColumn?: string;
}

/** An activity spec with defaults filled in. */
export interface ResolvedActiveUsersSpec {
  timeZone: string;
  asOf?: string;
  period: Period;
  window: 'calendar' | 'rolling';
  rollingDays: number;
  activityEvent?: EventFilter;
  newBy: NewUserBasis;
  signupColumn: string;
}

const KEYS = [
  'timeZone',
  'asOf',
  'period',
  'window',
  'rollingDays',
  'activityEvent',
  'newBy',
  'signupColumn',
];
const ROLLING_DAYS: Record<Period, number> = { day: 1, week: 7, month: 30 };

/**
 * Validates an activity spec and fills in its defaults (throws `SpecError` on the first bad option).
 * @param spec the options as given
 * @param hasUsers whether a users table is given (it makes `newBy` default to `'signup'`)
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the full definition, as `activeUsers()` reports it in `result.spec`
 * @example resolveActiveUsersSpec({ period: 'month', window: 'rolling' }).rollingDays // 30
 */
export function resolveActiveUsersSpec(
  spec: ActiveUsersSpec = {},
  hasUsers = false,
  zones: DataZones = {},
): ResolvedActiveUsersSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('activeUsers spec', spec, 'an object');
  rejectUnknownKeys('activeUsers', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  if (spec.asOf !== undefined) checkAsOf(spec.asOf);
  const period = spec.period === undefined ? 'day' : checkPeriod(spec.period);
  const window = oneOf('window', spec.window, ['calendar', 'rolling'] as const, 'calendar');
  const newBy = oneOf(
    'newBy',
    spec.newBy,
    ['signup', 'firstSeen'] as const,
    hasUsers ? 'signup' : 'firstSeen',
  );
  if (newBy === 'signup' && !hasUsers)
    throw new SpecError('newBy', newBy, 'a users table as the third argument');
  if (spec.rollingDays !== undefined && window !== 'rolling') {
    throw new SpecError('rollingDays', spec.rollingDays, 'only with window "rolling"');
  }
  const out: ResolvedActiveUsersSpec = {
    timeZone,
    period,
    window,
    rollingDays: integerIn('rollingDays', spec.rollingDays, 1, 3660, ROLLING_DAYS[period]),
    newBy,
    signupColumn: nonEmptyString('signupColumn', spec.signupColumn, 'registered_at'),
  };
  if (spec.asOf !== undefined) out.asOf = spec.asOf;
  const activity = checkEventFilter('activityEvent', spec.activityEvent);
  if (activity !== undefined) out.activityEvent = activity;
  return out;
}
