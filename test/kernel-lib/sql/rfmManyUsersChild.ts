/**
 * Child of rfmManyUsers.test.ts: writes `argv[2]` users (two orders each) to Parquet, runs rfmSql on engine
 * `argv[3]` and prints the user count and peak heap. Run with a small --max-old-space-size.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { rfmSql } from '../../../kernel-lib/src/sql/metrics/rfm.js';

async function main(): Promise<void> {
  const users = Number(process.argv[2]);
  const dir = mkdtempSync(join(tmpdir(), 'fupan-rfm-many-'));
  const file = join(dir, 'orders.parquet');
  try {
    const engine = process.argv[3] === 'chdb' ? await chdbEngine() : await duckdb({ threads: 2 });
    const write = await duckdb({ threads: 2 });
    await write.exec({
      sql: `COPY (SELECT 'user-' || lpad(CAST(i % ${users} AS VARCHAR), 9, '0') AS user_id,
        TIMESTAMP '2020-01-01' + to_days(CAST(i % 365 AS INTEGER)) AS ts, CAST(i % 1000 AS DOUBLE) AS amount
        FROM range(${2 * users}) AS t(i)) TO '${file}' (FORMAT parquet)`,
      params: {},
    });
    await write.close();
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
    const result = await rfmSql(engine, { file });
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    console.log(JSON.stringify({ users: result.users.numRows(), peakHeapMB: Math.round(peak / 2 ** 20) }));
    await engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
