import type { Dialect, SqlBuilder } from '../dialect.js';
import type { SqlSource } from '../engine.js';
import { userIdOf } from './activeRows.js';

/**
 * Users whose fixed terms moved from shorter to longer (成熟期 by `laterLongerTerm`: some order has a longer
 * term than a strictly earlier one), as `user_id, mature` rows. Orders at one instant form a group; with
 * groups in time order, terms never grew exactly when every group's longest term is at most the previous
 * group's shortest (then by induction at most every earlier term), so only neighbouring groups are compared:
 * `lag()` on DuckDB, an ARRAY JOIN of each user's groups with themselves shifted by one on ClickHouse
 * (18.16 has no window functions). Only positive terms count, as in memory.
 * @param d the dialect
 * @param b the builder
 * @param orders the orders source
 * @param userId the user id column (canonical `user_id` unless mapped)
 * @param ts the order time column
 * @param term the term_days column
 * @param end bound epoch ms: later orders are not read
 * @returns the query
 * @example laterLongerTermSql(d, b, { table: 'orders' }, undefined, 'ts', 'term_days', b.bind(end, 'Float64'))
 */
export function laterLongerTermSql(
  d: Dialect,
  b: SqlBuilder,
  orders: SqlSource,
  userId: string | undefined,
  ts: string,
  term: string,
  end: string,
): string {
  const ms = d.epochMs(b.id(ts));
  const t = `CAST(coalesce(${b.id(term)}, 0) AS ${d.double})`;
  const groups = `SELECT user_id, ms, min(t) AS lo, max(t) AS hi FROM (
      SELECT ${userIdOf(d, b, userId)} AS user_id, ${ms} AS ms, ${t} AS t FROM ${d.relation(orders, b)}
    ) AS o WHERE ms < ${end} AND t > 0 GROUP BY user_id, ms`;
  if (d.name === 'duckdb') {
    return `SELECT user_id, max(CASE WHEN hi > prev_lo THEN 1 ELSE 0 END) AS mature FROM (
        SELECT user_id, hi, lag(lo) OVER (PARTITION BY user_id ORDER BY ms) AS prev_lo FROM (${groups}) AS g
      ) AS x GROUP BY user_id`;
  }
  return `SELECT user_id, max(hi > prev_lo) AS mature FROM (
      SELECT user_id, arraySort(groupArray((ms, lo, hi))) AS s FROM (${groups}) AS g GROUP BY user_id
    ) AS u ARRAY JOIN arrayPopBack(arrayMap(x -> x.2, s)) AS prev_lo, arrayPopFront(arrayMap(x -> x.3, s)) AS hi
    GROUP BY user_id`;
}
