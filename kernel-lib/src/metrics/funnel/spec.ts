import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, numberIn, oneOf, rejectUnknownKeys } from '../../spec.js';
import { TimeZone } from '../../time/zone.js';
import { resolveTimeZone, type DataZones, userColumnOf } from '../../time/context.js';
import { resolveOrderCounting, type OrderCounting } from '../orders/orderCounting.js';

/**
 * One step of a funnel, as data: an event name, or an event name with conditions on other columns of
 * the events table (or keys of its `properties` column), e.g. `{ event: 'signup_step', where: { step: 'code_sent' } }`.
 */
export type FunnelStep =
  | string
  | { event: string; where?: Record<string, string | number | boolean>; label?: string; labelZh?: string };

/** Units of a conversion window. */
export type WindowUnit = 'minute' | 'hour' | 'day';

/** The definition of a funnel (漏斗). */
export interface FunnelSpec {
  /** The steps in order (at most 31). */
  steps: FunnelStep[];
  /** Conversion window, counted from the user's entry into step 1. @default { amount: 14, unit: 'day' } */
  window?: { amount: number; unit: WindowUnit };
  /**
   * `ordered`: each step after the previous one, other events allowed in between; `strict`: each step must
   * be the user's very next event after the previous step. @default 'ordered'
   */
  order?: 'ordered' | 'strict';
  /** A column to break the funnel down by (e.g. channel): of the events table (value at the entry event) or of a users table. */
  breakdownBy?: string;
  /** Only entries into step 1 at or after this day / instant. */
  from?: string;
  /** Only entries into step 1 before this day / instant (a `YYYY-MM-DD` day is excluded). */
  to?: string;
  /** Zone of `from` / `to` days. @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** The column that identifies who goes through the funnel (e.g. `visitor_id` before sign-up). @default 'user_id' */
  userColumn?: string;
  /** The column holding the event name (e.g. `step`). @default 'event' */
  eventColumn?: string;
  /**
   * Events that are order lines (a funnel on orders): `'orders'` counts the lines of one order id as one
   * event, at its earliest line's instant, matching a step when any of its lines does (so a step
   * "second order" is a second order, never a second line, and PV counts orders); `'rows'` counts every
   * line. Rows without an order id are events of their own. @default 'orders'
   */
  counting?: OrderCounting;
  /**
   * The order id column, read under `counting: 'orders'` when the events have it; `null`: none. The
   * result's spec names the column used, or `null`. @default 'order_id'
   */
  orderColumn?: string | null;
}

/** A step with its matching rule resolved. */
export interface ResolvedStep {
  event: string;
  where: Record<string, string | number | boolean>;
  label: string;
  labelZh?: string;
}

export interface ResolvedFunnelSpec {
  steps: ResolvedStep[];
  window: { amount: number; unit: WindowUnit };
  windowMs: number;
  order: 'ordered' | 'strict';
  breakdownBy?: string;
  /** Entry range as UTC ms ([-Infinity, Infinity] when open). */
  fromMs: number;
  toMs: number;
  timeZone: string;
  userColumn: string;
  eventColumn: string;
  counting: OrderCounting;
  /** The order column (in a result: the one actually used, null when the events have none). */
  orderColumn: string | null;
}

const UNIT_MS: Record<WindowUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/**
 * Checks a funnel spec and fills in the defaults.
 * @param spec the spec as the caller gave it
 * @param zones the zones the inputs carry (the default of `timeZone`)
 * @returns the resolved spec
 * @example resolveFunnelSpec({ steps: ['view', 'pay'] }).windowMs // 14 days
 */
export function resolveFunnelSpec(spec: FunnelSpec, zones: DataZones = {}): ResolvedFunnelSpec {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('funnel spec', spec, 'an object');
  rejectUnknownKeys('funnel', spec, [
    'steps',
    'window',
    'order',
    'breakdownBy',
    'from',
    'to',
    'timeZone',
    'userColumn',
    'eventColumn',
    'counting',
    'orderColumn',
  ]);
  if (!Array.isArray(spec.steps) || spec.steps.length === 0 || spec.steps.length > 31) {
    throw new SpecError('steps', spec.steps, 'an array of 1 to 31 steps');
  }
  const steps = spec.steps.map((s, i): ResolvedStep => {
    if (typeof s === 'string') return { event: nonEmptyString(`steps[${i}]`, s), where: {}, label: s };
    if (typeof s !== 'object' || s === null)
      throw new SpecError(`steps[${i}]`, s, 'an event name or { event, where }');
    rejectUnknownKeys(`steps[${i}]`, s, ['event', 'where', 'label', 'labelZh']);
    const event = nonEmptyString(`steps[${i}].event`, s.event);
    const where = s.where ?? {};
    if (typeof where !== 'object' || where === null || Array.isArray(where)) {
      throw new SpecError(`steps[${i}].where`, where, 'an object of column: value');
    }
    const conditions = Object.entries(where).map(([k, v]) => `${k}=${v}`);
    const step: ResolvedStep = {
      event,
      where,
      label: s.label ?? (conditions.length ? `${event} (${conditions.join(', ')})` : event),
    };
    if (s.labelZh !== undefined) step.labelZh = s.labelZh;
    return step;
  });
  const w = spec.window ?? { amount: 14, unit: 'day' as const };
  if (typeof w !== 'object' || w === null) throw new SpecError('window', w, '{ amount, unit }');
  rejectUnknownKeys('window', w, ['amount', 'unit']);
  const unit = oneOf('window.unit', w.unit, ['minute', 'hour', 'day'], 'day');
  const amount = numberIn('window.amount', w.amount, 0, 1e9);
  const timeZone = resolveTimeZone(spec.timeZone, zones);
  const resolved: ResolvedFunnelSpec = {
    steps,
    window: { amount, unit },
    windowMs: amount * UNIT_MS[unit],
    order: oneOf('order', spec.order, ['ordered', 'strict'], 'ordered'),
    fromMs: spec.from === undefined ? -Infinity : instant('from', spec.from, timeZone),
    toMs: spec.to === undefined ? Infinity : instant('to', spec.to, timeZone),
    timeZone,
    userColumn: userColumnOf(spec.userColumn),
    eventColumn: nonEmptyString('eventColumn', spec.eventColumn, 'event'),
    ...resolveOrderCounting(spec),
  };
  if (spec.breakdownBy !== undefined) resolved.breakdownBy = nonEmptyString('breakdownBy', spec.breakdownBy);
  integerIn('steps.length', steps.length, 1, 31);
  return resolved;
}

/** A `YYYY-MM-DD` day (start of day in `timeZone`) or an ISO instant, as UTC ms. */
function instant(option: string, value: unknown, timeZone: string): number {
  const text = nonEmptyString(option, value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const zone = TimeZone.of(timeZone);
    return zone.startOfDay(zone.dayOf(text));
  }
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new SpecError(option, value, 'a day like "2024-01-01" or an ISO instant');
  return t;
}
