import assert from 'node:assert/strict';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

/** Runs `work` with the console captured (the client logs through it) and returns what was written. */
async function consoleOf(work: () => Promise<void>): Promise<string[]> {
  const written: string[] = [];
  const saved = METHODS.map((m) => [m, console[m]] as const);
  for (const m of METHODS) console[m] = (...args: unknown[]) => written.push(`${m}: ${args.join(' ')}`);
  try {
    await work();
  } finally {
    for (const [m, f] of saved) console[m] = f;
  }
  return written;
}

describe('clickhouse(): a quiet client', function () {
  this.timeout(60_000);
  let cluster: ClickHouseCluster;
  before(async () => {
    cluster = await startClickHouseCluster();
  });
  after(async () => cluster?.stop());

  it('the capture sees what @clickhouse/client logs (a long timeout without progress headers warns)', async () => {
    const { createClient } = await import('@clickhouse/client');
    const written = await consoleOf(async () => {
      const client = createClient({ url: cluster.urls[0], request_timeout: 300_000 });
      await client.close();
    });
    assert.ok(
      written.some((w) => w.startsWith('warn:') && w.includes('send_progress_in_http_headers')),
      written.join('\n'),
    );
  });

  it('connects, queries, idles past the socket TTL and queries again without a line of log output', async () => {
    const written = await consoleOf(async () => {
      const engine = await clickhouse({ url: cluster.urls[0], progressIntervalMs: 100 });
      try {
        const sql = 'SELECT sum(number) AS s FROM numbers(2000000)';
        assert.deepEqual(await engine.query({ sql, params: {} }), [{ s: 1999999000000 }]);
        // Longer than the client's idle-socket TTL (2.5 s): the pooled socket is stale by the next query.
        await new Promise((r) => setTimeout(r, 3000));
        assert.deepEqual(await engine.query({ sql: 'SELECT sleep(1) AS z', params: {} }), [{ z: 0 }]);
      } finally {
        await engine.close();
      }
    });
    assert.deepEqual(written, []);
  });
});
