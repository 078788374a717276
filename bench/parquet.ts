/**
 * Parquet load benchmark: time and peak memory to load 1M and 10M generated orders from Parquet (string user
 * ids, DuckDB's `TIMESTAMP`, DOUBLE amounts; the files of `bench/sql.ts`), kernel-lib `load()` against DuckDB
 * with 2 threads materialising the file (`CREATE TABLE AS SELECT * FROM read_parquet(…)`) and kernel-lib
 * loading the same rows as CSV (written once beside the Parquet file by DuckDB). Each contender
 * runs in a child process of its own, so its peak RSS is its own; each is best of 3. A 2M-row file with a
 * string order id per row as well (as real exports have) is measured beside them. `--before` adds the record path `load()`
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
  orderIdSizes: readonly number[] = [2_000_000],
  repeat = 3,
): Promise<ParquetMeasurement[]> {
  const out: ParquetMeasurement[] = [];
  const files = [
    ...sizes.map((rows) => ({ rows, orderIds: false })),
    ...orderIdSizes.map((rows) => ({ rows, orderIds: true })),
  ];
  for (const { rows, orderIds } of files) {
    const file = await parquetOrders(rows, orderIds);
    const csv = contenders.includes('kernel-lib csv') && !orderIds ? await csvOf(file) : undefined;
    // Best of `repeat`, the contenders taking turns, so a busy moment of a shared machine hits them alike.
    const best = new Map<ParquetContender, ParquetMeasurement>();
    for (let r = 0; r < repeat; r++) {
      for (const contender of contenders) {
        if (contender === 'kernel-lib csv' && !csv) continue;
        const input = contender === 'kernel-lib csv' ? csv! : file;
        const m = measureOne(contender, input, rows);
        const label = `${rows}${orderIds ? ' with order ids' : ''}`;
        console.error(
          `parquet ${label} ${contender}: ${m.error ?? `${m.seconds.toFixed(2)} s, ${m.peakMB.toFixed(0)} MB`}`,
        );
        const kept = best.get(contender);
        if (!kept || kept.error || (!m.error && m.seconds < kept.seconds)) best.set(contender, m);
      }
    }
    out.push(...best.values());
  }
  return out;
}

function measureOne(contender: ParquetContender, input: string, rows: number): ParquetMeasurement {
  const r = measureInChild<ChildResult>(__filename, ['--one', contender, input], TIMEOUT_MS, 16_000);
  const error =
    'error' in r ? r.error : r.rows !== rows ? `loaded ${r.rows} rows, expected ${rows}` : undefined;
  return 'error' in r || error
    ? { contender, rows, seconds: NaN, peakMB: NaN, error }
    : { contender, rows, seconds: r.seconds, peakMB: r.peakMB };
}

/**
 * A text table of the measurements with ratios to DuckDB (2 threads).
 * @example console.log(formatParquetBench(measurements))
 */
export function formatParquetBench(measurements: readonly ParquetMeasurement[]): string {
  const lines = ['', '', '| rows | target | measured | met |', '| ---: | --- | ---: | --- |'];
  const rows = [...new Set(measurements.map((m) => m.rows))];
  for (const n of rows) {
    const of = (c: ParquetContender) => measurements.find((m) => m.rows === n && m.contender === c);
    const [mine, duck] = [of('kernel-lib'), of('duckdb-2')];
    const ratio = mine && duck && !mine.error && !duck.error ? mine.seconds / duck.seconds : NaN;
    const peak = mine && duck && !mine.error && !duck.error ? mine.peakMB / duck.peakMB : NaN;
    const verdict = (r: number, limit: number) =>
      Number.isFinite(r) ? (r <= limit ? 'yes' : 'NO') : 'not measured';
    const shown = (r: number) => (Number.isFinite(r) ? r.toFixed(2) : '—');
    lines.push(
      `| ${n.toLocaleString('en')} | Parquet load ≤ 1.0× duckdb-2 (issue 20) | ${shown(ratio)} | ${verdict(ratio, 1)} |`,
      `| ${n.toLocaleString('en')} | Parquet load peak memory ≤ 0.5× duckdb-2 (issue 20) | ${shown(peak)} | ${verdict(peak, 0.5)} |`,
    );
  }
  return (
    `Best of 3 per contender (taking turns). The ${ORDER_ID_NOTE}.\n\n` +
    formatLoadRows(measurements, ['duckdb-2']) +
    lines.join('\n')
  );
}

/** Which file the 2M rows are. */
const ORDER_ID_NOTE = '2,000,000-row file also has a distinct string order id per row (`o0000000042`)';

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
