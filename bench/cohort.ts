/**
 * Monthly cohort matrix benchmark: kernel-lib against DuckDB (2 threads and 1), idiomatic arquero, idiomatic
 * danfojs and a plain typed-array loop, on generated transactions with string user ids (`bench/gen.ts`).
 * Every contender runs in its own child process, so its peak memory (max RSS) is its own; times are measured
 * inside the child.
 *
 * All compute the same matrix: each user's cohort is the UTC month of their first transaction; for every
 * cohort and month offset, the number of distinct users active. Contenders are cross-checked on a checksum
 * (Σ active, Σ active × offset, number of non-empty cells); kernel-lib and danfojs also report their user
 * count (the month-0 column).
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/cohort.ts [rows…]` (default 1000000 10000000).
 */
import { danfo, readCsvWithDanfo } from './danfo.js';
import {
  benchMetric,
  contenderMain,
  contenderRuns,
  CONTENDERS,
  formatBench,
  type BenchRow,
  type Contender,
  type Measured,
} from './harness.js';
import { arqueroLoadCsv, duckTimed, library } from './peerTools.js';

/**
 * Runs the contenders on `rows` generated transactions. Compute times are the best of 3 runs on the loaded
 * table (arquero and danfojs: 1 run).
 * @example console.log(formatBench(await benchCohort(1_000_000), 'Monthly cohort matrix'));
 */
export function benchCohort(
  rows: number,
  contenders: readonly Contender[] = CONTENDERS,
): Promise<BenchRow[]> {
  return benchMetric(__filename, rows, contenders);
}

// --- the contenders, each run in its own process ------------------------------------------------------

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
  const { load, cohortMatrix } = library();
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
  let users = 0;
  offsets.forEach((offset, i) => (users += offset === 0 ? active[i] : 0));
  return {
    totalMs,
    computeMs,
    checksum: checksumOf(offsets.map((offset, i) => ({ offset, active: active[i] }))),
    users,
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
  const { rows, totalMs, computeMs, peakMb } = await duckTimed(csv, threads, duckSql, REPEATS);
  const cells = rows.map((r) => ({ offset: Number(r.offset), active: Number(r.active) }));
  return { totalMs, computeMs, checksum: checksumOf(cells), peakMb };
}

async function arqueroIdiomatic(csv: string): Promise<Measured> {
  const aq = await import('arquero');
  const { op } = aq;
  const start = performance.now();
  const orders = await arqueroLoadCsv(csv);
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

/**
 * The cohort matrix as a danfojs user writes it, after the usual pandas recipe: `readCSV`, a month column
 * mapped from the timestamp strings, each user's first month by `groupby(...).agg({ month: 'min' })` merged
 * back onto the orders, and the distinct users per (cohort, offset) by `groupby(...).apply(... nUnique())`
 * (danfojs's `agg` has no `nunique`).
 */
async function danfojs(csv: string): Promise<Measured> {
  const dfd = danfo();
  const start = performance.now();
  const orders = await readCsvWithDanfo(dfd, csv);
  const t0 = performance.now();
  // "2017-03-01 10:00:00": year * 12 + month, from the text (UTC, as the generator writes it).
  const month = orders
    .column('ts')
    .map((s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7)) - 1);
  orders.addColumn('month', month, { inplace: true });
  const cohorts = orders.groupby(['user_id']).agg({ month: 'min' });
  const cells = dfd.merge({ left: orders, right: cohorts, on: ['user_id'], how: 'inner' });
  cells.addColumn('offset', cells.column('month').sub(cells.column('month_min')), { inplace: true });
  const matrix = cells
    .groupby(['month_min', 'offset'])
    .apply((group) => new dfd.Series([group.column('user_id').nUnique()]));
  const computeMs = performance.now() - t0;
  // apply() names the group columns `<name>_Group` and a one-value result `applyOps`.
  const offsets = matrix.column('offset_Group').values as number[];
  const counts = matrix.column('applyOps').values as number[];
  return {
    totalMs: performance.now() - start,
    computeMs,
    checksum: checksumOf(offsets.map((offset, i) => ({ offset, active: counts[i] }))),
    users: cohorts.shape[0],
  };
}

async function typedLoop(csv: string): Promise<Measured> {
  const { load, codesOf, timestampsOf } = library();
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

const RUN = contenderRuns({ kernelLib, duckdb, arquero: arqueroIdiomatic, danfojs, typedLoop });

contenderMain(module, RUN, async (rows) => formatBench(await benchCohort(rows), 'Monthly cohort matrix'));
