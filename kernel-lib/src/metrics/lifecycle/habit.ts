import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { SpecError } from '../../errors.js';
import { integerIn, numberIn, rejectUnknownKeys } from '../../spec.js';
import { codesOf, rowsOf } from '../../table/access.js';
import { TimeZone } from '../../time/zone.js';
import { wilsonInterval } from '../../math/wilson.js';
import { groupRows } from '../history/history.js';
import { asOfDayOf, resolveTimeZone, tableZones } from '../../time/context.js';

/** The definition of {@link retentionByPastInvestments}. */
export interface HabitRetentionSpec {
  /** Orders after this day (`YYYY-MM-DD`) are never read; an order counts only when its whole window ends by then. */
  asOf: string;
  /** @default the zone the data carries (`load()`'s `timeZone`), else 'UTC' */
  timeZone?: string;
  /** Retained = invests again within this many days of the investment (same day included). @default 30 */
  withinDays?: number;
  /** The last, open bucket: "5+" when 5. @default 5 */
  maxCount?: number;
  /** Confidence level of the Wilson interval. @default 0.95 */
  level?: number;
}

/** Retention by number of past investments. */
export interface HabitRetentionResult {
  spec: Required<HabitRetentionSpec>;
  /**
   * past_investments ('1', '2', …, '5+'), observations (investments that were the user's k-th, with a
   * full window before asOf; the open bucket counts each of a user's 5th, 6th, … investments), users
   * (distinct), retained, rate, ci_low, ci_high (Wilson).
   */
  table: ColumnTable;
  /** Users behind a bucket: all of them, those who invested again in time, or those who did not. */
  usersIn(bucket: string, which?: 'all' | 'retained' | 'lost'): string[];
}

const KEYS = ['asOf', 'timeZone', 'withinDays', 'maxCount', 'level'] as const;

/**
 * Retention by number of past investments (复投习惯): after a user's k-th investment, the share who invest
 * again within `withinDays` — article 003's habit effect ("one repeat investment lifts retention, after
 * five a user is loyal").
 * @param orders user_id, ts (amounts are not read)
 * @param spec as-of day, window, open bucket
 * @returns one row per bucket with counts, rate and a Wilson interval
 * @example retentionByPastInvestments(orders, { asOf: '2017-03-31', withinDays: 30 }).table.print()
 */
export function retentionByPastInvestments(
  orders: ColumnTable,
  spec: HabitRetentionSpec,
): HabitRetentionResult {
  if (typeof spec !== 'object' || spec === null) throw new SpecError('retention spec', spec, 'an object');
  rejectUnknownKeys('retentionByPastInvestments', spec, KEYS);
  const timeZone = resolveTimeZone(spec.timeZone, tableZones({ orders }, spec.timeZone));
  const zone = TimeZone.of(timeZone);
  const resolved = {
    asOf: spec.asOf,
    timeZone,
    withinDays: integerIn('withinDays', spec.withinDays, 0, 36500, 30),
    maxCount: integerIn('maxCount', spec.maxCount, 1, 1000, 5),
    level: numberIn('level', spec.level, 0.5, 0.9999, 0.95),
  };
  const asOfDay = asOfDayOf(zone, spec.asOf);
  orders = rowsOf(orders);
  // Users are the distinct ids of the orders table (a loaded table's own dictionary: no recoding).
  const ids = codesOf(orders, 'user_id');
  const n = ids.dictionary.size;
  const state = { unknown: 0, lastDay: -Infinity };
  const seg = groupRows(
    orders,
    'orders',
    'ts',
    () => ids.codes,
    n,
    { zone, untilDay: asOfDay },
    state,
    (_t, _k, s) => s,
  );
  const buckets = resolved.maxCount;
  const all: string[][] = Array.from({ length: buckets }, () => []);
  const kept: string[][] = Array.from({ length: buckets }, () => []);
  const observations = new Array(buckets).fill(0);
  const retained = new Array(buckets).fill(0);
  for (let u = 0; u < n; u++) {
    const id = ids.dictionary.decode(u);
    const seenIn = new Set<number>();
    for (let i = seg.start[u]; i < seg.start[u + 1]; i++) {
      const day = seg.day[i];
      if (day + resolved.withinDays > asOfDay) break; // window not over yet: censored, not lost
      const b = Math.min(i - seg.start[u] + 1, buckets) - 1;
      const again = i + 1 < seg.start[u + 1] && seg.day[i + 1] - day <= resolved.withinDays;
      observations[b]++;
      if (again) retained[b]++;
      if (!seenIn.has(b)) {
        seenIn.add(b);
        all[b].push(id);
      }
      if (again && (kept[b].length === 0 || kept[b][kept[b].length - 1] !== id)) kept[b].push(id);
    }
  }
  const labels = Array.from({ length: buckets }, (_, b) => (b === buckets - 1 ? `${b + 1}+` : String(b + 1)));
  const intervals = observations.map((o, b) => wilsonInterval(retained[b], o, resolved.level));
  return {
    spec: resolved,
    table: aq.table({
      past_investments: labels,
      observations,
      users: all.map((a) => a.length),
      retained,
      rate: observations.map((o, b) => (o === 0 ? null : retained[b] / o)),
      ci_low: intervals.map((ci) => ci?.low ?? null),
      ci_high: intervals.map((ci) => ci?.high ?? null),
    }),
    usersIn(bucket, which = 'all') {
      const b = labels.indexOf(bucket);
      if (b < 0) throw new SpecError('bucket', bucket, labels);
      if (which === 'all') return [...all[b]];
      if (which === 'retained') return [...kept[b]];
      if (which === 'lost') {
        const back = new Set(kept[b]);
        return all[b].filter((id) => !back.has(id));
      }
      throw new SpecError('which', which, ['all', 'retained', 'lost']);
    },
  };
}
