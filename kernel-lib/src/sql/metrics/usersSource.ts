import { InputError } from '../../errors.js';
import type { Dialect, SqlBuilder } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { sourceName } from '../span.js';
import { sourceColumns } from './sourceColumns.js';

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
  if ((await sourceColumns(engine, rows)).has(column)) return 'rows';
  if (users && (await sourceColumns(engine, users)).has(column)) return 'users';
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
