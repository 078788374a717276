/**
 * danfojs, a benchmark peer only. It lives in its own package, `bench/peers/` (own lock file, `xlsx`
 * overridden to 0.18.5 because danfojs 1.2.0 asks for it from a CDN; `danfojs-node` cannot install offline at
 * all), so neither kernel-lib nor the root depends on it and CI's `npm ci` never installs it. The benchmark
 * installs it on demand ({@link ensurePeersInstalled}).
 *
 * danfojs is loaded through `bench/peers/package.json`, and typed here by the few calls the benchmark makes,
 * so the project type-checks whether or not the peers are installed.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';

/** The peers' package folder. */
export const PEERS_DIR = resolve(__dirname, 'peers');

/**
 * Installs the benchmark peers (`npm ci --prefix bench/peers`) when `bench/peers/node_modules` is missing,
 * saying what it does. Install scripts follow the peers' own `allowScripts`.
 * @example ensurePeersInstalled();
 */
export function ensurePeersInstalled(): void {
  if (existsSync(join(PEERS_DIR, 'node_modules', 'danfojs'))) return;
  const args = ['ci', '--prefix', relative(process.cwd(), PEERS_DIR) || '.', '--strict-allow-scripts'];
  console.error(
    `bench peers (danfojs) are not installed: running npm ${args.join(' ')} --no-audit --no-fund`,
  );
  execFileSync('npm', [...args, '--no-audit', '--no-fund'], { stdio: ['ignore', 2, 2] });
}

/** A danfojs Series, by the calls the benchmark makes. */
export interface DanfoSeries {
  readonly values: unknown[];
  map(fn: (value: any) => unknown): DanfoSeries;
  apply(fn: (value: any) => unknown): DanfoSeries;
  add(other: DanfoSeries | number): DanfoSeries;
  sub(other: DanfoSeries | number): DanfoSeries;
  mul(other: DanfoSeries | number): DanfoSeries;
  div(other: DanfoSeries | number): DanfoSeries;
  lt(other: DanfoSeries | number): DanfoSeries;
  cumSum(): DanfoSeries;
  max(): number;
  min(): number;
  sum(): number;
  mean(): number;
  nUnique(): number;
}

/** A danfojs DataFrame, by the calls the benchmark makes (columns are reached as `df[name]`). */
export interface DanfoFrame {
  readonly shape: [number, number];
  readonly columns: string[];
  [column: string]: unknown;
  column(name: string): DanfoSeries;
  addColumn(name: string, values: DanfoSeries | unknown[], options: { inplace: true }): void;
  groupby(columns: string[]): {
    agg(spec: Record<string, string | string[]>): DanfoFrame;
    apply(fn: (group: DanfoFrame) => DanfoSeries): DanfoFrame;
  };
  sortValues(column: string, options?: { ascending?: boolean }): DanfoFrame;
  loc(selection: { columns: string[] }): DanfoFrame;
}

/** The danfojs module, by the calls the benchmark makes. */
export interface Danfo {
  Series: new (values: unknown[]) => DanfoSeries;
  readCSV(file: NodeJS.ReadableStream): Promise<DanfoFrame>;
  merge(params: { left: DanfoFrame; right: DanfoFrame; on: string[]; how: 'left' | 'inner' }): DanfoFrame;
}

/**
 * Loads danfojs from the peers' package (its import takes a second or two: TensorFlow.js).
 * @example const dfd = danfo(); const df = await readCsvWithDanfo(dfd, csv);
 */
export function danfo(): Danfo {
  if (!existsSync(join(PEERS_DIR, 'node_modules', 'danfojs'))) {
    throw new Error('danfojs is not installed: run npm ci --prefix bench/peers (npm run bench does it)');
  }
  return createRequire(join(PEERS_DIR, 'package.json'))('danfojs') as Danfo;
}

/**
 * A CSV read as a danfojs user on Node does: `dfd.readCSV` of a file stream (danfojs's browser build forces
 * papaparse's download mode for a path string, which Node cannot do; a stream is parsed locally, with the
 * same papaparse and DataFrame construction that `danfojs-node`'s `readCSV` uses).
 * @example const orders = await readCsvWithDanfo(danfo(), 'bench/data/transactions-100000.csv');
 */
export function readCsvWithDanfo(dfd: Danfo, csv: string): Promise<DanfoFrame> {
  return dfd.readCSV(createReadStream(csv));
}
