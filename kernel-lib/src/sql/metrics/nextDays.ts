import type { Dialect, SqlBuilder } from '../dialect.js';

/**
 * Each user's distinct days with the next one (a sentinel far in the future after the last), from a
 * relation with `user_id` and `day` (and `reg`, 1 on sign-up rows, when `membersOnly`: then only users
 * with a sign-up row). DuckDB uses `lead()`; ClickHouse 18.16 has no window functions, so there each
 * user's sorted days are paired with themselves shifted by one in an ARRAY JOIN.
 */
export function nextActiveDays(d: Dialect, b: SqlBuilder, days: string, membersOnly: boolean): string {
  // UInt32 on ClickHouse: the type of its day numbers, so the shifted array keeps one element type.
  const never = b.bind(4294967295, d.name === 'duckdb' ? 'Int64' : 'UInt32');
  if (d.name === 'duckdb') {
    const members = membersOnly ? `WHERE user_id IN (SELECT user_id FROM ${days} WHERE reg = 1)` : '';
    return `SELECT user_id, day, coalesce(lead(day) OVER (PARTITION BY user_id ORDER BY day), ${never}) AS next_day
      FROM (SELECT user_id, day FROM ${days} GROUP BY user_id, day) AS ud ${members}`;
  }
  return `SELECT user_id, day, next_day FROM (
      SELECT user_id, arraySort(groupUniqArray(day)) AS ds FROM ${days} GROUP BY user_id
      ${membersOnly ? 'HAVING max(reg) = 1' : ''}
    ) AS u ARRAY JOIN ds AS day, arrayPushBack(arrayPopFront(ds), ${never}) AS next_day`;
}
