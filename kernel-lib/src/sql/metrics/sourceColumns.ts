import { SqlBuilder, dialectOf } from '../dialect.js';
import { InputError } from '../../errors.js';
import { sourceName } from '../span.js';
import type { SqlEngine, SqlSource } from '../engine.js';

/**
 * The column names of a source, as the engine sees them (`DESCRIBE`): metrics whose optional columns
 * (verified_at, term_days, channel…) change what they can compute ask before they read.
 * @param engine the engine
 * @param source a table or a file
 * @returns the names
 * @example (await sourceColumns(engine, { file: 'orders.parquet' })).has('term_days')
 */
export async function sourceColumns(engine: SqlEngine, source: SqlSource): Promise<Set<string>> {
  const d = dialectOf(engine.dialect);
  const b = new SqlBuilder(d);
  const sql =
    d.name === 'duckdb'
      ? `DESCRIBE SELECT * FROM ${d.relation(source, b)}`
      : `DESCRIBE TABLE ${d.relation(source, b)}`;
  const rows = await engine.query<{ column_name?: string; name?: string }>({ sql, params: b.params });
  return new Set(rows.map((r) => String(r.column_name ?? r.name)));
}

/** A column a metric reads, and what it is to the metric (for the error when it is missing). */
export interface NeededColumn {
  column: string;
  role: string;
}

/**
 * Refuses, before any query runs, a source that lacks a column the metric reads (缺列): the error names the
 * source, each missing column and its role, the columns the source has, and how to map them — rather than the
 * engine's own binder message, which names one column in its own words.
 * @param engine the engine
 * @param source a table or a file
 * @param needed the columns the metric reads, by their names in the source
 * @returns the source's column names (as {@link sourceColumns}), for the optional columns read next
 * @throws InputError naming the missing columns
 * @example await requireColumns(engine, source, [{ column: 'uid', role: 'user id' }])
 */
export async function requireColumns(
  engine: SqlEngine,
  source: SqlSource,
  needed: readonly NeededColumn[],
): Promise<Set<string>> {
  const present = await sourceColumns(engine, source);
  const missing = needed.filter(
    (n, i) => !present.has(n.column) && needed.findIndex((m) => m.column === n.column) === i,
  );
  if (missing.length === 0) return present;
  const names = missing.map((n) => `"${n.column}" (${n.role})`).join(', ');
  throw new InputError(
    `the source has no column ${names}`,
    { file: sourceName(source) },
    `one of its columns: ${[...present].join(', ')}; when the source names user_id, ts or amount otherwise, ` +
      `map them with the metric's columns argument, e.g. { userId: 'uid', ts: 'event_time' }`,
  );
}
