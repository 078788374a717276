import * as aq from 'arquero';
import { InputError } from '../../errors.js';
import { FIXED_DAYS, resolveClvSummarySpec, type ClvSummarySpec } from '../../metrics/clv/spec.js';
import { clvDefinitions, type ClvSummary } from '../../metrics/clv/summary.js';
import { fromMicros } from '../../metrics/shared/money.js';
import { periodIndex } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { localDayInSpan } from '../localDay.js';
import { microsOf } from '../money.js';
import { sourceName } from '../span.js';
import type { OrderColumns } from './rfm.js';

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
  const s = resolveClvSummarySpec(spec);
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const hasAmount = columns.amount !== null;
  const rows = (b: SqlBuilder) => {
    const amount = hasAmount ? `CAST(${b.id(columns.amount ?? 'amount')} AS ${d.double})` : '0';
    return `SELECT ${d.text(b.id(columns.userId ?? s.userColumn))} AS user_id, ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms,
      ${amount} AS amount FROM ${d.relation(source, b)}`;
  };
  const check = new SqlBuilder(d);
  const [stats] = await engine.query<Record<string, number | null>>({
    sql: `SELECT ${d.countIf('user_id IS NULL')} AS no_user, ${d.countIf('ms IS NULL')} AS no_ts,
      ${d.countIf('amount IS NULL')} AS no_amount, ${d.countIf('amount < 0')} AS negative,
      min(ms) AS first_ms, max(ms) AS last_ms, count(*) AS n FROM (${rows(check)}) AS o`,
    params: check.params,
  });
  for (const [key, column] of [
    ['no_user', columns.userId ?? s.userColumn],
    ['no_ts', columns.ts ?? 'ts'],
    ['no_amount', columns.amount ?? 'amount'],
  ] as const) {
    if (Number(stats[key]) > 0) {
      throw new InputError(
        `${stats[key]} rows without a value`,
        { file: sourceName(source), column: String(column) },
        'a value on every order',
      );
    }
  }
  const endDay = zone.dayOf(s.end);
  const calDay = s.calibrationEnd === undefined ? endDay : zone.dayOf(s.calibrationEnd);
  const unit = s.timeUnit;
  const endPeriod = periodIndex(endDay, unit);
  const calPeriod = periodIndex(calDay, unit);
  const scale = s.durationUnit === unit ? 1 : FIXED_DAYS[unit]! / FIXED_DAYS[s.durationUnit]!;

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

  const ids: string[] = [];
  const cols = {
    frequency: [] as number[],
    recency: [] as number[],
    T: [] as number[],
    money: [] as number[],
    hf: [] as number[],
    hm: [] as number[],
  };
  let firstSeenAfter = 0;
  let repeatBuyers = 0;
  for (const r of result) {
    const k = Number(r.periods);
    if (k === 0) {
      firstSeenAfter++;
      continue;
    }
    const x = k - 1;
    if (x > 0) repeatBuyers++;
    ids.push(String(r.user_id));
    cols.frequency.push(x);
    cols.recency.push((Number(r.last_period) - Number(r.first_period)) * scale);
    cols.T.push((calPeriod - Number(r.first_period)) * scale);
    cols.money.push(x > 0 ? fromMicros(Number(r.repeat_micros)) / x : 0);
    const h = Number(r.hold_periods);
    cols.hf.push(h);
    cols.hm.push(h > 0 ? fromMicros(Number(r.hold_micros)) / h : 0);
  }
  const table: Record<string, unknown> = {
    user_id: ids,
    frequency: Float64Array.from(cols.frequency),
    recency: Float64Array.from(cols.recency),
    T: Float64Array.from(cols.T),
  };
  if (hasAmount) table.monetary_value = Float64Array.from(cols.money);
  if (s.calibrationEnd !== undefined) {
    table.frequency_holdout = Float64Array.from(cols.hf);
    if (hasAmount) table.monetary_value_holdout = Float64Array.from(cols.hm);
    table.duration_holdout = new Float64Array(ids.length).fill((endPeriod - calPeriod) * scale);
  }
  return {
    customers: aq.table(table),
    spec: s,
    counts: {
      rows: Number(stats.n),
      rowsAfterEnd: Number(after.n),
      customers: ids.length,
      customersFirstSeenAfter: firstSeenAfter,
      repeatBuyers,
      negativeAmountRows: Number(stats.negative),
    },
    definitions: clvDefinitions(s, scale),
  };
}
