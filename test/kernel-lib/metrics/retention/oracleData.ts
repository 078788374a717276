/**
 * Seeded random events and users for the DuckDB oracle tests of retention, cohortMatrix, repurchase and
 * activeUsers, and a DuckDB connection holding the same rows. The SQL in those tests is written from the
 * definitions, independently of kernel-lib's loops.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mulberry32 as seeded } from '../../../support/random.js';

export interface OracleData {
  events: aq.ColumnTable;
  users: aq.ColumnTable;
  eventRows: Record<string, unknown>[];
  userRows: Record<string, unknown>[];
}

const START = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

/** ~`nUsers` users signing up over 150 days, each visiting and buying at random gaps after sign-up. */
export function oracleData(seed: number, nUsers = 300): OracleData {
  const rnd = seeded(seed);
  const userRows: Record<string, unknown>[] = [];
  const eventRows: Record<string, unknown>[] = [];
  let order = 0;
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  for (let u = 0; u < nUsers; u++) {
    const id = `u${u}`;
    const signup = START + Math.floor(rnd() * 150 * 24) * HOUR + Math.floor(rnd() * 3600) * 1000;
    userRows.push({
      user_id: id,
      registered_at: iso(signup),
      channel: ['ads', 'invite', 'store'][Math.floor(rnd() * 3)],
    });
    let t = signup;
    const stickiness = rnd();
    while (t < START + 200 * 24 * HOUR && rnd() < 0.4 + 0.55 * stickiness) {
      const purchase = rnd() < 0.35;
      const amount = Math.round(rnd() * 10000) / 100;
      const oid = `o${order++}`;
      const lines = purchase ? 1 + Math.floor(rnd() * 3) : 1;
      for (let l = 0; l < lines; l++) {
        eventRows.push({
          user_id: id,
          ts: iso(t),
          event: purchase ? 'purchase' : 'visit',
          amount: purchase ? amount : 0,
          order_id: purchase ? oid : null,
          platform: rnd() < 0.5 ? 'iOS' : 'H5',
        });
      }
      t += Math.floor(rnd() * rnd() * 20 * 24 + 1) * HOUR;
    }
  }
  const toDate = (r: Record<string, unknown>, k: string) => ({
    ...r,
    [k]: new Date(String(r[k]).replace(' ', 'T') + 'Z'),
  });
  return {
    events: aq.from(eventRows.map((r) => toDate(r, 'ts'))),
    users: aq.from(userRows.map((r) => toDate(r, 'registered_at'))),
    eventRows,
    userRows,
  };
}

function csv(rows: Record<string, unknown>[]): string {
  const names = Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return [names.join(','), ...rows.map((r) => names.map((n) => cell(r[n])).join(','))].join('\n') + '\n';
}

/** A DuckDB in-memory database with tables `ev` and `users` (timestamps as naive UTC). */
export async function oracleDb(data: OracleData): Promise<{ db: DuckDBConnection; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'fupan-oracle-'));
  writeFileSync(join(dir, 'ev.csv'), csv(data.eventRows));
  writeFileSync(join(dir, 'users.csv'), csv(data.userRows));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const db = await instance.connect();
  await db.run(
    `CREATE TABLE ev AS SELECT * FROM read_csv('${join(dir, 'ev.csv')}', header = true, columns = {'user_id': 'VARCHAR', 'ts': 'TIMESTAMP', 'event': 'VARCHAR', 'amount': 'DOUBLE', 'order_id': 'VARCHAR', 'platform': 'VARCHAR'})`,
  );
  await db.run(
    `CREATE TABLE users AS SELECT * FROM read_csv('${join(dir, 'users.csv')}', header = true, columns = {'user_id': 'VARCHAR', 'registered_at': 'TIMESTAMP', 'channel': 'VARCHAR'})`,
  );
  return {
    db,
    close: () => {
      db.closeSync();
      instance.closeSync();
    },
  };
}

/** Rows of a query as plain JS objects (BIGINT counts become numbers). */
export { queryRows as rowsOf } from '../../../support/duckdb.js';
