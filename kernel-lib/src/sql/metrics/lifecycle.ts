import type { ColumnTable } from 'arquero';
import {
  resolveTrendSpec,
  trendCell,
  trendNotes,
  trendResultSpec,
  trendTable,
  type ActivityStatus,
  type LifecycleTrendSpec,
} from '../../metrics/lifecycle/trend.js';
import { periodIndex } from '../../time/periods.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import { localDayInSpan } from '../localDay.js';
import type { SqlEngine } from '../engine.js';
import { periodOfDay } from '../periods.js';
import { activityRows, userIdOf } from './activeRows.js';
import { churnSpan } from './churnSpan.js';
import type { ChurnColumns, ChurnSources } from './historySources.js';
import { sourceZones } from '../sourceZone.js';

/** Result of {@link lifecycleTrendSql}: `lifecycleTrend()`'s, with the users behind a cell fetched from the engine. */
export interface LifecycleTrendSqlResult {
  spec: LifecycleTrendSpec;
  /** period, status, users: four rows per period (new, returning, resurrecting, dormant). */
  counts: ColumnTable;
  /** The users behind one cell, sorted by id (a query on the engine). */
  usersIn(period: string, status: ActivityStatus): Promise<string[]>;
  notes: string[];
}

/**
 * New / returning / resurrecting / dormant users per period (用户生命周期趋势, PostHog's lifecycle chart) on
 * an SQL engine: the same {@link LifecycleTrendSpec} and counts as the in-memory `lifecycleTrend()`. A
 * user's status in a period needs only whether they were active in it and in the one before, so each
 * active period is written twice (as itself and as the next period's "previous") and grouped — no window
 * functions, so the same SQL runs on ClickHouse 18.16.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources the users table (who exists, sign-up) and the events and orders tables
 * @param spec the definition
 * @param columns where the canonical columns are, when the sources name them otherwise
 * @returns four rows per period in fixed order, and the users behind each cell
 * @example const t = await lifecycleTrendSql(await duckdb(), { users: { file: 'users.parquet' }, events: { file: 'events.parquet' } }, { asOf: '2017-03-31' });
 */
export async function lifecycleTrendSql(
  engine: SqlEngine,
  sources: ChurnSources,
  spec: LifecycleTrendSpec,
  columns: ChurnColumns = {},
): Promise<LifecycleTrendSqlResult> {
  const resolved = resolveTrendSpec(spec, sourceZones(sources));
  const { timeZone, zone, period, newRule, activity, asOfDay, fromDay } = resolved;
  const lastPeriod = periodIndex(asOfDay, period);
  const d = dialectOf(engine.dialect);

  // Every sign-up, event and order lies in this span: local days are arithmetic on its offsets.
  const span = await churnSpan(engine, d, sources, columns, activity);

  // The per-(user, period) statuses, as SQL over a builder (the cell query adds its own bound values).
  const statuses = (b: SqlBuilder) => {
    const tz = b.bind(timeZone, 'String');
    const end = b.bind(zone.startOfDay(asOfDay + 1), 'Float64');
    const dayOf = (ms: string) => localDayInSpan(b, ms, zone, span, () => d.localDayOfMs(ms, tz));
    const periodOf = (ts: string) => periodOfDay(d, dayOf(d.epochMs(ts)), period);
    const parts = activityRows(d, b, sources, columns, activity, end, (ts) => `${periodOf(ts)} AS p`);
    if (parts.length === 0)
      parts.push(
        `SELECT ${userIdOf(d, b, undefined)} AS user_id, 0 AS p FROM ${d.relation(sources.users, b)} WHERE 1 = 0`,
      );
    const active = b.subquery(
      'active',
      `SELECT DISTINCT user_id, p FROM (${parts.join('\nUNION ALL ')}) AS a`,
    );
    // Each active period as itself and as the next period's previous one (`+ 0` keeps both branches one type).
    const marks = `SELECT user_id, q, max(is_now) AS active_now, max(is_before) AS active_before FROM (
        SELECT user_id, p + 0 AS q, 1 AS is_now, 0 AS is_before FROM ${active}
        UNION ALL SELECT user_id, p + 1 AS q, 0 AS is_now, 1 AS is_before FROM ${active}) AS m GROUP BY user_id, q`;
    const firsts = `SELECT user_id, min(p) AS first_p FROM ${active} GROUP BY user_id`;
    const withFirst = `SELECT user_id, q, active_now, active_before, first_p FROM (${marks}) AS mk
      ${d.uniqueLeftJoin} (${firsts}) AS f USING (user_id)`;
    const uc = columns.users ?? {};
    const signup = periodOf(b.id(uc.registeredAt ?? 'registered_at'));
    const members = `SELECT ${userIdOf(d, b, uc.userId)} AS user_id, ${signup} AS signup_p FROM ${d.relation(sources.users, b)}`;
    const isNew = newRule === 'firstActivity' ? 'q = first_p' : 'q = signup_p';
    return `SELECT user_id, q, CASE WHEN active_now = 1 AND ${isNew} THEN 0 WHEN active_now = 1 AND active_before = 1 THEN 1
        WHEN active_now = 1 THEN 2 ELSE 3 END AS status, first_p
      FROM (${withFirst}) AS wf ${d.name === 'clickhouse' ? 'ALL INNER JOIN' : 'JOIN'} (${members}) AS u USING (user_id)
      WHERE q <= ${b.bind(lastPeriod, 'Int64')}`;
  };

  const b = new SqlBuilder(d);
  const cells = b.subquery('cells', statuses(b));
  const rows = await engine.query<{ q: number; status: number; users: number; first_p: number | null }>({
    sql: b.statement(
      `SELECT q, status, count(*) AS users, min(first_p) AS first_p FROM ${cells} GROUP BY q, status`,
    ),
    params: b.params,
  });
  let firstPeriod = fromDay !== undefined ? periodIndex(fromDay, period) : Infinity;
  if (fromDay === undefined)
    for (const r of rows) if (r.first_p !== null) firstPeriod = Math.min(firstPeriod, Number(r.first_p));
  if (firstPeriod > lastPeriod) firstPeriod = lastPeriod;
  const count = new Map(rows.map((r) => [`${Number(r.q)}:${Number(r.status)}`, Number(r.users)]));
  const { counts, index } = trendTable(
    firstPeriod,
    lastPeriod,
    period,
    (p, s) => count.get(`${p}:${s}`) ?? 0,
  );
  return {
    spec: trendResultSpec(spec, resolved),
    counts,
    notes: trendNotes(lastPeriod, period, asOfDay, spec.asOf),
    async usersIn(label, status) {
      const [p, s] = trendCell(index, label, status);
      const q = new SqlBuilder(d);
      const cell = q.subquery('cells', statuses(q));
      const ids = await engine.query<{ user_id: string }>({
        sql: q.statement(`SELECT user_id FROM ${cell}
          WHERE q = ${q.bind(p, 'Int64')} AND status = ${q.bind(s, 'Int64')} ORDER BY user_id`),
        params: q.params,
      });
      return ids.map((r) => String(r.user_id));
    },
  };
}
