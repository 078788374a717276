import { SqlBuilder, dialectOf } from '../dialect.js';
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
