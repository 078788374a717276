import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { tableZones } from '../../time/context.js';
import { codesOf, hasColumn, requireColumn, stringsOf, timestampsOf } from '../../table/access.js';
import { DictionaryColumn } from '../../table/columns.js';
import type { Dictionary } from '../../table/dictionary.js';
import { orderColumnOf } from '../orders/orderCounting.js';
import { checkOrderIds } from '../orders/orderUnits.js';
import { resolveFunnelSpec, type FunnelSpec, type ResolvedFunnelSpec, type ResolvedStep } from './spec.js';

/** A funnel's counts. Rates are fractions (NaN when the denominator is 0). */
export interface FunnelResult {
  spec: ResolvedFunnelSpec;
  /**
   * step (1-based), label, users (UV reaching the step), events (matching events, PV: step 1's within
   * [from, to), later steps' within [from, to + window)), conversionFromPrevious,
   * conversionFromStart (the article's conversion = last step users / first step users),
   * medianMsFromPrevious (median time from the previous step, over users who reached this one).
   */
  steps: ColumnTable;
  /** Same columns per breakdown value (events not included), with a first column `breakdown`; null without breakdownBy. */
  breakdown: ColumnTable | null;
  /** One row per user who entered: user_id, stepsReached (1..n), enteredAt, breakdown. */
  users: ColumnTable;
}

/**
 * A conversion funnel (转化漏斗): users who did the steps in order within a window, per step counts (UV) and
 * matching events (PV), step and overall conversion, median time between steps, optionally broken down by a
 * column such as channel. Each user's best attempt counts (the one reaching the furthest step; the earliest
 * among equals), as PostHog and Amplitude count it.
 * @param events user_id, ts, event [, other columns or a `properties` object / JSON column for `where`]
 * @param spec steps as data, window, order (see {@link FunnelSpec})
 * @param users a users table (user_id, breakdown column) when breakdownBy is not a column of events
 * @example
 * funnel(events, { steps: [{ event: 'page_view', where: { url: '/signup' } }, 'phone_entered', 'code_sent', 'code_entered', 'signup_success'],
 *   window: { amount: 1, unit: 'day' }, breakdownBy: 'channel' }, users)
 */
export function funnel(events: ColumnTable, spec: FunnelSpec, users?: ColumnTable): FunnelResult {
  const s = resolveFunnelSpec(spec, tableZones({ events, users }, spec?.timeZone));
  // The events' own codes (no copy when loaded as a dictionary column); the dictionary is only read.
  const userColumn = codesOf(events, s.userColumn);
  const user = userColumn.codes;
  const dictionary = userColumn.dictionary;
  const ts = timestampsOf(events, 'ts');
  const matches = stepMatches(events, s.steps, s.eventColumn);
  const orderColumn = orderColumnOf(events, s);
  const lineOfOrder = orderColumn
    ? ordersAsEvents(events, orderColumn, user, ts, matches, dictionary)
    : undefined;
  const k = s.steps.length;
  const n = dictionary.size;
  const { order, start } = userTimeOrder(user, ts, n, lineOfOrder);
  const reached = new Int32Array(n);
  const entry = new Int32Array(n).fill(-1);
  const stepTimes = new Float64Array(n * k).fill(NaN);
  const times = new Float64Array(k);
  for (let u = 0; u < n; u++) {
    if (start[u] === start[u + 1]) continue;
    bestAttempt(order, start[u], start[u + 1], matches, ts, s, times, (depth, entryRow) => {
      reached[u] = depth;
      entry[u] = entryRow;
      for (let j = 0; j < depth; j++) stepTimes[u * k + j] = times[j];
    });
  }
  const breakdownOf = s.breakdownBy
    ? breakdownValues(events, users, s.breakdownBy, dictionary, entry)
    : undefined;
  const eventCounts = new Float64Array(k);
  for (let i = 0; i < matches.length; i++) {
    if (!(ts[i] >= s.fromMs && ts[i] < s.toMs + s.windowMs)) continue;
    // Step 1 events count within the entry range; later steps also within the window after it.
    if (matches[i] & 1 && ts[i] < s.toMs) eventCounts[0]++;
    for (let j = 1; j < k; j++) if (matches[i] & (1 << j)) eventCounts[j]++;
  }
  const entered: number[] = [];
  for (let u = 0; u < n; u++) if (reached[u] > 0) entered.push(u);
  return funnelResult(
    { ...s, orderColumn },
    { reached, stepTimes, entered, userId: (u) => dictionary.decode(u) as string, breakdownOf },
    Array.from(eventCounts),
  );
}

