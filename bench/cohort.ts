/**
 * Monthly cohort matrix benchmark: kernel-lib against DuckDB (2 threads and 1), idiomatic arquero and a plain
 * typed-array loop, on generated transactions with string user ids (`bench/gen.ts`). Every contender runs in
 * its own child process, so its peak memory (max RSS) is its own; times are measured inside the child.
 *
 * All compute the same matrix: each user's cohort is the UTC month of their first transaction; for every
 * cohort and month offset, the number of distinct users active. Contenders are cross-checked on a checksum
 * (Σ active, Σ active × offset, number of non-empty cells).
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/cohort.ts [rows…]` (default 1000000 10000000).
 */
import { measureInChild } from './child.js';
import { generateTransactions } from './gen.js';

/** One contender's measurement. */
export interface CohortBenchRow {
  contender: string;
  rows: number;
  /** Wall time in ms, load (or read_csv) included. */
  totalMs: number;
  /** Time of the cohort matrix alone, on a table already in memory: best of 3 (arquero: 1 run). */
  computeMs: number | null;
  /** Peak resident memory of the contender's process, MB. */
  peakMb: number;
  checksum: string;
  error?: string;
}

const CONTENDERS = ['kernel-lib', 'duckdb-2', 'duckdb-1', 'arquero', 'typed-loop'] as const;
type Contender = (typeof CONTENDERS)[number];

/** Per-contender time limit (idiomatic arquero at 10M rows is slow). */
const TIMEOUT_MS = 300_000;

/**
 * Runs every contender on `rows` generated transactions.
 * @example printCohortBench(await benchCohort(1_000_000));
 */
export async function benchCohort(
  rows: number,
  contenders: readonly Contender[] = CONTENDERS,
): Promise<CohortBenchRow[]> {
  const { csv } = await generateTransactions({ rows });
  const out: CohortBenchRow[] = [];
  for (const contender of contenders) {
    const result = measureInChild<Omit<CohortBenchRow, 'contender' | 'rows'>>(
      __filename,
      ['--one', contender, csv],
      TIMEOUT_MS,
    );
    out.push(
      'error' in result
        ? { contender, rows, totalMs: NaN, computeMs: null, peakMb: NaN, checksum: '', error: result.error }
        : { contender, rows, ...result },
    );
  }
  return out;
}

