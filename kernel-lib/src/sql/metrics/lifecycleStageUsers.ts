import { InputError } from '../../errors.js';
import type { ResolvedLifecycleSpec } from '../../metrics/lifecycle/spec.js';
import { SqlBuilder, dialectOf } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { sourceName } from '../span.js';
import { userIdOf } from './activeRows.js';
import type { ChurnColumns } from './historySources.js';
import { sourceColumns } from './sourceColumns.js';

/** Every user of a users table, in the table's order, with local days (NaN: not done or no column). */
export interface StageUsers {
  ids: string[];
  registeredDay: number[];
  verifiedDay: number[];
  cardBoundDay: number[];
  channel: (string | null)[];
}

/**
 * Reads every row of the users table for the stage rules: id, sign-up, verification and card-binding days
 * (local days of the spec's zone), channel. Users without an id or a sign-up time, duplicate ids and a
 * growth requirement without its column are `InputError`s, as in memory.
 * @param engine the engine
 * @param source the users table
 * @param columns where the canonical columns are
 * @param spec the resolved stage spec (zone, growth requirements)
 * @returns the users
 * @example const u = await stageUsersSql(engine, { table: 'users' }, {}, resolveLifecycleSpec({ asOf: '2017-03-01' }));
 */
export async function stageUsersSql(
  engine: SqlEngine,
  source: SqlSource,
  columns: ChurnColumns,
  spec: ResolvedLifecycleSpec,
): Promise<StageUsers> {
  const d = dialectOf(engine.dialect);
  const uc = columns.users ?? {};
  const names = {
    registeredAt: uc.registeredAt ?? 'registered_at',
    verifiedAt: uc.verifiedAt ?? 'verified_at',
    cardBoundAt: uc.cardBoundAt ?? 'card_bound_at',
    channel: uc.channel ?? 'channel',
  };
  const present = await sourceColumns(engine, source);
  for (const [need, column] of [
    ['verified', names.verifiedAt],
    ['cardBound', names.cardBoundAt],
  ] as const) {
    if (spec.growthRequires.includes(need) && !present.has(column))
      throw new InputError(
        `missing column "${column}"`,
        { file: sourceName(source) },
        `a ${column} column, or growthRequires without "${need}"`,
      );
  }
  const b = new SqlBuilder(d);
  const msOf = (column: string) => (present.has(column) ? d.epochMs(b.id(column)) : 'NULL');
  const rows = await engine.query<{
    user_id: string | null;
    reg_ms: unknown;
    verified_ms: unknown;
    card_ms: unknown;
    channel: string | null;
  }>({
    sql: `SELECT ${userIdOf(d, b, uc.userId)} AS user_id, ${msOf(names.registeredAt)} AS reg_ms,
        ${msOf(names.verifiedAt)} AS verified_ms, ${msOf(names.cardBoundAt)} AS card_ms,
        ${present.has(names.channel) ? d.text(b.id(names.channel)) : 'NULL'} AS channel
      FROM ${d.relation(source, b)}`,
    params: b.params,
  });
  const file = sourceName(source);
  const ids: string[] = [];
  const seen = new Set<string>();
  const registeredDay: number[] = [];
  const verifiedDay: number[] = [];
  const cardBoundDay: number[] = [];
  const channel: (string | null)[] = [];
  const dayOrNaN = (v: unknown) => (v === null || v === undefined ? NaN : spec.zone.dayNumber(Number(v)));
  for (const r of rows) {
    if (r.user_id === null || r.user_id === '')
      throw new InputError('missing user id', { file, column: uc.userId ?? 'user_id' }, 'a user id');
    const id = String(r.user_id);
    if (seen.has(id))
      throw new InputError(
        'duplicate user id',
        { file, column: uc.userId ?? 'user_id', value: id },
        'one row per user',
      );
    seen.add(id);
    if (r.reg_ms === null || r.reg_ms === undefined)
      throw new InputError('missing sign-up time', { file, column: names.registeredAt, value: id }, 'a date');
    ids.push(id);
    registeredDay.push(dayOrNaN(r.reg_ms));
    verifiedDay.push(dayOrNaN(r.verified_ms));
    cardBoundDay.push(dayOrNaN(r.card_ms));
    channel.push(r.channel === null || r.channel === undefined ? null : String(r.channel));
  }
  return { ids, registeredDay, verifiedDay, cardBoundDay, channel };
}
