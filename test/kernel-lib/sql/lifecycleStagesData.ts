import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { createClient } from '@clickhouse/client';
import type { UserData } from '../../../kernel-lib/src/metrics/history/history.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine, SqlSource } from '../../../kernel-lib/src/sql/engine.js';
import type { ChurnColumns, ChurnSources } from '../../../kernel-lib/src/sql/metrics/historySources.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';
import { serverEngines } from '../../support/scope.js';
import { closeAll } from './parityEngines.js';
import { random } from './parityData.js';

/** Column types of the generated tables: strings, numbers, instants (epoch ms) and dates (`YYYY-MM-DD`). */
export type Kind = 'string' | 'number' | 'instant' | 'date';
export type Value = string | number | null;

/** One canonical table: its columns (canonical name → kind) and rows (canonical names). */
export interface TableData {
  columns: Record<string, Kind>;
  rows: Record<string, Value>[];
}

/** The five canonical tables of the stage metrics. */
export type StageTables = Record<'users' | 'events' | 'orders' | 'payouts' | 'balances', TableData>;

const DAY = 86_400_000;

/**
 * A seeded P2P platform: users signing up over 400 days (some verified, some with a card, in a few
 * channels), logins and page views, orders with fixed terms (and some without, some at the same instant),
 * payouts at maturity, and balances that sometimes drain or drop; plus rows of users missing from the users
 * table. Times fall near local midnights so the time zone decides the day.
 */
export function stageTables(seed: number, nUsers: number, channels = ['app', 'web', 'invite']): StageTables {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const start = Date.UTC(2016, 0, 1);
  const at = (base: number, days: number) => base + days * DAY + pick([0, 15, 16, 23]) * 3_600_000;
  const t: StageTables = {
    users: {
      columns: {
        user_id: 'string',
        registered_at: 'instant',
        verified_at: 'instant',
        card_bound_at: 'instant',
        channel: 'string',
      },
      rows: [],
    },
    events: { columns: { user_id: 'string', ts: 'instant', event: 'string' }, rows: [] },
    orders: {
      columns: { user_id: 'string', ts: 'instant', amount: 'number', term_days: 'number' },
      rows: [],
    },
    payouts: { columns: { user_id: 'string', ts: 'instant', amount: 'number' }, rows: [] },
    balances: { columns: { user_id: 'string', date: 'date', balance: 'number' }, rows: [] },
  };
  for (let i = 0; i < nUsers; i++) {
    const id = `u${String(i).padStart(4, '0')}`;
    const reg = at(start, Math.floor(next() * 400)) + Math.floor(next() * 3600) * 1000;
    const verified = next() < 0.75 ? reg + Math.floor(next() * 20) * DAY : null;
    const card = verified !== null && next() < 0.8 ? verified + Math.floor(next() * 10) * DAY : null;
    t.users.rows.push({
      user_id: id,
      registered_at: reg,
      verified_at: verified,
      card_bound_at: card,
      channel: pick(channels),
    });
    const active = Math.floor(next() * 300);
    for (let k = Math.floor(next() * 8); k > 0; k--)
      t.events.rows.push({
        user_id: id,
        ts: at(reg, Math.floor(next() * active)),
        event: pick(['login', 'login', 'page_view']),
      });
    let balance = 0;
    let ts = reg;
    for (let k = next() < 0.3 ? 0 : 1 + Math.floor(next() * 5); k > 0; k--) {
      if (next() > 0.15) ts = at(ts, 1 + Math.floor(next() * 60)); // else: same instant as the previous order
      const term = pick([null, 30, 30, 60, 90, 180]);
      const amount = 100 * Math.ceil(next() * 50);
      t.orders.rows.push({ user_id: id, ts, amount, term_days: term });
      balance += amount;
      t.balances.rows.push({ user_id: id, date: ts, balance });
      if (term !== null && next() < 0.5) {
        const paid = ts + term * DAY + 3_600_000;
        t.payouts.rows.push({ user_id: id, ts: paid, amount: amount + 10 });
        balance = next() < 0.5 ? 0 : Math.round(balance * next());
        t.balances.rows.push({ user_id: id, date: paid + DAY, balance });
      }
    }
  }
  for (let i = 0; i < 5; i++) {
    t.events.rows.push({ user_id: `ghost${i}`, ts: at(start, i * 30), event: 'login' });
    t.orders.rows.push({ user_id: `ghost${i}`, ts: at(start, i * 30), amount: 100, term_days: 30 });
  }
  // One balance per user and date (the last of a day wins), dates as days.
  const byDay = new Map<string, Record<string, Value>>();
  for (const r of t.balances.rows) {
    const date = new Date(r.date as number).toISOString().slice(0, 10);
    byDay.set(`${r.user_id}|${date}`, { ...r, date });
  }
  t.balances.rows = [...byDay.values()];
  return t;
}

/** The tables in memory, as `load()`-free arquero tables (instants as Dates, dates as strings). */
export function memoryOf(t: StageTables): UserData {
  const table = (d: TableData) =>
    aq.from(
      d.rows.map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, d.columns[k] === 'instant' && v !== null ? new Date(v) : v]),
        ),
      ),
    );
  return {
    users: table(t.users),
    events: table(t.events),
    orders: table(t.orders),
    payouts: table(t.payouts),
    balances: table(t.balances),
  };
}

/** The tables on DuckDB, chdb and two ClickHouse 18.16 shards, with the column names the engines see. */
export interface StageRun {
  memory: UserData;
  columns: ChurnColumns;
  engines: { name: string; engine: SqlEngine; sources: ChurnSources }[];
  stop(): Promise<void>;
}

