import { InputError, SpecError } from '../../errors.js';
import { buildCells, cohortAsOf } from '../../metrics/cohort/cohort.js';
import { resolveCohortMatrixSpec, type CohortMatrixSpec } from '../../metrics/cohort/spec.js';
import { checkCohortCell, type CohortCellRef, type CohortQueryResult } from '../../metrics/cohort/usersIn.js';
import type { EventFilter } from '../../metrics/history/eventFilter.js';
import { lastCompletePeriod } from '../../time/periodBounds.js';
import { periodIndex, periodLabel } from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { localDayInSpan } from '../localDay.js';
import { microsOf } from '../money.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { observedSpan, sourceName } from '../span.js';
import { periodOfDay } from '../periods.js';
import { eventsAndUsers, type EventsAndUsers } from './usersSource.js';
import { minOf, maxOf } from '../../math/extent.js';
import { sourceZones } from '../sourceZone.js';

/** Where the canonical event columns are in a source, when its names differ. */
export interface EventColumns {
  /** @default 'user_id' */
  userId?: string;
  /** @default 'ts' */
  ts?: string;
}

/**
 * Cohort matrix (同期群分析) on an SQL engine: the same {@link CohortMatrixSpec} and the same cells as the
 * in-memory `cohortMatrix()`, cohorts by first activity or by sign-up (`cohortBy: 'signup'`: the users
 * source's sign-up column; users who never come back still count in their cohort's size, and activity
 * before a sign-up is not counted). The engine computes each user's cohort and the distinct active users
 * and revenue per (cohort, offset); the cells are assembled by the same code as in memory.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources events (or orders) as a table in the engine or a file it reads in place, or
 *   `{ events, users }` for sign-up cohorts
 * @param spec the definition
 * @param columns where `user_id` and `ts` are in the events, when the source names them otherwise
 * @returns one row per cohort and offset, incomplete periods marked; the users behind a cell come from
 *   `cohortUsers(result, cell)` (a query on the engine, built from the same activity)
 * @example const { cells } = await cohortMatrixSql(await duckdb(), { file: 'orders.parquet' }, { amount: 'amount' });
 */
