import { SpecError } from '../../errors.js';
import {
  buildCells,
  buildTotal,
  MISSING_GROUP,
  type RetentionResult,
} from '../../metrics/retention/retention.js';
import { resolveRetentionSpec, type RetentionSpec } from '../../metrics/retention/spec.js';
import {
  checkCellRef,
  type RetentionCellRef,
  type RetentionQueryResult,
} from '../../metrics/retention/usersIn.js';
import { periodLabel } from '../../time/periods.js';
import { lastCompletePeriod } from '../../time/periodBounds.js';
import { DAY, TimeZone, formatDay } from '../../time/zone.js';
import { asOfDay as resolveAsOfDay } from '../../time/context.js';
import { sourceZones } from '../sourceZone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { localDayInSpan } from '../localDay.js';
import { sourceName } from '../span.js';
import { periodOfDay } from '../periods.js';
import { matches, type EventColumns } from './cohort.js';
import {
  argMin,
  breakdownFrom,
  decodeText,
  eventsAndUsers,
  groupText,
  type EventsAndUsers,
} from './usersSource.js';

/**
 * N-day retention (N日留存率) on an SQL engine: the same {@link RetentionSpec} and the same cells and totals
 * as the in-memory `retention()` — first-time or recurring starts from events or from a users-table column
 * (`startColumn`, e.g. `registered_at`), "on day N", "on or after" and brackets, calendar or 24-hour
 * windows, day / week / month units, breakdowns, incomplete cells marked. A breakdown value is read from
 * the start row when its table has the column, else from the users source (with several rows per user, the
 * least value); starts at the same instant are one start whose value is the least (in memory, table order
 * picks among them).
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources events as a table in the engine or a file it reads in place, or `{ events, users }` for
 *   `startColumn` and breakdowns by a user attribute
 * @param spec the definition
 * @param columns where `user_id` and `ts` are in the events, when the source names them otherwise
 * @returns cells per cohort (and breakdown value) and offset, and totals over complete cohorts; the users
 *   behind a cell come from `usersIn(result, cell)` (a query on the engine, built from the same starts)
 * @example const r = await retentionSql(await duckdb(), { events: { file: 'events.parquet' }, users: { file: 'users.parquet' } }, { startColumn: 'registered_at', breakdown: 'channel' });
 */
