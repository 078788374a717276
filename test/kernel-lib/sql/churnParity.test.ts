import assert from 'node:assert/strict';
import * as aq from 'arquero';
import { churn, type ChurnSpec } from '../../../kernel-lib/src/metrics/churn/churn.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { churnSql, type ChurnColumns, type ChurnSources } from '../../../kernel-lib/src/sql/metrics/churn.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';
import {
  assertRowsClose,
  asTable,
  loadShards,
  parityOrders,
  random,
  writeParquet,
  type OrderRow,
} from './parityData.js';

const SPECS: ChurnSpec[] = [
  { asOf: '2016-12-31' },
  { asOf: '2017-02-10', days: 14, activityEvents: ['loan'], ordersCountAsActivity: false, period: 'week' },
  { asOf: '2016-09-30', days: 45, activityEvents: ['fund'], timeZone: 'Asia/Shanghai', from: '2016-01-01' },
  { asOf: '2017-03-31', days: 60, activityEvents: ['fund', 'loan'], ordersCountAsActivity: false },
];

const USERS = { user_id: 'user_id', ts: 'registered_at', amount: 'amount', line: 'channel' } as const;
const ORDERS = { user_id: 'user_id', ts: 'ts', amount: 'amount', line: 'line' } as const;
// Events are the orders' rows with the product line as the event kind.
const COLUMNS: ChurnColumns = { events: { event: 'line' } };

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

describe('churnSql: the same churned users and series as churn() on DuckDB, chdb and two ClickHouse shards', function () {
  this.timeout(120_000);
  const orders = parityOrders(5, 2500);
  const users = usersOf(orders, 6);
  const memory = {
    users: aq.from(
      users.map((u) => ({ user_id: u.user_id, registered_at: new Date(u.ts), channel: u.line })),
    ),
    events: asTable(orders).rename({ line: 'event' }),
    orders: asTable(orders),
  };
  let cluster: ClickHouseCluster;
  const engines: { name: string; engine: SqlEngine; sources: ChurnSources }[] = [];
  before(async () => {
    const ordersFile = await writeParquet(orders, ORDERS);
    const usersFile = await writeParquet(users, USERS);
    const files = { users: { file: usersFile }, events: { file: ordersFile }, orders: { file: ordersFile } };
    engines.push({ name: 'duckdb', engine: await duckdb({ threads: 2 }), sources: files });
    engines.push({ name: 'chdb', engine: await chdbEngine(), sources: files });
    cluster = await startClickHouseCluster();
    await loadShards(cluster.urls, cluster.cluster, orders, 'orders', ORDERS);
    await loadShards(cluster.urls, cluster.cluster, users, 'users', USERS);
    engines.push({
      name: 'clickhouse 2 shards',
      engine: await clickhouse({ url: cluster.urls[0] }),
      sources: { users: { table: 'users' }, events: { table: 'orders' }, orders: { table: 'orders' } },
    });
  });
  after(async () => {
    for (const e of engines) await e.engine.close();
    await cluster?.stop();
  });

  for (const spec of SPECS) {
    it(`agrees on ${JSON.stringify(spec)}`, async () => {
      // Stages do not change churn; the users table has no verification columns.
      const expected = churn(memory, { ...spec, stages: { growthRequires: [] } });
      const series = expected.byPeriod.objects() as Record<string, unknown>[];
      assert.ok(series.length > 3 && series.some((r) => Number(r.churned_users) > 0));
      const churned = expected.churned().length;
      assert.ok(churned > 0 && churned < expected.users.numRows());
      for (const { name, engine, sources } of engines) {
        const actual = await churnSql(engine, sources, spec, COLUMNS);
        assert.equal(actual.users, expected.users.numRows(), `${name}: users`);
        assert.equal(actual.churned, churned, `${name}: churned`);
        assertRowsClose(actual.byPeriod.objects() as Record<string, unknown>[], series, `${name}: byPeriod`);
      }
    });
  }

  it('refuses stage breakdowns and bad rules', async () => {
    const { engine, sources } = engines[0];
    await assert.rejects(
      churnSql(engine, sources, { asOf: '2016-12-31', stages: {} } as never),
      /invalid churn/,
    );
    await assert.rejects(churnSql(engine, sources, { asOf: '2016-12-31', days: 0 }), /invalid churn.days/);
  });
});