/**
 * Loads the tables into every engine under test, renaming each column by `rename` (canonical name → name in
 * the engine; hostile names test quoting) and mapping them back through the returned `columns`.
 */
export async function stageEngines(
  t: StageTables,
  rename: (column: string) => string = (c) => c,
): Promise<StageRun> {
  const names = Object.keys(t) as (keyof StageTables)[];
  const dir = mkdtempSync(join(tmpdir(), 'fupan-stages-'));
  const files = {} as Record<keyof StageTables, SqlSource>;
  const duck = await duckdb({ threads: 2 });
  const engines: StageRun['engines'] = [];
  let cluster: ClickHouseCluster | undefined;
  const stop = async () => {
    await closeAll(engines);
    await cluster?.stop();
  };
  try {
    if (!serverEngines) {
      for (const name of names) files[name] = { file: await writeParquet(duck, dir, name, t[name], rename) };
      engines.push({ name: 'duckdb', engine: duck, sources: { ...files } });
      engines.push({ name: 'chdb', engine: await chdbEngine(), sources: { ...files } });
    } else {
      await duck.close();
      cluster = await startClickHouseCluster();
      for (const name of names) await loadShards(cluster, name, t[name], rename);
      engines.push({
        name: 'clickhouse 2 shards',
        engine: await clickhouse({ url: cluster.urls[0] }),
        sources: Object.fromEntries(names.map((n) => [n, { table: n }])) as unknown as ChurnSources,
      });
    }
  } catch (e) {
    if (!serverEngines && !engines.some((x) => x.engine === duck)) await duck.close();
    await stop();
    throw e;
  }
  const r = rename;
  const columns: ChurnColumns = {
    users: {
      userId: r('user_id'),
      registeredAt: r('registered_at'),
      verifiedAt: r('verified_at'),
      cardBoundAt: r('card_bound_at'),
      channel: r('channel'),
    },
    events: { userId: r('user_id'), ts: r('ts'), event: r('event') },
    orders: { userId: r('user_id'), ts: r('ts'), termDays: r('term_days') },
    payouts: { userId: r('user_id'), ts: r('ts') },
    balances: { userId: r('user_id'), date: r('date'), balance: r('balance') },
  };
  return { memory: memoryOf(t), columns, engines, stop };
}

const DUCK_TYPES: Record<Kind, string> = {
  string: 'VARCHAR',
  number: 'DOUBLE',
  instant: 'TIMESTAMP',
  date: 'DATE',
};

/** Writes a table to `dir/name.parquet` through DuckDB (columns renamed by `rename`) and returns the path. */
export async function writeParquet(
  engine: SqlEngine,
  dir: string,
  name: string,
  t: TableData,
  rename: (c: string) => string,
): Promise<string> {
  const json = join(dir, `${name}.ndjson`);
  const iso = (k: string, v: Value) =>
    t.columns[k] === 'instant' && v !== null ? new Date(v).toISOString() : v;
  writeFileSync(
    json,
    t.rows
      .map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, iso(k, v)]))))
      .join('\n') + '\n',
  );
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const cols = Object.keys(t.columns);
  const read = `{${cols.map((c) => `'${c}': '${t.columns[c] === 'instant' ? 'TIMESTAMPTZ' : DUCK_TYPES[t.columns[c]]}'`).join(', ')}}`;
  const select = cols
    .map((c) => `CAST(${q(c)} AS ${DUCK_TYPES[t.columns[c]]}) AS ${q(rename(c))}`)
    .join(', ');
  const parquet = join(dir, `${name}.parquet`);
  await engine.exec({
    sql: `COPY (SELECT ${select} FROM read_json({json:String}, format = 'newline_delimited', columns = ${read}))
      TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`,
    params: { json },
  });
  return parquet;
}

const CH_TYPES: Record<Kind, string> = {
  string: 'String',
  number: 'Nullable(Float64)',
  instant: "Nullable(DateTime('UTC'))",
  date: 'Date',
};

/** MergeTree tables on both shards (split by user) and a `Distributed` table over them on the first. */
async function loadShards(
  cluster: ClickHouseCluster,
  name: string,
  t: TableData,
  rename: (c: string) => string,
): Promise<void> {
  const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
  const cols = Object.keys(t.columns);
  // Text columns holding a missing value are Nullable (as a Parquet column would be).
  const type = (c: string) =>
    t.columns[c] === 'string' && t.rows.some((r) => r[c] === null)
      ? 'Nullable(String)'
      : CH_TYPES[t.columns[c]];
  const ddl = `(${cols.map((c) => `${q(rename(c))} ${type(c)}`).join(', ')})`;
  for (const [i, url] of cluster.urls.entries()) {
    const client = createClient({ url });
    try {
      await client.command({
        query: `CREATE TABLE ${name}_local ${ddl} ENGINE = MergeTree ORDER BY tuple()`,
      });
      const mine = t.rows.filter((r) => shardOf(String(r.user_id)) === i);
      await client.insert({
        table: `${name}_local`,
        format: 'JSONEachRow',
        values: mine.map((r) =>
          Object.fromEntries(
            cols.map((c) => {
              const v = r[c];
              return [
                rename(c),
                t.columns[c] === 'instant' && v !== null ? Math.round((v as number) / 1000) : v,
              ];
            }),
          ),
        ),
      });
      if (i === 0)
        await client.command({
          query: `CREATE TABLE ${name} AS ${name}_local ENGINE = Distributed(${cluster.cluster}, default, ${name}_local, rand())`,
        });
    } finally {
      await client.close();
    }
  }
}

function shardOf(user: string): number {
  let h = 0;
  for (let i = 0; i < user.length; i++) h = (h * 31 + user.charCodeAt(i)) >>> 0;
  return h % 2;
}
