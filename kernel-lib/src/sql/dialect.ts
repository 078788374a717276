import type { DialectName, SqlSource, SqlValue } from './engine.js';
import { quoteIdentifier } from './quote.js';

/**
 * The few places where DuckDB and ClickHouse differ. Metric compilers write everything else once.
 * ClickHouse forms avoid window functions so the same SQL runs on Debian's 18.16 server and on current
 * ClickHouse (chdb): ranks come from value histograms folded with `arrayCumSum`.
 */
export interface Dialect {
  name: DialectName;
  /** The canonical relation of a source (a table, or a file read in place). */
  relation(source: SqlSource, b: SqlBuilder): string;
  /** Epoch milliseconds (Float64) of a timestamp column (naive timestamps are UTC). */
  epochMs(ts: string): string;
  /** Local calendar day (days since 1970-01-01 in zone `tz`, a bound placeholder) of epoch ms. */
  localDayOfMs(ms: string, tz: string): string;
  /** Month index (months since 1970-01) of a local day number. */
  monthOfDay(day: string): string;
  countIf(cond: string): string;
  sumIf(x: string, cond: string): string;
  minIf(x: string, cond: string): string;
  maxIf(x: string, cond: string): string;
  /** Count of distinct `x` where `cond`. */
  uniqIf(x: string, cond: string): string;
  /**
   * From a histogram relation (g, v, k): for each (g, v), its count `k`, `lo` = values in g strictly below v,
   * `hi` = values at most v, `n` = values in g, `above` = sum of v·k over values strictly above v in g.
   */
  ranks(histogram: string): string;
  /** Integer division of non-negative integers. */
  intDiv(a: string, b: string): string;
  /**
   * A column as text, NULL staying NULL (ClickHouse's `CAST(x AS String)` throws on a NULL of a Nullable
   * column, e.g. a missing value read from Parquet).
   */
  text(x: string): string;
  /** The floating-point type name for CAST (text goes through {@link Dialect.text}, never a CAST). */
  double: string;
  /** Join keyword for a right side with one row per key. */
  uniqueLeftJoin: string;
  /** Whether named subqueries may be `WITH name AS (…)` CTEs (ClickHouse 18.16 has no such CTEs). */
  ctes: boolean;
}

/** Collects bound parameters while a compiler writes SQL. */
export class SqlBuilder {
  readonly params: Record<string, SqlValue> = {};
  private next = 0;
  constructor(readonly dialect: Dialect) {}

  /** A placeholder bound to `value`. */
  bind(value: SqlValue, type: string): string {
    const name = `p${this.next++}`;
    this.params[name] = value;
    return `{${name}:${type}}`;
  }

  /** A quoted identifier (from a user's column mapping: never trusted). */
  id(name: string): string {
    return quoteIdentifier(name, this.dialect.name);
  }

  private readonly named: [string, string][] = [];

  /**
   * Names a subquery used more than once. DuckDB gets a CTE (computed once); ClickHouse 18.16 has no
   * subquery CTEs, so there the subquery is written in place at each use.
   * @returns what to write after FROM / JOIN
   */
  subquery(name: string, sql: string): string {
    if (this.dialect.ctes) {
      this.named.push([name, sql]);
      return name;
    }
    return `(${sql}) AS ${name}`;
  }

  /** The final statement: the CTEs collected so far, then `select`. */
  statement(select: string): string {
    if (this.named.length === 0) return select;
    return `WITH ${this.named.map(([n, s]) => `${n} AS (${s})`).join(',\n')}\n${select}`;
  }
}

