import assert from 'node:assert/strict';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import { clickhouse } from '../../../kernel-lib/src/sql/clickhouse.js';
import type { SqlEngine, SqlSource } from '../../../kernel-lib/src/sql/engine.js';
import { startClickHouseCluster, type ClickHouseCluster } from '../../support/clickhouseCluster.js';
import { serverEngines } from '../../support/scope.js';
import { assertRowsClose, loadShards, rowsOf, writeParquet, type OrderRow } from './parityData.js';

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
 * The engines of this run's scope ({@link serverEngines}) over the same rows: under `npm test` DuckDB and chdb
 * reading them from one Parquet file; under `npm run test:system` two real ClickHouse servers holding them in
 * MergeTree shards behind a `Distributed` table.
 */
export async function parityEngines(
  rows: OrderRow[],
  columns: Record<keyof OrderRow, string> = { user_id: 'user_id', ts: 'ts', amount: 'amount', line: 'line' },
  table = 'orders',
): Promise<ParityEngines> {
  const engines: EngineUnderTest[] = [];
  if (!serverEngines) {
    const parquet = await writeParquet(rows, columns);
    engines.push({ name: 'duckdb', engine: await duckdb({ threads: 2 }), source: { file: parquet } });
    try {
      engines.push({ name: 'chdb', engine: await chdbEngine(), source: { file: parquet } });
    } catch (e) {
      await engines[0].engine.close();
      throw e;
    }
    return { engines, stop: () => closeAll(engines) };
  }
  const cluster: ClickHouseCluster = await startClickHouseCluster();
  try {
    await loadShards(cluster.urls, cluster.cluster, rows, table, columns);
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
      await closeAll(engines);
      await cluster.stop();
    },
  };
}

/** Closes every engine, even when one fails to close (a chdb session left open blocks the next one). */
export async function closeAll(engines: readonly { engine: SqlEngine }[]): Promise<void> {
  const failures: unknown[] = [];
  for (const e of engines) await e.engine.close().catch((err: unknown) => failures.push(err));
  if (failures.length) throw failures[0];
}

/** What a parity helper needs of an engine under test: a name for its failures. */
export interface NamedEngine {
  name: string;
}

/** Where an engine truly cannot run a metric: the test asserts it refuses with this error instead. */
export interface Refusal {
  /** Engine name (exact) or pattern, e.g. `'clickhouse 2 shards'`. */
  engine: string | RegExp;
  /** The clear error it must give. */
  error: RegExp;
}

/**
 * Runs one metric on every engine under test and compares each answer with the in-memory result; failures
 * name the engine. Engines listed in `refusals` must reject with their error instead of answering.
 * @param engines `parityEngines(…).engines` or `userDataEngines(…).engines`
 * @param expected the in-memory metric's result
 * @param onEngine runs the metric on one engine
 * @param compare asserts one engine's answer equals `expected` (prefix messages with `name`); see {@link partsClose}
 * @example await sameOnEveryEngine(run().engines, cohortMatrix(memory, spec), (e) => cohortMatrixSql(e.engine, e.source, spec), partsClose('asOf', 'cells'));
 */
export async function sameOnEveryEngine<E extends NamedEngine, A, X>(
  engines: readonly E[],
  expected: X,
  onEngine: (engine: E) => Promise<A>,
  compare: (actual: A, expected: X, name: string) => void | Promise<void>,
  refusals: readonly Refusal[] = [],
): Promise<void> {
  for (const e of engines) {
    const refusal = refusals.find((r) =>
      typeof r.engine === 'string' ? r.engine === e.name : r.engine.test(e.name),
    );
    if (refusal) {
      await assert.rejects(onEngine(e), refusal.error, `${e.name}: must refuse`);
      continue;
    }
    await compare(await onEngine(e), expected, e.name);
  }
}

/**
 * A `compare` for {@link sameOnEveryEngine}: the named parts of two results, tables row by row (counts and
 * strings exact, other numbers to 1e-9, NaN as null), anything else deeply equal.
 */
export function partsClose<T extends object>(
  ...parts: (keyof T & string)[]
): (actual: NoInfer<T>, expected: T, name: string) => void {
  return (actual, expected, name) => {
    for (const part of parts) {
      const a = actual[part];
      const x = expected[part];
      if (isTable(a) && isTable(x)) assertRowsClose(rowsOf(a), rowsOf(x), `${name}: ${part}`);
      else assert.deepEqual(a, x, `${name}: ${part}`);
    }
  };
}

function isTable(v: unknown): v is { objects(): object[] } {
  return typeof v === 'object' && v !== null && typeof (v as { objects?: unknown }).objects === 'function';
}

/**
 * Starts engines before the suite's tests and stops them after (mocha hooks of the enclosing `describe`).
 * @param start e.g. `() => parityEngines(rows)` or `() => userDataEngines(5, 2500)`
 * @returns the started run (call it inside tests)
 * @example const run = engineHooks(() => parityEngines(rows));
 */
export function engineHooks<R extends { stop(): Promise<void> }>(start: () => Promise<R>): () => R {
  let run: R | undefined;
  before(async () => {
    run = await start();
  });
  after(async () => run?.stop());
  return () => {
    if (!run) throw new Error('engines not started (engineHooks must be called inside describe)');
    return run;
  };
}
