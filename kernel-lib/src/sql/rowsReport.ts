import type { LoadReport } from '../io/rows/report.js';
import { dialectOf, SqlBuilder } from './dialect.js';
import type { SqlEngine, SqlSource } from './engine.js';
import { reportQuery, sourceRowsOf } from './sourceRows.js';
import { sourceName } from './span.js';
import { sourceZones } from './sourceZone.js';
import { resolveTimeZone } from '../time/context.js';

/**
 * The load report (导入报告) of an SQL source's row options, as `loadReport()` gives it for `load()`: rows
 * read, the rows each `where` filter and `missingUsers: 'drop'` removed (a row counted under the first step
 * that removed it), rows kept without a user id, the derived amount, the source's zone. Example rows are
 * not listed.
 * @param engine from `duckdb()`, `chdbEngine()` or `clickhouse()`
 * @param source a source with `where`, `amount` or `missingUsers`
 * @returns the report (no drops for a source without row options)
 * @example formatLoadReport(await rowsReportSql(engine, { file: 'lines.csv', format: 'csv', missingUsers: 'drop', userColumn: 'CustomerID' }))
 */
export async function rowsReportSql(engine: SqlEngine, source: SqlSource): Promise<LoadReport> {
  const d = dialectOf(engine.dialect);
  const b = new SqlBuilder(d);
  const o = sourceRowsOf(source) ?? { where: [], missingUsers: 'error' as const, userColumn: 'user_id' };
  const plain: SqlSource = {
    ...source,
    where: undefined,
    amount: undefined,
    missingUsers: undefined,
    userColumn: undefined,
  };
  const q = reportQuery(d, b, d.relation(plain, b), o);
  const [row] = await engine.query<Record<string, unknown>>({ sql: q.sql, params: b.params });
  return q.read(row, sourceName(source), resolveTimeZone(undefined, sourceZones({ source })));
}
