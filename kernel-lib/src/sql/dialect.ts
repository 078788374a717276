import type { DialectName, SqlSource } from './engine.js';
import { checkFileSource, checkGlobSource, fileFormat, literalPath } from './fileSource.js';
import { sourceRowsOf, withSourceRows } from './sourceRows.js';
import { type Dialect, SqlBuilder } from './sqlBuilder.js';

export { type Dialect, SqlBuilder } from './sqlBuilder.js';

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