/** Prints the measurements with ratios against DuckDB 2 threads and arquero. */
export function printCohortBench(rows: CohortBenchRow[]): void {
  const fmt = (ms: number | null) => (ms === null || Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const duck2 = rows.find((r) => r.contender === 'duckdb-2');
  const arquero = rows.find((r) => r.contender === 'arquero');
  const ratio = (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || b === null || b === undefined || Number.isNaN(a) || Number.isNaN(b)
      ? '—'
      : (a / b).toFixed(2);
  console.log(
    `\nMonthly cohort matrix on ${rows[0]?.rows.toLocaleString('en')} transactions (string user ids)`,
  );
  console.log(
    [
      'contender',
      'total (load incl.)',
      'compute',
      'peak MB',
      'total × duck-2',
      'compute × duck-2',
      'arquero ×',
      'checksum',
    ]
      .map((h) => h.padEnd(18))
      .join(''),
  );
  for (const r of rows) {
    console.log(
      [
        r.contender,
        fmt(r.totalMs),
        fmt(r.computeMs),
        Number.isNaN(r.peakMb) ? '—' : r.peakMb.toFixed(0),
        ratio(r.totalMs, duck2?.totalMs),
        ratio(r.computeMs, duck2?.computeMs),
        `${ratio(arquero?.computeMs, r.computeMs)}×`,
        r.error ?? r.checksum,
      ]
        .map((c) => String(c).padEnd(18))
        .join(''),
    );
  }
  const mine = rows.find((r) => r.contender === 'kernel-lib');
  if (mine && duck2) {
    console.log(
      `kernel-lib / duckdb-2 compute: ${ratio(mine.computeMs, duck2.computeMs)} (target ≤ 0.3), total: ${ratio(mine.totalMs, duck2.totalMs)}; ` +
        `peak memory ${ratio(mine.peakMb, duck2.peakMb)}; arquero / kernel-lib compute: ${ratio(arquero?.computeMs, mine.computeMs)} (target ≥ 10)`,
    );
  }
}

// --- the contenders, each run in its own process ------------------------------------------------------

interface Measured {
  totalMs: number;
  computeMs: number | null;
  checksum: string;
  peakMb?: number;
}

/** Σ active, Σ active × offset and the number of non-empty cells: equal across contenders that agree. */
function checksumOf(cells: Iterable<{ offset: number; active: number }>): string {
  let active = 0;
  let weighted = 0;
  let nonEmpty = 0;
  for (const c of cells) {
    active += c.active;
    weighted += c.active * c.offset;
    if (c.active > 0) nonEmpty++;
  }
  return `${active}/${weighted}/${nonEmpty}`;
}

/** Compute times are the best of this many runs on the loaded table (the first one also warms the JIT). */
const REPEATS = 3;

/** The best of `first` and REPEATS − 1 more timed runs of `run`. */
function bestOf(first: number, run: () => unknown): number {
  let best = first;
  for (let k = 1; k < REPEATS; k++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

async function kernelLib(csv: string): Promise<Measured> {
  const { load } = await import('../kernel-lib/src/io/load.js');
  const { cohortMatrix } = await import('../kernel-lib/src/metrics/cohort/cohortMatrix.js');
  const start = performance.now();
  const orders = await load(csv, { table: 'orders' });
  // The generator's span ends on 2017-12-30; as of the 31st December is complete, so every contender counts
  // the same cells (as of the 30th kernel-lib would rightly leave December blank).
  const spec = { period: 'month' as const, asOf: '2017-12-31' };
  const t0 = performance.now();
  const result = cohortMatrix(orders, spec);
  const totalMs = performance.now() - start;
  const computeMs = bestOf(performance.now() - t0, () => cohortMatrix(orders, spec));
  const offsets = result.cells.array('offset') as number[];
  const active = result.cells.array('active') as number[];
  return {
    totalMs,
    computeMs,
    checksum: checksumOf(offsets.map((offset, i) => ({ offset, active: active[i] }))),
  };
}

/** The cohort matrix in SQL, as an analyst would write it, over `source` (a table or a read_csv call). */
function duckSql(source: string): string {
  return `
WITH um AS (SELECT DISTINCT user_id, date_trunc('month', ts) AS m FROM ${source}),
f AS (SELECT user_id, min(m) AS cohort FROM um GROUP BY user_id)
SELECT f.cohort, date_diff('month', f.cohort, um.m) AS offset, count(*) AS active
FROM um JOIN f USING (user_id) GROUP BY ALL`;
}

async function duckdb(csv: string, threads: number): Promise<Measured> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const readCsv = `read_csv('${csv}', header = true, columns = {'user_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DOUBLE'})`;
  const start = performance.now();
  const rows = (await connection.runAndReadAll(duckSql(readCsv))).getRowObjectsJS();
  const totalMs = performance.now() - start;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const cells = rows.map((r) => ({ offset: Number(r.offset), active: Number(r.active) }));
  await connection.run(`CREATE TABLE orders AS SELECT * FROM ${readCsv}`);
  let computeMs = Infinity;
  for (let k = 0; k < REPEATS; k++) {
    const t0 = performance.now();
    await connection.runAndReadAll(duckSql('orders'));
    computeMs = Math.min(computeMs, performance.now() - t0);
  }
  return { totalMs, computeMs, checksum: checksumOf(cells), peakMb };
}

async function arqueroIdiomatic(csv: string): Promise<Measured> {
  const aq = await import('arquero');
  const { op } = aq;
  const start = performance.now();
  const orders = await aq.loadCSV(csv, {
    parse: { ts: (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') },
  });
  const t0 = performance.now();
  const months = orders
    .derive({ m: (d: any) => op.utcyear(d.ts) * 12 + op.utcmonth(d.ts) })
    .select('user_id', 'm')
    .dedupe();
  const cohorts = months.groupby('user_id').rollup({ cohort: op.min('m') });
  const matrix = months
    .join(cohorts, 'user_id')
    .derive({ offset: (d: any) => d.m - d.cohort })
    .groupby('cohort', 'offset')
    .count({ as: 'active' });
  const computeMs = performance.now() - t0;
  return {
    totalMs: performance.now() - start,
    computeMs,
    checksum: checksumOf(matrix.objects() as { offset: number; active: number }[]),
  };
}

async function typedLoop(csv: string): Promise<Measured> {
  const { load } = await import('../kernel-lib/src/io/load.js');
  const { codesOf, timestampsOf } = await import('../kernel-lib/src/table/access.js');
  const start = performance.now();
  const orders = await load(csv, { table: 'orders' });
  const run = () => typedCohorts(codesOf(orders, 'user_id').codes, timestampsOf(orders, 'ts'));
  const t0 = performance.now();
  const { active, months } = run();
  const totalMs = performance.now() - start;
  const computeMs = bestOf(performance.now() - t0, run);
  const cells: { offset: number; active: number }[] = [];
  for (let c = 0; c < months; c++) {
    for (let o = 0; o < months; o++) cells.push({ offset: o, active: active[c * months + o] });
  }
  return { totalMs, computeMs, checksum: checksumOf(cells) };
}

/** The plain typed-array loop: the month of each UTC day from a lookup table, one byte per (user, month). */
function typedCohorts(codes: Int32Array, ts: Float64Array): { active: Int32Array; months: number } {
  const n = ts.length;
  const DAY = 86_400_000;
  let min = Infinity;
  let max = -Infinity;
  let size = 0;
  for (let i = 0; i < n; i++) {
    if (ts[i] < min) min = ts[i];
    if (ts[i] > max) max = ts[i];
    if (codes[i] >= size) size = codes[i] + 1;
  }
  const firstDay = Math.floor(min / DAY);
  const lastDay = Math.floor(max / DAY);
  const monthOfDay = new Int32Array(lastDay - firstDay + 1);
  for (let d = firstDay; d <= lastDay; d++) {
    const date = new Date(d * DAY);
    monthOfDay[d - firstDay] = date.getUTCFullYear() * 12 + date.getUTCMonth();
  }
  const base = monthOfDay[0];
  const months = monthOfDay[monthOfDay.length - 1] - base + 1;
  const month = new Int32Array(n);
  const cohort = new Int32Array(size).fill(months);
  for (let i = 0; i < n; i++) {
    const m = monthOfDay[Math.floor(ts[i] / DAY) - firstDay] - base;
    month[i] = m;
    if (m < cohort[codes[i]]) cohort[codes[i]] = m;
  }
  const seen = new Uint8Array(size * months);
  const active = new Int32Array(months * months);
  for (let i = 0; i < n; i++) {
    const u = codes[i];
    const k = u * months + month[i];
    if (seen[k] === 0) {
      seen[k] = 1;
      active[cohort[u] * months + month[i] - cohort[u]]++;
    }
  }
  return { active, months };
}

const RUN: Record<Contender, (csv: string) => Promise<Measured>> = {
  'kernel-lib': kernelLib,
  'duckdb-2': (csv) => duckdb(csv, 2),
  'duckdb-1': (csv) => duckdb(csv, 1),
  arquero: arqueroIdiomatic,
  'typed-loop': typedLoop,
};

async function runOne(
  contender: Contender,
  csv: string,
): Promise<Omit<CohortBenchRow, 'contender' | 'rows'>> {
  const m = await RUN[contender](csv);
  const peakMb = m.peakMb ?? process.resourceUsage().maxRSS / 1024;
  return { totalMs: m.totalMs, computeMs: m.computeMs, peakMb, checksum: m.checksum };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--one') {
    runOne(args[1] as Contender, args[2]).then((r) => console.log(JSON.stringify(r)));
  } else {
    const sizes = args.length ? args.map(Number) : [1_000_000, 10_000_000];
    (async () => {
      for (const rows of sizes) printCohortBench(await benchCohort(rows));
    })();
  }
}
