import { InputError } from '../../errors.js';
import { signedUpOnly, type StageInputs } from '../../metrics/lifecycle/classify.js';
import type { ResolvedLifecycleSpec } from '../../metrics/lifecycle/spec.js';
import { SqlBuilder, dialectOf, type Dialect } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { sourceName } from '../span.js';
import { userIdOf } from './activityRows.js';
import type { ChurnColumns, ChurnSources } from './churn.js';
import { laterLongerTermSql } from './maturity.js';
import { sourceColumns } from './sourceColumns.js';

/** Every user signed up by the as-of day with what decides their stage (from per-user aggregates). */
export interface StageInputsTable {
  /** Sorted by id (an engine has no row order to keep). */
  userIds: string[];
  channel: (string | null)[];
  inputs: StageInputs[];
  /** Caveats about the data, as the in-memory metric words them. */
  notes: string[];
}

/** One aggregate row per user of an events / orders / payouts / balances source. */
type Row = Record<string, unknown> & { user_id: string | null; all_rows: unknown; no_ts: unknown };

/**
 * The inputs of the stage rules (`decideStage`) for every user, computed on an SQL engine as one aggregate
 * query per source (no joins: users are matched in TypeScript, so the same SQL runs on ClickHouse 18.16 and
 * rows of users missing from the users table are counted, as in memory). Rows after the as-of day are not
 * used; bad input (users without id or sign-up time, duplicate users, rows without a timestamp, two
 * different balances at one time) is an `InputError`.
 * @param engine the engine
 * @param sources users (required), events, orders, payouts, balances
 * @param columns where the canonical columns are
 * @param spec the resolved stage definition (as-of day, zone, rules)
 * @returns the users in id order with their inputs and channel, and notes
 * @example const t = await stageInputsSql(engine, { users: { table: 'users' } }, {}, resolveLifecycleSpec({ asOf: '2017-03-01' }));
 */
