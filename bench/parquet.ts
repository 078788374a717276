/**
 * Parquet load benchmark: time and peak memory to load 1M and 10M generated orders from Parquet (string user
 * ids, DuckDB's `TIMESTAMP`, DOUBLE amounts; the files of `bench/sql.ts`), kernel-lib `load()` (the built
 * `kernel-lib/dist`, as notebooks run it) against DuckDB with 2 threads materialising the file
 * (`CREATE TABLE AS SELECT * FROM read_parquet(…)`), beside kernel-lib reading row groups on two threads
 * (`FUPAN_PARQUET_THREADS=2`), DuckDB handing its columns over to JS (the candidate "DuckDB reads the file,
 * kernel-lib builds the table": ids interned from DuckDB's strings, times and amounts from its vectors) and
 * kernel-lib loading the same rows as CSV (written once beside the Parquet file by DuckDB). Each contender
 * runs in a child process of its own, so its peak RSS is its own; each is best of 3, the contenders taking
 * turns. Times start once the library is imported (a notebook imports it once; DuckDB's instance is created
 * inside the time). A 2M-row file with a string order id per row as well (as real exports have) is measured
 * beside them. For the largest file the report says where kernel-lib's bytes go: each column's typed array,
 * the dictionary and other buffers, the V8 heap. `--before` adds the record path `load()` used until the
 * columnar reader (hyparquet rows as objects, then the record builders), for comparison.
 *
 * Usage: `npm run build -w @fupan/kernel-lib && flock /tmp/cpu.lock tsx bench/parquet.ts [--before] [rows …]`
 * (default 1M and 10M). `bench/run.ts` calls {@link benchParquet}.
 */
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { measureInChild } from './child.js';
import { formatLoadRows } from './loadTable.js';
import { parquetOrders } from './sql.js';

/** Contenders of the Parquet load benchmark. */
export const PARQUET_CONTENDERS = [
  'kernel-lib',
  'kernel-lib 2 threads',
  'duckdb-2',
  'duckdb-2 → js columns',
  'kernel-lib csv',
  'kernel-lib record path',
] as const;

/** Who runs by default (the record path takes minutes and GBs at 10M rows: opt in). */
const DEFAULT_CONTENDERS: ParquetContender[] = [
  'kernel-lib',
  'kernel-lib 2 threads',
  'duckdb-2',
  'duckdb-2 → js columns',
  'kernel-lib csv',
];
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
  /** Where kernel-lib's bytes are once loaded (kernel-lib contenders). */
  memory?: MemoryBreakdown;
  error?: string;
}

/** Bytes of a loaded table and of the process that holds it, MB. */
export interface MemoryBreakdown {
  /** Each column's typed array (codes, ms, numbers), by name; plain arrays as their V8 heap share is unknown. */
  columns: Record<string, number>;
  /** ArrayBuffers beyond the columns: the dictionary's bytes arena and hash table, buffers not yet freed. */
  otherBuffers: number;
  /** V8 heap in use (strings, plain arrays, objects) and the process's resident memory, after a GC. */
  heapUsed: number;
  rss: number;
}

const TIMEOUT_MS = 900_000;

/** What a child prints. */
interface ChildResult {
  seconds: number;
  rows: number;
  peakMB: number;
  memory?: MemoryBreakdown;
}