export async function cohortMatrixSql(
  engine: SqlEngine,
  sources: SqlSource | EventsAndUsers,
  spec: CohortMatrixSpec = {},
  columns: EventColumns = {},
): Promise<CohortQueryResult> {
  const { events: source, users } = eventsAndUsers(sources);
  const s = resolveCohortMatrixSpec(spec, sourceZones({ events: source, users }));
  const bySignup = s.cohortBy === 'signup';
  if (bySignup && !users) {
    throw new SpecError('cohortBy', 'signup', 'a users source to read sign-ups from ({ events, users })');
  }
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const rows = (b: SqlBuilder) => {
    const amount = s.amount === undefined ? '' : `, CAST(${b.id(s.amount)} AS ${d.double}) AS amount`;
    const keep = s.activityEvent === undefined ? '' : `, ${matches(b, s.activityEvent)} AS counted`;
    return `SELECT ${d.userId(b.id(columns.userId ?? 'user_id'))} AS user_id,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms${amount}${keep} FROM ${d.relation(source, b)}`;
  };
  const signups = (b: SqlBuilder) =>
    `SELECT ${d.userId(b.id('user_id'))} AS user_id, ${d.epochMs(b.id(s.signupColumn))} AS ms
      FROM ${d.relation(users!, b)}`;

  // 1. The observed span: first and last instant over every row (and every sign-up), as in memory.
  const span = await observedSpan(engine, d, source, rows, columns.ts ?? 'ts');
  const signed = bySignup ? await signupSpan(engine, signups) : undefined;
  if (span.rows === 0 && !signed) {
    throw new InputError('empty table', { file: sourceName(source) }, 'at least one row with a timestamp');
  }
  const { day: asOfDay, rule: asOfRule } = cohortAsOf(
    s.asOf !== undefined ? { day: zone.dayOf(s.asOf) } : undefined,
    span.rows > 0 ? zone.dayNumber(span.maxMs) : undefined,
    signed ? zone.dayNumber(signed.maxMs) : undefined,
    bySignup,
  );
  let firstDay = span.rows > 0 ? Math.min(zone.dayNumber(span.minMs), asOfDay) : asOfDay;
  if (signed) firstDay = Math.min(firstDay, zone.dayNumber(signed.minMs));
  const base = periodIndex(firstDay, s.period);
  const lastRel = periodIndex(asOfDay, s.period) - base;
  const nPeriods = lastRel + 1;
  const nOff = s.periods !== undefined ? Math.min(nPeriods, s.periods + 1) : nPeriods;

  // 2. Per (user, period) activity, each user's cohort, then counts per (cohort, offset). The first two as SQL
  // over a builder: the cells and the drill-down each bind their own values.
  const activityAndCohorts = (b: SqlBuilder): { activity: string; cohorts: string } => {
    const tz = b.bind(s.timeZone, 'String');
    const end = b.bind(zone.startOfDay(asOfDay + 1), 'Float64');
    const counted = `user_id IS NOT NULL AND ms < ${end}${s.activityEvent === undefined ? '' : ' AND counted = 1'}`;
    // Every row and sign-up lies in the observed span, so the local day is arithmetic on the span's offsets.
    const instants = [
      ...(span.rows > 0 ? [span.minMs, span.maxMs] : []),
      ...(signed ? [signed.minMs, signed.maxMs] : []),
    ];
    const day = localDayInSpan(b, 'ms', zone, { fromMs: minOf(instants), toMs: maxOf(instants) }, () =>
      d.localDayOfMs('ms', tz),
    );
    const rel = `${periodOfDay(d, day, s.period)} - ${b.bind(base, 'Int64')}`;
    // Whole millionths (as toMicros in memory): integer sums are exact, so cells match memory in any order.
    const value =
      s.amount === undefined ? '' : `, ${d.sumIf(microsOf('amount'), 'amount IS NOT NULL')} AS revenue`;
    // Sign-up cohorts: activity before the user's first sign-up instant is not counted.
    const eventColumns = [
      'user_id',
      'o.ms AS ms',
      ...(s.amount === undefined ? [] : ['amount']),
      ...(s.activityEvent === undefined ? [] : ['counted']),
    ].join(', ');
    const events = bySignup
      ? `SELECT ${eventColumns} FROM (${rows(b)}) AS o ${d.name === 'clickhouse' ? 'ALL INNER JOIN' : 'JOIN'}
        (SELECT user_id, min(ms) AS signed_ms FROM (${signups(b)}) AS su
          WHERE user_id IS NOT NULL AND ms IS NOT NULL GROUP BY user_id) AS firsts USING (user_id)
        WHERE o.ms >= signed_ms`
      : rows(b);
    const activity = b.subquery(
      'activity',
      `SELECT user_id, ${rel} AS rel${value} FROM (${events}) AS o WHERE ${counted} GROUP BY user_id, rel`,
    );
    // `known` tells members from the join's misses (ClickHouse fills those with 0, not NULL).
    const cohorts = bySignup
      ? b.subquery(
          'cohorts',
          `SELECT user_id, min(rel) AS cohort, 1 AS known FROM (SELECT user_id, ${rel} AS rel FROM (${signups(b)}) AS su
          WHERE user_id IS NOT NULL AND ms IS NOT NULL AND ms < ${end}) AS sr GROUP BY user_id`,
        )
      : `(SELECT user_id, min(rel) AS cohort, 1 AS known FROM ${activity} GROUP BY user_id) AS cohorts`;
    return { activity, cohorts };
  };
  const b = new SqlBuilder(d);
  const { activity, cohorts } = activityAndCohorts(b);
  const cellValue = s.amount === undefined ? '' : ', sum(revenue) AS revenue';
  const select = `SELECT cohort, rel - cohort AS off, count(*) AS active${cellValue}
    FROM ${activity} ${d.uniqueLeftJoin} ${cohorts} USING (user_id)
    WHERE known = 1 AND rel >= cohort AND rel - cohort < ${b.bind(nOff, 'Int64')}
    GROUP BY cohort, off`;
  const cells = await engine.query<{ cohort: number; off: number; active: number; revenue?: number }>({
    sql: b.statement(select),
    params: b.params,
  });

  const active = new Int32Array(nPeriods * nOff);
  const revenue = s.amount === undefined ? undefined : new Float64Array(nPeriods * nOff);
  for (const r of cells) {
    const k = Number(r.cohort) * nOff + Number(r.off);
    active[k] = Number(r.active);
    if (revenue) revenue[k] = Number(r.revenue ?? 0);
  }
  const cohortSize = new Int32Array(nPeriods);
  if (bySignup) {
    // Members who were never active count too: sizes come from the sign-ups.
    const sizes = await engine.query<{ cohort: number; n: number }>({
      sql: b.statement(`SELECT cohort, count(*) AS n FROM ${cohorts} GROUP BY cohort`),
      params: b.params,
    });
    for (const r of sizes) cohortSize[Number(r.cohort)] = Number(r.n);
  } else {
    // Every cohort member is active at offset 0 (the period that made the cohort), so sizes are column 0.
    for (let c = 0; c < nPeriods; c++) cohortSize[c] = active[c * nOff];
  }
  const lastComplete = lastCompletePeriod(asOfDay, s.period) - base;
  const labels = Array.from({ length: nPeriods }, (_, c) => periodLabel(base + c, s.period));

  // The users behind a cell (PostHog's actors query): the same cohorts and activity, filtered to the cell.
  async function usersIn(cell: CohortCellRef): Promise<string[]> {
    const { cohort, offset, which } = checkCohortCell(cell, labels, nOff);
    const q = new SqlBuilder(d);
    const { activity: act, cohorts: members } = activityAndCohorts(q);
    const inCell =
      which === 'cohort'
        ? ''
        : ` AND user_id ${which === 'active' ? 'IN' : 'NOT IN'} (SELECT user_id FROM ${act}
            WHERE rel = ${q.bind(cohort + offset, 'Int64')})`;
    const rows = await engine.query<{ user_id: unknown }>({
      sql: q.statement(
        `SELECT DISTINCT user_id FROM ${members} WHERE cohort = ${q.bind(cohort, 'Int64')}${inCell}`,
      ),
      params: q.params,
    });
    return rows.map((r) => String(r.user_id)).sort();
  }
  return {
    spec: s,
    asOf: formatDay(asOfDay),
    asOfRule,
    cells: buildCells(s, base, nPeriods, nOff, lastRel, lastComplete, cohortSize, active, revenue),
    usersIn,
  };
}

