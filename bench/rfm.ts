/**
 * RFM benchmark: kernel-lib against DuckDB (2 threads and 1), idiomatic arquero and a plain typed-array
 * loop, on generated transactions with string user ids (`bench/gen.ts`). Every contender runs in its own
 * child process, so its peak memory (max RSS) is its own; times are measured inside the child.
 *
 * All compute the same RFM: days since last purchase at the day after the last order, transactions,
 * sum; quantile scores 1–5 with ties at the lowest rank; high = score above the mean score; 8 segments.
 * DuckDB and kernel-lib are cross-checked on a checksum of scores and segment counts. kernel-lib is
 * measured as users run it, from its compiled build (rebuilt first when older than its sources).
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/rfm.ts [rows…]` (default 1000000 10000000).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureInChild } from './child.js';
import { generateTransactions } from './gen.js';

/** One contender's measurement. */
export interface RfmBenchRow {
  contender: string;
  rows: number;
  /** Wall time in ms, load (or read_csv) included. */
  totalMs: number;
  /** Time of the RFM computation alone, load excluded (null when not separable). */
  computeMs: number | null;
  /** Peak resident memory of the contender's process, MB. */
  peakMb: number;
  /** Sum of r + f + m scores and segment counts, to check contenders agree. */
  checksum: string;
  /** Set when the contender failed or ran out of time. */
  error?: string;
}

const CONTENDERS = ['kernel-lib', 'duckdb-2', 'duckdb-1', 'arquero', 'typed-loop'] as const;
type Contender = (typeof CONTENDERS)[number];

/** Per-contender time limit: idiomatic arquero at 10M rows may not finish in reasonable time. */
const TIMEOUT_MS = 300_000;

/**
 * Runs every contender on `rows` generated transactions and returns the measurements.
 * @example const rows = await benchRfm(1_000_000); printRfmBench(rows);
 */
