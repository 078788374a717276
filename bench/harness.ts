/**
 * What the metric benchmarks (`bench/rfm.ts`, `bench/cohort.ts`) share: one row per contender, every
 * contender measured in a child process of its own (so its peak memory is its own), the `--one` entry point
 * those children run, and one markdown table with the ratios against DuckDB (2 threads) and arquero.
 */
import { measureInChild } from './child.js';
import { ensurePeersInstalled } from './danfo.js';
import { generateTransactions } from './gen.js';
import { ensureLibraryBuilt } from './peerTools.js';

/** The contenders of the metric benchmarks, in the order they run. */
export const CONTENDERS = ['kernel-lib', 'duckdb-2', 'duckdb-1', 'arquero', 'danfojs', 'typed-loop'] as const;
/** See {@link CONTENDERS}. */
export type Contender = (typeof CONTENDERS)[number];

/** Per-contender time limit: idiomatic arquero and danfojs on 10M rows may not finish in reasonable time. */
const TIMEOUT_MS = 300_000;

/** One contender's measurement of one metric on one data size. */
export interface BenchRow {
  contender: string;
  rows: number;
  /** Wall time in ms from after the contender's modules are imported to its answer, load (or read_csv) included. */
  totalMs: number;
  /** Time of the metric alone on a table already in memory (null when not separable). */
  computeMs: number | null;
  /** Peak resident memory of the contender's process, MB. */
  peakMb: number;
  /** A digest of the answer: equal across contenders that computed the same thing. */
  checksum: string;
  /** Distinct users the contender counted, for the sanity check across contenders (when it reports it). */
  users?: number;
  /** Total money the contender summed, for the same check (when it reports it). */
  money?: number;
  /** Set when the contender failed, ran out of memory or out of time. */
  error?: string;
}

/** What a contender's child process measures and prints. */
export interface Measured {
  totalMs: number;
  computeMs: number | null;
  checksum: string;
  /** Peak memory when it differs from the process's final max RSS (DuckDB also times a preloaded table). */
  peakMb?: number;
  users?: number;
  money?: number;
}

/** One contender: reads the CSV at the given path and measures itself. */
export type ContenderRun = (csv: string) => Promise<Measured>;

/** One metric written for each contender. */
export interface MetricImplementations {
  kernelLib: ContenderRun;
  duckdb: (csv: string, threads: number) => Promise<Measured>;
  arquero: ContenderRun;
  danfojs: ContenderRun;
  typedLoop: ContenderRun;
}

/** The contenders' runs of one metric, by contender name. */
export function contenderRuns(m: MetricImplementations): Record<Contender, ContenderRun> {
  return {
    'kernel-lib': m.kernelLib,
    'duckdb-2': (csv) => m.duckdb(csv, 2),
    'duckdb-1': (csv) => m.duckdb(csv, 1),
    arquero: m.arquero,
    danfojs: m.danfojs,
    'typed-loop': m.typedLoop,
  };
}

/** The row of a contender that has no measurement, and why. */
export function failedRow(contender: string, rows: number, error: string): BenchRow {
  return { contender, rows, totalMs: NaN, computeMs: null, peakMb: NaN, checksum: '', error };
}

/**
 * Measures one metric: builds kernel-lib if stale, installs the peers if danfojs runs, generates the
 * transactions once and runs each contender of `script` on them.
 * @example const rows = await benchMetric(__filename, 1_000_000, CONTENDERS);
 */
export async function benchMetric(
  script: string,
  rows: number,
  contenders: readonly Contender[],
): Promise<BenchRow[]> {
  ensureLibraryBuilt();
  if (contenders.includes('danfojs')) ensurePeersInstalled();
  const { csv } = await generateTransactions({ rows });
  return runContenders(script, csv, rows, contenders, TIMEOUT_MS);
}

/**
 * Runs each contender of `script` on `csv` in its own child process and collects the rows; a contender that
 * fails or exceeds `timeoutMs` stays in the list with its reason ("did not finish in N s", out of memory).
 * @param script the benchmark module (`__filename`), which must call {@link contenderMain}
 * @example const rows = await runContenders(__filename, csv, 1_000_000, ['kernel-lib', 'duckdb-2'], 300_000);
 */