/** First and last sign-up instant of the users source (undefined when it has none). */
async function signupSpan(
  engine: SqlEngine,
  signups: (b: SqlBuilder) => string,
): Promise<{ minMs: number; maxMs: number } | undefined> {
  const b = new SqlBuilder(dialectOf(engine.dialect));
  const [row] = await engine.query<{ min_ms: number | null; max_ms: number | null; n: number }>({
    sql: `SELECT min(ms) AS min_ms, max(ms) AS max_ms, count(*) AS n FROM (${signups(b)}) AS su WHERE ms IS NOT NULL`,
    params: b.params,
  });
  return Number(row.n) > 0 ? { minMs: Number(row.min_ms), maxMs: Number(row.max_ms) } : undefined;
}

/** 1 where a row matches an event filter, else 0 (names and values bound, the column quoted). */
export function matches(b: SqlBuilder, filter: EventFilter): string {
  const column = typeof filter === 'object' && !Array.isArray(filter) ? filter.column : 'event';
  const values = typeof filter === 'string' ? [filter] : Array.isArray(filter) ? filter : filter.values;
  const list = values.map((v) => b.bind(String(v), 'String')).join(', ');
  return `CASE WHEN ${b.dialect.text(b.id(column))} IN (${list}) THEN 1 ELSE 0 END`;
}
