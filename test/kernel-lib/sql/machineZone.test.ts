import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Run in a child process whose zone (TZ) is Asia/Shanghai: reads naive and offset timestamps from a Parquet
 * file and a CSV file through each engine's dialect and prints the epoch milliseconds as JSON.
 */
const CHILD = `
import { duckdb } from ${JSON.stringify(join(__dirname, '../../../kernel-lib/src/sql/duckdb.js'))};
import { chdbEngine } from ${JSON.stringify(join(__dirname, '../../../kernel-lib/src/sql/chdb.js'))};
import { dialectOf, SqlBuilder } from ${JSON.stringify(join(__dirname, '../../../kernel-lib/src/sql/dialect.js'))};
const [dir] = process.argv.slice(2);
(async () => {
  const duck = await duckdb({ threads: 1 });
  const parquet = dir + '/t.parquet';
  await duck.exec({
    sql: "COPY (SELECT TIMESTAMP '2020-01-01 00:00:00' AS ts, 1 AS k UNION ALL SELECT TIMESTAMP '2020-06-30 23:30:00', 2) TO '" + parquet + "' (FORMAT parquet)",
    params: {},
  });
  const out: Record<string, number[]> = {};
  for (const [name, engine] of [['duckdb', duck], ['chdb', await chdbEngine()]] as const) {
    for (const source of [{ file: parquet }, { file: dir + '/t.csv', format: 'csv' as const }]) {
      const b = new SqlBuilder(dialectOf(engine.dialect));
      const rows = await engine.query<{ ms: number }>({
        sql: 'SELECT ' + b.dialect.epochMs(b.id('ts')) + ' AS ms FROM ' + b.dialect.relation(source, b) + ' ORDER BY k',
        params: b.params,
      });
      out[name + ' ' + (source.format ?? 'parquet')] = rows.map((r) => Number(r.ms));
    }
    await engine.close();
  }
  console.log(JSON.stringify(out));
})();
`;

describe("SQL engines read naive timestamps as UTC, whatever the machine's zone", function () {
  this.timeout(60_000);

  it('gives the same epoch milliseconds with TZ=Asia/Shanghai as in memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fupan-zone-'));
    writeFileSync(join(dir, 't.csv'), 'ts,k\n2020-01-01 00:00:00,1\n2020-06-30T23:30:00+08:00,2\n');
    writeFileSync(join(dir, 'child.ts'), CHILD);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'child.ts'), dir], {
      encoding: 'utf8',
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    });
    assert.equal(child.status, 0, child.stderr);
    const naive = [Date.UTC(2020, 0, 1), Date.UTC(2020, 5, 30, 23, 30)];
    assert.deepEqual(JSON.parse(child.stdout.trim().split('\n').pop()!), {
      'duckdb parquet': naive,
      'duckdb csv': [naive[0], Date.UTC(2020, 5, 30, 15, 30)],
      'chdb parquet': naive,
      'chdb csv': [naive[0], Date.UTC(2020, 5, 30, 15, 30)],
    });
  });
});