/** Each user's best attempt at a funnel, as both engines find it: what {@link funnelResult} counts. */
export interface FunnelAttempts {
  /** Steps reached by user number u (0: never entered). */
  reached: Int32Array;
  /** stepTimes[u * steps + j]: when user u did step j (NaN past `reached[u]`). */
  stepTimes: Float64Array;
  /** The users who entered, in the order of the `users` table. */
  entered: number[];
  /** The id of user u. */
  userId(u: number): string;
  /** The breakdown value of user u, with `breakdownBy`. */
  breakdownOf?: (string | null)[];
}

/**
 * A funnel's result (steps, breakdown, users) from each user's best attempt; shared by the in-memory and SQL
 * engines, so both return one contract.
 * @param spec the resolved spec, with the order column used
 * @param a each user's depth and step times
 * @param events matching events per step (PV)
 * @returns the result of `funnel()` / `funnelSql()`
 * @example funnelResult(spec, { reached, stepTimes, entered, userId: (u) => ids[u] }, [120, 80])
 */
export function funnelResult(spec: ResolvedFunnelSpec, a: FunnelAttempts, events: number[]): FunnelResult {
  const { reached, stepTimes, entered, breakdownOf } = a;
  const k = spec.steps.length;
  const all = stepTable(spec.steps, reached, stepTimes, () => true);
  return {
    spec,
    steps: aq.table({
      step: all.step,
      label: all.label,
      users: all.users,
      events,
      conversionFromPrevious: all.conversionFromPrevious,
      conversionFromStart: all.conversionFromStart,
      medianMsFromPrevious: all.medianMsFromPrevious,
    }),
    breakdown: breakdownOf ? breakdownTable(spec.steps, reached, stepTimes, entered, breakdownOf) : null,
    users: aq.table({
      user_id: entered.map((u) => a.userId(u)),
      stepsReached: entered.map((u) => reached[u]),
      enteredAt: entered.map((u) => new Date(stepTimes[u * k])),
      ...(breakdownOf ? { breakdown: entered.map((u) => breakdownOf[u]) } : {}),
    }),
  };
}

/**
 * Bit j of row i is set when the row matches step j. A dictionary-encoded event column is matched by
 * code (one comparison per distinct name, not one string per row).
 */
function stepMatches(events: ColumnTable, steps: ResolvedStep[], eventColumn: string): Int32Array {
  const col = requireColumn(events, eventColumn);
  const n = events.numRows();
  const out = new Int32Array(n);
  if (col instanceof DictionaryColumn) {
    const codes = col.codes;
    const dict = col.dictionary;
    steps.forEach((step, j) => {
      const code = dict.lookup(step.event);
      if (code < 0) return;
      const conditions = conditionsOf(events, step);
      for (let i = 0; i < n; i++) {
        if (codes[i] === code && conditions.every((c) => c.read(i) === c.want)) out[i] |= 1 << j;
      }
    });
    return out;
  }
  const names = stringsOf(events, eventColumn);
  steps.forEach((step, j) => {
    const conditions = conditionsOf(events, step);
    for (let i = 0; i < n; i++) {
      if (names[i] === step.event && conditions.every((c) => c.read(i) === c.want)) out[i] |= 1 << j;
    }
  });
  return out;
}

function conditionsOf(events: ColumnTable, step: ResolvedStep) {
  return Object.entries(step.where).map(([key, want]) => ({
    key,
    want: String(want),
    read: reader(events, key),
  }));
}

