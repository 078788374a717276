import type { ColumnTable } from 'arquero';
import { InputError, SpecError } from '../errors.js';
import { nonEmptyString } from '../spec.js';
import { TimestampColumn } from '../table/columns.js';
import { tableTimeZone } from '../table/timeZone.js';
import { formatDay, TimeZone } from './zone.js';

/**
 * The context options every metric shares (口径上下文), in one place: the time zone of local days
 * (`timeZone`), the as-of day (`asOf`) and its default, for the in-memory metrics and the SQL engines alike.
 *
 * The zone rule: a spec's `timeZone` wins; else the zone the data carries (`load()`'s `timeZone`, kept as
 * table metadata, see `table/timeZone.ts`; an SQL source's `timeZone`); else `'UTC'` for data that carries
 * none (a table built by hand, an SQL source without `timeZone`). A table whose timestamps `load()` read but
 * whose zone an operation dropped (`aq.from(t.objects())`, `toArrow`) is refused rather than read as UTC.
 * The result's `spec.timeZone` names the zone used.
 */

/** The zone each input of a metric carries, by the input's name (`events`, `users`, …). */
export type DataZones = Readonly<Record<string, string | undefined>>;

/** The text of every as-of error. */
const AS_OF_FORM = 'a date like "2017-03-01"';

/**
 * The zones tables carry (see {@link tableTimeZone}), checked: a table with `load()`'s timestamps and no zone
 * lost it to an operation that builds a new table, and is refused unless the spec names a zone.
 * @param tables the metric's inputs by name (undefined ones are skipped)
 * @param specZone the spec's `timeZone`, when given (then a lost zone is no error)
 * @returns the zone of each table
 * @example tableZones({ events }) // { events: 'Asia/Shanghai' }
 */
export function tableZones<T extends { [K in keyof T]?: ColumnTable }>(
  tables: T,
  specZone?: unknown,
): DataZones {
  const out: Record<string, string | undefined> = {};
  for (const [what, table] of Object.entries(tables as Record<string, ColumnTable | undefined>)) {
    if (!table) continue;
    const zone = tableTimeZone(table);
    if (zone === undefined && specZone === undefined && hasLoadedTimestamps(table)) {
      throw new SpecError(
        'timeZone',
        undefined,
        `a zone for the ${what} table: it has load()'s timestamps but no zone (an operation that builds a new ` +
          'table, such as aq.from or toArrow, dropped it); pass timeZone in the spec',
      );
    }
    out[what] = zone;
  }
  return out;
}

function hasLoadedTimestamps(table: ColumnTable): boolean {
  return table.columnNames().some((name) => table.column(name) instanceof TimestampColumn);
}

/**
 * The zone a metric uses (时区): the spec's `timeZone` (it overrides the data's), else the one zone the data
 * carries, else `'UTC'`. Inputs that carry different zones need a spec `timeZone`.
 * @param given the spec's `timeZone` option
 * @param zones the zones the inputs carry ({@link tableZones} or the SQL sources')
 * @returns the zone's name, checked
 * @example resolveTimeZone(undefined, { events: 'Asia/Shanghai' }) // 'Asia/Shanghai'
 */
export function resolveTimeZone(given: unknown, zones: DataZones = {}): string {
  if (given !== undefined) {
    const name = nonEmptyString('timeZone', given);
    TimeZone.of(name);
    return name;
  }
  let found: [string, string] | undefined;
  for (const [what, zone] of Object.entries(zones)) {
    if (zone === undefined) continue;
    if (found && found[1] !== zone) {
      throw new SpecError(
        'timeZone',
        undefined,
        `one zone for the inputs: ${found[0]} carries "${found[1]}", ${what} carries "${zone}"; pass timeZone to choose`,
      );
    }
    found ??= [what, zone];
  }
  return found?.[1] ?? 'UTC';
}

/**
 * The user column option (用户列) of a spec or an SQL source: a column name, `user_id` (the canonical name
 * `load()` maps the user id to) when not given.
 * @param value the option's value
 * @returns the column name
 * @example userColumnOf(undefined) // 'user_id'
 */
export function userColumnOf(value: unknown): string {
  return nonEmptyString('userColumn', value, 'user_id');
}

/**
 * The zone an in-memory metric uses, from its spec's `timeZone` and its tables: {@link resolveTimeZone}
 * over {@link tableZones}.
 * @param given the spec's `timeZone` option
 * @param tables the metric's inputs by name
 * @returns the zone
 * @example metricZone(spec.timeZone, { users, events }).name // 'Asia/Shanghai' for tables loaded in it
 */
export function metricZone<T extends { [K in keyof T]?: ColumnTable }>(given: unknown, tables: T): TimeZone {
  return TimeZone.of(resolveTimeZone(given, tableZones(tables, given)));
}

/**
 * An as-of option checked (截止日期): a plain `YYYY-MM-DD` calendar date, so "the end of that day" is
 * unambiguous in any zone. Every metric's `asOf` (and `from`, `start`, … dates) goes through it.
 * @param value the option's value
 * @param option its name, for the error
 * @returns the date
 * @example checkAsOf('2017-03-01') // '2017-03-01'
 */
export function checkAsOf(value: unknown, option = 'asOf'): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new SpecError(option, value, AS_OF_FORM);
  }
  if (formatDay(TimeZone.of('UTC').dayOf(value)) !== value) throw new SpecError(option, value, AS_OF_FORM);
  return value;
}

/**
 * The local day number of an as-of date in `zone`, checked by {@link checkAsOf}.
 * @example asOfDayOf(TimeZone.of('Asia/Shanghai'), '2017-03-01')
 */
export function asOfDayOf(zone: TimeZone, asOf: unknown, option = 'asOf'): number {
  return zone.dayOf(checkAsOf(asOf, option));
}

/**
 * The as-of day (截止日期): the given `asOf`, else the default rule, the last local day with data
 * (the latest of `lastDays`; a missing day is NaN, ±Infinity or `NO_DAY`). Data without a dated row and
 * no `asOf` is an error naming the input.
 * @param asOf the spec's `asOf` (already checked), or undefined
 * @param zone the zone of local days
 * @param lastDays the last local day of each input that dates rows
 * @param what the inputs, for the error (e.g. `events`)
 * @returns the day number
 * @example asOfDay(undefined, zone, [times.lastDay], 'orders')
 */
export function asOfDay(
  asOf: string | undefined,
  zone: TimeZone,
  lastDays: readonly number[],
  what: string,
): number {
  if (asOf !== undefined) return zone.dayOf(asOf);
  let last = -Infinity;
  for (const d of lastDays) if (Number.isFinite(d) && d > NO_DAY_LIMIT && d > last) last = d;
  if (last === -Infinity) {
    throw new InputError(
      'no dated rows',
      { file: what },
      'at least one row with a timestamp, or an asOf date',
    );
  }
  return last;
}

/** Day numbers at or below this are the `NO_DAY` marker (Int32 minimum), not days. */
const NO_DAY_LIMIT = -2147483648;
