import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { refuseBalanceTies } from './balanceTies.js';
import type { AmountSegments, EventSegments, OrderSegments, Segments } from './segments.js';
import { UserIndex } from './userIndex.js';
import { Dictionary } from '../../table/dictionary.js';
import { codesOf, hasColumn, numbersOf, stringsOf, timestampsOf, rowsOf } from '../../table/access.js';
import type { TimeZone } from '../../time/zone.js';

/**
 * The canonical tables a lifecycle or churn metric reads, as one object. Only `users` is required;
 * a metric that needs another table says so with an `InputError` naming it.
 */
export interface UserData {
  /** user_id, registered_at, and optionally channel, verified_at, card_bound_at. */
  users: ColumnTable;
  /** user_id, ts, event (login, visit, …). */
  events?: ColumnTable;
  /** user_id, ts, amount, and optionally term_days, product_type. */
  orders?: ColumnTable;
  /** user_id, ts, amount: money paid back into the account when an investment matures. */
  payouts?: ColumnTable;
  /** user_id, date, balance: the account's holdings on a day. */
  balances?: ColumnTable;
}

/**
 * Every user's rows up to a last day, grouped by user and sorted by time: the one pass over the input
 * that lifecycle and churn metrics share. Users are coded 0…n−1 in the order of the `users` table.
 */
export interface History {
  userIds: string[];
  /** From a user id to its number. */
  users: UserIndex;
  zone: TimeZone;
  /** Rows after this local day were dropped (no look-ahead). */
  untilDay: number;
  registeredDay: Int32Array;
  /** Local day of verification / card binding; NaN when not (yet) done or the column is absent. */
  verifiedDay: Float64Array;
  cardBoundDay: Float64Array;
  hasVerified: boolean;
  hasCardBound: boolean;
  /** Acquisition channel per user (null when missing or the column is absent). */
  channel: (string | null)[];
  events: EventSegments;
  eventKinds: Dictionary;
  orders: OrderSegments;
  hasTermDays: boolean;
  productTypes: Dictionary;
  payouts: AmountSegments;
  balances: AmountSegments;
  /** Rows of events / orders / payouts / balances whose user is not in `users` (ignored). */
  unknownUserRows: number;
  /**
   * Latest local day of any event, order, payout or balance row in the input, kept or not (−Infinity when
   * none): how far the data reaches, e.g. whether a backtest horizon is covered. Never used to classify.
   */
  lastDataDay: number;
}

/** Options of {@link buildHistory}. */
export interface HistoryOptions {
  zone: TimeZone;
  /** Keep rows up to and including this local day. */
  untilDay: number;
}

/**
 * Groups the canonical tables by user and time, dropping every row after `untilDay`.
 * @param data the tables; `users` defines who exists (duplicate user ids are an error)
 * @returns the grouped history
 * @example const h = buildHistory({ users, orders }, { zone: TimeZone.of('UTC'), untilDay: 17226 })
 */
export function buildHistory(data: UserData, options: HistoryOptions): History {
  const { zone, untilDay } = options;
  if (!data.users) throw new InputError('missing table', { file: 'users' }, 'a users table');
  const users = rowsOf(data.users);
  const index = UserIndex.fromUsers(users);
  const n = index.size;
  const registered = timestampsOf(users, 'registered_at');
  const registeredDay = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(registered[i])) {
      throw new InputError(
        'missing sign-up time',
        { file: 'users', column: 'registered_at', row: i + 1, value: null },
        'a date',
      );
    }
    registeredDay[i] = zone.dayNumber(registered[i]);
  }
  const optionalDay = (name: string): Float64Array => {
    const out = new Float64Array(n).fill(NaN);
    if (!hasColumn(users, name)) return out;
    const ms = timestampsOf(users, name);
    for (let i = 0; i < n; i++) if (!Number.isNaN(ms[i])) out[i] = zone.dayNumber(ms[i]);
    return out;
  };
  const channel: (string | null)[] = new Array(n).fill(null);
  if (hasColumn(users, 'channel')) {
    const ch = stringsOf(users, 'channel');
    for (let i = 0; i < n; i++) channel[i] = ch[i];
  }

  const state = { unknown: 0, lastDay: -Infinity };
  const userRows = (t: ColumnTable) => index.rowsOf(t);
  const eventKinds = new Dictionary();
  const events = groupRows(data.events, 'events', 'ts', userRows, n, options, state, (t, keep, seg) => {
    const kinds = codesOf(t, 'event', eventKinds).codes;
    return { ...seg, kind: gatherInt(kinds, keep) };
  });
  const productTypes = new Dictionary();
  const hasTermDays = !!data.orders && hasColumn(data.orders, 'term_days');
  const orders = groupRows(data.orders, 'orders', 'ts', userRows, n, options, state, (t, keep, seg) => {
    const amount = gatherFloat(numbersOf(t, 'amount'), keep);
    const term = hasTermDays
      ? gatherFloat(numbersOf(t, 'term_days'), keep)
      : new Float64Array(keep.length).fill(NaN);
    const type = hasColumn(t, 'product_type')
      ? gatherInt(codesOf(t, 'product_type', productTypes).codes, keep)
      : new Int32Array(keep.length).fill(-1);
    return { ...seg, amount, term, type };
  });
  const payouts = groupRows(data.payouts, 'payouts', 'ts', userRows, n, options, state, (t, keep, seg) => ({
    ...seg,
    amount: gatherFloat(numbersOf(t, 'amount'), keep),
  }));
  const balances = groupRows(
    data.balances,
    'balances',
    'date',
    userRows,
    n,
    options,
    state,
    (t, keep, seg) => {
      const amount = gatherFloat(numbersOf(t, 'balance'), keep);
      refuseBalanceTies(seg, amount, keep, (u) => index.ids[u]);
      return { ...seg, amount };
    },
  );

  return {
    userIds: index.ids,
    users: index,
    zone,
    untilDay,
    registeredDay,
    verifiedDay: optionalDay('verified_at'),
    cardBoundDay: optionalDay('card_bound_at'),
    hasVerified: hasColumn(users, 'verified_at'),
    hasCardBound: hasColumn(users, 'card_bound_at'),
    channel,
    events,
    eventKinds,
    orders,
    hasTermDays,
    productTypes,
    payouts,
    balances,
    unknownUserRows: state.unknown,
    lastDataDay: state.lastDay,
  };
}

