/**
 * How the metric benchmarks reach their contenders: kernel-lib as users run it (its compiled build), DuckDB
 * over the CSV, and arquero's own CSV reader, written once for RFM and the cohort matrix alike.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ColumnTable } from 'arquero';

const LIBRARY_SRC = resolve(__dirname, '../kernel-lib/src');
const LIBRARY_DIST = resolve(__dirname, '../kernel-lib/dist/index.js');

/**
 * kernel-lib's compiled build, as users run it (tsx's per-import getters would slow its hot loops).
 * @example const { load, rfm } = library();
 */
export function library(): typeof import('../kernel-lib/src/index.js') {
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

/**
 * Builds kernel-lib when its build is missing or older than its sources. A failed build (someone's sources
 * mid-edit) is reported and the existing build measured, so a long benchmark run does not die halfway.
 */
export function ensureLibraryBuilt(): void {
  let built = 0;
  try {
    built = statSync(LIBRARY_DIST).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newestSource(LIBRARY_SRC)) return;
  console.error('building kernel-lib (its build is older than its sources)…');
  try {
    execFileSync('npm', ['run', 'build', '-w', '@fupan/kernel-lib'], {
      cwd: resolve(__dirname, '..'),
      stdio: ['ignore', 2, 2],
    });
  } catch (e) {
    if (built === 0) throw e;
    console.error(
      `kernel-lib did not build (${(e as Error).message.split('\n')[0]}): measuring its last build`,
    );
  }
}

/** DuckDB's `read_csv` of a generated transactions file, column types given as a user who knows them would. */
function duckReadCsv(csv: string): string {
  const path = csv.replace(/'/g, "''");
  return `read_csv('${path}', header = true, columns = {'user_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DOUBLE'})`;
}

/** What {@link duckTimed} measures. */
export interface DuckTimed {
  /** The answer, as row objects. */
  rows: Record<string, unknown>[];
  /** The query straight over the CSV (`read_csv` included), as a user would write it. */
  totalMs: number;
  /** The same query on a table already loaded: the best of the repeats. */
  computeMs: number;
  /** Peak memory after the query over the CSV (before the table is loaded for the compute runs). */
  peakMb: number;
}

/**
 * Times a query in an in-memory DuckDB limited to `threads` threads: once over the CSV, load included, then
 * `repeats` times on the orders loaded into a table.
 * @param sql the query over a source (a `read_csv(...)` call or a table name)
 * @example const { rows, totalMs } = await duckTimed(csv, 2, (source) => `SELECT count(*) FROM ${source}`, 1);
 */
export async function duckTimed(
  csv: string,
  threads: number,
  sql: (source: string) => string,
  repeats: number,
): Promise<DuckTimed> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const connection = await instance.connect();
  const readCsv = duckReadCsv(csv);
  const start = performance.now();
  const rows = (await connection.runAndReadAll(sql(readCsv))).getRowObjectsJS();
  const totalMs = performance.now() - start;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  await connection.run(`CREATE TABLE orders AS SELECT * FROM ${readCsv}`);
  let computeMs = Infinity;
  for (let k = 0; k < repeats; k++) {
    const t0 = performance.now();
    await connection.runAndReadAll(sql('orders'));
    computeMs = Math.min(computeMs, performance.now() - t0);
  }
  return { rows, totalMs, computeMs, peakMb };
}

/**
 * arquero's own CSV reader, timestamps parsed as UTC epoch ms (the generator writes `YYYY-MM-DD hh:mm:ss` UTC).
 * @example const orders = await arqueroLoadCsv(csv);
 */
export async function arqueroLoadCsv(csv: string): Promise<ColumnTable> {
  const aq = await import('arquero');
  return aq.loadCSV(csv, { parse: { ts: (s: string) => Date.parse(s.replace(' ', 'T') + 'Z') } });
}