/** Reads a `where` key: a column of events, else a key of the `properties` column (object or JSON text). */
function reader(events: ColumnTable, key: string): (row: number) => string | null {
  if (hasColumn(events, key)) {
    const values = stringsOf(events, key);
    return (i) => values[i];
  }
  if (!hasColumn(events, 'properties')) {
    throw new InputError(
      `missing column "${key}"`,
      { file: 'events' },
      `a column "${key}" or a properties column with that key`,
    );
  }
  const col = requireColumn(events, 'properties') as { at(i: number): unknown };
  return (i) => {
    let p = col.at(i);
    if (typeof p === 'string') {
      try {
        p = JSON.parse(p);
      } catch {
        throw new InputError(
          'properties are not JSON',
          { file: 'events', row: i + 1, column: 'properties', value: p },
          'a JSON object',
        );
      }
    }
    const v = p && typeof p === 'object' ? (p as Record<string, unknown>)[key] : undefined;
    return v === undefined || v === null ? null : String(v);
  };
}

/**
 * Order lines as events (a funnel on orders): each order id's earliest line (ties: the first in the table)
 * stands for the order and matches every step any of its lines matches; its other lines are marked
 * (1 = not an event of their own) and match nothing. An order id under two users or spread over more than
 * an hour is an `InputError` (as RFM's roll-up).
 * @returns 1 for each line that is not its order's event
 */
function ordersAsEvents(
  events: ColumnTable,
  orderColumn: string,
  user: Int32Array,
  ts: Float64Array,
  matches: Int32Array,
  dictionary: Dictionary,
): Uint8Array {
  const orders = codesOf(events, orderColumn);
  checkOrderIds(orders, user, ts, orderColumn, (u) => dictionary.decode(u));
  const codes = orders.codes;
  const first = new Int32Array(orders.dictionary.size).fill(-1);
  for (let i = 0; i < codes.length; i++) {
    const o = codes[i];
    if (o < 0 || user[i] < 0 || Number.isNaN(ts[i])) continue;
    if (first[o] < 0 || ts[i] < ts[first[o]]) first[o] = i;
  }
  const other = new Uint8Array(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const o = codes[i];
    if (o < 0 || user[i] < 0 || first[o] < 0 || first[o] === i) continue;
    matches[first[o]] |= matches[i];
    matches[i] = 0;
    other[i] = 1;
  }
  return other;
}

/**
 * Row indices grouped by user (counting sort on the dense codes), then by time within each user; rows
 * without a user or a time, and rows `skip` marks, are left out. Exports are usually in time order already, so most users'
 * slices need no sort at all; a comparator sort over all rows was the funnel's whole cost at 10M rows.
 */
function userTimeOrder(
  user: Int32Array,
  ts: Float64Array,
  users: number,
  skip?: Uint8Array,
): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(users + 1);
  const counted = (i: number) => user[i] >= 0 && !Number.isNaN(ts[i]) && !skip?.[i];
  for (let i = 0; i < user.length; i++) if (counted(i)) start[user[i] + 1]++;
  for (let u = 0; u < users; u++) start[u + 1] += start[u];
  const next = start.slice(0, users);
  const order = new Int32Array(start[users]);
  for (let i = 0; i < user.length; i++) if (counted(i)) order[next[user[i]]++] = i;
  for (let u = 0; u < users; u++) {
    const a = start[u];
    const b = start[u + 1];
    let sorted = true;
    for (let p = a + 1; p < b && sorted; p++) sorted = ts[order[p - 1]] <= ts[order[p]];
    if (!sorted) order.subarray(a, b).sort((x, y) => ts[x] - ts[y] || x - y);
  }
  return { order, start };
}

/**
 * Tries every entry into step 1 of one user's sorted events [a, b) and reports each attempt's depth;
 * `times` holds the step times of the attempt being reported.
 */
