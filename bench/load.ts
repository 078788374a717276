/**
 * Load benchmark: time and peak memory to load N generated transactions from CSV (string user ids),
 * kernel-lib `load()` against arquero's `loadCSV` and DuckDB's `read_csv` (1 and 2 threads). Each
 * contender runs in a child process of its own, so peak RSS is its own (`process.resourceUsage().maxRSS`).
 * kernel-lib is measured from its compiled build, as users run it (rebuilt first when older than its sources).
 *
 * Usage: `flock /tmp/cpu.lock tsx bench/load.ts [rows …] [--only kernel-lib,duckdb-2] [--long-ids]` (default
 * 1M and 10M; `--long-ids`: ids of 10–12 bytes instead of 8, see `bench/gen.ts`). `bench/run.ts` calls
 * {@link benchLoad}.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { generateTransactions, type IdLength } from './gen.js';
import { formatLoadRows } from './loadTable.js';
import { ensureLibraryBuilt, library } from './peerTools.js';

/** Contenders of the load benchmark. */
export const LOAD_CONTENDERS = [
  'kernel-lib',
  'kernel-lib-1',
  'arquero',
  'duckdb-1',
  'duckdb-2',
  'danfojs',
] as const;
/** See {@link LOAD_CONTENDERS}. */
export type LoadContender = (typeof LOAD_CONTENDERS)[number];

/** One measurement. */
export interface LoadMeasurement {
  contender: LoadContender;
  rows: number;
  /** Seconds spent in the load call (best of the repeats); NaN when it failed. */
  seconds: number;
  /** Peak resident memory of the child process, MB. */
  peakMB: number;
  error?: string;
}

/** Options of {@link benchLoad}. */
export interface LoadBenchOptions {
  /** @default [1_000_000, 10_000_000] */
  sizes?: number[];
  contenders?: readonly LoadContender[];
  /** Runs per contender and size (the best counts). @default 1 */
  repeat?: number;
  /** Per run, seconds. @default 900 */
  timeoutSeconds?: number;
  /** Print progress lines. @default true */
  verbose?: boolean;
  /** Length of the user ids in the generated file. @default 'short' */
  ids?: IdLength;
}

/** What a child prints: the load time and its own peak RSS. */
interface ChildResult {
  seconds: number;
  rows: number;
  maxRssKB: number;
}

async function runChild(contender: LoadContender, path: string): Promise<ChildResult> {
  let rows = 0;
  if (contender === 'kernel-lib' || contender === 'kernel-lib-1') {
    // As users run it: the compiled build (from source, tsx would slow the hot loops and its TypeScript
    // compiler would sit in the worker thread's memory). kernel-lib-1 is kept on one thread by its env.
    const { load } = library();
    const t0 = performance.now();
    const t = await load(path, { table: 'orders' });
    rows = t.numRows();
    return finish(t0, rows);
  }
  if (contender === 'arquero') {
    const aq = await import('arquero');
    const t0 = performance.now();
    const t = await aq.loadCSV(path);
    rows = t.numRows();
    return finish(t0, rows);
  }
  if (contender === 'danfojs') {
    const { danfo, readCsvWithDanfo } = await import('./danfo.js');
    const dfd = danfo();
    const t0 = performance.now();
    rows = (await readCsvWithDanfo(dfd, path)).shape[0];
    return finish(t0, rows);
  }
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads: contender === 'duckdb-1' ? '1' : '2' });
  const con = await db.connect();
  const t0 = performance.now();
  await con.run(`CREATE TABLE t AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}')`);
  const seconds = (performance.now() - t0) / 1000;
  const reader = await con.runAndReadAll('SELECT count(*)::INTEGER AS n FROM t');
  rows = Number(reader.getRows()[0][0]);
  return { seconds, rows, maxRssKB: process.resourceUsage().maxRSS };
}

function finish(t0: number, rows: number): ChildResult {
  return { seconds: (performance.now() - t0) / 1000, rows, maxRssKB: process.resourceUsage().maxRSS };
}

function measure(contender: LoadContender, path: string, timeoutSeconds: number): ChildResult {
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=16000', '--import', 'tsx', __filename, '--child', contender, path],
    {
      encoding: 'utf8',
      timeout: timeoutSeconds * 1000,
      maxBuffer: 1 << 24,
      cwd: resolve(__dirname, '..'),
      // kernel-lib-1: the same load kept on one thread (a large file is otherwise read on two).
      env: { ...process.env, FUPAN_CSV_THREADS: contender === 'kernel-lib-1' ? '1' : '' },
    },
  );
  const line = child.stdout?.split('\n').find((l) => l.startsWith('{'));
  if (child.status !== 0 || !line) {
    const why =
      child.error?.message ?? child.signal ?? (child.stderr ?? '').trim().split('\n').slice(-3).join(' ');
    throw new Error(`${contender} failed: ${why}`);
  }
  return JSON.parse(line) as ChildResult;
}

/**
 * Runs the load benchmark and returns one measurement per contender and size.
 * @example const rows = await benchLoad({ sizes: [1_000_000] }); console.log(formatLoadTable(rows));
 */
export async function benchLoad(options: LoadBenchOptions = {}): Promise<LoadMeasurement[]> {
  const {
    sizes = [1_000_000, 10_000_000],
    contenders = LOAD_CONTENDERS,
    repeat = 1,
    timeoutSeconds = 900,
    ids = 'short',
  } = options;
  const verbose = options.verbose ?? true;
  if (contenders.some((c) => c.startsWith('kernel-lib'))) ensureLibraryBuilt();
  const out: LoadMeasurement[] = [];
  for (const rows of sizes) {
    const { csv } = await generateTransactions({ rows, ids });
    for (const contender of contenders) {
      let best: ChildResult | undefined;
      let error: string | undefined;
      for (let r = 0; r < repeat && !error; r++) {
        try {
          const m = measure(contender, csv, timeoutSeconds);
          if (m.rows !== rows) throw new Error(`${contender} loaded ${m.rows} rows, expected ${rows}`);
          if (!best || m.seconds < best.seconds)
            best = { ...m, maxRssKB: Math.max(m.maxRssKB, best?.maxRssKB ?? 0) };
        } catch (err) {
          error = (err as Error).message;
        }
      }
      const m: LoadMeasurement = {
        contender,
        rows,
        seconds: best?.seconds ?? NaN,
        peakMB: best ? best.maxRssKB / 1024 : NaN,
        error,
      };
      if (verbose)
        console.error(
          `load ${rows} ${contender}: ${error ?? `${m.seconds.toFixed(2)} s, ${m.peakMB.toFixed(0)} MB`}`,
        );
      out.push(m);
    }
  }
  return out;
}

/** A text table of the measurements with ratios to DuckDB (2 threads) and to kernel-lib. */
export function formatLoadTable(measurements: readonly LoadMeasurement[]): string {
  return formatLoadRows(measurements, ['duckdb-2', 'kernel-lib']);
}

if (require.main === module) {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    runChild(process.argv[childAt + 1] as LoadContender, process.argv[childAt + 2]).then(
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
    // `--only kernel-lib,duckdb-2` measures some contenders (arquero takes minutes at 10M rows).
    const only = process.argv.indexOf('--only');
    const contenders = only >= 0 ? (process.argv[only + 1].split(',') as LoadContender[]) : undefined;
    const ids: IdLength = process.argv.includes('--long-ids') ? 'long' : 'short';
    benchLoad({ sizes: sizes.length ? sizes : undefined, contenders, ids }).then((m) => {
      console.log(formatLoadTable(m));
    });
  }
}
