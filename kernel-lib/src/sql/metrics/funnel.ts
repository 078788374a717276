import * as aq from 'arquero';
import { SpecError } from '../../errors.js';
import { stepTable, type FunnelResult } from '../../metrics/funnel.js';
import { resolveFunnelSpec, type FunnelSpec, type ResolvedStep } from '../../metrics/funnelSpec.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';

/** Above any epoch-ms instant: ranks attempts by depth first, then by an earlier entry. */
const DEPTH_WEIGHT = 1e13;

/**
 * A conversion funnel (转化漏斗) on an SQL engine: the same {@link FunnelSpec} and result as the in-memory
 * `funnel()` for ordered funnels — users reaching each step (UV) within the window after their entry,
 * matching events (PV), conversions, median time between steps, and one row per entered user (for
 * `funnelUsers()`), each user's best attempt counting (furthest step, earliest entry among equals).
 * Strict order and breakdowns run in memory. Each step is one join of the entries with that step's events
 * (no window functions, so the same SQL runs on ClickHouse 18.16); `where` keys are columns of the events.
 * An event at the same instant as the previous step does not count as after it (in memory, table order
 * decides such ties). Users come sorted by id.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source events as a table in the engine or a file it reads in place (`ts` column)
 * @param spec steps as data, window, order
 * @returns per-step counts and the users who entered
 * @example const f = await funnelSql(await duckdb(), { file: 'events.parquet' }, { steps: ['view', 'cart', 'pay'] });
 */
export async function funnelSql(
  engine: SqlEngine,
  source: SqlSource,
  spec: FunnelSpec,
): Promise<FunnelResult> {
  const s = resolveFunnelSpec(spec);
  if (s.order === 'strict') throw new SpecError('order', s.order, "'ordered' on SQL engines (use funnel())");
  if (s.breakdownBy !== undefined) {
    throw new SpecError('breakdownBy', s.breakdownBy, 'no breakdown on SQL engines yet (use funnel())');
  }
  const d = dialectOf(engine.dialect);
  const b = new SqlBuilder(d);
  const k = s.steps.length;
  const matchOf = (step: ResolvedStep) => {
    const conditions = [[s.eventColumn, step.event] as const, ...Object.entries(step.where)].map(
      ([column, value]) => `CAST(${b.id(column)} AS ${d.string}) = ${b.bind(String(value), 'String')}`,
    );
    return `CASE WHEN ${conditions.join(' AND ')} THEN 1 ELSE 0 END`;
  };
  const marks = s.steps.map((step, j) => `${matchOf(step)} AS m${j}`).join(', ');
  const ev = b.subquery(
    'ev',
    `SELECT user_id, ts, ${s.steps.map((_, j) => `m${j}`).join(', ')} FROM (
      SELECT CAST(${b.id(s.userColumn)} AS ${d.string}) AS user_id, ${d.epochMs(b.id('ts'))} AS ts, ${marks}
      FROM ${d.relation(source, b)}) AS o
    WHERE ts IS NOT NULL`,
  );
  const inRange = (lo: number, hi: number) =>
    [
      Number.isFinite(lo) ? `ts >= ${b.bind(lo, 'Float64')}` : '',
      Number.isFinite(hi) ? `ts < ${b.bind(hi, 'Float64')}` : '',
    ].filter(Boolean);
  const window = b.bind(s.windowMs, 'Float64');

  // 1. Every entry into step 1, then each later step's earliest event after the previous one (−1: none).
  let attempts = `SELECT DISTINCT user_id, ts AS t0 FROM ${ev}
    WHERE ${['user_id IS NOT NULL', 'm0 = 1', ...inRange(s.fromMs, s.toMs)].join(' AND ')}`;
  for (let j = 1; j < k; j++) {
    const before = Array.from({ length: j }, (_, i) => `t${i}`).join(', ');
    const next = `hit = 1 AND t${j - 1} >= 0 AND ts > t${j - 1} AND ts - t0 <= ${window}`;
    attempts = `SELECT user_id, ${before},
        CASE WHEN ${d.countIf(next)} > 0 THEN ${d.minIf('ts', next)} ELSE -1 END AS t${j}
      FROM (${attempts}) AS a${j}
      ${d.name === 'clickhouse' ? 'ALL LEFT JOIN' : 'LEFT JOIN'}
        (SELECT user_id, ts, 1 AS hit FROM ${ev} WHERE user_id IS NOT NULL AND m${j} = 1) AS e${j} USING (user_id)
      GROUP BY user_id, ${before}`;
  }

  // 2. Each user's best attempt: the furthest step, then the earliest entry.
  const argMax = d.name === 'clickhouse' ? 'argMax' : 'arg_max';
  const depth = [
    '1',
    ...Array.from({ length: k - 1 }, (_, j) => `CASE WHEN t${j + 1} >= 0 THEN 1 ELSE 0 END`),
  ];
  const best = `SELECT user_id, max(depth) AS reached,
      ${Array.from({ length: k }, (_, j) => `${argMax}(t${j}, rank) AS at${j}`).join(', ')}
    FROM (SELECT *, ${depth.join(' + ')} AS depth,
      (${depth.join(' + ')}) * ${b.bind(DEPTH_WEIGHT, 'Float64')} - t0 AS rank FROM (${attempts}) AS a) AS ranked
    GROUP BY user_id ORDER BY user_id`;
  const perUser = await engine.query<Record<string, number | string>>({
    sql: b.statement(best),
    params: b.params,
  });

  // 3. Matching events (PV): step 1's within [from, to), later steps' within [from, to + window).
  const pv = s.steps.map((_, j) => {
    const range = j === 0 ? inRange(s.fromMs, s.toMs) : inRange(s.fromMs, s.toMs + s.windowMs);
    return `${d.countIf([`m${j} = 1`, ...range].join(' AND '))} AS pv${j}`;
  });
  const [pvRow] = await engine.query<Record<string, number>>({
    sql: b.statement(`SELECT ${pv.join(', ')} FROM ${ev}`),
    params: b.params,
  });

  const n = perUser.length;
  const reached = new Int32Array(n);
  const stepTimes = new Float64Array(n * k).fill(NaN);
  perUser.forEach((r, u) => {
    reached[u] = Number(r.reached);
    for (let j = 0; j < reached[u]; j++) stepTimes[u * k + j] = Number(r[`at${j}`]);
  });
  const all = stepTable(s.steps, reached, stepTimes, () => true);
  return {
    spec: s,
    steps: aq.table({
      step: all.step,
      label: all.label,
      users: all.users,
      events: s.steps.map((_, j) => Number(pvRow[`pv${j}`])),
      conversionFromPrevious: all.conversionFromPrevious,
      conversionFromStart: all.conversionFromStart,
      medianMsFromPrevious: all.medianMsFromPrevious,
    }),
    breakdown: null,
    users: aq.table({
      user_id: perUser.map((r) => String(r.user_id)),
      stepsReached: Array.from(reached),
      enteredAt: perUser.map((_, u) => new Date(stepTimes[u * k])),
    }),
  };
}
