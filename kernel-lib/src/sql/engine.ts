import type { SqlSourceRows } from './sourceRowsOptions.js';

/**
 * SQL engines: the same metric specs run where the data lives. An engine runs SQL with **bound** parameters
 * and gives rows back; metric compilers (one definition of each metric's semantics) emit SQL through a
 * {@link Dialect}, which differs only where the engines do (date functions, arrays, quoting).
 */

/** A value bound into a query: never spliced into SQL text by the caller. */
export type SqlValue = string | number | boolean | null | Date | readonly (string | number)[];

/** A query: SQL with `{name:Type}` placeholders (ClickHouse syntax, rewritten per engine) and its values. */
export interface SqlQuery {
  sql: string;
  params: Record<string, SqlValue>;
}

/**
 * Where a canonical table comes from, for an engine; with `load()`'s row options (`where`, a derived
 * `amount`, `missingUsers`: {@link SqlSourceRows}) applied in the engine.
 */
export type SqlSource = (
  | /** A table (or view, or `Distributed` table) that already exists in the engine's database. */
    { table: string; database?: string }
    /** A file the engine reads in place. The path is literal: `*`, `?`, `[ab]`, `{a,b}` are characters of its name. */
  | { file: string; format?: 'parquet' | 'csv' }
  /** Files matching a pattern (the engine's glob syntax: `*`, `?`, DuckDB `[ab]`, ClickHouse `{a,b}`), read as one. */
  | { glob: string; format?: 'parquet' | 'csv' }
) &
  SqlSourceRows & {
    /**
     * The zone of the source's local days (数据时区), as the zone a table carries from `load()`: metrics use it
     * unless their spec names a `timeZone`. Timestamps without an offset are read as UTC instants (as the
     * engine stores them). @default 'UTC'
     */
    timeZone?: string;
  };

/** The engines Fupan compiles for. */
export type DialectName = 'duckdb' | 'clickhouse';

/** A connection to an SQL engine. */
export interface SqlEngine {
  readonly dialect: DialectName;
  /** e.g. `duckdb 1.5.6`, `clickhouse 18.16.1`, `chdb 26.7.2`. */
  readonly description: string;
  /** Runs a query and returns its rows as plain objects (numbers as numbers, dates as ISO strings). */
  query<T = Record<string, unknown>>(query: SqlQuery): Promise<T[]>;
  /**
   * Runs a query and hands its rows to `take` in batches (one engine chunk, a few thousand rows, at a time),
   * so that a result of millions of rows is never held as one array of objects or one string.
   */
  stream<T = Record<string, unknown>>(query: SqlQuery, take: (rows: T[]) => void): Promise<void>;
  /** Runs a statement that returns no rows (DDL, INSERT … SELECT). */
  exec(query: SqlQuery): Promise<void>;
  /** Releases the connection. */
  close(): Promise<void>;
}

/** Placeholder syntax: `{name:Type}`; names are identifiers. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_() ,']+)\}/g;

/**
 * Quoted spans of SQL text in which `{name:Type}` is text, not a placeholder: quoted identifiers (DuckDB
 * `"…"` with `""`, ClickHouse `` `…` `` with backslash escapes) and string literals.
 */
const QUOTED: Record<DialectName, string> = {
  duckdb: `"(?:[^"]|"")*"|'(?:[^']|'')*'`,
  clickhouse: "`(?:[^`\\\\]|\\\\.)*`|'(?:[^'\\\\]|\\\\.)*'",
};

/**
 * Replaces each `{name:Type}` placeholder of `sql` outside quoted identifiers and string literals, so a
 * table or column named `{p0:String}` stays a name (names are quoted before placeholders are substituted).
 * @param replace gets the placeholder's name and declared type, returns its replacement
 */
export function replacePlaceholders(
  sql: string,
  dialect: DialectName,
  replace: (name: string, type: string) => string,
): string {
  const scanner = new RegExp(`${QUOTED[dialect]}|${PLACEHOLDER.source}`, 'g');
  return sql.replace(scanner, (match: string, name?: string, type?: string) =>
    name === undefined ? match : replace(name, type!.trim()),
  );
}

/** The placeholders of `sql` (name → declared type), in order of first use, outside quoted spans. */
export function placeholdersOf(sql: string, dialect: DialectName): Map<string, string> {
  const found = new Map<string, string>();
  replacePlaceholders(sql, dialect, (name, type) => {
    if (!found.has(name)) found.set(name, type);
    return '';
  });
  return found;
}
