import { InputError } from '../../errors.js';
import { dialectOf, SqlBuilder, type Dialect } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { sourceName } from '../span.js';

/**
 * Events (or orders) and, for options that need it (sign-up starts, breakdowns by a user attribute), the
 * users source (`user_id` plus the columns the spec names), as the in-memory metrics take a users table.
 */
export interface EventsAndUsers {
  events: SqlSource;
  users?: SqlSource;
}

/** The events and users of a metric's source argument (a bare source is the events alone). */
export function eventsAndUsers(source: SqlSource | EventsAndUsers): EventsAndUsers {
  return 'events' in source ? source : { events: source };
}

/**
 * The users source, or an error naming the option that needs it.
 * @param option e.g. `cohortBy`, for the message
 */
export function requireUsers(sources: EventsAndUsers, option: string, value: unknown): SqlSource {
  if (sources.users) return sources.users;
  throw new InputError(
    `${option}: ${JSON.stringify(value)} needs a users source`,
    { file: sourceName(sources.events) },
    'the source as { events, users }',
  );
}

/**
 * Whether a source has a column, from the names of one row (an empty source has none: the metric over it
 * is empty whichever table a column is read from).
 */
export async function hasSourceColumn(
  engine: SqlEngine,
  source: SqlSource,
  column: string,
): Promise<boolean> {
  const b = new SqlBuilder(dialectOf(engine.dialect));
  const [row] = await engine.query({
    sql: `SELECT * FROM ${b.dialect.relation(source, b)} LIMIT 1`,
    params: b.params,
  });
  return row !== undefined && column in row;
}

/**
 * Where a breakdown column is read, as in memory: the rows that carry the breakdown (the funnel's entry
 * events, retention's start rows) when their source has it, else the users source when it has it.
 * @param rows the source of those rows
 * @returns `'rows'` or `'users'`; an `InputError` naming the column when neither has it
 */
export async function breakdownFrom(
  engine: SqlEngine,
  column: string,
  rows: SqlSource,
  users: SqlSource | undefined,
): Promise<'rows' | 'users'> {
  if (await hasSourceColumn(engine, rows, column)) return 'rows';
  if (users && (await hasSourceColumn(engine, users, column))) return 'users';
  throw new InputError(
    `missing breakdown column "${column}"`,
    { file: sourceName(rows) },
    `a column "${column}" there or in the users source ({ events, users })`,
  );
}

/**
 * A column as never-null text for grouping: '' when missing, else '=' and the value (aggregates such as
 * argMin skip NULLs on ClickHouse, and its joins fill misses with ''; this keeps "missing" a value).
 * Decode with {@link decodeText}. Text is the column's own for strings; numbers print per engine.
 */
export function groupText(d: Dialect, b: SqlBuilder, column: string): string {
  const text =
    d.name === 'duckdb' ? `'=' || ${d.text(b.id(column))}` : `concat('=', ${d.text(b.id(column))})`;
  return `coalesce(${text}, '')`;
}

/** The value behind {@link groupText} (null when missing). */
export function decodeText(text: unknown): string | null {
  const s = String(text ?? '');
  return s === '' ? null : s.slice(1);
}

/** `argMin(x, by)` of the dialect. */
export function argMin(d: Dialect, x: string, by: string): string {
  return d.name === 'duckdb' ? `arg_min(${x}, ${by})` : `argMin(${x}, ${by})`;
}
