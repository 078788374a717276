import {
  buildBreakdown,
  buildPeriods,
  buildSummary,
  type BreakdownGroup,
  type RepurchaseResult,
} from '../../metrics/repurchase/repurchase.js';
import { resolveRepurchaseSpec, type RepurchaseSpec } from '../../metrics/repurchase/spec.js';
import { lastCompletePeriod } from '../../time/periodBounds.js';
import { periodIndex, periodLabel } from '../../time/periods.js';
import { TimeZone, formatDay } from '../../time/zone.js';
import { asOfDay as resolveAsOfDay } from '../../time/context.js';
import { sourceZones } from '../sourceZone.js';
import { dialectOf, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { localDayInSpan } from '../localDay.js';
import { observedSpan, sourceName } from '../span.js';
import { periodOfDay } from '../periods.js';
import type { EventColumns } from './cohort.js';
import { sourceColumns } from './sourceColumns.js';

/** Where the canonical order columns are in a source, when its names differ. */
export interface RepurchaseColumns extends EventColumns {
  /**
   * Column that groups lines into one order. @default spec.orderColumn when the source has it; `null` says
   * the source has none (each row is an order) without probing it.
   */
  orderId?: string | null;
}

/**
 * Conversion (用户转化) on an SQL engine: repeat buyers and repurchase rate (复购人数 / 复购率) per period and
 * in total, and the N-day repurchase rate (90天复购率) with its business mode — the same
 * {@link RepurchaseSpec} and result as the in-memory `repurchase()` without a users table (first-order rates
 * need sign-ups: pool and first-order rate are null here, as in memory without users).
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source orders (or order lines sharing an order id) as a table in the engine or a file it reads
 * @param spec the definition
 * @param columns where `user_id`, `ts` and the order id are, when the source names them otherwise
 * @returns the per-period table and summary of `repurchase()`
 * @example const r = await repurchaseSql(await duckdb(), { file: 'orders.parquet' }, { period: 'month' });
 */
export async function repurchaseSql(
  engine: SqlEngine,
  source: SqlSource,
  spec: RepurchaseSpec = {},
  columns: RepurchaseColumns = {},
): Promise<RepurchaseResult> {
  const s = resolveRepurchaseSpec(spec, sourceZones({ orders: source }));
  const zone = TimeZone.of(s.timeZone);
  const d = dialectOf(engine.dialect);
  const orderId =
    columns.orderId !== undefined
      ? columns.orderId
      : (await sourceColumns(engine, source)).has(s.orderColumn)
        ? s.orderColumn
        : null;
  const byColumn = s.breakdown && 'column' in s.breakdown ? s.breakdown.column : undefined;
  const rows = (b: SqlBuilder) => {
    const order = orderId === null ? '' : `, ${d.text(b.id(orderId))} AS order_id`;
    const group = byColumn === undefined ? '' : `, ${d.text(b.id(byColumn))} AS breakdown_value`;
    return `SELECT ${d.userId(b.id(columns.userId ?? 'user_id'))} AS user_id,
      ${d.epochMs(b.id(columns.ts ?? 'ts'))} AS ms${order}${group} FROM ${d.relation(source, b)}`;
  };

  // 1. The observed span over every row (as in memory, rows without a user count for the span).
  const span = await observedSpan(engine, d, source, rows, columns.ts ?? 'ts');
  const where = sourceName(source);
  const empty = span.rows === 0;
  const asOfDay = resolveAsOfDay(s.asOf, zone, [empty ? NaN : zone.dayNumber(span.maxMs)], where);
  const firstDay = empty ? asOfDay : Math.min(asOfDay, zone.dayNumber(span.minMs));
  const base = periodIndex(firstDay, s.period);
  const nPeriods = periodIndex(asOfDay, s.period) - base + 1;

  // 2. Orders (one per order id, at its earliest line; lines without an id are orders of their own).
  const b = new SqlBuilder(d);
  const tz = b.bind(s.timeZone, 'String');
  const kept = `user_id IS NOT NULL AND ms < ${b.bind(zone.startOfDay(asOfDay + 1), 'Float64')}`;
  const orderRows =
    orderId === null
      ? `SELECT user_id, ms AS t FROM (${rows(b)}) AS o WHERE ${kept}`
      : `SELECT user_id, min(ms) AS t FROM (${rows(b)}) AS o WHERE ${kept} AND order_id IS NOT NULL
          GROUP BY user_id, order_id
        UNION ALL SELECT user_id, ms AS t FROM (${rows(b)}) AS o WHERE ${kept} AND order_id IS NULL`;
  // Every order lies in the observed span, so its local day is arithmetic on the span's offsets.
  const inSpan = { fromMs: span.minMs, toMs: span.maxMs };
  const day = (ms: string) => localDayInSpan(b, ms, zone, inSpan, () => d.localDayOfMs(ms, tz));
  const ordersSql = `SELECT user_id, t, ${day('t')} AS d, ${periodOfDay(d, day('t'), s.period)} - ${b.bind(base, 'Int64')} AS p
      FROM (${orderRows}) AS l`;
  // sameDay: 'later': the orders of one local day are one purchase (at the day's first instant).
  const orders = b.subquery(
    'orders',
    s.sameDay === 'later'
      ? `SELECT user_id, min(t) AS t, d, min(p) AS p FROM (${ordersSql}) AS od GROUP BY user_id, d`
      : ordersSql,
  );
  const firsts = `SELECT user_id, min(t) AS first_t, min(p) AS first_p, count(*) AS n_orders FROM ${orders} GROUP BY user_id`;
  // The second order: another at the first instant (a tie), else the earliest after it. No window functions.
  const perUser = `SELECT user_id, min(first_t) AS m1, min(first_p) AS fp, min(n_orders) AS total,
      ${d.countIf('t = first_t')} AS at_first, ${d.minIf('t', 't > first_t')} AS m_next
    FROM ${orders} ${d.name === 'clickhouse' ? 'ALL INNER JOIN' : 'JOIN'} (${firsts}) AS f USING (user_id)
    GROUP BY user_id`;
  const days = `SELECT user_id, fp, total, ${day('m1')} AS d1,
      CASE WHEN total < 2 THEN NULL WHEN at_first >= 2 THEN ${day('m1')} ELSE ${day('m_next')} END AS d2
    FROM (${perUser}) AS u`;
  const w = b.bind(s.windowDays, 'Int64');
  const asOf = b.bind(asOfDay, 'Int64');
  const again = `total >= 2 AND d2 - d1 <= ${w}`;
  const windowCounts = `count(*) AS paying, ${d.countIf(`d1 <= ${asOf} - ${w}`)} AS observed,
      ${d.countIf(`d1 <= ${asOf} - ${w} AND ${again}`)} AS repurchased, ${d.countIf(again)} AS all_repurchased`;
  const summarySql = `SELECT ${windowCounts}, ${d.countIf('total >= 2')} AS repeat_buyers FROM (${days}) AS t`;
  // The breakdown: by the first purchase's period, or by a column's smallest value per user (and how many
  // users had more than one).
  const breakdownSql =
    s.breakdown === undefined
      ? undefined
      : 'firstPurchase' in s.breakdown
        ? `SELECT ${periodOfDay(d, 'd1', s.breakdown.firstPurchase)} AS grp, ${windowCounts}, 0 AS conflicts
            FROM (${days}) AS t GROUP BY grp`
        : `SELECT gv AS grp, ${windowCounts}, sum(conflict) AS conflicts
            FROM (${days}) AS t ${d.name === 'clickhouse' ? 'ALL INNER JOIN' : 'JOIN'}
              (SELECT user_id, min(breakdown_value) AS gv,
                  CASE WHEN count(DISTINCT breakdown_value) > 1 THEN 1 ELSE 0 END AS conflict
                FROM (${rows(b)}) AS o WHERE ${kept} GROUP BY user_id) AS g USING (user_id)
            GROUP BY gv`;
  const perPeriodSql = `SELECT 'p' AS k, p, count(*) AS paying, ${d.countIf('n >= 2')} AS within
      FROM (SELECT user_id, p, count(*) AS n FROM ${orders} GROUP BY user_id, p) AS up GROUP BY p
    UNION ALL SELECT 'f' AS k, first_p AS p, count(*) AS paying, ${d.countIf('1 = 0')} AS within FROM (${firsts}) AS ff GROUP BY first_p`;

  const counts = await engine.query<{ k: string; p: number; paying: number; within: number }>({
    sql: b.statement(perPeriodSql),
    params: b.params,
  });
  const [totals] = await engine.query<WindowCounts & { repeat_buyers: number }>({
    sql: b.statement(summarySql),
    params: b.params,
  });
  const groupRows =
    breakdownSql === undefined
      ? undefined
      : await engine.query<WindowCounts & { grp: string | number | null; conflicts: number }>({
          sql: b.statement(breakdownSql),
          params: b.params,
        });

  const paying = new Int32Array(nPeriods);
  const firstOrders = new Int32Array(nPeriods);
  const within = new Int32Array(nPeriods);
  for (const r of counts) {
    const p = Number(r.p);
    if (r.k === 'p') {
      paying[p] = Number(r.paying);
      within[p] = Number(r.within);
    } else firstOrders[p] = Number(r.paying);
  }
  let repeats = within;
  if (s.repeatRule === 'returning') {
    // Returning buyers of a period are its paying users whose first order came before it.
    repeats = new Int32Array(nPeriods);
    for (let p = 0; p < nPeriods; p++) repeats[p] = paying[p] - firstOrders[p];
  }
  const lastComplete = lastCompletePeriod(asOfDay, s.period) - base;
  const result: RepurchaseResult = {
    spec: s,
    asOf: formatDay(asOfDay),
    periods: buildPeriods(s, base, lastComplete, null, paying, firstOrders, repeats),
    summary: buildSummary(
      s,
      null,
      {
        payingUsers: Number(totals.paying),
        repeatBuyers: Number(totals.repeat_buyers),
        observed: Number(totals.observed),
        repurchased: Number(totals.repurchased),
        allRepurchased: Number(totals.all_repurchased),
      },
      asOfDay,
    ),
  };
  if (groupRows && s.breakdown) {
    const byPeriod = 'firstPurchase' in s.breakdown ? s.breakdown.firstPurchase : undefined;
    const groups = new Map<string | null, BreakdownGroup>();
    let conflicts = 0;
    for (const r of groupRows) {
      const key =
        byPeriod !== undefined ? periodLabel(Number(r.grp), byPeriod) : r.grp === null ? null : String(r.grp);
      groups.set(key, {
        customers: Number(r.paying),
        observed: Number(r.observed),
        repurchased: Number(r.repurchased),
        all: Number(r.all_repurchased),
      });
      conflicts += Number(r.conflicts);
    }
    result.breakdown = buildBreakdown(s, groups);
    if (byPeriod === undefined) result.breakdownConflicts = conflicts;
  }
  return result;
}

/** The window counts of a set of customers, as the engine returns them. */
interface WindowCounts {
  paying: number;
  observed: number;
  repurchased: number;
  all_repurchased: number;
}