export async function retentionSql(
  engine: SqlEngine,
  sources: SqlSource | EventsAndUsers,
  spec: RetentionSpec = {},
  columns: EventColumns = {},
): Promise<RetentionQueryResult> {
  const { events: source, users } = eventsAndUsers(sources);
  const s = resolveRetentionSpec(spec, sourceZones({ events: source, users }));
  const fromUsers = s.startColumn !== undefined;
  if (fromUsers && !users) {
    throw new SpecError('startColumn', s.startColumn, 'a users source to read it from ({ events, users })');
  }
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const by =
    s.breakdown === undefined
      ? undefined
      : await breakdownFrom(engine, s.breakdown, fromUsers ? users! : source, users);
  const rows = (b: SqlBuilder) => {
    const start = s.startEvent === undefined ? '1' : matches(b, s.startEvent);
    const back = s.returnEvent === undefined ? '1' : matches(b, s.returnEvent);
    const group = by === 'rows' && !fromUsers ? `, ${groupText(d, b, s.breakdown!)} AS bd` : '';
    return `SELECT ${d.userId(b.id(columns.userId ?? 'user_id'))} AS user_id,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms, ${start} AS is_start, ${back} AS is_return${group}
      FROM ${d.relation(source, b)}`;
  };
  const signups = (b: SqlBuilder) => {
    const group = by === 'rows' ? `, ${groupText(d, b, s.breakdown!)} AS bd` : '';
    return `SELECT ${d.userId(b.id('user_id'))} AS user_id, ${d.epochMs(b.id(s.startColumn!))} AS ms${group}
      FROM ${d.relation(users!, b)}`;
  };

  // 1. The as-of day: the last day with an event (or a start from the users source) unless given; the first
  // instant too (same scan), so that every row's local day is arithmetic on the span's offsets.
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const relation of fromUsers ? [rows, signups] : [rows]) {
    const first = new SqlBuilder(d);
    const [span] = await engine.query<{ min_ms: number | null; max_ms: number | null; n: number }>({
      sql: `SELECT min(ms) AS min_ms, max(ms) AS max_ms, count(*) AS n FROM (${relation(first)}) AS o WHERE ms IS NOT NULL`,
      params: first.params,
    });
    if (Number(span.n) > 0) {
      firstMs = Math.min(firstMs, Number(span.min_ms));
      lastMs = Math.max(lastMs, Number(span.max_ms));
    }
  }
  const asOfDay = resolveAsOfDay(
    s.asOf,
    zone,
    [lastMs === -Infinity ? NaN : zone.dayNumber(lastMs)],
    sourceName(source),
  );

  // 2. Starts (user, cohort, x, group) and returns (user, u) in the unit of the window, then retained flags:
  // one row per start, as SQL over a builder (the cells and the drill-down each bind their own values).
  const calendar = s.window === 'calendar';
  const scale = calendar ? 1 : s.period === 'week' ? 7 * DAY : DAY;
  const perStartOf = (b: SqlBuilder): string => {
    const tz = b.bind(s.timeZone, 'String');
    const observed = `user_id IS NOT NULL AND ms IS NOT NULL AND ms < ${b.bind(zone.startOfDay(asOfDay + 1), 'Float64')}`;
    // No rows: nothing to convert, any span will do.
    const span = lastMs === -Infinity ? { fromMs: 0, toMs: 0 } : { fromMs: firstMs, toMs: lastMs };
    const day = (ms: string) => localDayInSpan(b, ms, zone, span, () => d.localDayOfMs(ms, tz));
    const unit = (ms: string) => (calendar ? periodOfDay(d, day(ms), s.period) : ms);
    const bd = by === 'rows' ? 'bd' : "''";
    const events = b.subquery(
      'events',
      `SELECT user_id, ms, is_start, is_return${by === 'rows' && !fromUsers ? ', bd' : ''} FROM (${rows(b)}) AS o WHERE ${observed}`,
    );
    const startRows = fromUsers
      ? `SELECT user_id, ms, ${bd} AS bd FROM (${signups(b)}) AS su WHERE ${observed}`
      : `SELECT user_id, ms, ${bd} AS bd FROM ${events} WHERE is_start = 1`;
    let starts =
      s.start === 'first'
        ? `SELECT user_id, ${periodOfDay(d, day('sms'), s.cohortPeriod)} AS cohort, ${unit('sms')} AS x, bd
          FROM (SELECT user_id, min(ms) AS sms, ${argMin(d, 'bd', 'ms')} AS bd FROM (${startRows}) AS sr
            GROUP BY user_id) AS f`
        : `SELECT user_id, cohort, ${unit('sms')} AS x, bd FROM (
          SELECT user_id, cohort, min(ms) AS sms, ${argMin(d, 'bd', 'ms')} AS bd
          FROM (SELECT user_id, ms, bd, ${periodOfDay(d, day('ms'), s.cohortPeriod)} AS cohort FROM (${startRows}) AS sr) AS sc
          GROUP BY user_id, cohort) AS f`;
    if (by === 'users') {
      // The start rows lack the column: each user's value from the users source ('' when not there).
      starts = `SELECT user_id, cohort, x, coalesce(ubd, '') AS bd FROM (${starts}) AS st
      ${d.uniqueLeftJoin} (SELECT ${d.userId(b.id('user_id'))} AS user_id, min(${groupText(d, b, s.breakdown!)}) AS ubd
        FROM ${d.relation(users!, b)} GROUP BY user_id) AS ub USING (user_id)`;
    }
    const returns = `SELECT DISTINCT user_id, ${unit('ms')} AS u, 1 AS has FROM ${events} WHERE is_return = 1`;
    const flags = s.offsets.map((o, k) => {
      const lo = `x + ${b.bind(o.from * scale, 'Float64')}`;
      const hi = o.to === null ? '' : ` AND u < x + ${b.bind((o.to + 1) * scale, 'Float64')}`;
      return `max(CASE WHEN has = 1 AND u >= ${lo}${hi} THEN 1 ELSE 0 END) AS r${k}`;
    });
    return `SELECT user_id, cohort, x, bd, ${flags.join(', ')}
    FROM (${starts}) AS s ${d.name === 'clickhouse' ? 'ALL LEFT JOIN' : 'LEFT JOIN'} (${returns}) AS r USING (user_id)
    GROUP BY user_id, cohort, x, bd`;
  };
  const b = new SqlBuilder(d);
  const select = `SELECT cohort, bd, count(*) AS starts, max(x) AS max_x, ${s.offsets.map((_, k) => `sum(r${k}) AS r${k}`).join(', ')}
    FROM (${perStartOf(b)}) AS p GROUP BY cohort, bd`;
  const slots = await engine.query<Record<string, number>>({ sql: b.statement(select), params: b.params });

  // 3. Completeness per slot (its latest start decides), then the same cells as in memory.
  const K = s.offsets.length;
  const observedEnd = calendar ? lastCompletePeriod(asOfDay, s.period) + 1 : zone.startOfDay(asOfDay + 1);
  const size: number[] = [];
  const retained: number[] = [];
  const complete: number[] = [];
  for (const slot of slots) {
    size.push(Number(slot.starts));
    for (let k = 0; k < K; k++) {
      const o = s.offsets[k];
      retained.push(Number(slot[`r${k}`]));
      complete.push(Number(slot.max_x) + ((o.to ?? o.from) + 1) * scale > observedEnd ? 0 : 1);
    }
  }
  const cohorts = slots.map((r) => Number(r.cohort));
  const groups = slots.map((r) => (by === undefined ? '' : (decodeText(r.bd) ?? MISSING_GROUP)));
  const order = slots
    .map((_, i) => i)
    .sort((x, y) => cohorts[x] - cohorts[y] || (groups[x] < groups[y] ? -1 : groups[x] > groups[y] ? 1 : 0));
  const result: RetentionResult = {
    spec: s,
    asOf: formatDay(asOfDay),
    cells: buildCells(s, order, cohorts, groups, size, retained, complete),
    total: buildTotal(s, order, groups, size, retained, complete),
  };
  const cohortOf = new Map(cohorts.map((c) => [periodLabel(c, s.cohortPeriod), c]));

  // The users behind a cell (PostHog's actors query): the same per-start rows, filtered to the cell.
  async function usersIn(cell: RetentionCellRef): Promise<string[]> {
    const { k, which } = checkCellRef(result, cell, [...cohortOf.keys()]);
    if (cell.group !== undefined && by === undefined) return [];
    const q = new SqlBuilder(d);
    const perStart = q.subquery('per_start', perStartOf(q));
    const where: string[] = [];
    let from = perStart;
    if (cell.cohort !== undefined) where.push(`cohort = ${q.bind(cohortOf.get(cell.cohort)!, 'Int64')}`);
    else {
      // The total counts only the slots (cohort × group) whose window k is wholly observed, as the cells do.
      const o = s.offsets[k];
      from = `${perStart} ${d.name === 'clickhouse' ? 'ALL INNER JOIN' : 'JOIN'}
        (SELECT cohort, bd, max(x) AS max_x FROM ${perStart} GROUP BY cohort, bd) AS sl USING (cohort, bd)`;
      where.push(
        `max_x + ${q.bind(((o.to ?? o.from) + 1) * scale, 'Float64')} <= ${q.bind(observedEnd, 'Float64')}`,
      );
    }
    if (cell.group !== undefined)
      where.push(`bd = ${q.bind(cell.group === MISSING_GROUP ? '' : `=${cell.group}`, 'String')}`);
    if (which !== 'cohort') where.push(`r${k} = ${which === 'retained' ? 1 : 0}`);
    const rows = await engine.query<{ user_id: unknown }>({
      sql: q.statement(
        `SELECT DISTINCT user_id FROM ${from}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
      ),
      params: q.params,
    });
    return rows.map((r) => String(r.user_id)).sort();
  }
  return { ...result, usersIn };
}
