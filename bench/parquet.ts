/**
 * Parquet load benchmark: time and peak memory to load 1M and 10M generated orders from Parquet (string user
 * ids, DuckDB's `TIMESTAMP`, DOUBLE amounts; the files of `bench/sql.ts`), kernel-lib `load()` against DuckDB
 * with 2 threads materialising the file (`CREATE TABLE AS SELECT * FROM read_parquet(…)`) and kernel-lib
 * loading the same rows as CSV (written once beside the Parquet file by DuckDB). Each contender
 * runs in a child process of its own, so its peak RSS is its own. `--before` adds the record path `load()`
 * used until the columnar reader (hyparquet rows as objects, then the record builders), for comparison.
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/parquet.ts [--before] [rows …]` (default 1M and 10M).
 * `bench/run.ts` calls {@link benchParquet}.
 */
import { existsSync } from 'node:fs';
import { measureInChild } from './child.js';
import { formatLoadRows } from './loadTable.js';
import { parquetOrders } from './sql.js';

/** Contenders of the Parquet load benchmark. */
export const PARQUET_CONTENDERS = [
  'kernel-lib',
  'duckdb-2',
  'kernel-lib csv',
  'kernel-lib record path',
] as const;
/** See {@link PARQUET_CONTENDERS}. */
export type ParquetContender = (typeof PARQUET_CONTENDERS)[number];

/** One measurement. */
export interface ParquetMeasurement {
  contender: ParquetContender;
  rows: number;
  /** Seconds spent loading; NaN when it failed. */
  seconds: number;
  /** Peak resident memory of the child process, MB. */
  peakMB: number;
  error?: string;
}

const TIMEOUT_MS = 900_000;

/** What a child prints. */
interface ChildResult {
  seconds: number;
  rows: number;
  peakMB: number;
}

async function one(contender: ParquetContender, file: string): Promise<ChildResult> {
  let rows: number;
  const t0 = performance.now();
  if (contender === 'kernel-lib') {
    const { load } = await import('../kernel-lib/src/io/load.js');
    rows = (await load(file, { table: 'orders' })).numRows();
  } else if (contender === 'kernel-lib csv') {
    const { load } = await import('../kernel-lib/src/io/load.js');
    rows = (await load(file, { table: 'orders' })).numRows();
  } else if (contender === 'kernel-lib record path') {
    rows = await recordPathLoad(file);
  } else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const con = await db.connect();
    await con.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
    const reader = await con.runAndReadAll('SELECT count(*)::INTEGER FROM t');
    rows = Number(reader.getRows()[0][0]);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, rows, peakMB: process.resourceUsage().maxRSS / 1024 };
}

/** The Parquet path of `load()` before it was columnar: every row an object, then the record builders. */
async function recordPathLoad(file: string): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const { parquetReadObjects } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const { buildFromValues, recordColumns } = await import('../kernel-lib/src/io/records.js');
  const { resolveLoadOptions } = await import('../kernel-lib/src/io/options.js');
  const { planColumns } = await import('../kernel-lib/src/io/mapping.js');
  const bytes = readFileSync(file);
  const rows = await parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    compressors,
  });
  const o = resolveLoadOptions({ table: 'orders' });
  const read = buildFromValues(recordColumns(rows, file), o, file, (headers, sample) =>
    planColumns(headers, sample, o, file),
  );
  return read.rows;
}

/** The rows of a Parquet file as CSV beside it (`….parquet.csv`, timestamps as `2015-01-01 00:00:00`), once. */
async function csvOf(parquet: string): Promise<string> {
  const csv = `${parquet}.csv`;
  if (existsSync(csv)) return csv;
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await db.connect();
  const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;
  await con.run(
    `COPY (SELECT * FROM read_parquet(${quote(parquet)})) TO ${quote(csv)} (FORMAT csv, HEADER, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S')`,
  );
  con.closeSync();
  return csv;
}

/**
 * Runs the Parquet load benchmark.
 * @param sizes rows of the generated files
 * @param contenders who runs (the record path takes minutes and GBs at 10M rows: opt in)
 * @returns one measurement per contender and size
 * @example formatParquetBench(await benchParquet([1_000_000]))
 */
export async function benchParquet(
  sizes: readonly number[] = [1_000_000, 10_000_000],
  contenders: readonly ParquetContender[] = ['kernel-lib', 'duckdb-2', 'kernel-lib csv'],
): Promise<ParquetMeasurement[]> {
  const out: ParquetMeasurement[] = [];
  for (const rows of sizes) {
    const file = await parquetOrders(rows);
    const csv = contenders.includes('kernel-lib csv') ? await csvOf(file) : file;
    for (const contender of contenders) {
      const input = contender === 'kernel-lib csv' ? csv : file;
      const r = measureInChild<ChildResult>(__filename, ['--one', contender, input], TIMEOUT_MS, 16_000);
      const error =
        'error' in r ? r.error : r.rows !== rows ? `loaded ${r.rows} rows, expected ${rows}` : undefined;
      const m: ParquetMeasurement =
        'error' in r || error
          ? { contender, rows, seconds: NaN, peakMB: NaN, error }
          : { contender, rows, seconds: r.seconds, peakMB: r.peakMB };
      console.error(
        `parquet ${rows} ${contender}: ${error ?? `${m.seconds.toFixed(2)} s, ${m.peakMB.toFixed(0)} MB`}`,
      );
      out.push(m);
    }
  }
  return out;
}

/**
 * A text table of the measurements with ratios to DuckDB (2 threads).
 * @example console.log(formatParquetBench(measurements))
 */
export function formatParquetBench(measurements: readonly ParquetMeasurement[]): string {
  return formatLoadRows(measurements, ['duckdb-2']);
}

if (require.main === module) {
  const oneAt = process.argv.indexOf('--one');
  if (oneAt >= 0) {
    one(process.argv[oneAt + 1] as ParquetContender, process.argv[oneAt + 2]).then(
      (r) => console.log(JSON.stringify(r)),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  } else {
    const sizes = process.argv
      .slice(2)
      .map(Number)
      .filter((n) => n > 0);
    const contenders: ParquetContender[] = process.argv.includes('--before')
      ? [...PARQUET_CONTENDERS]
      : ['kernel-lib', 'duckdb-2', 'kernel-lib csv'];
    benchParquet(sizes.length ? sizes : undefined, contenders).then((m) =>
      console.log(formatParquetBench(m)),
    );
  }
}
