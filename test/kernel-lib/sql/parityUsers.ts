import * as aq from 'arquero';
import type { UserData } from '../../../kernel-lib/src/metrics/history/history.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import type { ChurnColumns, ChurnSources } from '../../../kernel-lib/src/sql/metrics/historySources.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';
import { serverEngines } from '../../support/scope.js';
import { closeAll } from './parityEngines.js';
import { asTable, loadShards, parityOrders, random, writeParquet, type OrderRow } from './parityData.js';

const USERS = { user_id: 'user_id', ts: 'registered_at', amount: 'amount', line: 'channel' } as const;
const ORDERS = { user_id: 'user_id', ts: 'ts', amount: 'amount', line: 'line' } as const;
/** Events are the orders' rows with the product line as the event kind. */
export const USER_DATA_COLUMNS: ChurnColumns = { events: { event: 'line' } };

/** One user row per buyer, signed up 0–40 days before the first order, plus users who never order. */
function usersOf(orders: OrderRow[], seed: number): OrderRow[] {
  const next = random(seed);
  const first = new Map<string, number>();
  for (const o of orders) first.set(o.user_id, Math.min(first.get(o.user_id) ?? Infinity, o.ts));
  for (let i = 0; i < 60; i++)
    first.set(`quiet${i}`, Date.UTC(2016, 0, 1) + Math.floor(next() * 400) * 86_400_000);
  return [...first].map(([user_id, ts]) => ({
    user_id,
    ts: ts - Math.floor(next() * 40) * 86_400_000 - Math.floor(next() * 86_400) * 1000,
    amount: 0,
    line: next() < 0.5 ? 'app' : 'web',
  }));
}

/** Users, events and orders in memory and on DuckDB, chdb and two ClickHouse 18.16 shards. */
export interface UserDataRun {
  memory: UserData;
  engines: { name: string; engine: SqlEngine; sources: ChurnSources }[];
  stop(): Promise<void>;
}

/** Seeded users, events and orders loaded into every engine under test. */
export async function userDataEngines(seed: number, rows: number): Promise<UserDataRun> {
  const orders = parityOrders(seed, rows);
  const users = usersOf(orders, seed + 1);
  const memory = {
    users: aq.from(
      users.map((u) => ({ user_id: u.user_id, registered_at: new Date(u.ts), channel: u.line })),
    ),
    events: asTable(orders).rename({ line: 'event' }),
    orders: asTable(orders),
  };
  const ordersFile = await writeParquet(orders, ORDERS);
  const usersFile = await writeParquet(users, USERS);
  const files = { users: { file: usersFile }, events: { file: ordersFile }, orders: { file: ordersFile } };
  const engines: UserDataRun['engines'] = [];
  if (!serverEngines) {
    engines.push({ name: 'duckdb', engine: await duckdb({ threads: 2 }), sources: files });
    try {
      engines.push({ name: 'chdb', engine: await chdbEngine(), sources: files });
    } catch (e) {
      await closeAll(engines);
      throw e;
    }
    return { memory, engines, stop: () => closeAll(engines) };
  }
  const cluster: ClickHouseCluster = await startClickHouseCluster();
  const stop = async () => {
    await closeAll(engines);
    await cluster.stop();
  };
  try {
    await loadShards(cluster.urls, cluster.cluster, orders, 'orders', ORDERS);
    await loadShards(cluster.urls, cluster.cluster, users, 'users', USERS);
    engines.push({
      name: 'clickhouse 2 shards',
      engine: await clickhouse({ url: cluster.urls[0] }),
      sources: { users: { table: 'users' }, events: { table: 'orders' }, orders: { table: 'orders' } },
    });
  } catch (e) {
    await stop();
    throw e;
  }
  return { memory, engines, stop };
}
