/**
 * CLV benchmark: the lifetimes-style summary and the BG/NBD fit on generated orders (`bench/gen.ts`: string
 * user ids, about N/10 users, two years), and the same summary on DuckDB (2 threads) over the Parquet copy,
 * in one run. kernel-lib is measured from its compiled build, in this process, after `load()` of the
 * Parquet file (timed apart); DuckDB reads the file in place, so its time includes reading.
 * The summary: purchases merged per day, durations in weeks, end = the last generated day
 * (2017-12-30), calibration to 2017-06-30. The fit runs on the summary's distinct (x, t_x, T) profiles.
 *
 * Usage: `flock /tmp/cpu.lock npx tsx bench/clv.ts [rows…]` (default 1000000 10000000).
 */
import { generateTransactions } from './gen.js';
import { ensureLibraryBuilt, library } from './peerTools.js';

/** One size's measurements (seconds). */
export interface ClvBenchRow {
  rows: number;
  customers: number;
  load: number;
  summary: number;
  fit: number;
  iterations: number;
  converged: boolean;
  duckdbSummary: number;
  /** Σ frequency in memory and on DuckDB (must agree). */
  check: string;
}

const SPEC = {
  timeUnit: 'day',
  durationUnit: 'week',
  end: '2017-12-30',
  calibrationEnd: '2017-06-30',
} as const;

/**
 * Runs the CLV benchmark on `rows` generated orders.
 * @example console.log(formatClvBench([await benchClv(1_000_000)]));
 */
export async function benchClv(rows: number): Promise<ClvBenchRow> {
  ensureLibraryBuilt();
  const lib = library();
  const files = await generateTransactions({ rows, parquet: true });
  const parquet = files.parquet!;
  let t = performance.now();
  const orders = await lib.load(parquet, { table: 'orders' });
  const load = (performance.now() - t) / 1000;
  t = performance.now();
  const summary = lib.clvSummary(orders, SPEC);
  const summaryTime = (performance.now() - t) / 1000;
  t = performance.now();
  const fit = lib.fitBgNbd(summary);
  const fitTime = (performance.now() - t) / 1000;
  const engine = await lib.duckdb({ threads: 2 });
  t = performance.now();
  const sql = await lib.clvSummarySql(engine, { file: parquet }, SPEC);
  const duckdbSummary = (performance.now() - t) / 1000;
  await engine.close();
  const sum = (s: typeof summary) =>
    (s.customers.array('frequency') as Float64Array).reduce((a, b) => a + b, 0);
  return {
    rows,
    customers: summary.counts.customers,
    load,
    summary: summaryTime,
    fit: fitTime,
    iterations: fit.iterations,
    converged: fit.converged,
    duckdbSummary,
    check: `${sum(summary)} / ${sum(sql)}`,
  };
}

/** The measurements as a markdown table. */
export function formatClvBench(rows: readonly ClvBenchRow[]): string {
  const head =
    '| rows | customers | load (s) | summary in memory (s) | summary DuckDB-2 (s) | memory / DuckDB | BG/NBD fit (s) | iterations | converged | Σx memory / DuckDB |\n' +
    '| ---- | --------- | -------- | --------------------- | -------------------- | --------------- | -------------- | ---------- | --------- | ------------------ |';
  const body = rows.map(
    (r) =>
      `| ${r.rows.toLocaleString('en')} | ${r.customers.toLocaleString('en')} | ${r.load.toFixed(2)} | ${r.summary.toFixed(2)} | ${r.duckdbSummary.toFixed(2)} | ${(r.summary / r.duckdbSummary).toFixed(2)}x | ${r.fit.toFixed(2)} | ${r.iterations} | ${r.converged} | ${r.check} |`,
  );
  return [head, ...body].join('\n');
}

if (require.main === module) {
  const sizes = process.argv.slice(2).map(Number);
  (async () => {
    const out: ClvBenchRow[] = [];
    for (const rows of sizes.length ? sizes : [1_000_000, 10_000_000]) {
      out.push(await benchClv(rows));
      console.log(formatClvBench(out.slice(-1)));
    }
    console.log(`\n## CLV summary and BG/NBD fit\n\n${formatClvBench(out)}`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
