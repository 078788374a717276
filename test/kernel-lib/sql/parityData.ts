import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { createClient } from '@clickhouse/client';
import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';

/** One order row of the parity data (whole-second timestamps: ClickHouse 18.16 has no sub-second DateTime). */
export interface OrderRow {
  user_id: string;
  ts: number;
  amount: number;
  line: string;
}

import { mulberry32 as random } from '../../support/random.js';

/** The tests' seeded PRNG (see `test/support/random.ts`). */
export { random };

/**
 * Orders with ties on purpose (few distinct frequencies, round amounts), refunds, two product lines, and
 * timestamps near local midnights so the time zone decides the day.
 */
export function parityOrders(seed: number, rows: number): OrderRow[] {
  const next = random(seed);
  const start = Date.UTC(2016, 0, 1);
  const out: OrderRow[] = [];
  for (let i = 0; i < rows; i++) {
    const user = Math.floor(next() ** 2 * (rows / 6));
    const day = Math.floor(next() * 420);
    const hour = [0, 15, 16, 23][Math.floor(next() * 4)];
    const ts = start + day * 86_400_000 + hour * 3_600_000 + Math.floor(next() * 3600) * 1000;
    const refund = next() < 0.04;
    const amount =
      (refund ? -1 : 1) * (next() < 0.5 ? 100 * Math.ceil(next() * 10) : Math.round(next() * 100_000) / 100);
    out.push({
      user_id: `u${String(user).padStart(5, '0')}`,
      ts,
      amount,
      line: next() < 0.6 ? 'fund' : 'loan',
    });
  }
  return out;
}

/** The rows as an in-memory table (timestamps as Dates). */
export function asTable(rows: OrderRow[]): ColumnTable {
  return aq.from(rows.map((r) => ({ ...r, ts: new Date(r.ts) })));
}

/** Writes the rows to a Parquet file (through DuckDB, from a CSV) and returns its path. */
export async function writeParquet(
  rows: OrderRow[],
  columns: Record<keyof OrderRow, string>,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'fupan-parity-'));
  const csv = join(dir, 'orders.csv');
  const esc = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(
    csv,
    'user_id,ts,amount,line\n' +
      rows.map((r) => `${r.user_id},${new Date(r.ts).toISOString()},${r.amount},${r.line}`).join('\n') +
      '\n',
  );
  const parquet = join(dir, 'orders.parquet');
  const engine = await duckdb({ threads: 1 });
  try {
    await engine.exec({
      sql: `COPY (SELECT user_id AS ${esc(columns.user_id)}, CAST(ts AS TIMESTAMP) AS ${esc(columns.ts)},
        amount AS ${esc(columns.amount)}, line AS ${esc(columns.line)}
        FROM read_csv({csv:String}, header = true, columns = {'user_id': 'VARCHAR', 'ts': 'TIMESTAMPTZ', 'amount': 'DOUBLE', 'line': 'VARCHAR'}))
        TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`,
      params: { csv },
    });
  } finally {
    await engine.close();
  }
  return parquet;
}

/**
 * Loads the rows into MergeTree tables on both shards (split by user, as `cityHash64(user_id)` would) and
 * creates a `Distributed` table over them on the first shard. Returns the Distributed table's name.
 */
export async function loadShards(
  urls: readonly string[],
  cluster: string,
  rows: OrderRow[],
  table: string,
  columns: Record<keyof OrderRow, string>,
): Promise<string> {
  const q = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';
  const ddl = `(${q(columns.user_id)} String, ${q(columns.ts)} DateTime('UTC'), ${q(columns.amount)} Float64, ${q(columns.line)} String)`;
  for (const [i, url] of urls.entries()) {
    const client = createClient({ url });
    try {
      await client.command({
        query: `CREATE TABLE ${table}_local ${ddl} ENGINE = MergeTree ORDER BY tuple()`,
      });
      const mine = rows.filter((r) => shardOf(r.user_id, urls.length) === i);
      await client.insert({
        table: `${table}_local`,
        format: 'JSONEachRow',
        values: mine.map((r) => ({
          [columns.user_id]: r.user_id,
          [columns.ts]: Math.round(r.ts / 1000),
          [columns.amount]: r.amount,
          [columns.line]: r.line,
        })),
      });
      if (i === 0) {
        await client.command({
          query: `CREATE TABLE ${table} AS ${table}_local ENGINE = Distributed(${cluster}, default, ${table}_local, rand())`,
        });
      }
    } finally {
      await client.close();
    }
  }
  return table;
}

function shardOf(user: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < user.length; i++) h = (h * 31 + user.charCodeAt(i)) >>> 0;
  return h % shards;
}

/**
 * A table's rows as plain objects, NaN (e.g. no median) as null and dates as epoch ms, so equal rows compare
 * equal.
 */
export function rowsOf(table: { objects(): object[] }): Record<string, unknown>[] {
  const plain = (v: unknown) => (Number.isNaN(v) ? null : v instanceof Date ? v.getTime() : v);
  return (table.objects() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)])),
  );
}

/**
 * Asserts two lists of rows are equal: counts and strings exactly, non-integer numbers to 1e-9 relative
 * (engines sum floating amounts in different orders).
 */
export function assertRowsClose(
  actual: Record<string, unknown>[],
  expected: Record<string, unknown>[],
  what: string,
): void {
  if (actual.length !== expected.length)
    throw new Error(`${what}: ${actual.length} rows, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    for (const k of keys) {
      const x = a[k];
      const y = e[k];
      const close =
        typeof x === 'number' && typeof y === 'number' && !(Number.isInteger(x) && Number.isInteger(y))
          ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y))
          : x === y;
      if (!close) {
        throw new Error(
          `${what}: row ${i} (${JSON.stringify(e)}) column ${k}: ${JSON.stringify(x)} ≠ expected ${JSON.stringify(y)}`,
        );
      }
    }
  }
}
