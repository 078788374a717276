import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { funnel } from '../../../kernel-lib/src/metrics/funnel/funnel.js';
import { retention } from '../../../kernel-lib/src/metrics/retention/retention.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { funnelSql } from '../../../kernel-lib/src/sql/metrics/funnel.js';
import { retentionSql } from '../../../kernel-lib/src/sql/metrics/retention.js';
import { rowsOf } from './parityData.js';
import { createClient } from '@clickhouse/client';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import type { EventsAndUsers } from '../../../kernel-lib/src/sql/metrics/usersSource.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';
import { serverEngines } from '../../support/scope.js';
import { closeAll, engineHooks, partsClose, sameOnEveryEngine } from './parityEngines.js';

const day = (d: string, h = 12) => new Date(`${d}T${String(h).padStart(2, '0')}:00:00Z`);

/**
 * Hand-made: a missing channel, an empty-string channel, a user not in the users table, a missing line, a row
 * without a user.
 */
const EVENTS = [
  { user_id: 'a', ts: day('2024-01-01'), line: 'fund' },
  { user_id: 'a', ts: day('2024-01-02'), line: 'loan' },
  { user_id: 'b', ts: day('2024-01-01', 9), line: null },
  { user_id: 'b', ts: day('2024-01-03'), line: 'loan' },
  { user_id: 'c', ts: day('2024-01-02'), line: 'fund' },
  { user_id: 'd', ts: day('2024-01-02', 8), line: '' },
  { user_id: 'd', ts: day('2024-01-02', 10), line: 'loan' },
  { user_id: 'e', ts: day('2024-01-01', 6), line: 'fund' },
  { user_id: 'e', ts: day('2024-01-08'), line: 'fund' },
  { user_id: null, ts: day('2024-01-02'), line: 'loan' },
];
const USERS = [
  { user_id: 'a', registered_at: day('2023-12-31'), channel: 'app' },
  { user_id: 'b', registered_at: day('2024-01-01'), channel: null },
  { user_id: 'c', registered_at: day('2024-01-01'), channel: '' },
  { user_id: 'd', registered_at: null, channel: 'web' },
];

/** Writes rows to Parquet through DuckDB (NULLs stay NULL, '' stays ''). */
async function parquet(rows: Record<string, unknown>[], file: string): Promise<string> {
  const engine = await duckdb({ threads: 1 });
  const path = join(mkdtempSync(join(tmpdir(), 'fupan-nulls-')), file);
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown) =>
    v === null ? 'NULL' : v instanceof Date ? `TIMESTAMP '${v.toISOString().slice(0, 19)}'` : `'${v}'`;
  try {
    await engine.exec({
      sql: `COPY (SELECT * FROM (VALUES ${rows.map((r) => `(${columns.map((c) => cell(r[c])).join(', ')})`).join(', ')})
        AS t(${columns.join(', ')})) TO '${path}' (FORMAT parquet)`,
      params: {},
    });
  } finally {
    await engine.close();
  }
  return path;
}

/** The rows in Nullable MergeTree tables on both shards (alternating) behind a Distributed table `name`. */
async function nullableShards(
  cluster: ClickHouseCluster,
  name: string,
  columns: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (const [i, url] of cluster.urls.entries()) {
    const client = createClient({ url });
    try {
      await client.command({
        query: `CREATE TABLE ${name}_local (${columns}) ENGINE = MergeTree ORDER BY tuple()`,
      });
      await client.insert({
        table: `${name}_local`,
        format: 'JSONEachRow',
        values: rows
          .filter((_, r) => r % 2 === i)
          .map((r) =>
            Object.fromEntries(
              Object.entries(r).map(([k, v]) => [k, v instanceof Date ? Math.round(v.getTime() / 1000) : v]),
            ),
          ),
      });
      if (i === 0) {
        await client.command({
          query: `CREATE TABLE ${name} AS ${name}_local ENGINE = Distributed(${cluster.cluster}, default, ${name}_local, rand())`,
        });
      }
    } finally {
      await client.close();
    }
  }
}

describe('SQL breakdowns with missing and empty values, as in memory (DuckDB, chdb over Parquet; Nullable columns on two ClickHouse 18.16 shards)', function () {
  this.timeout(60_000);
  const events = aq.from(EVENTS);
  const users = aq.from(USERS);
  const run = engineHooks(async () => {
    const files = {
      events: { file: await parquet(EVENTS, 'events.parquet') },
      users: { file: await parquet(USERS, 'users.parquet') },
    };
    const engines: { name: string; engine: SqlEngine; sources: EventsAndUsers }[] = [];
    if (!serverEngines) {
      engines.push({ name: 'duckdb', engine: await duckdb({ threads: 1 }), sources: files });
      try {
        engines.push({ name: 'chdb', engine: await chdbEngine(), sources: files });
      } catch (e) {
        await closeAll(engines);
        throw e;
      }
      return { engines, stop: () => closeAll(engines) };
    }
    const cluster = await startClickHouseCluster();
    const stop = async () => {
      await closeAll(engines);
      await cluster.stop();
    };
    try {
      await nullableShards(
        cluster,
        'events',
        'user_id Nullable(String), ts DateTime, line Nullable(String)',
        EVENTS,
      );
      await nullableShards(
        cluster,
        'users',
        'user_id Nullable(String), registered_at Nullable(DateTime), channel Nullable(String)',
        USERS,
      );
      engines.push({
        name: 'clickhouse 2 shards',
        engine: await clickhouse({ url: cluster.urls[0] }),
        sources: { events: { table: 'events' }, users: { table: 'users' } },
      });
    } catch (e) {
      await stop();
      throw e;
    }
    return { engines, stop };
  });

  it('retention by the start row\'s line: a missing line is its own group, an empty one is ""', async () => {
    const spec = { breakdown: 'line', days: [1, 2] };
    const expected = retention(events, spec);
    assert.deepEqual(
      rowsOf(expected.total).map((r) => r.line),
      ['', '', '(missing)', '(missing)', 'fund', 'fund'],
    );
    await sameOnEveryEngine(
      run().engines,
      expected,
      ({ engine, sources }) => retentionSql(engine, sources.events, spec),
      partsClose('cells', 'total'),
    );
  });

  it('retention from sign-ups by channel: no sign-up time, no start; missing and empty channels kept apart', async () => {
    const spec = { startColumn: 'registered_at', breakdown: 'channel', days: [1] };
    const expected = retention(events, spec, users);
    assert.deepEqual(
      rowsOf(expected.total).map((r) => [r.channel, r.cohort_size, r.retained]),
      [
        ['', 1, 1],
        ['(missing)', 1, 0],
        ['app', 1, 1],
      ],
    );
    await sameOnEveryEngine(
      run().engines,
      expected,
      ({ engine, sources }) => retentionSql(engine, sources, spec),
      partsClose('asOf', 'cells', 'total'),
    );
  });

  it('funnel by channel from the users source: users not in it and missing channels have no value', async () => {
    const spec = {
      steps: ['fund', 'loan'],
      eventColumn: 'line',
      breakdownBy: 'channel',
      window: { amount: 3, unit: 'day' as const },
    };
    const expected = funnel(events, spec, users);
    assert.deepEqual(
      rowsOf(expected.users).map((r) => [r.user_id, r.stepsReached, r.breakdown]),
      [
        ['a', 2, 'app'],
        ['c', 1, ''],
        ['e', 1, null],
      ],
    );
    await sameOnEveryEngine(
      run().engines,
      expected,
      ({ engine, sources }) => funnelSql(engine, sources, spec),
      partsClose('steps', 'breakdown', 'users'),
    );
  });
});