export function runContenders(
  script: string,
  csv: string,
  rows: number,
  contenders: readonly string[],
  timeoutMs: number,
): BenchRow[] {
  return contenders.map((contender) => {
    const result = measureInChild<Measured>(script, ['--one', contender, csv], timeoutMs);
    if ('error' in result) {
      return {
        contender,
        rows,
        totalMs: NaN,
        computeMs: null,
        peakMb: NaN,
        checksum: '',
        error: result.error,
      };
    }
    const { peakMb, ...rest } = result;
    return { contender, rows, ...rest, peakMb: peakMb ?? NaN };
  });
}

/**
 * The entry point of a benchmark module: with `--one <contender> <csv>` (in a child) it runs that contender
 * and prints its measurement as JSON; otherwise it runs the whole benchmark for the sizes given (default 1M
 * and 10M rows) and prints the tables.
 * @example contenderMain(module, RUN, async (rows) => formatBench(await benchRfm(rows), 'RFM'));
 */
export function contenderMain(
  mod: NodeModule,
  run: Record<string, ContenderRun>,
  whole: (rows: number) => Promise<string>,
): void {
  if (require.main !== mod) return;
  const args = process.argv.slice(2);
  const main = async () => {
    if (args[0] === '--one') {
      const contender = run[args[1]];
      if (!contender)
        throw new Error(`unknown contender "${args[1]}" (allowed: ${Object.keys(run).join(', ')})`);
      const m = await contender(args[2]);
      console.log(JSON.stringify({ ...m, peakMb: m.peakMb ?? process.resourceUsage().maxRSS / 1024 }));
    } else {
      for (const rows of args.length ? args.map(Number) : [1_000_000, 10_000_000])
        console.log(await whole(rows));
    }
  };
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

/**
 * Runs `bench` on the contenders that have not failed on a smaller size; one that has (danfojs runs out of
 * time) stays in the table with why, instead of spending its time limit again on more rows.
 * @param failures why each contender is not run again (its first failure, or a `--skip`), updated by this call
 * @example const rfm = await withoutRepeatedFailures(rows, failures, (c) => benchRfm(rows, c));
 */
export async function withoutRepeatedFailures(
  rows: number,
  failures: Map<string, string>,
  bench: (contenders: readonly Contender[]) => Promise<BenchRow[]>,
): Promise<BenchRow[]> {
  const measured = await bench(CONTENDERS.filter((c) => !failures.has(c)));
  for (const r of measured) {
    if (r.error && !failures.has(r.contender)) failures.set(r.contender, `${r.error} on fewer rows`);
  }
  return CONTENDERS.map(
    (contender) =>
      measured.find((r) => r.contender === contender) ??
      failedRow(contender, rows, `not run: ${failures.get(contender)}`),
  );
}

/** `a / b` with two decimals, or `—` when either side is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): string {
  if (a === null || a === undefined || b === null || b === undefined) return '—';
  const r = a / b;
  return Number.isFinite(r) ? r.toFixed(2) : '—';
}

function seconds(ms: number | null): string {
  return ms === null || Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`;
}

/**
 * A markdown table of one metric's measurements: times, peak memory, ratios against DuckDB with 2 threads
 * and how many times faster than idiomatic arquero (compute against compute), and each answer's checksum.
 * @example console.log(formatBench(rows, 'RFM'));
 */
export function formatBench(rows: readonly BenchRow[], metric: string): string {
  const duck2 = rows.find((r) => r.contender === 'duckdb-2');
  const arquero = rows.find((r) => r.contender === 'arquero');
  const lines = [
    `${metric} on ${rows[0]?.rows.toLocaleString('en')} transactions (string user ids)`,
    '',
    '| contender | total (load incl.) | compute | peak MB | total / duckdb-2 | compute / duckdb-2 | peak / duckdb-2 | arquero compute ÷ compute | checksum |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const r of rows) {
    const faster = ratio(arquero?.computeMs, r.computeMs);
    lines.push(
      `| ${r.contender} | ${r.error ? 'failed' : seconds(r.totalMs)} | ${seconds(r.computeMs)} | ${
        Number.isNaN(r.peakMb) ? '—' : r.peakMb.toFixed(0)
      } | ${ratio(r.totalMs, duck2?.totalMs)} | ${ratio(r.computeMs, duck2?.computeMs)} | ${ratio(
        r.peakMb,
        duck2?.peakMb,
      )} | ${faster === '—' ? faster : `${faster}×`} | ${r.error ?? r.checksum} |`,
    );
  }
  return lines.join('\n');
}
