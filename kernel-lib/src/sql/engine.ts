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

/** Where a canonical table comes from, for an engine. */
export type SqlSource =
  /** A table (or view, or `Distributed` table) that already exists in the engine's database. */
  | { table: string; database?: string }
  /** A file the engine reads in place. */
  | { file: string; format?: 'parquet' | 'csv' };

/** The engines Fupan compiles for. */
export type DialectName = 'duckdb' | 'clickhouse';

/** A connection to an SQL engine. */
export interface SqlEngine {
  readonly dialect: DialectName;
  /** e.g. `duckdb 1.5.6`, `clickhouse 18.16.1`, `chdb 26.7.2`. */
  readonly description: string;
  /** Runs a query and returns its rows as plain objects (numbers as numbers, dates as ISO strings). */
  query<T = Record<string, unknown>>(query: SqlQuery): Promise<T[]>;
  /** Runs a statement that returns no rows (DDL, INSERT … SELECT). */
  exec(query: SqlQuery): Promise<void>;
  /** Releases the connection. */
  close(): Promise<void>;
}

/** Placeholder syntax: `{name:Type}`; names are identifiers. */
export const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_() ,']+)\}/g;
