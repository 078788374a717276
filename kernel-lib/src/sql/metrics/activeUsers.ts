import { InputError } from '../../errors.js';
import {
  calendarTable,
  rollingTable,
  type ActiveUsersResult,
} from '../../metrics/activeUsers/activeUsers.js';
import { resolveActiveUsersSpec, type ActiveUsersSpec } from '../../metrics/activeUsers/spec.js';
import { periodIndex } from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { asOfDay as resolveAsOfDay } from '../../time/context.js';
import { sourceZones } from '../sourceZone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { localDayInSpan } from '../localDay.js';
import { observedSpan, sourceName } from '../span.js';
import { periodOfDay } from '../periods.js';
import { matches, type EventColumns } from './cohort.js';
import { nextActiveDays } from './nextDays.js';
import { eventsAndUsers, type EventsAndUsers } from './usersSource.js';

/**
 * Active users (活跃用户: 日活 / 周活 / 月活) on an SQL engine: the same {@link ActiveUsersSpec} and table as
 * the in-memory `activeUsers()` — calendar periods or trailing windows, split into new and existing users
 * (新老用户) by first activity or, with a users source, by sign-up (new = active in the period or window
 * that holds the sign-up day; `newBy: 'signup'` is the default when a users source is given, as in memory).
 * Trailing windows come from each user's active days and the next one (no window functions on ClickHouse,
 * so the same SQL runs on 18.16).
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources events as a table in the engine or a file it reads in place, or `{ events, users }` for
 *   new users by sign-up (the users source's `user_id` and sign-up column)
 * @param spec the definition
 * @param columns where `user_id` and `ts` are, when the source names them otherwise
 * @returns one row per period or day with active, new and existing users
 * @example const { table } = await activeUsersSql(await duckdb(), { file: 'events.parquet' }, { period: 'month' });
 */
