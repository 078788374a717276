import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as aq from 'arquero';
import { DuckDBInstance } from '@duckdb/node-api';
import { InputError } from '../../../kernel-lib/src/errors.js';
import { formatOfPath, load } from '../../../kernel-lib/src/io/load.js';
import { DictionaryColumn, TimestampColumn } from '../../../kernel-lib/src/table/columns.js';

const dir = mkdtempSync(join(tmpdir(), 'fupan-formats-'));
const EXPECTED = {
  user_id: ['u1', 'u2', 'u1'],
  ts: [Date.UTC(2016, 9, 1, 12, 30), Date.UTC(2016, 9, 2), Date.UTC(2016, 9, 3, 8)],
  amount: [10.5, 3, -2],
};

function check(t: aq.ColumnTable): void {
  assert.ok(t.column('user_id') instanceof DictionaryColumn);
  assert.deepEqual(t.array('user_id'), EXPECTED.user_id);
  assert.deepEqual(Array.from((t.column('ts') as unknown as TimestampColumn).ms), EXPECTED.ts);
  assert.deepEqual(Array.from(t.column('amount') as Float64Array), EXPECTED.amount);
}

describe('io/formats', () => {
  it('tells the format from the extension', () => {
    assert.equal(formatOfPath('a/orders.CSV'), 'csv');
    assert.equal(formatOfPath('orders.csv.gz'), 'csv');
    assert.equal(formatOfPath('orders.tsv'), 'tsv');
    assert.equal(formatOfPath('orders.jsonl'), 'ndjson');
    assert.equal(formatOfPath('orders.parquet'), 'parquet');
    assert.equal(formatOfPath('orders.feather'), 'arrow');
  });

  it('loads a JSON array of records and a JSON object of columns', async () => {
    const records = [
      { uid: 'u1', ts: '2016-10-01 12:30', amount: 10.5 },
      { uid: 'u2', ts: '2016-10-02', amount: 3 },
      { uid: 'u1', ts: '2016-10-03T08:00:00Z', amount: -2 },
    ];
    const path = join(dir, 'orders.json');
    writeFileSync(path, JSON.stringify(records));
    check(await load(path, { table: 'orders', columns: { userId: 'uid' } }));
    const cols = join(dir, 'columns.json');
    writeFileSync(
      cols,
      JSON.stringify({ uid: ['u1', 'u2', 'u1'], ts: records.map((r) => r.ts), amount: [10.5, 3, -2] }),
    );
    check(await load(cols, { table: 'orders', columns: { userId: 'uid' } }));
  });

  it('loads NDJSON, naming the line of a broken record', async () => {
    const path = join(dir, 'orders.ndjson');
    writeFileSync(
      path,
      '{"uid":"u1","ts":"2016-10-01 12:30","amount":10.5}\n\n{"uid":"u2","ts":"2016-10-02","amount":3}\n{"uid":"u1","ts":"2016-10-03 08:00","amount":-2}\n',
    );
    check(await load(path, { table: 'orders', columns: { userId: 'uid' } }));
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, '{"uid":"u1"}\n{"uid": u2}\n');
    await assert.rejects(load(bad), (e: unknown) => e instanceof InputError && e.location.line === 2);
  });

  it('loads Parquet written by DuckDB', async () => {
    const path = join(dir, 'orders.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`COPY (SELECT * FROM (VALUES
        ('u1', TIMESTAMP '2016-10-01 12:30:00', 10.5::DOUBLE),
        ('u2', TIMESTAMP '2016-10-02 00:00:00', 3::DOUBLE),
        ('u1', TIMESTAMP '2016-10-03 08:00:00', -2::DOUBLE)) t(customer_id, paid_at, amount))
      TO '${path}' (FORMAT parquet)`);
    con.closeSync();
    check(await load(path, { table: 'orders', columns: { userId: 'customer_id', ts: 'paid_at' } }));
  });

  it('loads Arrow IPC', async () => {
    const path = join(dir, 'orders.arrow');
    const source = aq.table({
      uid: ['u1', 'u2', 'u1'],
      ts: EXPECTED.ts.map((ms) => new Date(ms)),
      amount: EXPECTED.amount,
    });
    writeFileSync(path, aq.toArrowIPC(source));
    check(await load(path, { table: 'orders', columns: { userId: 'uid' } }));
  });

  it('refuses a file that is not what its extension says', async () => {
    const path = join(dir, 'fake.parquet');
    writeFileSync(path, 'user_id,ts\n');
    await assert.rejects(load(path), /fake.parquet: not a Parquet file/);
    const json = join(dir, 'broken.json');
    writeFileSync(json, '[{"a": 1},\n {"a": }]');
    await assert.rejects(load(json), /broken.json, line 2: invalid JSON/);
  });
});
