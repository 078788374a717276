import assert from 'node:assert/strict';
import * as aq from 'arquero';
import type { DuckDBConnection } from '@duckdb/node-api';
import { churn } from '../../../../kernel-lib/src/metrics/churn/churn.js';
import { lifecycleTrend } from '../../../../kernel-lib/src/metrics/lifecycle/trend.js';
import { createTable, useDuckDB } from '../../../support/duckdb.js';
import { mulberry32 } from '../../../support/random.js';

/** A seeded platform: sign-ups over 9 months, logins, page views and orders at random times. */
function randomPlatform(seed: number, nUsers: number) {
  const rand = mulberry32(seed);
  const start = Date.parse('2016-06-01T00:00:00Z');
  const DAY = 86_400_000;
  const users: { user_id: string; registered_at: number }[] = [];
  const events: { user_id: string; ts: number; event: string }[] = [];
  const orders: { user_id: string; ts: number; amount: number }[] = [];
  for (let i = 0; i < nUsers; i++) {
    const id = `u${i}`;
    const reg = start + Math.floor(rand() * 280 * DAY);
    users.push({ user_id: id, registered_at: reg });
    const span = 20 + rand() * 300;
    for (let k = Math.floor(rand() * 14); k > 0; k--) {
      events.push({
        user_id: id,
        ts: reg + Math.floor(rand() * span * DAY),
        event: rand() < 0.7 ? 'login' : 'page_view',
      });
    }
    for (let k = Math.floor(rand() * 5); k > 0; k--) {
      orders.push({ user_id: id, ts: reg + Math.floor(rand() * span * DAY), amount: 100 });
    }
  }
  return { users, events, orders };
}

const ZONE = '+08:00';
const OFFSET = 8 * 3_600_000;
const AS_OF = '2017-03-15';
const AS_OF_DAY = Date.parse(`${AS_OF}T00:00:00Z`) / 86_400_000;

async function load(connection: DuckDBConnection, platform: ReturnType<typeof randomPlatform>) {
  await createTable(connection, 'users', { user_id: 'VARCHAR', registered_at: 'BIGINT' }, platform.users);
  await createTable(
    connection,
    'events',
    { user_id: 'VARCHAR', ts: 'BIGINT', event: 'VARCHAR' },
    platform.events,
  );
  await createTable(connection, 'orders', { user_id: 'VARCHAR', ts: 'BIGINT' }, platform.orders);
}

/** Local day of an epoch-ms column in the fixed +08:00 zone. */
const day = (col: string) => `CAST(floor((${col} + ${OFFSET}) / 86400000) AS INTEGER)`;
/** Month label of a local day number. */
const month = (d: string) => `strftime(DATE '1970-01-01' + CAST(${d} AS INTEGER), '%Y-%m')`;

function activitySql(withOrders: boolean): string {
  return `
    SELECT user_id, ${day('registered_at')} AS day, TRUE AS signup FROM users WHERE ${day('registered_at')} <= ${AS_OF_DAY}
    UNION ALL SELECT user_id, ${day('ts')}, FALSE FROM events WHERE event = 'login' AND ${day('ts')} <= ${AS_OF_DAY}
    ${withOrders ? `UNION ALL SELECT user_id, ${day('ts')}, FALSE FROM orders WHERE ${day('ts')} <= ${AS_OF_DAY}` : ''}`;
}

function churnSql(days: number, withOrders: boolean): string {
  return `
    WITH act AS (${activitySql(withOrders)}),
    d AS (SELECT DISTINCT user_id, day FROM act),
    seq AS (SELECT user_id, day, lead(day) OVER (PARTITION BY user_id ORDER BY day) AS next FROM d),
    crossing AS (
      SELECT user_id, day + ${days} AS c FROM seq
      WHERE day + ${days} <= ${AS_OF_DAY} AND (next IS NULL OR next > day + ${days})
    )
    SELECT ${month('c')} AS period, count(DISTINCT user_id)::INTEGER AS churned_users, count(*)::INTEGER AS episodes
    FROM crossing GROUP BY 1 ORDER BY 1`;
}

