/**
 * SQL-engine benchmark: RFM segments and the monthly cohort matrix over 1M, 10M and 100M generated orders in
 * Parquet, on DuckDB (2 threads, reading the file in place, spilling past its memory limit) beside the
 * in-memory engine (load + compute) where the data fits. Each run is its own child process, so its peak
 * memory (max RSS) is its own. The Parquet files are written by DuckDB itself into `bench/data/`.
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/sql.ts [rows…]` (default 1000000 10000000 100000000).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureInChild } from './child.js';
import { ensureLibraryBuilt } from './peerTools.js';

const DATA = resolve(__dirname, 'data');
const TIMEOUT_MS = 1_800_000;
/** The in-memory engine is measured up to this size; beyond it the data is meant for DuckDB. */
const IN_MEMORY_MAX_ROWS = 10_000_000;

/** One measurement. */
export interface SqlBenchRow {
  engine: 'in-memory' | 'duckdb-2';
  metric: 'rfm' | 'cohort';
  rows: number;
  ms: number;
  peakMb: number;
  /** Users per segment (rfm) or cells (cohort): engines must agree. */
  check: string;
  error?: string;
}

/**
 * Writes `rows` orders (string ids, ~rows/10 users, two years, amounts in cents) as Parquet, once; with
 * `orderIds`, a distinct string order id per row first (`o0000000042`), as real exports have.
 */
export async function parquetOrders(rows: number, orderIds = false): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, `sql-orders-${orderIds ? 'ids-' : ''}${rows}.parquet`);
  if (existsSync(file)) return file;
  const kl = await import('../kernel-lib/src/index.js');
  const engine = await kl.duckdb({ threads: 2, memoryLimit: '8GB', tempDirectory: join(DATA, 'duckdb-tmp') });
  const users = Math.max(1, Math.floor(rows / 10));
  await engine.exec({
    sql: `COPY (
      SELECT ${orderIds ? "'o' || lpad(CAST(i AS VARCHAR), 10, '0') AS order_id," : ''}
        'u' || lpad(CAST(hash(i) % {users:Int64} AS VARCHAR), 9, '0') AS user_id,
        TIMESTAMP '2015-01-01 00:00:00' + to_seconds(CAST(hash(i * 7 + 1) % (730 * 86400) AS BIGINT)) AS ts,
        CAST(hash(i * 13 + 5) % 100000 AS DOUBLE) / 100 AS amount
      FROM range({rows:Int64}) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`,
    params: { users, rows },
  });
  await engine.close();
  return file;
}

/** Runs one measurement in this process (the child side) and prints it as JSON. */
async function one(
  engineName: SqlBenchRow['engine'],
  metric: SqlBenchRow['metric'],
  file: string,
): Promise<void> {
  const kl = await import('../kernel-lib/dist/index.js');
  const t0 = performance.now();
  let check: string;
  if (engineName === 'duckdb-2') {
    const engine = await kl.duckdb({
      threads: 2,
      memoryLimit: '12GB',
      tempDirectory: join(DATA, 'duckdb-tmp'),
    });
    if (metric === 'rfm') {
      const { segments } = await kl.rfmSegmentsSql(engine, { file });
      check = (segments.array('users') as number[]).join('/');
    } else {
      const { cells } = await kl.cohortMatrixSql(engine, { file });
      check = `${cells.numRows()} cells, ${(cells.array('active') as (number | null)[]).reduce<number>((a, v) => a + (v ?? 0), 0)} active`;
    }
    await engine.close();
  } else {
    const orders = await kl.load(file, { table: 'orders' });
    if (metric === 'rfm') check = (kl.rfm(orders).segments.array('users') as number[]).join('/');
    else {
      const { cells } = kl.cohortMatrix(orders);
      check = `${cells.numRows()} cells, ${(cells.array('active') as (number | null)[]).reduce<number>((a, v) => a + (v ?? 0), 0)} active`;
    }
  }
  const ms = performance.now() - t0;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ ms, peakMb, check }));
}

/**
 * Measures RFM and the cohort matrix on each size, on DuckDB and (up to 10M rows) in memory.
 * @example console.log(formatSqlBench(await benchSql([1_000_000])));
 */
export async function benchSql(sizes: readonly number[]): Promise<SqlBenchRow[]> {
  ensureLibraryBuilt();
  const out: SqlBenchRow[] = [];
  for (const rows of sizes) {
    const file = await parquetOrders(rows);
    for (const metric of ['rfm', 'cohort'] as const) {
      const engines: SqlBenchRow['engine'][] =
        rows <= IN_MEMORY_MAX_ROWS ? ['in-memory', 'duckdb-2'] : ['duckdb-2'];
      for (const engine of engines) {
        const result = measureInChild<Pick<SqlBenchRow, 'ms' | 'peakMb' | 'check'>>(
          __filename,
          ['--one', engine, metric, file],
          TIMEOUT_MS,
          16_000,
        );
        out.push(
          'error' in result
            ? { engine, metric, rows, ms: NaN, peakMb: NaN, check: '', error: result.error }
            : { engine, metric, rows, ...result },
        );
      }
    }
  }
  return out;
}

/** A markdown table of the measurements, with in-memory / DuckDB ratios where both ran. */
export function formatSqlBench(rows: readonly SqlBenchRow[]): string {
  const lines = [
    '| metric | rows | engine | time s | peak MB | vs DuckDB time | vs DuckDB memory | check |',
    '|---|---:|---|---:|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const duck = rows.find((x) => x.engine === 'duckdb-2' && x.metric === r.metric && x.rows === r.rows);
    const ratio = (a: number, b: number | undefined) =>
      b && Number.isFinite(a) ? `${(a / b).toFixed(2)}x` : '';
    lines.push(
      `| ${r.metric} | ${r.rows.toLocaleString('en-US')} | ${r.engine} | ${(r.ms / 1000).toFixed(2)} | ${r.peakMb.toFixed(0)} | ${ratio(r.ms, duck?.ms)} | ${ratio(r.peakMb, duck?.peakMb)} | ${r.error ?? r.check} |`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    one(args[1] as SqlBenchRow['engine'], args[2] as SqlBenchRow['metric'], args[3]).catch((e) => {
      console.error(e);
      process.exit(1);
    });
  } else {
    const sizes = args.length ? args.map(Number) : [1_000_000, 10_000_000, 100_000_000];
    benchSql(sizes).then(
      (rows) => console.log(formatSqlBench(rows)),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  }
}
