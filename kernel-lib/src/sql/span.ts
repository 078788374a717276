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
  return 'file' in source ? source.file : source.table;
}