const duckdbDialect: Dialect = {
  name: 'duckdb',
  relation(source, b) {
    if ('table' in source)
      return source.database ? `${b.id(source.database)}.${b.id(source.table)}` : b.id(source.table);
    const reader =
      (source.format ?? (source.file.endsWith('.csv') ? 'csv' : 'parquet')) === 'csv'
        ? 'read_csv'
        : 'read_parquet';
    return `${reader}(${b.bind(source.file, 'String')})`;
  },
  // typeof() is folded when the query is planned, so a naive timestamp column (the common Parquet case) is read
  // as it is; the cast to TIMESTAMPTZ (text with offsets, zoned columns) costs ~7x more per row.
  epochMs: (ts) =>
    `CAST(CASE WHEN typeof(${ts}) IN ('TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE')
      THEN epoch_ms(CAST(${ts} AS TIMESTAMP)) ELSE epoch_ms(CAST(${ts} AS TIMESTAMPTZ)) END AS DOUBLE)`,
  localDayOfMs: (ms, tz) =>
    `date_diff('day', DATE '1970-01-01', CAST(timezone(${tz}, to_timestamp(${ms} / 1000.0)) AS DATE))`,
  monthOfDay: (d) => `date_diff('month', DATE '1970-01-01', DATE '1970-01-01' + CAST(${d} AS INTEGER))`,
  countIf: (c) => `count(*) FILTER (WHERE ${c})`,
  sumIf: (x, c) => `coalesce(sum(${x}) FILTER (WHERE ${c}), 0)`,
  minIf: (x, c) => `min(${x}) FILTER (WHERE ${c})`,
  maxIf: (x, c) => `max(${x}) FILTER (WHERE ${c})`,
  uniqIf: (x, c) => `count(DISTINCT ${x}) FILTER (WHERE ${c})`,
  ranks: (h) => `SELECT g, v, k,
      sum(k) OVER (PARTITION BY g ORDER BY v ROWS UNBOUNDED PRECEDING) - k AS lo,
      sum(k) OVER (PARTITION BY g ORDER BY v ROWS UNBOUNDED PRECEDING) AS hi,
      sum(k) OVER (PARTITION BY g) AS n,
      coalesce(sum(v * k) OVER (PARTITION BY g ORDER BY v ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0) AS above
    FROM (${h}) AS histogram`,
  intDiv: (a, b) => `(${a}) // (${b})`,
  text: (x) => `CAST(${x} AS VARCHAR)`,
  double: 'DOUBLE',
  uniqueLeftJoin: 'LEFT JOIN',
  ctes: true,
};

const clickhouseDialect: Dialect = {
  name: 'clickhouse',
  relation(source, b) {
    if ('table' in source)
      return source.database ? `${b.id(source.database)}.${b.id(source.table)}` : b.id(source.table);
    const format =
      (source.format ?? (source.file.endsWith('.csv') ? 'csv' : 'parquet')) === 'csv'
        ? 'CSVWithNames'
        : 'Parquet';
    return `file(${b.bind(source.file, 'String')}, ${format})`;
  },
  // toFloat64 of DateTime is seconds; of DateTime64, seconds with the fraction.
  epochMs: (ts) => `round(toFloat64(${ts}) * 1000)`,
  localDayOfMs: (ms, tz) => `toUInt32(toDate(toDateTime(toUInt32(intDiv(toInt64(${ms}), 1000))), ${tz}))`,
  monthOfDay: (d) => `toInt32(toRelativeMonthNum(addDays(toDate('1970-01-01'), toUInt32(${d})))) - 23641`,
  countIf: (c) => `countIf(${c})`,
  sumIf: (x, c) => `sumIf(${x}, ${c})`,
  minIf: (x, c) => `minIf(${x}, ${c})`,
  maxIf: (x, c) => `maxIf(${x}, ${c})`,
  uniqIf: (x, c) => `uniqExactIf(${x}, ${c})`,
  ranks: (h) => `SELECT g, vs[i] AS v, ks[i] AS k, cs[i] - ks[i] AS lo, cs[i] AS hi, n, total - ws[i] AS above
    FROM (
      SELECT g, arrayMap(t -> t.1, s) AS vs, arrayMap(t -> t.2, s) AS ks, arrayCumSum(ks) AS cs, arraySum(ks) AS n,
        arrayCumSum(arrayMap(t -> t.1 * t.2, s)) AS ws, arraySum(arrayMap(t -> t.1 * t.2, s)) AS total
      FROM (SELECT g, arraySort(groupArray((v, k))) AS s FROM (${h}) AS histogram GROUP BY g) AS sorted
    ) AS folded
    ARRAY JOIN arrayEnumerate(vs) AS i`,
  intDiv: (a, b) => `intDiv(${a}, ${b})`,
  text: (x) => `toString(${x})`,
  double: 'Float64',
  uniqueLeftJoin: 'ANY LEFT JOIN',
  ctes: false,
};

/** The dialect of an engine. */
export function dialectOf(name: DialectName): Dialect {
  return name === 'duckdb' ? duckdbDialect : clickhouseDialect;
}
