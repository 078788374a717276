import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { periodIndex, periodLabel } from '../../time/periods.js';
import { codesOf, hasColumn, stringsOf, timestampsOf } from '../../table/access.js';
import { InputError } from '../../errors.js';
import { tableZones } from '../../time/context.js';
import { TimeZone } from '../../time/zone.js';
import { resolveSignupsBySpec, type SignupsBySpec } from './spec.js';

/** Sign-up counts and the users behind them. */
export interface SignupsByResult {
  /** period (label), the `by` column's value (null = missing), signups; sorted by period then value. */
  table: ColumnTable;
  /** user_id, period, value: one row per counted sign-up. */
  users: ColumnTable;
  /** The zone of local days used (the spec's `timeZone`, else the one the tables carry). */
  timeZone: string;
}

/**
 * Sign-ups (注册用户数) by channel, channel code, promoter or department per day / week / month, as the trend
 * charts of article 002's acquisition section. Counts users by registered_at (local day in `timeZone`).
 * When users carry only a channel_code, pass the channel-code table (渠道码: channel_code, channel,
 * promoter, department) and `by` is looked up there.
 * @example signupsBy(users, { by: 'department', period: 'week', timeZone: 'Asia/Shanghai' })
 */
export function signupsBy(
  users: ColumnTable,
  spec: SignupsBySpec,
  channelCodes?: ColumnTable,
): SignupsByResult {
  const r = resolveSignupsBySpec(spec, tableZones({ users, channelCodes }, spec.timeZone));
  const { by, period } = r;
  const zone = TimeZone.of(r.timeZone);
  const first = r.from === undefined ? -Infinity : zone.dayOf(r.from);
  const last = r.to === undefined ? Infinity : zone.dayOf(r.to);
  const ids = codesOf(users, 'user_id');
  const registered = timestampsOf(users, 'registered_at');
  const values = valuesOf(users, by, channelCodes);
  const counts = new Map<string, { p: number; v: string | null; n: number }>();
  const rows: { user_id: string; period: string; value: string | null }[] = [];
  for (let i = 0; i < registered.length; i++) {
    if (Number.isNaN(registered[i]) || ids.codes[i] < 0) continue;
    const day = zone.dayNumber(registered[i]);
    if (day < first || day > last) continue;
    const p = periodIndex(day, period);
    const key = `${p}\u0000${values[i] ?? '\u0001'}`;
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { p, v: values[i], n: 1 });
    rows.push({ user_id: ids.at(i)!, period: periodLabel(p, period), value: values[i] });
  }
  const cells = [...counts.values()].sort(
    (a, b) => a.p - b.p || (a.v === b.v ? 0 : a.v === null ? 1 : b.v === null ? -1 : a.v < b.v ? -1 : 1),
  );
  return {
    timeZone: zone.name,
    table: aq.table({
      period: cells.map((c) => periodLabel(c.p, period)),
      [by]: cells.map((c) => c.v),
      signups: cells.map((c) => c.n),
    }),
    users: aq.table({
      user_id: rows.map((r) => r.user_id),
      period: rows.map((r) => r.period),
      value: rows.map((r) => r.value),
    }),
  };
}

/** The `by` value per user row: a users column, else looked up in the channel-code table by channel_code. */
function valuesOf(users: ColumnTable, by: string, channelCodes?: ColumnTable): (string | null)[] {
  if (hasColumn(users, by) || !channelCodes) return stringsOf(users, by);
  if (!hasColumn(channelCodes, by)) {
    throw new InputError(
      `missing column "${by}"`,
      { file: 'users and channel codes' },
      `a column "${by}" in one of them`,
    );
  }
  const codes = stringsOf(channelCodes, 'channel_code');
  const mapped = stringsOf(channelCodes, by);
  const lookup = new Map<string, string | null>();
  codes.forEach((c, i) => {
    if (c === null) return;
    if (lookup.has(c)) {
      throw new InputError(
        'duplicate channel code',
        { file: 'channel codes', row: i + 1, column: 'channel_code', value: c },
        'one row per channel code',
      );
    }
    lookup.set(c, mapped[i]);
  });
  return stringsOf(users, 'channel_code').map((c) => (c === null ? null : (lookup.get(c) ?? null)));
}