export async function stageInputsSql(
  engine: SqlEngine,
  sources: ChurnSources,
  columns: ChurnColumns,
  spec: ResolvedLifecycleSpec,
): Promise<StageInputsTable> {
  const d = dialectOf(engine.dialect);
  const day = spec.asOfDay;
  const end = spec.zone.startOfDay(day + 1);
  const users = await readUsers(engine, d, sources.users, columns, spec);
  const index = new Map<string, number>();
  users.ids.forEach((id, u) => index.set(id, u));
  const inputs = users.ids.map((_, u) => {
    const x = signedUpOnly(users.registeredDay[u]);
    x.verifiedDay = users.verifiedDay[u];
    x.cardBoundDay = users.cardBoundDay[u];
    return x;
  });
  let unknownRows = 0;
  // Runs one per-user aggregate over a source and hands each known user's row to `use`.
  const perUser = async (
    source: SqlSource,
    tsColumn: string,
    sql: (b: SqlBuilder, end: string) => string,
    use: (x: StageInputs, row: Row) => void,
  ) => {
    const b = new SqlBuilder(d);
    const rows = await engine.query<Row>({
      sql: sql(b, b.bind(end, 'Float64')),
      params: b.params,
    });
    for (const row of rows) {
      if (Number(row.no_ts) > 0)
        throw new InputError(
          `${Number(row.no_ts)} rows without a timestamp`,
          { file: sourceName(source), column: tsColumn },
          'a date and time',
        );
      const u = row.user_id === null ? undefined : index.get(String(row.user_id));
      if (u === undefined) unknownRows += Number(row.all_rows);
      else use(inputs[u], row);
    }
  };
  // The shape every source shares: user id and epoch ms of its time column. Local days are taken in
  // TypeScript from the latest instants (days grow with time), not per row in SQL: the zone conversion per
  // row cost DuckDB most of its time.
  const timed = (b: SqlBuilder, userId: string | undefined, ms: string) =>
    `SELECT ${userIdOf(d, b, userId)} AS user_id, ${ms} AS ms`;
  const dayOf = (ms: unknown) => spec.zone.dayNumber(Number(ms));

  let keptOrders = 0;
  let hasTermDays = false;
  if (sources.orders) {
    const orders = sources.orders;
    const oc = columns.orders ?? {};
    const ts = oc.ts ?? 'ts';
    const termColumn = oc.termDays ?? 'term_days';
    hasTermDays = (await sourceColumns(engine, orders)).has(termColumn);
    const L = spec.longTermDays;
    await perUser(
      orders,
      ts,
      (b, end) => {
        const term = hasTermDays ? `CAST(coalesce(${b.id(termColumn)}, 0) AS ${d.double})` : '0';
        const long = b.bind(L, 'Float64');
        const short = `ms < ${end} AND t > 0 AND t < ${long}`;
        const isLong = `ms < ${end} AND t >= ${long}`;
        return `SELECT user_id, count(*) AS all_rows, ${d.countIf('ms IS NULL')} AS no_ts,
            ${d.countIf(`ms < ${end}`)} AS n, ${d.maxIf('ms', `ms < ${end}`)} AS last_ms,
            ${d.countIf(short)} AS short_n, ${d.minIf('ms', short)} AS short_first,
            ${d.countIf(isLong)} AS long_n, ${d.maxIf('ms', isLong)} AS long_last
          FROM (${timed(b, oc.userId, d.epochMs(b.id(ts)))}, ${term} AS t FROM ${d.relation(orders, b)}) AS o
          GROUP BY user_id`;
      },
      (x, r) => {
        const n = Number(r.n);
        keptOrders += n;
        if (n === 0) return;
        x.orderCount = n;
        x.lastOrderMs = Number(r.last_ms);
        if (spec.churn.ordersCountAsActivity) x.lastActiveDay = Math.max(x.lastActiveDay, dayOf(r.last_ms));
        if (spec.maturityRule === 'longTermAfterShort')
          x.mature =
            Number(r.short_n) > 0 && Number(r.long_n) > 0 && Number(r.short_first) < Number(r.long_last);
      },
    );
    if (hasTermDays && spec.maturityRule === 'laterLongerTerm') {
      const b = new SqlBuilder(d);
      const rows = await engine.query<{ user_id: string | null; mature: unknown }>({
        sql: laterLongerTermSql(d, b, orders, oc.userId, ts, termColumn, b.bind(end, 'Float64')),
        params: b.params,
      });
      for (const r of rows) {
        const u = r.user_id === null ? undefined : index.get(String(r.user_id));
        if (u !== undefined && Number(r.mature) > 0) inputs[u].mature = true;
      }
    }
  }

  if (sources.events) {
    const events = sources.events;
    const ec = columns.events ?? {};
    const ts = ec.ts ?? 'ts';
    await perUser(
      events,
      ts,
      (b, end) => {
        const kinds = spec.churn.activityEvents.map((k) => b.bind(k, 'String'));
        const active = kinds.length > 0 ? `ms < ${end} AND kind IN (${kinds.join(', ')})` : '1 = 0';
        return `SELECT user_id, count(*) AS all_rows, ${d.countIf('ms IS NULL')} AS no_ts,
            ${d.countIf(active)} AS n, ${d.maxIf('ms', active)} AS last_ms
          FROM (${timed(b, ec.userId, d.epochMs(b.id(ts)))}, CAST(${b.id(ec.event ?? 'event')} AS ${d.string}) AS kind
            FROM ${d.relation(events, b)}) AS e
          GROUP BY user_id`;
      },
      (x, r) => {
        if (Number(r.n) > 0) x.lastActiveDay = Math.max(x.lastActiveDay, dayOf(r.last_ms));
      },
    );
  }

  if (sources.payouts) {
    const payouts = sources.payouts;
    const pc = columns.payouts ?? {};
    const ts = pc.ts ?? 'ts';
    await perUser(
      payouts,
      ts,
      (b, end) => `SELECT user_id, count(*) AS all_rows, ${d.countIf('ms IS NULL')} AS no_ts,
            ${d.countIf(`ms < ${end}`)} AS n, ${d.maxIf('ms', `ms < ${end}`)} AS last_ms
          FROM (${timed(b, pc.userId, d.epochMs(b.id(ts)))} FROM ${d.relation(payouts, b)}) AS p
          GROUP BY user_id`,
      (x, r) => {
        if (Number(r.n) === 0) return;
        x.lastPayoutMs = Number(r.last_ms);
        x.lastPayoutDay = dayOf(r.last_ms);
      },
    );
  }

  let keptBalances = 0;
  if (sources.balances) {
    const balances = sources.balances;
    const bc = columns.balances ?? {};
    const date = bc.date ?? 'date';
    await perUser(
      balances,
      date,
      (b, end) => {
        // Rows of one user at one time are one step: two different balances there have no order in SQL.
        const steps = `SELECT user_id, ms, count(*) AS c, min(v) AS lo, max(v) AS hi FROM (
            ${timed(b, bc.userId, dateMs(d, b.id(date)))}, CAST(coalesce(${b.id(bc.balance ?? 'balance')}, 0) AS ${d.double}) AS v
            FROM ${d.relation(balances, b)}) AS r GROUP BY user_id, ms`;
        const kept = `ms < ${end}`;
        const last = (x: string) =>
          d.name === 'duckdb' ? `arg_max(${x}, ms) FILTER (WHERE ${kept})` : `argMaxIf(${x}, ms, ${kept})`;
        return `SELECT user_id, sum(c) AS all_rows, ${d.sumIf('c', 'ms IS NULL')} AS no_ts,
            ${d.sumIf('c', kept)} AS n, ${d.maxIf('ms', kept)} AS last_ms,
            ${last('lo')} AS last_lo, ${last('hi')} AS last_hi, ${d.maxIf('hi', kept)} AS max_balance
          FROM (${steps}) AS s GROUP BY user_id`;
      },
      (x, r) => {
        const n = Number(r.n);
        keptBalances += n;
        if (n === 0) return;
        if (Number(r.last_lo) !== Number(r.last_hi))
          throw new InputError(
            'two different balances of one user at one time',
            {
              file: sourceName(balances),
              column: bc.balance ?? 'balance',
              value: `${r.user_id} at ${new Date(Number(r.last_ms)).toISOString()}`,
            },
            'one balance per user and date',
          );
        x.balance = Number(r.last_hi);
        x.balanceDay = dayOf(r.last_ms);
        x.maxBalance = Number(r.max_balance);
      },
    );
  }

  const notes: string[] = [];
  if (keptBalances === 0)
    notes.push('no balance rows: the "withdrawn after maturity" and "holdings drop" signals cannot fire');
  if (keptOrders > 0 && !hasTermDays)
    notes.push('orders have no term_days: maturity (short to long terms) cannot be detected');
  if (unknownRows > 0)
    notes.push(`${unknownRows} rows belong to users not in the users table and were ignored`);

  const kept = users.ids.map((_, u) => u).filter((u) => users.registeredDay[u] <= day);
  kept.sort((a, b) => (users.ids[a] < users.ids[b] ? -1 : users.ids[a] > users.ids[b] ? 1 : 0));
  return {
    userIds: kept.map((u) => users.ids[u]),
    channel: kept.map((u) => users.channel[u]),
    inputs: kept.map((u) => inputs[u]),
    notes,
  };
}

/** Epoch ms of a balance date: ClickHouse's `toFloat64` of a Date counts days, so go through a UTC DateTime. */
function dateMs(d: Dialect, column: string): string {
  return d.name === 'duckdb' ? d.epochMs(column) : `round(toFloat64(toDateTime(${column}, 'UTC')) * 1000)`;
}

/** Every row of the users table: id, sign-up, verification and card days, channel; bad rows are errors. */
async function readUsers(
  engine: SqlEngine,
  d: Dialect,
  source: SqlSource,
  columns: ChurnColumns,
  spec: ResolvedLifecycleSpec,
) {
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
        ${present.has(names.channel) ? `CAST(${b.id(names.channel)} AS ${d.string})` : 'NULL'} AS channel
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
