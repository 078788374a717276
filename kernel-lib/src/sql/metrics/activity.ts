import { InputError } from '../../errors.js';
import {
  calendarTable,
  resolveActiveUsersSpec,
  rollingTable,
  type ActiveUsersResult,
  type ActiveUsersSpec,
} from '../../metrics/activity.js';
import { periodIndex } from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import type { Dialect } from '../dialect.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { periodOfDay } from '../periods.js';
import { matches, type EventColumns } from './cohort.js';

/**
 * Active users (活跃用户: 日活 / 周活 / 月活) on an SQL engine: the same {@link ActiveUsersSpec} and table as
 * the in-memory `activeUsers()` — calendar periods or trailing windows, split into new and returning users
 * (新老用户) by first activity. New users by sign-up need the users table and run in memory.
 * A trailing window of W days reads each user's active days W times (no window functions, so the same SQL
 * runs on ClickHouse 18.16).
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source events as a table in the engine or a file it reads in place
 * @param spec the definition
 * @param columns where `user_id` and `ts` are, when the source names them otherwise
 * @returns one row per period or day with active, new and returning users
 * @example const { table } = await activeUsersSql(await duckdb(), { file: 'events.parquet' }, { period: 'month' });
 */
export async function activeUsersSql(
  engine: SqlEngine,
  source: SqlSource,
  spec: ActiveUsersSpec = {},
  columns: EventColumns = {},
): Promise<ActiveUsersResult> {
  const s = resolveActiveUsersSpec(spec, false);
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const rows = (b: SqlBuilder) => {
    const keep = s.activityEvent === undefined ? '1' : matches(b, s.activityEvent);
    return `SELECT CAST(${b.id(columns.userId ?? 'user_id')} AS ${d.string}) AS user_id,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms, ${keep} AS counted FROM ${d.relation(source, b)}`;
  };

  // 1. The observed span over every row, as in memory.
  const first = new SqlBuilder(d);
  const [span] = await engine.query<{
    min_ms: number | null;
    max_ms: number | null;
    no_ts: number;
    n: number;
  }>({
    sql: `SELECT min(ms) AS min_ms, max(ms) AS max_ms, ${d.countIf('ms IS NULL')} AS no_ts, count(*) AS n
        FROM (${rows(first)}) AS o`,
    params: first.params,
  });
  const where = 'file' in source ? source.file : source.table;
  if (Number(span.no_ts) > 0) {
    throw new InputError(
      `${span.no_ts} rows without a timestamp`,
      { file: where, column: columns.ts ?? 'ts' },
      'a date and time',
    );
  }
  if (Number(span.n) === 0) throw new InputError('empty table', { file: where }, 'at least one event');
  const asOfDay = s.asOf !== undefined ? zone.dayOf(s.asOf) : zone.dayNumber(Number(span.max_ms));
  const firstDay = Math.min(zone.dayNumber(Number(span.min_ms)), asOfDay);

  // 2. Each user's distinct active days up to the as-of day.
  const b = new SqlBuilder(d);
  const tz = b.bind(s.timeZone, 'String');
  const end = b.bind(zone.startOfDay(asOfDay + 1), 'Float64');
  const userDays = b.subquery(
    'user_days',
    `SELECT DISTINCT user_id, ${d.localDayOfMs('ms', tz)} AS day
      FROM (${rows(b)}) AS o WHERE user_id IS NOT NULL AND ms < ${end} AND counted = 1`,
  );
  const firstDays = `SELECT user_id, min(day) AS first_day FROM ${userDays} GROUP BY user_id`;

  if (s.window === 'calendar') {
    const base = periodIndex(firstDay, s.period);
    const n = periodIndex(asOfDay, s.period) - base + 1;
    const rel = (day: string) => `${periodOfDay(d, day, s.period)} - ${b.bind(base, 'Int64')}`;
    const select = `SELECT 'a' AS k, p, count(*) AS users
        FROM (SELECT DISTINCT user_id, ${rel('day')} AS p FROM ${userDays}) AS up GROUP BY p
      UNION ALL SELECT 'n' AS k, ${rel('first_day')} AS p, count(*) AS users FROM (${firstDays}) AS f GROUP BY p`;
    const { active, fresh } = await counts(engine, b, select, n, (p) => p);
    return {
      spec: s,
      asOf: formatDay(asOfDay),
      table: calendarTable(s, base, firstDay, asOfDay, active, fresh),
    };
  }

  // Trailing windows: a user counts on window-end days day .. day + W − 1 of each active day.
  const w = s.rollingDays;
  const ends = (rel: string, day: string) =>
    `SELECT DISTINCT user_id, ${day} + k AS e FROM ${rel} ${spread(d, b, w)}`;
  const inRange = `e <= ${b.bind(asOfDay, 'Int64')}`;
  const select = `SELECT 'a' AS k, e AS p, count(*) AS users
      FROM (${ends(userDays, 'day')}) AS ue WHERE ${inRange} GROUP BY e
    UNION ALL SELECT 'n' AS k, e AS p, count(*) AS users
      FROM (${ends(`(${firstDays}) AS f`, 'first_day')}) AS fe WHERE ${inRange} GROUP BY e`;
  const { active, fresh } = await counts(engine, b, select, asOfDay - firstDay + 1, (e) => e - firstDay);
  return { spec: s, asOf: formatDay(asOfDay), table: rollingTable(w, firstDay, active, fresh) };
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

/** Repeats each row of the relation before it once per `k` in 0 … w − 1. */
function spread(d: Dialect, b: SqlBuilder, w: number): string {
  return d.name === 'duckdb'
    ? `CROSS JOIN range(${b.bind(w, 'Int64')}) AS r(k)`
    : `ARRAY JOIN range(${b.bind(w, 'UInt32')}) AS k`;
}