async function one(contender: ParquetContender, file: string): Promise<ChildResult> {
  let rows: number;
  let memory: MemoryBreakdown | undefined;
  if (contender === 'kernel-lib' || contender === 'kernel-lib 2 threads' || contender === 'kernel-lib csv') {
    if (contender === 'kernel-lib 2 threads') process.env.FUPAN_PARQUET_THREADS = '2';
    const { load } = await import('../kernel-lib/dist/index.js');
    const t0 = performance.now();
    const table = await load(file, { table: 'orders' });
    const seconds = (performance.now() - t0) / 1000;
    const peakMB = process.resourceUsage().maxRSS / 1024;
    return { seconds, rows: table.numRows(), peakMB, memory: breakdown(table) };
  }
  const t0 = performance.now();
  if (contender === 'kernel-lib record path') rows = await recordPathLoad(file);
  else if (contender === 'duckdb-2 → js columns') rows = await duckdbColumns(file);
  else {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const con = await db.connect();
    await con.run(`CREATE TABLE t AS SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
    const reader = await con.runAndReadAll('SELECT count(*)::INTEGER FROM t');
    rows = Number(reader.getRows()[0][0]);
  }
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, rows, peakMB: process.resourceUsage().maxRSS / 1024, memory };
}

/** Where a loaded table's bytes are (see {@link MemoryBreakdown}), after a full GC when exposed. */
function breakdown(table: { columnNames(): string[]; column(name: string): unknown }): MemoryBreakdown {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const mb = (n: number) => n / 2 ** 20;
  const columns: Record<string, number> = {};
  let typed = 0;
  for (const name of table.columnNames()) {
    const c = table.column(name) as { codes?: Int32Array; ms?: Float64Array } | ArrayBufferView | unknown[];
    const view = ArrayBuffer.isView(c)
      ? c
      : ((c as { codes?: Int32Array }).codes ?? (c as { ms?: Float64Array }).ms);
    if (view) {
      columns[name] = mb(view.byteLength);
      typed += view.buffer.byteLength;
    } else columns[name] = NaN;
  }
  const use = process.memoryUsage();
  return {
    columns,
    otherBuffers: mb(use.arrayBuffers - typed),
    heapUsed: mb(use.heapUsed),
    rss: mb(use.rss),
  };
}

/**
 * The candidate "DuckDB reads the Parquet file, kernel-lib makes the table": DuckDB (2 threads) decodes
 * the file and hands each 2,048-row chunk over as JS values; ids are interned into a `Dictionary` from
 * DuckDB's strings, times (`epoch_ms`) and amounts copied into Float64Arrays. The node API has no Arrow
 * export, so the strings cross as JS strings.
 */
async function duckdbColumns(file: string): Promise<number> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const { Dictionary } = await import('../kernel-lib/dist/index.js');
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await db.connect();
  const path = file.replace(/'/g, "''");
  const count = await con.runAndReadAll(`SELECT count(*)::INTEGER FROM read_parquet('${path}')`);
  const rows = Number(count.getRows()[0][0]);
  const codes = new Int32Array(rows);
  const ms = new Float64Array(rows);
  const amount = new Float64Array(rows);
  const dictionary = new Dictionary();
  const result = await con.stream(
    `SELECT user_id, epoch_ms(ts)::DOUBLE AS ts, amount FROM read_parquet('${path}')`,
  );
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const [ids, times, amounts] = [0, 1, 2].map((j) => chunk.getColumnValues(j));
    for (let i = 0; i < chunk.rowCount; i++, n++) {
      const id = ids[i];
      codes[n] = typeof id === 'string' ? dictionary.encode(id) : -1;
      ms[n] = times[i] === null ? NaN : (times[i] as number);
      amount[n] = amounts[i] === null ? NaN : (amounts[i] as number);
    }
  }
  return n;
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
  contenders: readonly ParquetContender[] = DEFAULT_CONTENDERS,
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
    : { contender, rows, seconds: r.seconds, peakMB: r.peakMB, memory: r.memory };
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
    formatLoadRows(measurements, ['duckdb-2', 'kernel-lib']) +
    lines.join('\n') +
    formatMemory(measurements)
  );
}

/** Where kernel-lib's bytes go for the largest file, per kernel-lib contender (see {@link MemoryBreakdown}). */
function formatMemory(measurements: readonly ParquetMeasurement[]): string {
  const withMemory = measurements.filter((m) => m.memory);
  if (!withMemory.length) return '';
  const rows = withMemory.reduce((most, m) => Math.max(most, m.rows), 0);
  const lines = [
    '',
    '',
    `Where the bytes go at ${rows.toLocaleString('en')} rows (MB, after the load; peak RSS is the table's above):`,
    '',
    '| contender | columns | other buffers (dictionary, …) | V8 heap used | RSS after | peak RSS |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  ];
  const mb = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : 'JS array');
  for (const m of withMemory.filter((x) => x.rows === rows)) {
    const b = m.memory!;
    const columns = Object.entries(b.columns)
      .map(([name, n]) => `${name} ${mb(n)}`)
      .join(', ');
    lines.push(
      `| ${m.contender} | ${columns} | ${mb(b.otherBuffers)} | ${mb(b.heapUsed)} | ${mb(b.rss)} | ${mb(m.peakMB)} |`,
    );
  }
  return lines.join('\n');
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
      : DEFAULT_CONTENDERS;
    benchParquet(sizes.length ? sizes : undefined, contenders).then((m) =>
      console.log(formatParquetBench(m)),
    );
  }
}
