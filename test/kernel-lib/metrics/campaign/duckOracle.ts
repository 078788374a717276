import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { queryRows } from '../../../support/duckdb.js';

/**
 * Runs SQL in an in-memory DuckDB over tables given as records (written to temporary JSON files and read
 * with read_json, so types come from the values). An independent oracle for the in-memory metrics.
 */
export async function duckQuery(
  tables: Record<string, Record<string, unknown>[]>,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fupan-oracle-'));
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const [name, rows] of Object.entries(tables)) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(rows));
      await connection.run(`CREATE TABLE ${name} AS SELECT * FROM read_json('${file}', format = 'array')`);
    }
    return await queryRows(connection, sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  }
}