export async function activeUsersSql(
  engine: SqlEngine,
  sources: SqlSource | EventsAndUsers,
  spec: ActiveUsersSpec = {},
  columns: EventColumns = {},
): Promise<ActiveUsersResult> {
  const { events: source, users } = eventsAndUsers(sources);
  const s = resolveActiveUsersSpec(spec, users !== undefined, sourceZones({ events: source, users }));
  const bySignup = s.newBy === 'signup';
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const rows = (b: SqlBuilder) => {
    const keep = s.activityEvent === undefined ? '1' : matches(b, s.activityEvent);
    return `SELECT ${d.userId(b.id(columns.userId ?? 'user_id'))} AS user_id,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms, ${keep} AS counted FROM ${d.relation(source, b)}`;
  };

  // 1. The observed span over every row, as in memory.
  const span = await observedSpan(engine, d, source, rows, columns.ts ?? 'ts');
  const where = sourceName(source);
  if (span.rows === 0) throw new InputError('empty table', { file: where }, 'at least one event');
  const asOfDay = resolveAsOfDay(s.asOf, zone, [zone.dayNumber(span.maxMs)], where);
  const firstDay = Math.min(zone.dayNumber(span.minMs), asOfDay);

  // 2. Each user's distinct active days up to the as-of day.
  const b = new SqlBuilder(d);
  const tz = b.bind(s.timeZone, 'String');
  const end = b.bind(zone.startOfDay(asOfDay + 1), 'Float64');
  // Every event lies in the observed span, so its local day is arithmetic on the span's offsets.
  const eventDay = localDayInSpan(b, 'ms', zone, { fromMs: span.minMs, toMs: span.maxMs }, () =>
    d.localDayOfMs('ms', tz),
  );
  const userDays = b.subquery(
    'user_days',
    `SELECT DISTINCT user_id, ${eventDay} AS day
      FROM (${rows(b)}) AS o WHERE user_id IS NOT NULL AND ms < ${end} AND counted = 1`,
  );
  const firstDays = `SELECT user_id, min(day) AS first_day FROM ${userDays} GROUP BY user_id`;
  // Each user's sign-up day (the earliest, over every sign-up row); `known` tells members from join misses.
  // Sign-ups may lie outside the events' span (not scanned for it): the engine's zone lookup, one row a user.
  const signupDays = bySignup
    ? `SELECT user_id, min(day) AS nd, 1 AS known FROM (
        SELECT user_id, ${d.localDayOfMs('ms', tz)} AS day FROM (
          SELECT ${d.userId(b.id('user_id'))} AS user_id, ${d.epochMs(b.id(s.signupColumn))} AS ms
          FROM ${d.relation(users!, b)}) AS su WHERE user_id IS NOT NULL AND ms IS NOT NULL) AS sd
      GROUP BY user_id`
    : '';

  if (s.window === 'calendar') {
    const base = periodIndex(firstDay, s.period);
    const n = periodIndex(asOfDay, s.period) - base + 1;
    const rel = (day: string) => `${periodOfDay(d, day, s.period)} - ${b.bind(base, 'Int64')}`;
    const userPeriods = `(SELECT DISTINCT user_id, ${rel('day')} AS p FROM ${userDays}) AS up`;
    // New: active in the period of the sign-up day (a sign-up outside the data's days is in no period).
    const newUsers = bySignup
      ? `SELECT 'n' AS k, p, count(*) AS users FROM ${userPeriods} ${d.uniqueLeftJoin} (${signupDays}) AS sd USING (user_id)
          WHERE known = 1 AND nd >= ${b.bind(firstDay, 'Int64')} AND nd <= ${b.bind(asOfDay, 'Int64')}
            AND ${rel('nd')} = p GROUP BY p`
      : `SELECT 'n' AS k, ${rel('first_day')} AS p, count(*) AS users FROM (${firstDays}) AS f GROUP BY p`;
    const select = `SELECT 'a' AS k, p, count(*) AS users FROM ${userPeriods} GROUP BY p
      UNION ALL ${newUsers}`;
    const { active, fresh } = await counts(engine, b, select, n, (p) => p);
    return {
      spec: s,
      asOf: formatDay(asOfDay),
      table: calendarTable(s, base, firstDay, asOfDay, active, fresh),
    };
  }

  // Trailing windows: an active day x counts for the windows ending on x … min(x + W, next active day) − 1,
  // so each user adds +1 / −1 at those bounds (a difference array, summed here), never W rows per day.
  const int = d.name === 'duckdb' ? 'BIGINT' : 'Int64';
  const pos = (x: string) => `CAST(${x} AS ${int})`;
  const w = b.bind(s.rollingDays, 'Int64');
  const next = b.subquery('next_days', nextActiveDays(d, b, userDays, false));
  const bound = (k: string, at: string, from: string) =>
    `SELECT '${k}' AS k, ${pos(at)} AS pos, count(*) AS users FROM ${from} GROUP BY pos`;
  const least = (...xs: string[]) => xs.reduce((x, y) => `least(${x}, ${y})`);
  const newBounds = bySignup
    ? // New windows: those of each active span [day, min(day + W, next day)) that end within W days of the
      // sign-up day, i.e. the span cut to [nd, nd + W).
      [`greatest(day, nd)`, least(`day + ${w}`, 'next_day', `nd + ${w}`)].map((x, i) =>
        bound(
          i === 0 ? 'n+' : 'n-',
          x,
          `(SELECT day, next_day, nd FROM ${next} ${d.uniqueLeftJoin} (${signupDays}) AS sd USING (user_id)
            WHERE known = 1 AND greatest(day, nd) < ${least(`day + ${w}`, 'next_day', `nd + ${w}`)}) AS ns`,
        ),
      )
    : [
        bound('n+', 'first_day', `(${firstDays}) AS f`),
        bound('n-', `first_day + ${w}`, `(${firstDays}) AS f`),
      ];
  const select = [
    bound('a+', 'day', next),
    bound('a-', `least(day + ${w}, next_day)`, next),
    ...newBounds,
  ].join('\nUNION ALL ');
  const bounds = await engine.query<{ k: string; pos: number; users: number }>({
    sql: b.statement(select),
    params: b.params,
  });
  const n = asOfDay - firstDay + 1;
  const activeDelta = new Int32Array(n + 1);
  const newDelta = new Int32Array(n + 1);
  for (const r of bounds) {
    const at = Number(r.pos) - firstDay;
    if (at >= n) continue;
    const sign = r.k.endsWith('+') ? 1 : -1;
    (r.k.startsWith('a') ? activeDelta : newDelta)[at] += sign * Number(r.users);
  }
  const active = new Int32Array(n);
  const fresh = new Int32Array(n);
  for (let x = 0, a = 0, f = 0; x < n; x++) {
    a += activeDelta[x];
    f += newDelta[x];
    active[x] = a;
    fresh[x] = f;
  }
  return {
    spec: s,
    asOf: formatDay(asOfDay),
    table: rollingTable(s.rollingDays, firstDay, active, fresh),
  };
}

/** Runs a `(k, p, users)` query: active (`k = 'a'`) and new (`'n'`) users per slot `at(p)`. */
async function counts(
  engine: SqlEngine,
  b: SqlBuilder,
  select: string,
  n: number,
  at: (p: number) => number,
): Promise<{ active: Int32Array; fresh: Int32Array }> {
  const rows = await engine.query<{ k: string; p: number; users: number }>({
    sql: b.statement(select),
    params: b.params,
  });
  const active = new Int32Array(n);
  const fresh = new Int32Array(n);
  for (const r of rows) (r.k === 'a' ? active : fresh)[at(Number(r.p))] = Number(r.users);
  return { active, fresh };
}
