import { funnelResult, type FunnelResult } from '../../metrics/funnel/funnel.js';
import { resolveFunnelSpec, type FunnelSpec, type ResolvedStep } from '../../metrics/funnel/spec.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { breakdownFrom, decodeText, eventsAndUsers, groupText, type EventsAndUsers } from './usersSource.js';
import { checkOrderIdsSql } from './orderRollUp.js';
import { requireColumns } from './sourceColumns.js';
import { sourceZones } from '../sourceZone.js';
import type { EventColumns } from './cohort.js';
import { sourceColumnOf } from './columnMap.js';

/** Above any epoch-ms instant: ranks attempts by depth first, then by an earlier entry. */
const DEPTH_WEIGHT = 1e13;

/**
 * A conversion funnel (转化漏斗) on an SQL engine: the same {@link FunnelSpec} and result as the in-memory
 * `funnel()` — users reaching each step (UV) within the window after their entry, matching events (PV),
 * conversions, median time between steps, one row per entered user (for `funnelUsers()`), each user's best
 * attempt counting (furthest step, earliest entry among equals), ordered or strict order, and breakdowns.
 * Each step is one join of the attempts with the user's events (no window functions, so the same SQL runs
 * on ClickHouse 18.16); `where` keys are columns of the events. An event at the same instant as the previous
 * step does not count as after it (in memory, table order decides such ties). Breakdown values are the text
 * of the column: from the event that entered the best attempt when the events have the column, else from the
 * users source (`user_id` and the column; with several rows per user, the greatest value). Users come
 * sorted by id.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param sources events as a table in the engine or a file it reads in place (`ts` column), or
 *   `{ events, users }` for a breakdown by a column the events do not have (e.g. channel)
 * @param spec steps as data, window, order, breakdownBy
 * @param columns where `user_id` and `ts` are in the events, when the source names them otherwise (a spec's
 *   `userColumn` other than `user_id` names the source's own column)
 * @returns per-step counts (and per breakdown value) and the users who entered
 * @example const f = await funnelSql(await duckdb(), { file: 'events.parquet' }, { steps: ['view', 'cart', 'pay'], order: 'strict' });
 */
