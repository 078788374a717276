/**
 * RFM benchmark: kernel-lib against DuckDB (2 threads and 1), idiomatic arquero, idiomatic danfojs and a plain
 * typed-array loop, on generated transactions with string user ids (`bench/gen.ts`). Every contender runs in
 * its own child process, so its peak memory (max RSS) is its own; times are measured inside the child.
 *
 * All compute the same RFM: days since last purchase at the day after the last order, transactions,
 * sum; quantile scores 1–5 with ties at the lowest rank; high = score above the mean score; 8 segments.
 * Money is summed exactly where the contender allows it (DuckDB as DECIMAL, the typed loop in whole cents,
 * kernel-lib always): sums of doubles depend on their order, break ties between equal totals and can move a
 * user across a quintile, so idiomatic arquero and danfojs may differ from the others by a user's score.
 * Contenders are cross-checked on a checksum of segment counts and scores; kernel-lib and danfojs also report
 * their user count and total money. kernel-lib is measured as users run it, from its compiled build (rebuilt
 * first when older than its sources).
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/rfm.ts [rows…]` (default 1000000 10000000).
 */
import { danfo, readCsvWithDanfo, type DanfoFrame } from './danfo.js';
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
 * Runs the contenders on `rows` generated transactions and returns the measurements.
 * @example console.log(formatBench(await benchRfm(1_000_000), 'RFM'));
 */
export function benchRfm(rows: number, contenders: readonly Contender[] = CONTENDERS): Promise<BenchRow[]> {
  return benchMetric(__filename, rows, contenders);
}

// --- the contenders, each run in its own process ------------------------------------------------------

const DAY = 86_400_000;

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
  let money = 0;
  for (const v of result.users.array('monetary') as Float64Array) money += v;
  return {
    totalMs,
    computeMs,
    checksum: checksumOf(result.segments.array('users') as number[], sum),
    users: result.users.numRows(),
    money,
  };
}

/** The RFM in SQL, over `source` (a table name or a read_csv call). */
function duckSql(source: string): string {
  const score = (col: string, order: string) =>
    `1 + (5 * (rank() OVER (ORDER BY ${order}) - 1)) // count(*) OVER () AS ${col}`;
  const high = (col: string) => `${col} >= floor(avg(${col}) OVER ()) + 1 AS ${col}h`;
  // Money summed as DECIMAL, exact as kernel-lib's sums: a sum of DOUBLEs depends on the order of its
  // terms (2 threads: on the run), so users with equal totals in cents can differ in the last bit, stop
  // being a tie and move a quintile (8706179 against 8706178 at 10M rows: one user's M was 5, not 4).
  return `
WITH per AS (SELECT user_id, max(ts) AS last_ts, count(*) AS frequency,
               sum(CAST(amount AS DECIMAL(18, 2))) AS monetary
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
  const { rows, totalMs, computeMs, peakMb } = await duckTimed(csv, threads, duckSql, 1);
  const counts = new Array<number>(8).fill(0);
  let sum = 0;
  for (const r of rows) {
    counts[Number(r.segment)] = Number(r.users);
    sum += Number(r.scores);
  }
  return { totalMs, computeMs, checksum: checksumOf(counts, sum), peakMb };
}

async function arqueroIdiomatic(csv: string): Promise<Measured> {
  const aq = await import('arquero');
  const { op } = aq;
  const start = performance.now();
  const orders = await arqueroLoadCsv(csv);
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

/**
 * RFM as a danfojs user writes it: `readCSV`, a day column mapped from the timestamp strings, one
 * `groupby(...).agg(...)` per user, and each score from the counts of equal values (ties take the lowest
 * rank: the users with a strictly lower value, a cumulative sum) merged back onto the users.
 */
async function danfojs(csv: string): Promise<Measured> {
  const dfd = danfo();
  const start = performance.now();
  const orders = await readCsvWithDanfo(dfd, csv);
  const t0 = performance.now();
  const day = orders.column('ts').map((s: string) => Math.floor(Date.parse(s.replace(' ', 'T') + 'Z') / DAY));
  orders.addColumn('day', day, { inplace: true });
  let users = orders.groupby(['user_id']).agg({ day: 'max', amount: ['count', 'sum'] });
  const asOf = users.column('day_max').max() + 1;
  users.addColumn('recency', users.column('day_max').mul(-1).add(asOf), { inplace: true });
  const n = users.shape[0];
  const scored = (frame: DanfoFrame, column: string, ascending: boolean, score: string): DanfoFrame => {
    const counts = frame.groupby([column]).agg({ user_id: 'count' }).sortValues(column, { ascending });
    const below = counts.column('user_id_count').cumSum().sub(counts.column('user_id_count'));
    counts.addColumn(score, below.mul(5).div(n).apply(Math.floor).add(1), { inplace: true });
    return dfd.merge({
      left: frame,
      right: counts.loc({ columns: [column, score] }),
      on: [column],
      how: 'left',
    });
  };
  // A lower recency is better, so it ranks in descending order.
  users = scored(users, 'recency', false, 'r');
  users = scored(users, 'amount_count', true, 'f');
  users = scored(users, 'amount_sum', true, 'm');
  const low = (score: string) => users.column(score).lt(Math.floor(users.column(score).mean()) + 1);
  users.addColumn('segment', low('m').mul(4).add(low('r').mul(2)).add(low('f').mul(1)), { inplace: true });
  users.addColumn('rfm', users.column('r').add(users.column('f')).add(users.column('m')), { inplace: true });
  const segments = users.groupby(['segment']).agg({ user_id: 'count', rfm: 'sum' });
  const computeMs = performance.now() - t0;
  const counts = new Array<number>(8).fill(0);
  const segment = segments.column('segment').values as number[];
  const segmentUsers = segments.column('user_id_count').values as number[];
  for (let i = 0; i < segment.length; i++) counts[segment[i]] = segmentUsers[i];
  return {
    totalMs: performance.now() - start,
    computeMs,
    checksum: checksumOf(counts, segments.column('rfm_sum').sum()),
    users: n,
    money: users.column('amount_sum').sum(),
  };
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
    monetary[u] += Math.round(amount[i] * 100); // whole cents: exact, so equal totals tie (as in kernel-lib)
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

const RUN = contenderRuns({ kernelLib, duckdb, arquero: arqueroIdiomatic, danfojs, typedLoop });

contenderMain(module, RUN, async (rows) => formatBench(await benchRfm(rows), 'RFM'));
