import { InputError, SpecError } from '../../errors.js';
import { buildCells, type CohortMatrixResult } from '../../metrics/cohort/cohortMatrix.js';
import { MICROS_PER_UNIT } from '../../metrics/shared/money.js';
import { resolveCohortMatrixSpec, type CohortMatrixSpec } from '../../metrics/cohort/spec.js';
import type { EventFilter } from '../../metrics/shared/eventFilter.js';
import { lastCompletePeriod } from '../../metrics/shared/periodBounds.js';
import { periodIndex } from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { observedSpan, sourceName } from '../span.js';
import { periodOfDay } from '../periods.js';

/** Where the canonical event columns are in a source, when its names differ. */
export interface EventColumns {
  /** @default 'user_id' */
  userId?: string;
  /** @default 'ts' */
  ts?: string;
}

/**
 * Cohort matrix (同期群分析) on an SQL engine: the same {@link CohortMatrixSpec} and the same cells as the
 * in-memory `cohortMatrix()` (cohorts by first activity; `cohortBy: 'signup'` needs a users table and runs
 * in memory only). The engine computes each user's cohort and the distinct active users and revenue per
 * (cohort, offset); the cells are assembled by the same code as in memory.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source events (or orders) as a table in the engine or a file it reads in place
 * @param spec the definition
 * @param columns where `user_id` and `ts` are, when the source names them otherwise
 * @example const { cells } = await cohortMatrixSql(await duckdb(), { file: 'orders.parquet' }, { amount: 'amount' });
 */
export async function cohortMatrixSql(
  engine: SqlEngine,
  source: SqlSource,
  spec: CohortMatrixSpec = {},
  columns: EventColumns = {},
): Promise<CohortMatrixResult> {
  const s = resolveCohortMatrixSpec(spec);
  if (s.cohortBy === 'signup') {
    throw new SpecError(
      'cohortBy',
      'signup',
      "'firstActivity' on SQL engines (sign-up cohorts need the users table: use cohortMatrix())",
    );
  }
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const rows = (b: SqlBuilder) => {
    const amount = s.amount === undefined ? '' : `, CAST(${b.id(s.amount)} AS ${d.double}) AS amount`;
    const keep = s.activityEvent === undefined ? '' : `, ${matches(b, s.activityEvent)} AS counted`;
    return `SELECT CAST(${b.id(columns.userId ?? 'user_id')} AS ${d.string}) AS user_id,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms${amount}${keep} FROM ${d.relation(source, b)}`;
  };

  // 1. The observed span: first and last instant over every row, as in memory.
  const span = await observedSpan(engine, d, source, rows, columns.ts ?? 'ts');
  const where = sourceName(source);
  if (span.rows === 0)
    throw new InputError('empty table', { file: where }, 'at least one row with a timestamp');
  const asOfDay = s.asOf !== undefined ? zone.dayOf(s.asOf) : zone.dayNumber(span.maxMs);
  const firstDay = Math.min(zone.dayNumber(span.minMs), asOfDay);
  const base = periodIndex(firstDay, s.period);
  const lastRel = periodIndex(asOfDay, s.period) - base;
  const nPeriods = lastRel + 1;
  const nOff = s.periods !== undefined ? Math.min(nPeriods, s.periods + 1) : nPeriods;

  // 2. Per (user, period) activity, each user's cohort, then counts per (cohort, offset).
  const b = new SqlBuilder(d);
  const tz = b.bind(s.timeZone, 'String');
  const end = b.bind(zone.startOfDay(asOfDay + 1), 'Float64');
  const counted = `user_id IS NOT NULL AND ms < ${end}${s.activityEvent === undefined ? '' : ' AND counted = 1'}`;
  const rel = `${periodOfDay(d, d.localDayOfMs('ms', tz), s.period)} - ${b.bind(base, 'Int64')}`;
  // Whole millionths (as toMicros in memory): integer sums are exact, so cells match memory in any order.
  const micros = `round(amount * ${MICROS_PER_UNIT})`;
  const value = s.amount === undefined ? '' : `, ${d.sumIf(micros, 'amount IS NOT NULL')} AS revenue`;
  const activity = b.subquery(
    'activity',
    `SELECT user_id, ${rel} AS rel${value} FROM (${rows(b)}) AS o WHERE ${counted} GROUP BY user_id, rel`,
  );
  const cohorts = `SELECT user_id, min(rel) AS cohort FROM ${activity} GROUP BY user_id`;
  const cellValue = s.amount === undefined ? '' : ', sum(revenue) AS revenue';
  const select = `SELECT cohort, rel - cohort AS off, count(*) AS active${cellValue}
    FROM ${activity} ${d.uniqueLeftJoin} (${cohorts}) AS cohorts USING (user_id)
    WHERE rel - cohort < ${b.bind(nOff, 'Int64')}
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
  // Every cohort member is active at offset 0 (the period that made the cohort), so sizes are column 0.
  const cohortSize = new Int32Array(nPeriods);
  for (let c = 0; c < nPeriods; c++) cohortSize[c] = active[c * nOff];
  const lastComplete = lastCompletePeriod(asOfDay, s.period) - base;
  return {
    spec: s,
    asOf: formatDay(asOfDay),
    cells: buildCells(s, base, nPeriods, nOff, lastRel, lastComplete, cohortSize, active, revenue),
  };
}

/** 1 where a row matches an event filter, else 0 (names and values bound, the column quoted). */
export function matches(b: SqlBuilder, filter: EventFilter): string {
  const column = typeof filter === 'object' && !Array.isArray(filter) ? filter.column : 'event';
  const values = typeof filter === 'string' ? [filter] : Array.isArray(filter) ? filter : filter.values;
  const list = values.map((v) => b.bind(String(v), 'String')).join(', ');
  return `CASE WHEN CAST(${b.id(column)} AS ${b.dialect.string}) IN (${list}) THEN 1 ELSE 0 END`;
}
