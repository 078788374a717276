import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import type { SqlEngine, SqlSource } from '../../../kernel-lib/src/sql/engine.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';
import { loadShards, writeParquet, type OrderRow } from './parityData.js';

/** An engine and where the parity data is in it. */
export interface EngineUnderTest {
  name: string;
  engine: SqlEngine;
  source: SqlSource;
}

/** The SQL engines of a parity run, over the same rows, and how to stop them. */
export interface ParityEngines {
  engines: EngineUnderTest[];
  stop(): Promise<void>;
}

/**
 * DuckDB and chdb reading the rows from one Parquet file, and two real ClickHouse servers holding them in
 * MergeTree shards behind a `Distributed` table.
 */
export async function parityEngines(
  rows: OrderRow[],
  columns: Record<keyof OrderRow, string> = { user_id: 'user_id', ts: 'ts', amount: 'amount', line: 'line' },
  table = 'orders',
): Promise<ParityEngines> {
  const parquet = await writeParquet(rows, columns);
  const cluster: ClickHouseCluster = await startClickHouseCluster();
  const engines: EngineUnderTest[] = [];
  try {
    await loadShards(cluster.urls, cluster.cluster, rows, table, columns);
    engines.push({ name: 'duckdb', engine: await duckdb({ threads: 2 }), source: { file: parquet } });
    engines.push({ name: 'chdb', engine: await chdbEngine(), source: { file: parquet } });
    engines.push({
      name: 'clickhouse 2 shards',
      engine: await clickhouse({ url: cluster.urls[0] }),
      source: { table },
    });
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return {
    engines,
    async stop() {
      for (const e of engines) await e.engine.close();
      await cluster.stop();
    },
  };
}
