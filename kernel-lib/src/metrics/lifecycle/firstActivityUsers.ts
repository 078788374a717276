import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { stringsOf, timestampsOf } from '../../table/access.js';
import { withTimeZone } from '../../table/timeZone.js';
import { resolveTimeZone, tableZones } from '../../time/context.js';

/**
 * A users table (user_id, registered_at) for data that has none: each user "signs up" at their first activity
 * (首次活跃), the earliest timestamp of any of the given tables' rows. With it, lifecycle and churn run on
 * orders (or events) alone; the price is stated, not hidden: nobody can be in introduction (引入期,
 * registered but never bought) and "no transaction since sign-up" never fires for an order table.
 * @param tables tables with user_id and ts (e.g. `{ orders }`, `{ orders, events }`); rows without a
 *   user are an error, as in the metrics
 * @returns one row per user, in order of first appearance, registered_at in UTC ms; it carries the zone of
 *   the tables (when they carry one)
 * @example const users = firstActivityUsers({ orders: orders }); lifecycle({ users, orders }, spec)
 */
export function firstActivityUsers(tables: Record<string, ColumnTable | undefined>): ColumnTable {
  const first = new Map<string, number>();
  let any = false;
  for (const [name, table] of Object.entries(tables)) {
    if (!table) continue;
    any = true;
    const ids = stringsOf(table, 'user_id');
    const ts = timestampsOf(table, 'ts');
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === null || id === '') {
        throw new InputError('missing user id', { file: name, row: i + 1, column: 'user_id' }, 'a user id');
      }
      if (Number.isNaN(ts[i])) {
        throw new InputError('missing timestamp', { file: name, row: i + 1, column: 'ts' }, 'a date');
      }
      const seen = first.get(id);
      if (seen === undefined || ts[i] < seen) first.set(id, ts[i]);
    }
  }
  if (!any) throw new InputError('no activity table', { file: 'orders or events' }, 'at least one table');
  const users = aq.table({ user_id: [...first.keys()], registered_at: Float64Array.from(first.values()) });
  const zones = tableZones(tables);
  return Object.values(zones).some((z) => z !== undefined)
    ? withTimeZone(users, resolveTimeZone(undefined, zones))
    : users;
}