export async function funnelSql(
  engine: SqlEngine,
  sources: SqlSource | EventsAndUsers,
  spec: FunnelSpec,
  columns: EventColumns = {},
): Promise<FunnelResult> {
  const { events: source, users } = eventsAndUsers(sources);
  const s = resolveFunnelSpec(spec, sourceZones({ events: source, users }));
  const d = dialectOf(engine.dialect);
  const b = new SqlBuilder(d);
  const k = s.steps.length;
  const userColumn = sourceColumnOf(s.userColumn, columns);
  const ts = sourceColumnOf('ts', columns);
  const present = await requireColumns(engine, source, [
    { column: userColumn, role: 'the user id' },
    { column: ts, role: 'the event time' },
    { column: s.eventColumn, role: 'the event name (eventColumn)' },
    ...s.steps.flatMap((step) =>
      Object.keys(step.where).map((column) => ({ column, role: "a step's where" })),
    ),
  ]);
  const by =
    s.breakdownBy === undefined ? undefined : await breakdownFrom(engine, s.breakdownBy, source, users);
  // Breakdown values as never-null text ('' = missing, else '=' + value): aggregates skip no rows for NULLs.
  const text = (column: string) => groupText(d, b, column);
  const bdColumn = by === 'rows' ? `, ${text(s.breakdownBy!)} AS bd` : '';
  const bd = by === 'rows' ? ', bd' : '';
  const matchOf = (step: ResolvedStep) => {
    const conditions = [[s.eventColumn, step.event] as const, ...Object.entries(step.where)].map(
      ([column, value]) => `${d.text(b.id(column))} = ${b.bind(String(value), 'String')}`,
    );
    return `CASE WHEN ${conditions.join(' AND ')} THEN 1 ELSE 0 END`;
  };
  const marks = s.steps.map((step, j) => `${matchOf(step)} AS m${j}`).join(', ');
  const m = s.steps.map((_, j) => `m${j}`).join(', ');
  // A funnel on orders: the lines of one order id are one event, at the earliest line, matching each step any
  // of its lines matches (as in memory); lines without an order id are events of their own.
  const orderColumn =
    s.counting === 'orders' && s.orderColumn !== null && present.has(s.orderColumn) ? s.orderColumn : null;
  const order = orderColumn === null ? '' : `, ${d.text(b.id(orderColumn))} AS order_id`;
  if (orderColumn !== null) {
    await checkOrderIdsSql(
      engine,
      (c) => `SELECT ${d.userId(c.id(userColumn))} AS user_id, ${d.epochMs(c.id(ts))} AS ms,
        ${d.text(c.id(orderColumn))} AS order_id FROM ${d.relation(source, c)}`,
      orderColumn,
    );
  }
  const lines = `SELECT ${d.userId(b.id(userColumn))} AS user_id, ${d.epochMs(b.id(ts))} AS ts, ${marks}${bdColumn}${order}
      FROM ${d.relation(source, b)}`;
  const ev = b.subquery(
    'ev',
    orderColumn === null
      ? `SELECT user_id, ts, ${m}${bd} FROM (${lines}) AS o WHERE ts IS NOT NULL`
      : `SELECT user_id, ts, ${m}${bd} FROM (${lines}) AS o WHERE ts IS NOT NULL AND order_id IS NULL
        UNION ALL SELECT user_id, first_ts AS ts, ${s.steps.map((_, j) => `any_m${j} AS m${j}`).join(', ')}${
          by === 'rows' ? ', first_bd AS bd' : ''
        } FROM (
          SELECT user_id, min(ts) AS first_ts, ${s.steps.map((_, j) => `max(m${j}) AS any_m${j}`).join(', ')}${
            by === 'rows' ? `, ${d.name === 'clickhouse' ? 'argMin' : 'arg_min'}(bd, ts) AS first_bd` : ''
          }
          FROM (${lines}) AS o WHERE ts IS NOT NULL AND order_id IS NOT NULL GROUP BY user_id, order_id
        ) AS per_order`,
  );
  const inRange = (lo: number, hi: number) =>
    [
      Number.isFinite(lo) ? `ts >= ${b.bind(lo, 'Float64')}` : '',
      Number.isFinite(hi) ? `ts < ${b.bind(hi, 'Float64')}` : '',
    ].filter(Boolean);
  const window = b.bind(s.windowMs, 'Float64');
  const join = d.name === 'clickhouse' ? 'ALL LEFT JOIN' : 'LEFT JOIN';
  const argMin = d.name === 'clickhouse' ? 'argMinIf' : undefined;

  // 1. Every entry into step 1 (its breakdown value: the least among events at that instant), then each
  // later step's time (−1: not reached). Ordered: the earliest matching event after the previous step.
  // Strict: the user's very next event after the previous step, if it matches.
  let attempts = `SELECT user_id, ts AS t0${by === 'rows' ? ', min(bd) AS bd' : ''} FROM ${ev}
    WHERE ${['user_id IS NOT NULL', 'm0 = 1', ...inRange(s.fromMs, s.toMs)].join(' AND ')}
    GROUP BY user_id, ts`;
  for (let j = 1; j < k; j++) {
    const before = Array.from({ length: j }, (_, i) => `t${i}`).join(', ') + bd;
    const after = `hit = 1 AND t${j - 1} >= 0 AND ts > t${j - 1}`;
    let tj: string;
    let events: string;
    if (s.order === 'strict') {
      const next = d.minIf('ts', after);
      const nextMatches = argMin ? `${argMin}(mj, ts, ${after})` : `arg_min(mj, ts) FILTER (WHERE ${after})`;
      tj = `CASE WHEN ${d.countIf(after)} > 0 AND ${next} - t0 <= ${window} AND ${nextMatches} = 1
        THEN ${next} ELSE -1 END`;
      events = `SELECT user_id, ts, m${j} AS mj, 1 AS hit FROM ${ev} WHERE user_id IS NOT NULL`;
    } else {
      const next = `${after} AND ts - t0 <= ${window}`;
      tj = `CASE WHEN ${d.countIf(next)} > 0 THEN ${d.minIf('ts', next)} ELSE -1 END`;
      events = `SELECT user_id, ts, 1 AS hit FROM ${ev} WHERE user_id IS NOT NULL AND m${j} = 1`;
    }
    attempts = `SELECT user_id, ${before}, ${tj} AS t${j}
      FROM (${attempts}) AS a${j} ${join} (${events}) AS e${j} USING (user_id)
      GROUP BY user_id, ${before}`;
  }

  // 2. Each user's best attempt: the furthest step, then the earliest entry.
  const argMax = d.name === 'clickhouse' ? 'argMax' : 'arg_max';
  const depth = [
    '1',
    ...Array.from({ length: k - 1 }, (_, j) => `CASE WHEN t${j + 1} >= 0 THEN 1 ELSE 0 END`),
  ];
  let best = `SELECT user_id, max(depth) AS reached,
      ${Array.from({ length: k }, (_, j) => `${argMax}(t${j}, rank) AS at${j}`).join(', ')}${
        by === 'rows' ? `, ${argMax}(bd, rank) AS bd` : ''
      }
    FROM (SELECT *, ${depth.join(' + ')} AS depth,
      (${depth.join(' + ')}) * ${b.bind(DEPTH_WEIGHT, 'Float64')} - t0 AS rank FROM (${attempts}) AS a) AS ranked
    GROUP BY user_id`;
  if (by === 'users') {
    // One value per user of the users source; users missing from it get '' (no value), as in memory.
    best = `SELECT user_id, reached, ${Array.from({ length: k }, (_, j) => `at${j}`).join(', ')},
        coalesce(bd, '') AS bd FROM (${best}) AS best
      ${d.uniqueLeftJoin} (SELECT ${d.userId(b.id('user_id'))} AS user_id, max(${text(s.breakdownBy!)}) AS bd
        FROM ${d.relation(users!, b)} GROUP BY user_id) AS u USING (user_id)`;
  }
  const perUser = await engine.query<Record<string, number | string>>({
    sql: b.statement(`SELECT * FROM (${best}) AS per_user ORDER BY user_id`),
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
  const breakdownOf = by ? perUser.map((r) => decodeText(r.bd)) : undefined;
  return funnelResult(
    { ...s, orderColumn },
    {
      reached,
      stepTimes,
      entered: perUser.map((_, u) => u),
      userId: (u) => String(perUser[u].user_id),
      breakdownOf,
    },
    s.steps.map((_, j) => Number(pvRow[`pv${j}`])),
  );
}