export async function benchRfm(
  rows: number,
  contenders: readonly Contender[] = CONTENDERS,
): Promise<RfmBenchRow[]> {
  ensureLibraryBuilt();
  const { csv } = await generateTransactions({ rows });
  const out: RfmBenchRow[] = [];
  for (const contender of contenders) {
    const result = measureInChild<Omit<RfmBenchRow, 'contender' | 'rows'>>(
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
export function printRfmBench(rows: RfmBenchRow[]): void {
  const fmt = (ms: number | null) => (ms === null || Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
  const duck2 = rows.find((r) => r.contender === 'duckdb-2');
  const arquero = rows.find((r) => r.contender === 'arquero');
  console.log(`\nRFM on ${rows[0]?.rows.toLocaleString('en')} transactions (string user ids)`);
  console.log(
    [
      'contender',
      'total (load incl.)',
      'compute (load excl.)',
      'peak MB',
      '× duckdb-2',
      'arquero ×',
      'checksum',
    ]
      .map((h) => h.padEnd(20))
      .join(''),
  );
  for (const r of rows) {
    const vsDuck = duck2 && !Number.isNaN(duck2.totalMs) ? (r.totalMs / duck2.totalMs).toFixed(2) : '—';
    const mine = r.computeMs ?? r.totalMs;
    const arq = arquero?.computeMs ?? NaN;
    const vsArquero = Number.isNaN(arq) || Number.isNaN(mine) ? '—' : `${(arq / mine).toFixed(1)}×`;
    console.log(
      [
        r.contender,
        fmt(r.totalMs),
        fmt(r.computeMs),
        Number.isNaN(r.peakMb) ? '—' : r.peakMb.toFixed(0),
        vsDuck,
        vsArquero,
        r.error ?? r.checksum,
      ]
        .map((c) => String(c).padEnd(20))
        .join(''),
    );
  }
  const mine = rows.find((r) => r.contender === 'kernel-lib');
  if (mine && duck2) {
    console.log(
      `kernel-lib / duckdb-2 time: ${(mine.totalMs / duck2.totalMs).toFixed(2)} (target ≤ 0.7), ` +
        `peak memory ${(mine.peakMb / duck2.peakMb).toFixed(2)}; arquero / kernel-lib compute: ` +
        `${arquero?.computeMs && mine.computeMs ? (arquero.computeMs / mine.computeMs).toFixed(1) : '—'} (target ≥ 10)`,
    );
  }
}

// --- the library as users run it: the compiled build (tsx's per-import getters would slow hot loops)

const LIBRARY_SRC = resolve(__dirname, '../kernel-lib/src');
const LIBRARY_DIST = resolve(__dirname, '../kernel-lib/dist/index.js');

function library(): typeof import('../kernel-lib/src/index.js') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(LIBRARY_DIST);
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds kernel-lib when its build is missing or older than its sources. */
export function ensureLibraryBuilt(): void {
  let built = 0;
  try {
    built = statSync(LIBRARY_DIST).mtimeMs;
  } catch {
    built = 0;
  }
  if (built < newestSource(LIBRARY_SRC)) {
    console.log('building kernel-lib (its build is older than its sources)…');
    execFileSync('npm', ['run', 'build'], { cwd: resolve(__dirname, '..'), stdio: 'inherit' });
  }
}

// --- the contenders, each run in its own process ------------------------------------------------------

const DAY = 86_400_000;
interface Measured {
  /** From after the contender's modules are imported to its answer, load included. */
  totalMs: number;
  computeMs: number | null;
  checksum: string;
  /** Peak memory when it differs from the process's final max RSS (DuckDB also times a preloaded table). */
  peakMb?: number;
}

/** Segment counts in the fixed order and the sum of all scores: equal across contenders that agree. */
function checksumOf(segmentCounts: ArrayLike<number>, scoreSum: number): string {
  return `${Array.from(segmentCounts).join('/')} Σ${scoreSum}`;
}

async function kernelLib(csv: string): Promise<Measured> {
  const { load, rfm } = library();
  const start = performance.now();
  const orders = await load(csv, { table: 'orders' });
  const t0 = performance.now();
  const result = rfm(orders);
  const computeMs = performance.now() - t0;
  const totalMs = performance.now() - start;
  let sum = 0;
  for (const c of ['r', 'f', 'm']) for (const v of result.users.array(c) as Uint8Array) sum += v;
  return { totalMs, computeMs, checksum: checksumOf(result.segments.array('users') as number[], sum) };
}

/** The RFM in SQL, over `source` (a table name or a read_csv call). */
function duckSql(source: string): string {
  const score = (col: string, order: string) =>
    `1 + (5 * (rank() OVER (ORDER BY ${order}) - 1)) // count(*) OVER () AS ${col}`;
  const high = (col: string) => `${col} >= floor(avg(${col}) OVER ()) + 1 AS ${col}h`;
  return `
WITH per AS (SELECT user_id, max(ts) AS last_ts, count(*) AS frequency, sum(amount) AS monetary
             FROM ${source} GROUP BY user_id),
a AS (SELECT CAST(max(last_ts) AS DATE) + 1 AS d FROM per),
v AS (SELECT per.*, date_diff('day', CAST(last_ts AS DATE), a.d) AS recency FROM per, a),
s AS (SELECT *, ${score('r', 'recency DESC')}, ${score('f', 'frequency')}, ${score('m', 'monetary')} FROM v),
h AS (SELECT *, ${high('r')}, ${high('f')}, ${high('m')} FROM s)
SELECT (CASE WHEN mh THEN 0 ELSE 4 END) + (CASE WHEN rh THEN 0 ELSE 2 END) + (CASE WHEN fh THEN 0 ELSE 1 END) AS segment,
  count(*) AS users, sum(r + f + m) AS scores
FROM h GROUP BY ALL ORDER BY segment`;
}

async function duckdb(csv: string, threads: number): Promise<Measured> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const readCsv = `read_csv('${csv}', header = true, columns = {'user_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DOUBLE'})`;
  // Load included: one query straight over the CSV, as a user would write it.
  const start = performance.now();
  const rows = (await connection.runAndReadAll(duckSql(readCsv))).getRowObjectsJS();
  const totalMs = performance.now() - start;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const counts = new Array<number>(8).fill(0);
  let sum = 0;
  for (const r of rows) {
    counts[Number(r.segment)] = Number(r.users);
    sum += Number(r.scores);
  }
  // Load excluded: the same query on a table already in memory.
  await connection.run(`CREATE TABLE orders AS SELECT * FROM ${readCsv}`);
  const t0 = performance.now();
  await connection.runAndReadAll(duckSql('orders'));
  const computeMs = performance.now() - t0;
  return { totalMs, computeMs, checksum: checksumOf(counts, sum), peakMb };
}

async function arqueroIdiomatic(csv: string): Promise<Measured> {
  const aq = await import('arquero');
  const { op } = aq;
  const start = performance.now();
  const orders = await aq.loadCSV(csv, {
    parse: { ts: (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') },
  });
  const t0 = performance.now();
  const per = orders
    .groupby('user_id')
    .rollup({ last: op.max('ts'), frequency: op.count(), monetary: op.sum('amount') });
  const asOf = Math.floor((per.rollup({ x: op.max('last') }).get('x', 0) as number) / DAY) + 1;
  const n = per.numRows();
  const scored = per
    .params({ asOf, n, DAY })
    .derive({ recency: (d: any, $: any) => $.asOf - op.floor(d.last / $.DAY) })
    .orderby(aq.desc('recency'))
    .derive({ r: (_d: any, $: any) => 1 + op.floor((5 * (op.rank() - 1)) / $.n) })
    .orderby('frequency')
    .derive({ f: (_d: any, $: any) => 1 + op.floor((5 * (op.rank() - 1)) / $.n) })
    .orderby('monetary')
    .derive({ m: (_d: any, $: any) => 1 + op.floor((5 * (op.rank() - 1)) / $.n) })
    .unorder();
  // Sums, not op.mean: arquero's running mean of 1–5 scores lands just below a whole mean (2.99999…).
  const sums = scored.rollup({ r: op.sum('r'), f: op.sum('f'), m: op.sum('m') }).object() as Record<
    string,
    number
  >;
  const means = { r: sums.r / n, f: sums.f / n, m: sums.m / n };
  const segments = scored
    .params({
      rHigh: Math.floor(means.r) + 1,
      fHigh: Math.floor(means.f) + 1,
      mHigh: Math.floor(means.m) + 1,
    })
    .derive({
      segment: (d: any, $: any) =>
        (d.m >= $.mHigh ? 0 : 4) + (d.r >= $.rHigh ? 0 : 2) + (d.f >= $.fHigh ? 0 : 1),
    })
    .derive({ rfm: (d: any) => d.r + d.f + d.m })
    .groupby('segment')
    .rollup({ users: op.count(), scores: op.sum('rfm') })
    .orderby('segment');
  const computeMs = performance.now() - t0;
  const counts = new Array<number>(8).fill(0);
  let sum = 0;
  for (const r of segments.objects() as any[]) {
    counts[r.segment] = r.users;
    sum += r.scores;
  }
  return { totalMs: performance.now() - start, computeMs, checksum: checksumOf(counts, sum) };
}

async function typedLoop(csv: string): Promise<Measured> {
  const { load, codesOf, numbersOf, timestampsOf } = library();
  const start = performance.now();
  const orders = await load(csv, { table: 'orders' });
  const t0 = performance.now();
  const users = codesOf(orders, 'user_id');
  const ts = timestampsOf(orders, 'ts');
  const amount = numbersOf(orders, 'amount');
  const n = users.dictionary.size;
  const last = new Float64Array(n).fill(-Infinity);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < ts.length; i++) {
    const u = users.codes[i];
    const t = ts[i];
    if (t > last[u]) last[u] = t;
    if (t > max) max = t;
    frequency[u]++;
    monetary[u] += amount[i];
  }
  const asOf = Math.floor(max / DAY) + 1;
  const goodRecency = new Float64Array(n);
  for (let u = 0; u < n; u++) goodRecency[u] = -(asOf - Math.floor(last[u] / DAY));
  const scores = [goodRecency, frequency, monetary].map((values) => {
    const sorted = values.slice().sort();
    const out = new Uint8Array(n);
    for (let u = 0; u < n; u++) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < values[u]) lo = mid + 1;
        else hi = mid;
      }
      out[u] = 1 + Math.floor((5 * lo) / n);
    }
    return out;
  });
  const highFrom = scores.map((s) => Math.floor(s.reduce((a, b) => a + b, 0) / n) + 1);
  const counts = new Array<number>(8).fill(0);
  let sum = 0;
  for (let u = 0; u < n; u++) {
    const [r, f, m] = [scores[0][u], scores[1][u], scores[2][u]];
    counts[(m >= highFrom[2] ? 0 : 4) + (r >= highFrom[0] ? 0 : 2) + (f >= highFrom[1] ? 0 : 1)]++;
    sum += r + f + m;
  }
  const end = performance.now();
  return { totalMs: end - start, computeMs: end - t0, checksum: checksumOf(counts, sum) };
}

const RUN: Record<Contender, (csv: string) => Promise<Measured>> = {
  'kernel-lib': kernelLib,
  'duckdb-2': (csv) => duckdb(csv, 2),
  'duckdb-1': (csv) => duckdb(csv, 1),
  arquero: arqueroIdiomatic,
  'typed-loop': typedLoop,
};

async function runOne(contender: Contender, csv: string): Promise<Omit<RfmBenchRow, 'contender' | 'rows'>> {
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
      for (const rows of sizes) printRfmBench(await benchRfm(rows));
    })();
  }
}
