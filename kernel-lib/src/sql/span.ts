import { InputError } from '../errors.js';
import { SqlBuilder, type Dialect } from './dialect.js';
import type { SqlEngine, SqlSource } from './engine.js';

/** First and last instant (epoch ms) over every row of a source, and how many rows it has. */
export interface ObservedSpan {
  minMs: number;
  maxMs: number;
  rows: number;
}

/**
 * The observed span of a source, as the in-memory metrics take it: every row counts (also rows without a
 * user), and a row without a timestamp is an `InputError` naming the column.
 * @param rows writes the source's rows with an `ms` column
 * @param tsColumn the timestamp column as the user names it (for the error)
 */
export async function observedSpan(
  engine: SqlEngine,
  d: Dialect,
  source: SqlSource,
  rows: (b: SqlBuilder) => string,
  tsColumn: string,
): Promise<ObservedSpan> {
  const b = new SqlBuilder(d);
  const [span] = await engine.query<{
    min_ms: number | null;
    max_ms: number | null;
    no_ts: number;
    n: number;
  }>({
    sql: `SELECT min(ms) AS min_ms, max(ms) AS max_ms, ${d.countIf('ms IS NULL')} AS no_ts, count(*) AS n
      FROM (${rows(b)}) AS o`,
    params: b.params,
  });
  if (Number(span.no_ts) > 0) {
    await refuseUnreadableTimestamp(engine, d, source, tsColumn, Number(span.no_ts));
    throw new InputError(
      `${span.no_ts} rows without a timestamp`,
      { file: sourceName(source), column: tsColumn },
      'a date and time',
    );
  }
  return { minMs: Number(span.min_ms), maxMs: Number(span.max_ms), rows: Number(span.n) };
}

/** How a source is named in error messages. */
export function sourceName(source: SqlSource): string {
  return 'file' in source ? source.file : 'glob' in source ? source.glob : source.table;
}

/**
 * When `count` rows have no readable timestamp: if one of them holds a value (text the engines do not read,
 * such as the day/month-ambiguous `05/06/2020`), throws an `InputError` naming the column and that value.
 * Returns when every such row is truly empty (the caller then reports the missing values).
 */
export async function refuseUnreadableTimestamp(
  engine: SqlEngine,
  d: Dialect,
  source: SqlSource,
  tsColumn: string,
  count: number,
): Promise<void> {
  const b = new SqlBuilder(d);
  const ts = b.id(tsColumn);
  const [row] = await engine.query<{ v: string }>({
    sql: `SELECT ${d.text(ts)} AS v FROM ${d.relation(source, b)}
      WHERE ${ts} IS NOT NULL AND ${d.epochMs(ts)} IS NULL LIMIT 1`,
    params: b.params,
  });
  if (row === undefined) return;
  throw new InputError(
    `${count} rows without a readable timestamp, e.g.`,
    { file: sourceName(source), column: tsColumn, value: row.v },
    'an ISO date or time such as 2020-12-01, 2020-12-01 10:00:00 or 2020-12-01T10:00:00+08:00; the SQL engines do ' +
      'not guess the day/month order of 05/06/2020: write ISO dates, or load() the file with dateFormat "mdy" or "dmy"',
  );
}

/**
 * Refuses order rows without a user, a timestamp or an amount, from the counts of one check query
 * (`no_user`, `no_ts`, `no_amount`): a timestamp written but unreadable is named first, with its value.
 * @param columns the source's names of the user, timestamp and amount columns
 */
export async function refuseMissingOrderValues(
  engine: SqlEngine,
  d: Dialect,
  source: SqlSource,
  stats: Record<string, number | null>,
  columns: { userId: string; ts: string; amount: string },
): Promise<void> {
  if (Number(stats.no_ts) > 0)
    await refuseUnreadableTimestamp(engine, d, source, columns.ts, Number(stats.no_ts));
  for (const [key, column] of [
    ['no_user', columns.userId],
    ['no_ts', columns.ts],
    ['no_amount', columns.amount],
  ] as const) {
    if (Number(stats[key]) > 0) {
      throw new InputError(
        `${stats[key]} rows without a value`,
        { file: sourceName(source), column },
        'a value on every order',
      );
    }
  }
}
