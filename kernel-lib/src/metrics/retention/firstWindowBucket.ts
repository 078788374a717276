import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, nonEmptyString, rejectUnknownKeys } from '../../spec.js';
import { NO_DAY, localTimes } from '../../time/days.js';
import { checkEventFilter, matchRows, type EventFilter } from '../history/eventFilter.js';
import { sharedUserCodes } from '../history/userCodes.js';
import { rowsOf } from '../../table/access.js';
import { metricZone } from '../../time/context.js';

/** Options of {@link bucketByFirstWindowCount}. */
export interface FirstWindowBucketSpec {
  /** Events that are counted (e.g. `'purchase'`). @default every event */
  countEvent?: EventFilter;
  /** The user's window starts at this timestamp column of `users` (e.g. `'registered_at'`); else at their first counted event. */
  anchorColumn?: string;
  /** Length of the window in calendar days, the anchor day included. @default 7 */
  windowDays?: number;
  /** Inclusive count ranges that name a group, e.g. `[[2, 3]]`; other users are `'other'`. */
  buckets: [number, number][];
  /** Name of the added column. @default 'first_window_bucket' */
  column?: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
}

/**
 * The north-star split of article 002 (北极星指标): how many times each user did X in their first
 * `windowDays` days, bucketed (`'2–3'` vs `'other'`). Retention of that group against the rest is then a
 * plain breakdown: `retention(events, { ..., breakdown: 'first_window_bucket' }, bucketed)`.
 * @param events events with `user_id`, `ts` (and `event` when `countEvent` names events)
 * @param spec which events, anchor, window and buckets
 * @param users optional users table; when given the result is that table with the column added (users
 *   without events are in `'other'` with count 0), else one row per user seen in `events`
 * @returns a users table with `first_window_count` and the bucket column
 * @example bucketByFirstWindowCount(orders, { buckets: [[2, 3]], anchorColumn: 'registered_at' }, users)
 */
export function bucketByFirstWindowCount(
  events: ColumnTable,
  spec: FirstWindowBucketSpec,
  users?: ColumnTable,
): ColumnTable {
  events = rowsOf(events);
  users = users && rowsOf(users);
  rejectUnknownKeys('bucketByFirstWindowCount', spec, [
    'countEvent',
    'anchorColumn',
    'windowDays',
    'buckets',
    'column',
    'timeZone',
  ]);
  const windowDays = integerIn('windowDays', spec.windowDays, 1, 10_000, 7);
  const column = nonEmptyString('column', spec.column, 'first_window_bucket');
  const zone = metricZone(spec.timeZone, { events, users });
  const buckets = spec.buckets;
  if (
    !Array.isArray(buckets) ||
    buckets.length === 0 ||
    !buckets.every(
      (b) => Array.isArray(b) && b.length === 2 && b.every(Number.isInteger) && b[0] >= 0 && b[0] <= b[1],
    )
  ) {
    throw new SpecError(
      'buckets',
      JSON.stringify(buckets),
      'a list of [from, to] whole-number ranges like [[2, 3]]',
    );
  }
  if (spec.anchorColumn !== undefined && !users)
    throw new SpecError('anchorColumn', spec.anchorColumn, 'a users table to read it from');
  const mask = matchRows(events, checkEventFilter('countEvent', spec.countEvent));
  const codes = sharedUserCodes(events, users);
  const ev = localTimes(events, 'ts', zone);
  const anchor = new Int32Array(codes.size).fill(NO_DAY);
  if (spec.anchorColumn !== undefined) {
    const t = localTimes(users!, spec.anchorColumn, zone, true, 'users');
    for (let i = 0; i < t.days.length; i++) {
      const u = codes.users![i];
      if (u >= 0 && t.days[i] !== NO_DAY && (anchor[u] === NO_DAY || t.days[i] < anchor[u]))
        anchor[u] = t.days[i];
    }
  } else {
    for (let i = 0; i < ev.days.length; i++) {
      const u = codes.events[i];
      if (u >= 0 && (!mask || mask[i]) && (anchor[u] === NO_DAY || ev.days[i] < anchor[u]))
        anchor[u] = ev.days[i];
    }
  }
  const count = new Int32Array(codes.size);
  for (let i = 0; i < ev.days.length; i++) {
    const u = codes.events[i];
    if (u < 0 || (mask && !mask[i]) || anchor[u] === NO_DAY) continue;
    const d = ev.days[i] - anchor[u];
    if (d >= 0 && d < windowDays) count[u]++;
  }
  const label = (n: number) => {
    const b = buckets.find(([lo, hi]) => n >= lo && n <= hi);
    return b ? (b[0] === b[1] ? String(b[0]) : `${b[0]}–${b[1]}`) : 'other';
  };
  if (users) {
    const counts = Array.from(codes.users!, (u) => (u >= 0 ? count[u] : 0));
    return users.assign(aq.table({ first_window_count: counts, [column]: counts.map(label) }));
  }
  const ids: string[] = [];
  const counts: number[] = [];
  for (let u = 0; u < codes.size; u++) {
    ids.push(codes.idOf(u));
    counts.push(count[u]);
  }
  return aq.table({ user_id: ids, first_window_count: counts, [column]: counts.map(label) });
}
