import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { InputError } from '@fupan/kernel-lib';

/** The CDNOW sample shipped beside this file (whitespace-separated, no header). */
export const CDNOW_SAMPLE = resolve(__dirname, 'CDNOW_sample.txt');

/** The published calibration summary (ID, x, t_x, T, zbar; weeks; calibration ends 1997-09-30). */
export const CDNOW_SUMMARY = resolve(__dirname, 'cdnow_customers_summary_with_transactions.csv');

/**
 * The CDNOW sample as a canonical `orders` table: `user_id` (the sample id 1..2357, as the published
 * summary numbers customers), `master_id`, `ts` (the purchase day, UTC midnight), `cds`, `amount` (dollars).
 *
 * Its own small reader, not `load(path, { delimiter: 'whitespace', header: false, names })` (which reads this
 * file too, see test/kernel-lib/io/whitespace.test.ts): the dates are compact `YYYYMMDD`, which no `dateFormat`
 * reads, and the sample ids `00001` are numbered `1` as the published summary numbers them, where `load()`
 * keeps ids as written. Every line must have 5 fields; anything else throws.
 * @param path the file (default: the copy in this folder)
 * @returns one row per line of the file, in file order
 */
export function cdnowOrders(path: string = CDNOW_SAMPLE): ColumnTable {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const master: string[] = [];
  const user: string[] = [];
  const ts: Date[] = [];
  const cds: number[] = [];
  const amount: number[] = [];
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') return;
    const f = text.split(/\s+/);
    const at = { file: path, line: i + 1 };
    if (f.length !== 5) throw new InputError(`${f.length} fields`, { ...at, value: raw }, '5 fields');
    const day = /^(\d{4})(\d{2})(\d{2})$/.exec(f[2]);
    if (!day) throw new InputError('unparseable date', { ...at, column: 'date', value: f[2] }, 'YYYYMMDD');
    const n = Number(f[3]);
    const dollars = Number(f[4]);
    if (!Number.isInteger(n))
      throw new InputError('not a count', { ...at, column: 'cds', value: f[3] }, 'a whole number');
    if (!Number.isFinite(dollars))
      throw new InputError('not a number', { ...at, column: 'amount', value: f[4] }, 'a dollar amount');
    master.push(f[0]);
    user.push(String(Number(f[1])));
    ts.push(new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))));
    cds.push(n);
    amount.push(dollars);
  });
  return aq.table({ user_id: user, master_id: master, ts, cds, amount });
}

/** One customer of the published calibration summary. */
export interface CdnowPublishedRow {
  id: string;
  x: number;
  t_x: number;
  T: number;
  zbar: number;
}

/**
 * The published calibration summary, one row per customer (2,357), as printed (2 decimals).
 * @param path the file (default: the copy in this folder)
 */
export function cdnowPublishedSummary(path: string = CDNOW_SUMMARY): CdnowPublishedRow[] {
  const [header, ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  if (header.trim() !== 'ID,x,t_x,T,zbar')
    throw new InputError('unexpected header', { file: path, line: 1, value: header }, 'ID,x,t_x,T,zbar');
  return rows.map((line) => {
    const [id, x, tx, T, zbar] = line.split(',');
    return { id, x: Number(x), t_x: Number(tx), T: Number(T), zbar: Number(zbar) };
  });
}
