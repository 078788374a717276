import type { DialectName, SqlSource, SqlValue } from './engine.js';
import { quoteIdentifier } from './quote.js';
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
