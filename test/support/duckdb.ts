import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** The DuckDB column types oracle tables are made of. */
export type OracleColumnType = 'VARCHAR' | 'BIGINT' | 'DOUBLE';

/**
 * Gives the current mocha suite a one-thread in-memory DuckDB, the independent oracle of the metric
 * tests: opened and filled by `load` before the suite's tests, closed after them.
 * @returns the open connection, for use inside the suite's tests
 * @example
 * const db = useDuckDB((c) => createTable(c, 'orders', { user_id: 'VARCHAR', ts: 'BIGINT' }, orders));
 * it('…', async () => { const reader = await db().runAndReadAll(sql); … });
 */
export function useDuckDB(load: (connection: DuckDBConnection) => Promise<void>): () => DuckDBConnection {
  let instance: DuckDBInstance | undefined;
  let connection: DuckDBConnection | undefined;
  before(async () => {
    instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    connection = await instance.connect();
    await load(connection);
  });
  after(() => {
    connection?.closeSync();
    instance?.closeSync();
  });
  return () => {
    if (!connection) throw new Error('the DuckDB oracle is not open');
    return connection;
  };
}

/**
 * Creates table `name` with the given columns (in that order) and appends the rows (no nulls: oracle rows
 * are generated complete). BIGINT takes epoch milliseconds as numbers.
 */
export async function createTable(
  connection: DuckDBConnection,
  name: string,
  columns: Record<string, OracleColumnType>,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const names = Object.keys(columns);
  await connection.run(`CREATE TABLE ${name} (${names.map((n) => `${n} ${columns[n]}`).join(', ')})`);
  const appender = await connection.createAppender(name);
  for (const row of rows) {
    for (const n of names) {
      const value = row[n];
      if (columns[n] === 'VARCHAR') appender.appendVarchar(String(value));
      else if (columns[n] === 'BIGINT') appender.appendBigInt(BigInt(value as number));
      else appender.appendDouble(value as number);
    }
    appender.endRow();
  }
  appender.closeSync();
}

/** Rows of a query as plain JS objects, BIGINT values (counts) as numbers. */
export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader
    .getRowObjectsJS()
    .map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
    );
}
