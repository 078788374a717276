import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '../../errors.js';
import { codesOf, numbersOf, requireColumn, stringsOf, timestampsOf } from '../../table/access.js';
import { Dictionary } from '../../table/dictionary.js';
import { periodIndex, periodLabel, type Period } from '../../time/periods.js';
import { TimeZone } from '../../time/zone.js';
import { fromMicros, roundMoney, toMicros } from '../../math/money.js';
import { tableZones } from '../../time/context.js';
import { resolveChannelRoiSpec, type ChannelRoiSpec } from './spec.js';

/** Per channel and period: cost, revenue, ROI; and per channel over all periods. */
export interface ChannelRoiResult {
  /** channel, period, cost (null when the channel has no cost row), revenue, payingUsers, roi, sustainable. */
  table: ColumnTable;
  /** channel, cost, revenue, roi, sustainable over the periods that have a cost (all periods for a channel with none). */
  byChannel: ColumnTable;
  /** The zone of local days used (the spec's `timeZone`, else the one the tables carry). */
  timeZone: string;
}

/**
 * Channel ROI (渠道ROI) = revenue of a channel's users / the channel's cost, per period; ROI ≥ `sustainableAt`
 * (default 1, article 002's definition) is marked sustainable (可持续). Channels with revenue but no cost row
 * are listed with cost null and ROI NaN, not dropped.
 * @param data users (user_id, registered_at, channel), orders (user_id, ts, amount), costs (channel, period, cost)
 * @param spec see {@link ChannelRoiSpec}
 * @example channelRoi({ users, orders, costs }, { period: 'month', timeZone: 'Asia/Shanghai' })
 */
export function channelRoi(
  data: { users: ColumnTable; orders: ColumnTable; costs: ColumnTable },
  spec: ChannelRoiSpec = {},
): ChannelRoiResult {
  const {
    period,
    timeZone,
    channelColumn,
    revenueOf,
    revenueShare: share,
    sustainableAt,
  } = resolveChannelRoiSpec(spec, tableZones(data, spec.timeZone));
  const zone = TimeZone.of(timeZone);

  const dict = new Dictionary();
  const userCodes = codesOf(data.users, 'user_id', dict).codes;
  const channels = stringsOf(data.users, channelColumn);
  const n = dict.size;
  const channelOf: (string | null)[] = new Array(n).fill(null);
  const signupPeriod = new Float64Array(n).fill(NaN);
  const registered =
    revenueOf === 'registeredInPeriod' ? timestampsOf(data.users, 'registered_at') : undefined;
  for (let i = 0; i < userCodes.length; i++) {
    const u = userCodes[i];
    if (u < 0) continue;
    channelOf[u] = channels[i];
    if (registered && !Number.isNaN(registered[i]))
      signupPeriod[u] = periodIndex(zone.dayNumber(registered[i]), period);
  }

  type Cell = { channel: string; p: number; cost: number | null; revenue: number; payers: Set<number> };
  const cells = new Map<string, Cell>();
  const cell = (channel: string, p: number) => {
    const key = `${channel}\u0000${p}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { channel, p, cost: null, revenue: 0, payers: new Set() }));
    return c;
  };
  readCosts(data.costs, period, zone, cell);

  const orderUser = codesOf(data.orders, 'user_id', dict).codes;
  const ts = timestampsOf(data.orders, 'ts');
  const amount = numbersOf(data.orders, 'amount');
  for (let i = 0; i < orderUser.length; i++) {
    const u = orderUser[i];
    if (u < 0 || u >= n || channelOf[u] === null || Number.isNaN(ts[i]) || Number.isNaN(amount[i])) continue;
    const p = periodIndex(zone.dayNumber(ts[i]), period);
    if (revenueOf === 'registeredInPeriod' && signupPeriod[u] !== p) continue;
    const c = cell(channelOf[u]!, p);
    c.revenue += toMicros(amount[i] * share); // whole millionths: exact in any row order
    c.payers.add(u);
  }

  for (const c of cells.values()) c.revenue = fromMicros(c.revenue);
  const list = [...cells.values()].sort((a, b) =>
    a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : a.p - b.p,
  );
  const roi = (revenue: number, cost: number | null) => (cost === null || cost === 0 ? NaN : revenue / cost);
  const table = aq.table({
    channel: list.map((c) => c.channel),
    period: list.map((c) => periodLabel(c.p, period)),
    cost: list.map((c) => c.cost),
    revenue: list.map((c) => c.revenue),
    payingUsers: list.map((c) => c.payers.size),
    roi: list.map((c) => roi(c.revenue, c.cost)),
    sustainable: list.map((c) =>
      c.cost === null || c.cost === 0 ? null : roi(c.revenue, c.cost) >= sustainableAt,
    ),
  });
  // A channel's total is over the periods it has a cost for; a channel with no cost at all shows all its revenue.
  const totals = new Map<string, { cost: number | null; revenue: number; uncosted: number }>();
  for (const c of list) {
    const t = totals.get(c.channel) ?? { cost: null, revenue: 0, uncosted: 0 };
    if (c.cost !== null) {
      t.cost = (t.cost ?? 0) + c.cost;
      t.revenue = roundMoney(t.revenue + c.revenue);
    } else t.uncosted = roundMoney(t.uncosted + c.revenue);
    totals.set(c.channel, t);
  }
  for (const t of totals.values()) if (t.cost === null) t.revenue = t.uncosted;
  const names = [...totals.keys()];
  const byChannel = aq.table({
    channel: names,
    cost: names.map((k) => totals.get(k)!.cost),
    revenue: names.map((k) => totals.get(k)!.revenue),
    roi: names.map((k) => roi(totals.get(k)!.revenue, totals.get(k)!.cost)),
    sustainable: names.map((k) => {
      const t = totals.get(k)!;
      return t.cost === null || t.cost === 0 ? null : t.revenue / t.cost >= sustainableAt;
    }),
  });
  return { table, byChannel, timeZone: zone.name };
}

/** Reads cost rows: period as `YYYY-MM` (month), a day `YYYY-MM-DD` or a Date; duplicates are errors. */
function readCosts(
  costs: ColumnTable,
  period: Period,
  zone: TimeZone,
  cell: (channel: string, p: number) => { cost: number | null },
): void {
  const channel = stringsOf(costs, 'channel');
  const raw = requireColumn(costs, 'period') as { at(i: number): unknown };
  const cost = numbersOf(costs, 'cost');
  for (let i = 0; i < channel.length; i++) {
    const v = raw.at(i);
    let day: number;
    if (v instanceof Date) day = zone.dayNumber(v.getTime());
    else if (typeof v === 'string' && /^\d{4}-\d{2}$/.test(v)) day = zone.dayOf(`${v}-01`);
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) day = zone.dayOf(v.slice(0, 10));
    else
      throw new InputError(
        'unreadable cost period',
        { file: 'costs', row: i + 1, column: 'period', value: v },
        'YYYY-MM, YYYY-MM-DD or a date',
      );
    if (channel[i] === null)
      throw new InputError(
        'missing channel',
        { file: 'costs', row: i + 1, column: 'channel' },
        'a channel name',
      );
    if (!(cost[i] >= 0))
      throw new InputError(
        'bad cost',
        { file: 'costs', row: i + 1, column: 'cost', value: cost[i] },
        'a number ≥ 0',
      );
    const c = cell(channel[i]!, periodIndex(day, period));
    if (c.cost !== null) {
      throw new InputError(
        'duplicate cost row for a channel and period',
        { file: 'costs', row: i + 1, column: 'period', value: v },
        'one cost row per channel and period',
      );
    }
    c.cost = cost[i];
  }
}
