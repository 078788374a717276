import { InputError } from '../../errors.js';
import { signedUpOnly, type StageInputs } from '../../metrics/lifecycle/classify.js';
import type { ResolvedLifecycleSpec } from '../../metrics/lifecycle/spec.js';
import { SqlBuilder, dialectOf, type Dialect } from '../dialect.js';
import type { SqlEngine, SqlSource } from '../engine.js';
import { sourceName, refuseUnreadableTimestamp } from '../span.js';
import { userIdOf } from './activeRows.js';
import type { ChurnColumns, ChurnSources } from './historySources.js';
import { laterLongerTermSql } from './lifecycleMaturity.js';
import { sourceColumns } from './sourceColumns.js';
import { stageUsersSql } from './lifecycleStageUsers.js';

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
  const endMs = spec.zone.startOfDay(day + 1);
  const users = await stageUsersSql(engine, sources.users, columns, spec);
  const index = new Map<string, number>();
  users.ids.forEach((id, u) => index.set(id, u));
  const inputs = users.ids.map((_, u) => {
    const x = signedUpOnly(users.registeredDay[u]);
    x.verifiedDay = users.verifiedDay[u];
    x.cardBoundDay = users.cardBoundDay[u];
    return x;
  });
  let unknownRows = 0;
  // Runs one per-user aggregate over a source's rows (user_id, ms and `extra` columns), with the row count,
  // rows without a time, and count and latest instant of the `kept` rows (default: up to the as-of day),
  // and hands each known user's row to `use`. Local days come from the latest instants in TypeScript (days
  // grow with time), not per row in SQL: a zone conversion per row cost DuckDB most of its time.
  const perUser = async (
    source: SqlSource,
    names: { userId?: string; ts: string },
    query: {
      ms?: (column: string) => string;
      extra?: (b: SqlBuilder) => string;
      kept?: (b: SqlBuilder, end: string) => string;
      more?: (b: SqlBuilder, end: string) => string;
    },
    use: (x: StageInputs, row: Row) => void,
  ) => {
    const b = new SqlBuilder(d);
    const end = b.bind(endMs, 'Float64');
    const kept = query.kept?.(b, end) ?? `ms < ${end}`;
    const ms = (query.ms ?? d.epochMs)(b.id(names.ts));
    const extra = query.extra ? `, ${query.extra(b)}` : '';
    const more = query.more ? `, ${query.more(b, end)}` : '';
    const rows = await engine.query<Row>({
      sql: `SELECT user_id, count(*) AS all_rows, ${d.countIf('ms IS NULL')} AS no_ts,
          ${d.countIf(kept)} AS n, ${d.maxIf('ms', kept)} AS last_ms${more}
        FROM (SELECT ${userIdOf(d, b, names.userId)} AS user_id, ${ms} AS ms${extra} FROM ${d.relation(source, b)}) AS r
        GROUP BY user_id`,
      params: b.params,
    });
    for (const row of rows) {
      if (Number(row.no_ts) > 0 && query.ms === undefined)
        await refuseUnreadableTimestamp(engine, d, source, names.ts, Number(row.no_ts));
      if (Number(row.no_ts) > 0)
        throw new InputError(
          `${Number(row.no_ts)} rows without a timestamp`,
          { file: sourceName(source), column: names.ts },
          'a date and time',
        );
      const u = row.user_id === null ? undefined : index.get(String(row.user_id));
      if (u === undefined) unknownRows += Number(row.all_rows);
      else if (Number(row.n) > 0) use(inputs[u], row);
    }
  };
  const dayOf = (ms: unknown) => spec.zone.dayNumber(Number(ms));

  let keptOrders = 0;
  let hasTermDays = false;
  if (sources.orders) {
    const orders = sources.orders;
    const oc = columns.orders ?? {};
    const ts = oc.ts ?? 'ts';
    const termColumn = oc.termDays ?? 'term_days';
    hasTermDays = (await sourceColumns(engine, orders)).has(termColumn);
    await perUser(
      orders,
      { userId: oc.userId, ts },
      {
        extra: (b) => `${hasTermDays ? `CAST(coalesce(${b.id(termColumn)}, 0) AS ${d.double})` : '0'} AS t`,
        more: (b, end) => {
          const long = b.bind(spec.longTermDays, 'Float64');
          const short = `ms < ${end} AND t > 0 AND t < ${long}`;
          const isLong = `ms < ${end} AND t >= ${long}`;
          return `${d.countIf(short)} AS short_n, ${d.minIf('ms', short)} AS short_first,
            ${d.countIf(isLong)} AS long_n, ${d.maxIf('ms', isLong)} AS long_last`;
        },
      },
      (x, r) => {
        x.orderCount = Number(r.n);
        keptOrders += x.orderCount;
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
        sql: laterLongerTermSql(d, b, orders, oc.userId, ts, termColumn, b.bind(endMs, 'Float64')),
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
      { userId: ec.userId, ts },
      {
        extra: (b) => `${d.text(b.id(ec.event ?? 'event'))} AS kind`,
        kept: (b, end) => {
          const kinds = spec.churn.activityEvents.map((k) => b.bind(k, 'String'));
          return kinds.length > 0 ? `ms < ${end} AND kind IN (${kinds.join(', ')})` : '1 = 0';
        },
      },
      (x, r) => (x.lastActiveDay = Math.max(x.lastActiveDay, dayOf(r.last_ms))),
    );
  }

  if (sources.payouts) {
    const payouts = sources.payouts;
    const pc = columns.payouts ?? {};
    const ts = pc.ts ?? 'ts';
    await perUser(payouts, { userId: pc.userId, ts }, {}, (x, r) => {
      x.lastPayoutMs = Number(r.last_ms);
      x.lastPayoutDay = dayOf(r.last_ms);
    });
  }

  let keptBalances = 0;
  if (sources.balances) {
    const balances = sources.balances;
    const bc = columns.balances ?? {};
    const date = bc.date ?? 'date';
    const balance = bc.balance ?? 'balance';
    await perUser(
      balances,
      { userId: bc.userId, ts: date },
      {
        ms: (column) => dateMs(d, column),
        extra: (b) => `CAST(coalesce(${b.id(balance)}, 0) AS ${d.double}) AS v`,
        // The latest balance, taken twice with ties at the latest time broken both ways: two different
        // balances of one user at one time have no order in SQL (memory would take the later row).
        more: (_b, end) => `${lastBy(d, 'v', '-v', end)} AS last_lo, ${lastBy(d, 'v', 'v', end)} AS last_hi,
          ${d.maxIf('v', `ms < ${end}`)} AS max_balance`,
      },
      (x, r) => {
        keptBalances += Number(r.n);
        if (Number(r.last_lo) !== Number(r.last_hi))
          throw new InputError(
            'two different balances of one user at one time',
            {
              file: sourceName(balances),
              column: balance,
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

/** `x` of the row with the latest `ms` (ties: the largest `tie`) among rows before `end`. */
function lastBy(d: Dialect, x: string, tie: string, end: string): string {
  return d.name === 'duckdb'
    ? `arg_max(${x}, row(ms, ${tie})) FILTER (WHERE ms < ${end})`
    : `argMaxIf(${x}, tuple(ms, ${tie}), ms < ${end})`;
}

/** Epoch ms of a balance date: ClickHouse's `toFloat64` of a Date counts days, so go through a UTC DateTime. */
function dateMs(d: Dialect, column: string): string {
  return d.name === 'duckdb' ? d.epochMs(column) : `round(toFloat64(toDateTime(${column}, 'UTC')) * 1000)`;
}
