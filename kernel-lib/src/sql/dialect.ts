import type { DialectName, SqlSource, SqlValue } from './engine.js';
import { checkFileSource, checkGlobSource, fileFormat, literalPath } from './fileSource.js';
import { quoteIdentifier } from './quote.js';
import { sourceRowsOf, withSourceRows } from './sourceRows.js';

/**
 * The few places where DuckDB and ClickHouse differ. Metric compilers write everything else once.
 * ClickHouse forms avoid window functions so the same SQL runs on Debian's 18.16 server and on current
 * ClickHouse (chdb): ranks come from value histograms folded with `arrayCumSum`.
 */
export interface Dialect {
  name: DialectName;
  /**
   * The canonical relation of a source (a table, or a file read in place). A file is checked first (exists,
   * a regular file, Parquet magic) and its path is literal; `{ glob }` reads a pattern's files. CSV columns
   * are read as text, as written: types come from the metric (ids stay text: `007` is not `7`), never from
   * the engine's guess.
   */
  relation(source: SqlSource, b: SqlBuilder): string;
  /**
   * Epoch milliseconds (Float64) of a timestamp column (naive timestamps are UTC): a timestamp, a `DATE`
   * (midnight UTC) or text in ISO form (`2020-12-01`, `2020-12-01 10:00[:00[.123]]`, `T`, an offset `Z`,
   * `+08:00`, `+0800`, ` UTC`). Other text (`05/06/2020`, whose day/month order the engines do not guess) is
   * NULL, which the metrics refuse as a row without a readable timestamp.
   */
  epochMs(ts: string): string;
  /**
   * A user id column as text with the in-memory rule (`normalizeId`): trimmed (JS whitespace, U+3000, BOM),
   * `17850.0` read as `17850`, empty (or whitespace only) missing; otherwise kept as written (`007`).
   */
  userId(x: string): string;
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

/** The ISO timestamp text every engine reads (RE2 syntax; the same forms as memory's ISO forms). */
const ISO_TIMESTAMP =
  '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?( ?(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?))?$';
/** JavaScript's `trim()` set (RE2 syntax): what memory trims from an id. */
const TRIMMED = '[\\t\\n\\x{0B}\\f\\r\\p{Zs}\\x{2028}\\x{2029}\\x{FEFF}]';

/** The file a DuckDB or ClickHouse reader is given, checked, and its format. */
function fileArgument(
  source: Exclude<SqlSource, { table: string }>,
  b: SqlBuilder,
): { path: string; csv: boolean } {
  const format = fileFormat(source);
  if ('glob' in source) {
    checkGlobSource(source.glob);
    return { path: b.bind(source.glob, 'String'), csv: format === 'csv' };
  }
  checkFileSource(source.file, format);
  return { path: b.bind(literalPath(source.file, b.dialect.name), 'String'), csv: format === 'csv' };
}

const duckdbDialect: Dialect = {
  name: 'duckdb',
  relation(source, b) {
    return withRows(duckdbDialect, source, b, () => {
      if ('table' in source)
        return source.database ? `${b.id(source.database)}.${b.id(source.table)}` : b.id(source.table);
      const { path, csv } = fileArgument(source, b);
      return csv ? `read_csv(${path}, header = true, all_varchar = true)` : `read_parquet(${path})`;
    });
  },
  // typeof() is folded when the query is planned, so a naive timestamp column (the common Parquet case) is read
  // as it is; the cast to TIMESTAMPTZ (zoned columns) costs ~7x more per row; text must be ISO.
  epochMs: (ts) =>
    `CAST(CASE WHEN typeof(${ts}) IN ('TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE')
      THEN epoch_ms(CAST(${ts} AS TIMESTAMP))
      WHEN typeof(${ts}) = 'VARCHAR' THEN (CASE WHEN regexp_full_match(CAST(${ts} AS VARCHAR), '${ISO_TIMESTAMP}')
        THEN epoch_ms(TRY_CAST(${ts} AS TIMESTAMPTZ)) END)
      ELSE epoch_ms(CAST(${ts} AS TIMESTAMPTZ)) END AS DOUBLE)`,
  userId: (x) => {
    const t = `CAST(${x} AS VARCHAR)`;
    const trimmed = `regexp_replace(${t}, '^${TRIMMED}+|${TRIMMED}+$', '', 'g')`;
    return `(CASE WHEN ascii(${t}) BETWEEN 33 AND 126 AND ascii(right(${t}, 1)) BETWEEN 33 AND 126
      AND NOT contains(${t}, '.') THEN ${t}
      ELSE nullif(regexp_replace(${trimmed}, '^(-?[0-9]+)[.]0+$', '\\1'), '') END)`;
  },
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
    return withRows(clickhouseDialect, source, b, () => {
      if ('table' in source)
        return source.database ? `${b.id(source.database)}.${b.id(source.table)}` : b.id(source.table);
      // CSV is read as text: the chdb session sets input_format_csv_use_best_effort_in_schema_inference = 0.
      const { path, csv } = fileArgument(source, b);
      return `file(${path}, ${csv ? 'CSVWithNames' : 'Parquet'})`;
    });
  },
  // toFloat64 of DateTime is seconds; of DateTime64, seconds with the fraction; of Date and Date32, days.
  // Text (CSV) must be ISO; its fraction of a second is added to the whole seconds parsed (18.16 has no
  // DateTime64). The branch is chosen from the column's type, a constant.
  epochMs: (ts) => {
    const type = `toTypeName(${ts})`;
    const text = `toString(${ts})`;
    const fraction = `toFloat64OrZero(concat('0.', extract(${text}, ':[0-9]{2}[.]([0-9]+)')))`;
    return `multiIf(${type} IN ('String', 'Nullable(String)', 'LowCardinality(String)', 'LowCardinality(Nullable(String))'),
        if(match(${text}, '${ISO_TIMESTAMP}'),
          toFloat64(parseDateTimeBestEffortOrNull(${text}, 'UTC')) * 1000 + round(${fraction} * 1000), NULL),
      ${type} IN ('Date', 'Nullable(Date)', 'Date32', 'Nullable(Date32)'), toFloat64(${ts}) * 86400000,
      round(toFloat64(${ts}) * 1000))`;
  },
  userId: (x) => {
    const t = `toString(${x})`;
    const ws = TRIMMED.replace(/\\/g, '\\\\'); // a ClickHouse literal escapes backslashes
    const trimmed = `replaceRegexpAll(${t}, '^${ws}+|${ws}+$', '')`;
    return `if(match(${t}, '^[!-~]') AND match(${t}, '[!-~]$') AND position(${t}, '.') = 0, ${t},
      nullIf(replaceRegexpOne(${trimmed}, '^(-?[0-9]+)[.]0+$', '\\\\1'), ''))`;
  },
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

/** A source's relation, with its row options (where, derived amount, missingUsers) applied when it has any. */
function withRows(d: Dialect, source: SqlSource, b: SqlBuilder, inner: () => string): string {
  const rows = sourceRowsOf(source);
  const relation = inner();
  return rows ? withSourceRows(d, b, relation, rows) : relation;
}

/** The dialect of an engine. */
export function dialectOf(name: DialectName): Dialect {
  return name === 'duckdb' ? duckdbDialect : clickhouseDialect;
}