function churnedUsersSql(days: number): string {
  return `
    WITH act AS (${activitySql(true)})
    SELECT user_id, max(day) + ${days} AS churn_day FROM act GROUP BY user_id
    HAVING max(day) + ${days} <= ${AS_OF_DAY} ORDER BY user_id`;
}

function trendSql(newRule: 'firstActivity' | 'signup'): string {
  const m = (d: string) => `(year(DATE '1970-01-01' + ${d}) * 12 + month(DATE '1970-01-01' + ${d}))`;
  return `
    WITH act AS (SELECT * FROM (${activitySql(true)}) WHERE NOT signup),
    ap AS (SELECT DISTINCT user_id, ${m('day')} AS m FROM act),
    firsts AS (SELECT user_id, min(m) AS f FROM ap GROUP BY user_id),
    reg AS (SELECT user_id, ${m(day('registered_at'))} AS r FROM users),
    status AS (
      SELECT a.m, a.user_id,
        CASE WHEN a.m = ${newRule === 'signup' ? 'reg.r' : 'firsts.f'} THEN 'new'
             WHEN p.user_id IS NOT NULL THEN 'returning' ELSE 'resurrecting' END AS s
      FROM ap a JOIN firsts USING (user_id) JOIN reg USING (user_id)
      LEFT JOIN ap p ON p.user_id = a.user_id AND p.m = a.m - 1
      UNION ALL
      SELECT a.m + 1, a.user_id, 'dormant' FROM ap a
      LEFT JOIN ap n ON n.user_id = a.user_id AND n.m = a.m + 1
      WHERE n.user_id IS NULL AND a.m + 1 <= ${m(String(AS_OF_DAY))}
    )
    SELECT printf('%04d-%02d', (m - 1) // 12, (m - 1) % 12 + 1) AS period, s AS status, count(*)::INTEGER AS users
    FROM status GROUP BY ALL ORDER BY ALL`;
}

describe('churn and lifecycle trend against a DuckDB oracle', function () {
  this.timeout(60_000);
  const platform = randomPlatform(20170315, 1500);
  const data = {
    users: aq.from(platform.users),
    events: aq.from(platform.events),
    orders: aq.from(platform.orders),
  };
  const db = useDuckDB((connection) => load(connection, platform));

  const rows = async (sql: string) =>
    (await db().runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];

  for (const [days, withOrders] of [
    [30, true],
    [14, false],
  ] as const) {
    it(`agrees on the churned-user series (${days} days, orders ${withOrders ? 'count' : 'do not count'})`, async () => {
      const mine = churn(data, {
        asOf: AS_OF,
        timeZone: ZONE,
        days,
        ordersCountAsActivity: withOrders,
        stages: { growthRequires: [] },
      });
      const theirs = await rows(churnSql(days, withOrders));
      assert.ok(theirs.length > 5);
      const nonEmpty = (mine.byPeriod.objects() as any[]).filter((r) => r.episodes > 0);
      assert.deepEqual(nonEmpty, theirs);
    });
  }

  it('agrees on who is churned as of the day and on the churn day', async () => {
    const mine = churn(data, { asOf: AS_OF, timeZone: ZONE, stages: { growthRequires: [] } });
    const theirs = await rows(churnedUsersSql(30));
    const churned = (mine.users.objects() as any[]).filter((u) => u.churned);
    const fmt = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
    assert.ok(theirs.length > 100);
    assert.deepEqual(
      churned.map((u) => `${u.user_id} ${u.churn_day}`).sort(),
      theirs.map((t) => `${t.user_id} ${fmt(Number(t.churn_day))}`).sort(),
    );
  });

  for (const newRule of ['firstActivity', 'signup'] as const) {
    it(`agrees on new / returning / resurrecting / dormant per month (${newRule})`, async () => {
      const mine = lifecycleTrend(data, { asOf: AS_OF, timeZone: ZONE, newRule });
      const theirs = await rows(trendSql(newRule));
      const key = (r: any) => `${r.period} ${r.status} ${r.users}`;
      const nonEmpty = (mine.counts.objects() as any[]).filter((r) => r.users > 0);
      assert.ok(theirs.length > 20);
      assert.deepEqual(nonEmpty.map(key).sort(), theirs.map(key).sort());
    });
  }
});
