import { amountFactors, MISSING_USERS } from '../io/options.js';
import type { LoadReport } from '../io/rows/report.js';
import { resolveWhere, type ResolvedRowFilter } from '../io/rows/where.js';
import { oneOf } from '../spec.js';
import { userColumnOf } from '../time/context.js';
import type { Dialect, SqlBuilder } from './sqlBuilder.js';
import type { SqlSourceRows } from './sourceRowsOptions.js';

export type { SqlSourceRows } from './sourceRowsOptions.js';

/** The row options checked. */
export interface ResolvedSourceRows {
  where: ResolvedRowFilter[];
  product?: string[];
  missingUsers: 'error' | 'drop';
  userColumn: string;
}

/** The row options of a source, checked (undefined when it has none). */
export function sourceRowsOf(source: SqlSourceRows): ResolvedSourceRows | undefined {
  if (
    source.where === undefined &&
    source.amount === undefined &&
    source.missingUsers === undefined &&
    source.userColumn === undefined
  )
    return undefined;
  const product = source.amount === undefined ? undefined : amountFactors(source.amount);
  const userColumn = userColumnOf(source.userColumn);
  return {
    where: resolveWhere(source.where),
    ...(product ? { product } : {}),
    missingUsers: oneOf('missingUsers', source.missingUsers, MISSING_USERS, 'error'),
    userColumn,
  };
}

function numberOf(d: Dialect, column: string): string {
  return d.name === 'duckdb' ? `TRY_CAST(${column} AS DOUBLE)` : `toFloat64OrNull(toString(${column}))`;
}

/** 1 where a row matches a filter's predicate, else 0 (a missing value never matches a comparison). */
function matchOf(d: Dialect, b: SqlBuilder, f: ResolvedRowFilter): string {
  const col = b.id(f.column);
  const text = d.text(col);
  const x = f.operand;
  let cond: string;
  switch (f.op) {
    case 'missing':
      cond = `${col} IS NULL`;
      break;
    case 'startsWith': {
      const p = x as string;
      const n = d.name === 'duckdb' ? [...p].length : Buffer.byteLength(p);
      cond = `substring(${text}, 1, ${n}) = ${b.bind(p, 'String')}`;
      break;
    }
    case 'equals':
      cond =
        typeof x === 'number'
          ? `${numberOf(d, col)} = ${b.bind(x, 'Float64')}`
          : `${text} = ${b.bind(String(x), 'String')}`;
      break;
    case 'in':
      cond = `${text} IN (${(x as (string | number)[]).map((v) => b.bind(String(v), 'String')).join(', ')})`;
      break;
    default:
      cond = `${numberOf(d, col)} ${f.op} ${b.bind(x as number, 'Float64')}`;
  }
  return `(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
}

/** Conditions (SQL) each row must meet to be kept by each step, in order: the filters, then missingUsers. */
function steps(
  d: Dialect,
  b: SqlBuilder,
  o: ResolvedSourceRows,
): { reason: string; kept: string; filter?: object }[] {
  const out = o.where.map((f) => ({
    reason: f.label,
    kept: `${matchOf(d, b, f)} = ${f.keep ? 1 : 0}`,
    filter: f.filter as object,
  }));
  if (o.missingUsers === 'drop') {
    out.push({
      reason: 'missing user id (missingUsers: "drop")',
      kept: `${d.userId(b.id(o.userColumn))} IS NOT NULL`,
      filter: undefined as unknown as object,
    });
  }
  return out;
}

/**
 * The relation of a source with its row options applied: the derived amount added, the rows the filters
 * and `missingUsers: 'drop'` remove left out.
 * @param inner the source's own relation
 */
export function withSourceRows(d: Dialect, b: SqlBuilder, inner: string, o: ResolvedSourceRows): string {
  const amount = o.product
    ? `, round(${o.product.map((f) => numberOf(d, b.id(f))).join(' * ')} * 1000000) / 1000000 AS ${b.id('amount')}`
    : '';
  const kept = steps(d, b, o).map((s) => s.kept);
  return `(SELECT *${amount} FROM ${inner} AS raw${kept.length ? ` WHERE ${kept.join(' AND ')}` : ''})`;
}

/**
 * What the row options removed, as memory's load report (without example rows): rows read, each step's
 * dropped rows (a row counted under the first step that dropped it), rows kept with a missing user id under
 * `missingUsers: 'error'`, and the derived column.
 */
export function reportQuery(
  d: Dialect,
  b: SqlBuilder,
  inner: string,
  o: ResolvedSourceRows,
): { sql: string; read(row: Record<string, unknown>, source: string, timeZone: string): LoadReport } {
  const s = steps(d, b, o);
  const counts = s.map((step, i) =>
    d.countIf([...s.slice(0, i).map((p) => p.kept), `NOT (${step.kept})`].join(' AND ') || '1 = 1'),
  );
  const allKept = s.length ? s.map((p) => p.kept).join(' AND ') : '1 = 1';
  const missing =
    o.missingUsers === 'error'
      ? `, ${d.countIf(`${allKept} AND ${d.userId(b.id(o.userColumn))} IS NULL`)} AS missing`
      : '';
  const sql = `SELECT count(*) AS n${counts.map((c, i) => `, ${c} AS d${i}`).join('')}${missing} FROM ${inner} AS raw`;
  return {
    sql,
    read(row, source, timeZone) {
      const dropped = s.map((step, i) => ({
        reason: step.reason,
        rows: Number(row[`d${i}`]),
        ...(step.filter ? { filter: step.filter } : {}),
      }));
      const rowsRead = Number(row.n);
      const report: LoadReport = {
        source,
        rowsRead,
        rowsKept: rowsRead - dropped.reduce((a, x) => a + x.rows, 0),
        dropped,
        timeZone,
      };
      if (Number(row.missing ?? 0) > 0) report.missingUsers = Number(row.missing);
      if (o.product) report.derived = [`amount = ${o.product.join(' × ')}, exact to the millionth`];
      return report;
    },
  };
}
