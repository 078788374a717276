import { resolveClvSummarySpec, type ClvSummarySpec } from '../../metrics/clv/spec.js';
import type { ClvSummary } from '../../metrics/clv/summaryResult.js';
import { SummaryRows, summaryFrame } from '../../metrics/clv/summaryRows.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { localDayInSpan } from '../localDay.js';
import { microsOf } from '../money.js';
import { refuseMissingOrderValues } from '../span.js';
import type { OrderColumns } from './rfm.js';
import { sourceZones } from '../sourceZone.js';
import { sourceColumnOf } from './columnMap.js';
import { requireColumns } from './sourceColumns.js';

interface PerCustomer {
  user_id: string;
  first_period: number;
  last_period: number;
  periods: number;
  repeat_micros: number;
  hold_periods: number;
  hold_micros: number;
}

/**
 * The CLV summary (CLV 汇总) on an SQL engine: the same spec, rules and result as the in-memory
 * `clvSummary()`, with the orders merged per customer and period in the engine, so only one row per customer
 * comes back (a 100M-row order table becomes a summary without being loaded). Rows are ordered by user id.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source a table in the engine or a file it reads in place
 * @param spec time unit, end, optional calibration end
 * @param columns where `user_id`, `ts`, `amount` are, when the source names them otherwise (`amount: null`:
 *   no amount column, so no monetary value)
 * @example await clvSummarySql(await duckdb(), { file: 'orders.parquet' }, { timeUnit: 'day', end: '2011-12-09' })
 */
export async function clvSummarySql(
  engine: SqlEngine,
  source: SqlSource,
  spec: ClvSummarySpec,
  columns: Omit<OrderColumns, 'amount'> & { amount?: string | null } = {},
): Promise<ClvSummary> {
  const s = resolveClvSummarySpec(spec, sourceZones({ orders: source }));
  const frame = summaryFrame(s);
  const zone = frame.zone;
  const d = dialectOf(engine.dialect);
  const hasAmount = columns.amount !== null;
  await requireColumns(engine, source, [
    { column: sourceColumnOf(s.userColumn, columns), role: 'the user id' },
    { column: sourceColumnOf('ts', columns), role: 'the order time' },
    ...(hasAmount ? [{ column: sourceColumnOf('amount', columns), role: 'the order amount' }] : []),
  ]);
  const rows = (b: SqlBuilder) => {
    const amount = hasAmount ? `CAST(${b.id(columns.amount ?? 'amount')} AS ${d.double})` : '0';
    return `SELECT ${d.userId(b.id(sourceColumnOf(s.userColumn, columns)))} AS user_id, ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms,
      ${amount} AS amount FROM ${d.relation(source, b)}`;
  };
  const check = new SqlBuilder(d);
  const [stats] = await engine.query<Record<string, number | null>>({
    sql: `SELECT ${d.countIf('user_id IS NULL')} AS no_user, ${d.countIf('ms IS NULL')} AS no_ts,
      ${d.countIf('amount IS NULL')} AS no_amount, ${d.countIf('amount < 0')} AS negative,
      min(ms) AS first_ms, max(ms) AS last_ms, count(*) AS n FROM (${rows(check)}) AS o`,
    params: check.params,
  });
  await refuseMissingOrderValues(engine, d, source, stats, {
    userId: sourceColumnOf(s.userColumn, columns),
    ts: columns.ts ?? 'ts',
    amount: columns.amount ?? 'amount',
  });
  const { endDay, calDay } = frame;
  const unit = s.timeUnit;

  const b = new SqlBuilder(d);
  const tz = b.bind(s.timeZone, 'String');
  const span =
    stats.first_ms === null
      ? { fromMs: 0, toMs: 0 }
      : { fromMs: Number(stats.first_ms), toMs: Number(stats.last_ms) };
  const day = localDayInSpan(b, 'ms', zone, span, () => d.localDayOfMs('ms', tz));
  // Weeks: ISO (Monday start), as periodIndex: floor((day + 3) / 7); local days here are ≥ 0.
  const period = unit === 'day' ? 'day' : unit === 'week' ? d.intDiv('day + 3', '7') : d.monthOfDay('day');
  const end = b.bind(endDay, 'Int64');
  const cal = b.bind(calDay, 'Int64');
  const days = b.subquery(
    'days',
    `SELECT user_id, ${day} AS day, ${microsOf('amount')} AS micros FROM (${rows(b)}) AS o`,
  );
  const periods = b.subquery(
    'periods',
    `SELECT user_id, ${period} AS p, CASE WHEN day <= ${cal} THEN 0 ELSE 1 END AS part, sum(micros) AS micros
      FROM ${days} WHERE day <= ${end} GROUP BY user_id, p, part`,
  );
  const firsts = `SELECT user_id, min(p) AS first_p FROM ${periods} WHERE part = 0 GROUP BY user_id`;
  const sql = `SELECT user_id, ${d.minIf('p', 'part = 0')} AS first_period, ${d.maxIf('p', 'part = 0')} AS last_period,
      ${d.countIf('part = 0')} AS periods, ${d.sumIf('micros', 'part = 0 AND p > first_p')} AS repeat_micros,
      ${d.countIf('part = 1')} AS hold_periods, ${d.sumIf('micros', 'part = 1')} AS hold_micros
    FROM ${periods} ${d.uniqueLeftJoin} (${firsts}) AS f USING (user_id)
    GROUP BY user_id ORDER BY user_id`;
  const [after] = await engine.query<{ n: number }>({
    sql: b.statement(`SELECT count(*) AS n FROM ${days} WHERE day > ${end}`),
    params: b.params,
  });
  const result = await engine.query<PerCustomer>({ sql: b.statement(sql), params: b.params });

  const summary = new SummaryRows(s, frame, hasAmount);
  for (const r of result) {
    summary.add({
      id: String(r.user_id),
      periods: Number(r.periods),
      firstPeriod: Number(r.first_period),
      lastPeriod: Number(r.last_period),
      repeatMicros: Number(r.repeat_micros),
      holdPeriods: Number(r.hold_periods),
      holdMicros: Number(r.hold_micros),
    });
  }
  return summary.result({
    rows: Number(stats.n),
    rowsAfterEnd: Number(after.n),
    negativeAmountRows: Number(stats.negative),
  });
}