function bestAttempt(
  order: Int32Array,
  a: number,
  b: number,
  matches: Int32Array,
  ts: Float64Array,
  s: ResolvedFunnelSpec,
  times: Float64Array,
  report: (depth: number, entryRow: number) => void,
): void {
  const k = s.steps.length;
  let best = 0;
  for (let p = a; p < b && best < k; p++) {
    const i0 = order[p];
    if (!(matches[i0] & 1) || ts[i0] < s.fromMs || ts[i0] >= s.toMs) continue;
    const t0 = ts[i0];
    times[0] = t0;
    let depth = 1;
    for (let q = p + 1; q < b && depth < k; q++) {
      const i = order[q];
      if (ts[i] - t0 > s.windowMs) break;
      if (matches[i] & (1 << depth)) times[depth++] = ts[i];
      else if (s.order === 'strict') break;
    }
    if (depth > best) {
      best = depth;
      report(depth, i0);
    }
  }
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  values.sort((x, y) => x - y);
  const m = values.length >> 1;
  return values.length % 2 ? values[m] : (values[m - 1] + values[m]) / 2;
}

/** Per-step users, conversions and median gaps from each user's depth and step times (shared with the SQL engines). */
export function stepTable(
  steps: ResolvedStep[],
  reached: Int32Array,
  stepTimes: Float64Array,
  keep: (u: number) => boolean,
): Record<string, unknown[]> {
  const k = steps.length;
  const users = new Array<number>(k).fill(0);
  const gaps: number[][] = steps.map(() => []);
  for (let u = 0; u < reached.length; u++) {
    if (reached[u] === 0 || !keep(u)) continue;
    for (let j = 0; j < reached[u]; j++) {
      users[j]++;
      if (j > 0) gaps[j].push(stepTimes[u * k + j] - stepTimes[u * k + j - 1]);
    }
  }
  const rate = (x: number, y: number) => (y > 0 ? x / y : NaN);
  return {
    step: steps.map((_, j) => j + 1),
    label: steps.map((st) => st.label),
    users,
    conversionFromPrevious: users.map((c, j) => (j === 0 ? rate(c, users[0]) : rate(c, users[j - 1]))),
    conversionFromStart: users.map((c) => rate(c, users[0])),
    medianMsFromPrevious: gaps.map((g, j) => (j === 0 ? NaN : median(g))),
  };
}

/** Each user's breakdown value: from events at the entry event, else from a users table. */
function breakdownValues(
  events: ColumnTable,
  users: ColumnTable | undefined,
  column: string,
  dictionary: Dictionary,
  entry: Int32Array,
): (string | null)[] {
  const out: (string | null)[] = new Array(dictionary.size).fill(null);
  if (hasColumn(events, column)) {
    const values = stringsOf(events, column);
    for (let u = 0; u < entry.length; u++) if (entry[u] >= 0) out[u] = values[entry[u]];
    return out;
  }
  if (!users || !hasColumn(users, column)) {
    throw new InputError(
      `missing breakdown column "${column}"`,
      { file: 'events or users' },
      `a column "${column}" in events or in the users table`,
    );
  }
  const ids = stringsOf(users, 'user_id');
  const values = stringsOf(users, column);
  for (let i = 0; i < ids.length; i++) {
    const code = ids[i] === null ? -1 : dictionary.lookup(ids[i]!);
    if (code >= 0) out[code] = values[i];
  }
  return out;
}

/**
 * The per-breakdown step table (one block of steps per value, values sorted, missing last) from each user's
 * depth, step times and breakdown value (shared with the SQL engines).
 * @param entered the users who entered the funnel
 * @param breakdownOf each user's breakdown value
 * @returns breakdown, step, label, users, conversions and median gaps
 */
export function breakdownTable(
  steps: ResolvedStep[],
  reached: Int32Array,
  stepTimes: Float64Array,
  entered: number[],
  breakdownOf: (string | null)[],
): ColumnTable {
  const values = [...new Set(entered.map((u) => breakdownOf[u]))].sort(compareBreakdown);
  const parts = values.map((v) => ({
    v,
    t: stepTable(steps, reached, stepTimes, (u) => breakdownOf[u] === v),
  }));
  return aq.table({
    breakdown: parts.flatMap(({ v }) => steps.map(() => v)),
    ...Object.fromEntries(
      ['step', 'label', 'users', 'conversionFromPrevious', 'conversionFromStart', 'medianMsFromPrevious'].map(
        (c) => [c, parts.flatMap(({ t }) => t[c] as unknown[])],
      ),
    ),
  });
}

function compareBreakdown(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
