/**
 * A deterministic generator of N transactions (`user_id,ts,amount`) for benchmarks: string user ids
 * like `u0001234`, about N/10 users, timestamps over about two years, amounts with cents. Same seed,
 * same bytes. Written as CSV in a stream (10M rows never sit in memory), and as Parquet via DuckDB
 * when asked. Output goes to `bench/data/` (gitignored). With `ids: 'long'` the ids are 10–12 bytes
 * (`u_0001234`, `us_0001234`, `usr_0001234`: past the 8 bytes that fit an interner slot's two words).
 *
 * Usage: `tsx bench/gen.ts 1000000 [--parquet] [--long-ids]`
 */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mulberry32 } from '../test/support/random.js';

/** Where generated files go. */
export const BENCH_DATA_DIR = resolve(__dirname, 'data');

/** Options of {@link generateTransactions}. */
export interface GenerateOptions {
  rows: number;
  /** @default 42 */
  seed?: number;
  /** @default bench/data */
  dir?: string;
  /** Also write a Parquet copy (through DuckDB). @default false */
  parquet?: boolean;
  /** Rewrite files that already exist. @default false */
  force?: boolean;
  /** `short`: 8-byte ids (`u0001234`); `long`: 10–12 bytes, in a file of its own. @default 'short' */
  ids?: IdLength;
}

/** See {@link GenerateOptions.ids}. */
export type IdLength = 'short' | 'long';

const LONG_PREFIXES = ['u_', 'us_', 'usr_'];

/** Paths of the generated files. */
export interface GeneratedFiles {
  csv: string;
  parquet?: string;
  rows: number;
  users: number;
}

const START = Date.UTC(2016, 0, 1);
const SPAN = 730 * 86_400_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function timestamp(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`
  );
}

/**
 * Writes `transactions-<rows>.csv` (and `.parquet`) unless it exists.
 * @example const { csv } = await generateTransactions({ rows: 1_000_000 });
 */
export async function generateTransactions(options: GenerateOptions): Promise<GeneratedFiles> {
  const { rows, seed = 42, dir = BENCH_DATA_DIR, parquet = false, force = false, ids = 'short' } = options;
  mkdirSync(dir, { recursive: true });
  const users = Math.max(1, Math.round(rows / 10));
  const csv = join(dir, `transactions-${rows}${ids === 'long' ? '-long-ids' : ''}.csv`);
  if (force || !existsSync(csv)) {
    const tmp = csv + '.tmp';
    const out = createWriteStream(tmp);
    const random = mulberry32(seed);
    let buffer = 'user_id,ts,amount\n';
    for (let i = 0; i < rows; i++) {
      // Skewed activity: a few users buy often (as in real shops), most rarely.
      const u = Math.floor(users * random() ** 2);
      const ts = START + Math.floor(random() * SPAN);
      const cents = Math.floor(100 + 50_000 * random() ** 3);
      const id = ids === 'long' ? LONG_PREFIXES[u % 3] + pad(u, 7) : `u${pad(u, 7)}`;
      buffer += `${id},${timestamp(ts)},${(cents / 100).toFixed(2)}\n`;
      if (buffer.length > 1 << 20) {
        if (!out.write(buffer)) await once(out, 'drain');
        buffer = '';
      }
    }
    out.end(buffer);
    await once(out, 'finish');
    const { renameSync } = await import('node:fs');
    renameSync(tmp, csv);
  }
  let parquetPath: string | undefined;
  if (parquet) {
    parquetPath = csv.replace(/\.csv$/, '.parquet');
    if (force || !existsSync(parquetPath)) {
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const db = await DuckDBInstance.create(':memory:');
      const con = await db.connect();
      await con.run(
        `COPY (SELECT * FROM read_csv('${csv}', header = true, columns = {'user_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'amount': 'DOUBLE'})) TO '${parquetPath}' (FORMAT parquet)`,
      );
      con.closeSync();
    }
  }
  return { csv, parquet: parquetPath, rows, users };
}

if (require.main === module) {
  const rows = Number(process.argv[2] ?? 1_000_000);
  const ids: IdLength = process.argv.includes('--long-ids') ? 'long' : 'short';
  generateTransactions({ rows, parquet: process.argv.includes('--parquet'), ids }).then((f) => {
    console.log(`${f.csv} (${(statSync(f.csv).size / 1e6).toFixed(1)} MB, ${f.rows} rows, ${f.users} users)`);
    if (f.parquet) console.log(f.parquet);
  });
}