/**
 * Counting-sorts a table's kept rows by user, then by time within each user, and lets `extra` gather the
 * table's other columns in the same order. An absent table gives empty segments.
 */
export function groupRows<S extends Segments>(
  table: ColumnTable | undefined,
  name: string,
  timeColumn: string,
  /** The user number (0…nUsers−1, else ignored) of each row. */
  userRows: (table: ColumnTable) => Int32Array,
  nUsers: number,
  options: HistoryOptions,
  state: { unknown: number; lastDay: number },
  extra: (table: ColumnTable, keep: Int32Array, seg: Segments) => S,
): S {
  const start = new Int32Array(nUsers + 1);
  // An empty table (e.g. `aq.from([])`, which has no columns either) is the same as an absent one.
  if (!table || table.numRows() === 0) {
    const seg = { start, day: new Int32Array(0), ms: new Float64Array(0) };
    return extra(emptyTable(), new Int32Array(0), seg) as S;
  }
  table = rowsOf(table);
  const user = named(name, () => userRows(table));
  const ms = named(name, () => timestampsOf(table, timeColumn));
  const rows = user.length;
  const day = new Int32Array(rows);
  let kept = 0;
  for (let i = 0; i < rows; i++) {
    const u = user[i];
    if (Number.isNaN(ms[i])) {
      throw new InputError(
        'missing timestamp',
        { file: name, column: timeColumn, row: i + 1, value: null },
        'a date',
      );
    }
    if (u < 0 || u >= nUsers) {
      state.unknown++;
      day[i] = 2147483647;
      continue;
    }
    const d = options.zone.dayNumber(ms[i]);
    day[i] = d;
    if (d > state.lastDay) state.lastDay = d;
    if (d > options.untilDay) continue;
    start[u + 1]++;
    kept++;
  }
  for (let u = 0; u < nUsers; u++) start[u + 1] += start[u];
  const fill = start.slice(0, nUsers);
  const keep = new Int32Array(kept);
  for (let i = 0; i < rows; i++) {
    const u = user[i];
    if (u < 0 || u >= nUsers || day[i] > options.untilDay) continue;
    keep[fill[u]++] = i;
  }
  for (let u = 0; u < nUsers; u++) sortSegmentByTime(keep, start[u], start[u + 1], ms);
  const seg: Segments = { start, day: gatherInt(day, keep), ms: gatherFloat(ms, keep) };
  return named(name, () => extra(table, keep, seg));
}

/** Runs `read`, naming the table in any InputError that does not name a file yet. */
function named<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof InputError && (e.location.file === undefined || e.location.file === 'table')) {
      throw new InputError(e.problem, { ...e.location, file }, e.expected);
    }
    throw e;
  }
}

function sortSegmentByTime(keep: Int32Array, from: number, to: number, ms: Float64Array): void {
  for (let i = from + 1; i < to; i++) {
    if (ms[keep[i]] < ms[keep[i - 1]]) {
      const part = Array.from(keep.subarray(from, to));
      part.sort((a, b) => ms[a] - ms[b] || a - b);
      keep.set(part, from);
      return;
    }
  }
}

function gatherInt(values: Int32Array, keep: Int32Array): Int32Array {
  const out = new Int32Array(keep.length);
  for (let i = 0; i < keep.length; i++) out[i] = values[keep[i]];
  return out;
}

function gatherFloat(values: Float64Array, keep: Int32Array): Float64Array {
  const out = new Float64Array(keep.length);
  for (let i = 0; i < keep.length; i++) out[i] = values[keep[i]];
  return out;
}

/** A stand-in for an absent table: the gather callbacks see zero rows and never read a column. */
function emptyTable(): ColumnTable {
  return {
    numRows: () => 0,
    column: () => ({ at: () => null, length: 0 }),
    columnNames: () => [],
  } as unknown as ColumnTable;
}
