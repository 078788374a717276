import { InputError, SpecError } from '../../errors.js';
import { buildCells, buildTotal, type RetentionResult } from '../../metrics/retention/retention.js';
import { resolveRetentionSpec, type RetentionSpec } from '../../metrics/retention/spec.js';
import { lastCompletePeriod } from '../../metrics/shared/periodBounds.js';
import { DAY, TimeZone, formatDay } from '../../time/zone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { sourceName } from '../span.js';
import { periodOfDay } from '../periods.js';
import { matches, type EventColumns } from './cohort.js';

/**
 * N-day retention (N日留存率) on an SQL engine: the same {@link RetentionSpec} and the same cells and totals
 * as the in-memory `retention()` for starts taken from events — first-time or recurring starts, "on day N",
 * "on or after" and brackets, calendar or 24-hour windows, day / week / month units, incomplete cells
 * marked. Starts from a users-table column and breakdowns run in memory (`retention()`).
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source events as a table in the engine or a file it reads in place
 * @param spec the definition
 * @param columns where `user_id` and `ts` are, when the source names them otherwise
 * @example const r = await retentionSql(await duckdb(), { file: 'events.parquet' }, { returnEvent: 'visit' });
 */
export async function retentionSql(
  engine: SqlEngine,
  source: SqlSource,
  spec: RetentionSpec = {},
  columns: EventColumns = {},
): Promise<RetentionResult> {
  const s = resolveRetentionSpec(spec);
  if (s.startColumn !== undefined) {
    throw new SpecError(
      'startColumn',
      s.startColumn,
      'starts from events on SQL engines (use retention() for users-table starts)',
    );
  }
  if (s.breakdown !== undefined) {
    throw new SpecError('breakdown', s.breakdown, 'no breakdown on SQL engines yet (use retention())');
  }
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const rows = (b: SqlBuilder) => {
    const start = s.startEvent === undefined ? '1' : matches(b, s.startEvent);
    const back = s.returnEvent === undefined ? '1' : matches(b, s.returnEvent);
    return `SELECT CAST(${b.id(columns.userId ?? 'user_id')} AS ${d.string}) AS user_id,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms, ${start} AS is_start, ${back} AS is_return
      FROM ${d.relation(source, b)}`;
  };

  // 1. The as-of day: the last day with an event unless given.
  const first = new SqlBuilder(d);
  const [span] = await engine.query<{ max_ms: number | null; n: number }>({
    sql: `SELECT max(ms) AS max_ms, count(*) AS n FROM (${rows(first)}) AS o WHERE ms IS NOT NULL`,
    params: first.params,
  });
  if (s.asOf === undefined && Number(span.n) === 0) {
    throw new InputError('empty table', { file: sourceName(source) }, 'at least one event with a timestamp');
  }
  const asOfDay = s.asOf !== undefined ? zone.dayOf(s.asOf) : zone.dayNumber(Number(span.max_ms));

  // 2. Starts (user, cohort, x) and returns (user, u) in the unit of the window, then retained flags.
  const b = new SqlBuilder(d);
  const tz = b.bind(s.timeZone, 'String');
  const calendar = s.window === 'calendar';
  const observed = `user_id IS NOT NULL AND ms IS NOT NULL AND ms < ${b.bind(zone.startOfDay(asOfDay + 1), 'Float64')}`;
  const day = (ms: string) => d.localDayOfMs(ms, tz);
  const unit = (ms: string) => (calendar ? periodOfDay(d, day(ms), s.period) : ms);
  const events = b.subquery(
    'events',
    `SELECT user_id, ms, is_start, is_return FROM (${rows(b)}) AS o WHERE ${observed}`,
  );
  const starts =
    s.start === 'first'
      ? `SELECT user_id, ${periodOfDay(d, day('sms'), s.cohortPeriod)} AS cohort, ${unit('sms')} AS x
          FROM (SELECT user_id, min(ms) AS sms FROM ${events} WHERE is_start = 1 GROUP BY user_id) AS f`
      : `SELECT user_id, cohort, ${unit('sms')} AS x FROM (
          SELECT user_id, ${periodOfDay(d, day('ms'), s.cohortPeriod)} AS cohort, min(ms) AS sms
          FROM ${events} WHERE is_start = 1 GROUP BY user_id, cohort) AS f`;
  const returns = `SELECT DISTINCT user_id, ${unit('ms')} AS u, 1 AS has FROM ${events} WHERE is_return = 1`;
  const scale = calendar ? 1 : s.period === 'week' ? 7 * DAY : DAY;
  const flags = s.offsets.map((o, k) => {
    const lo = `x + ${b.bind(o.from * scale, 'Float64')}`;
    const hi = o.to === null ? '' : ` AND u < x + ${b.bind((o.to + 1) * scale, 'Float64')}`;
    return `max(CASE WHEN has = 1 AND u >= ${lo}${hi} THEN 1 ELSE 0 END) AS r${k}`;
  });
  const perStart = `SELECT user_id, cohort, x, ${flags.join(', ')}
    FROM (${starts}) AS s ${d.name === 'clickhouse' ? 'ALL LEFT JOIN' : 'LEFT JOIN'} (${returns}) AS r USING (user_id)
    GROUP BY user_id, cohort, x`;
  const select = `SELECT cohort, count(*) AS starts, max(x) AS max_x, ${s.offsets.map((_, k) => `sum(r${k}) AS r${k}`).join(', ')}
    FROM (${perStart}) AS p GROUP BY cohort ORDER BY cohort`;
  const slots = await engine.query<Record<string, number>>({ sql: b.statement(select), params: b.params });

  // 3. Completeness per cohort (its latest start decides), then the same cells as in memory.
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
  const order = slots.map((_, i) => i);
  const cohorts = slots.map((r) => Number(r.cohort));
  const groups = slots.map(() => '');
  return {
    spec: s,
    asOf: formatDay(asOfDay),
    cells: buildCells(s, order, cohorts, groups, size, retained, complete),
    total: buildTotal(s, order, groups, size, retained, complete),
  };
}
