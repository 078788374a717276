import {
  placeholdersOf,
  replacePlaceholders,
  type SqlEngine,
  type SqlQuery,
  type SqlValue,
} from './engine.js';
import { engineFailure } from './engineError.js';
import { optionalPackage } from './optionalPackage.js';

/** Options of {@link duckdb}. */
export interface DuckDbOptions {
  /** Database file; `:memory:` by default. */
  path?: string;
  /** Worker threads. @default all cores */
  threads?: number;
  /** e.g. `'8GB'`: DuckDB spills to disk beyond it, so files larger than memory still run. */
  memoryLimit?: string;
  /** Folder for spilled data. */
  tempDirectory?: string;
}

/**
 * An embedded DuckDB engine (`@duckdb/node-api`): reads Parquet and CSV in place, spills past memory.
 * Parameters are bound through prepared statements (`{name:Type}` becomes `$name`).
 * @example const engine = await duckdb({ threads: 2 }); const result = await rfmSql(engine, { file: 'orders.parquet' }, spec);
 */
export async function duckdb(options: DuckDbOptions = {}): Promise<SqlEngine> {
  const api = optionalPackage(
    '@duckdb/node-api',
    'duckdb()',
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('@duckdb/node-api') as typeof import('@duckdb/node-api'),
  );
  const { DuckDBInstance } = api;
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
  const connection = await instance.connect();
  // Naive timestamps (and text without an offset) are UTC, as in memory, whatever the machine's zone: DuckDB
  // would otherwise read them in the zone of the process (TZ), e.g. 8 hours off on a machine in Shanghai.
  await connection.run("SET TimeZone = 'UTC'");
  const version = (await connection.runAndReadAll('SELECT version() AS v')).getRowObjectsJson()[0].v;

  function prepare(query: SqlQuery) {
    const declared = placeholdersOf(query.sql, 'duckdb');
    const sql = replacePlaceholders(query.sql, 'duckdb', (name, type) => {
      if (!(name in query.params)) throw new Error(`no value bound for {${name}}`);
      return `CAST($${name} AS ${duckType(type)})`;
    });
    const values: Record<string, unknown> = {};
    const types: Record<string, unknown> = {};
    for (const [n, type] of declared) {
      types[n] = duckLogicalType(api, type);
      values[n] = duckValue(api, query.params[n]);
    }
    return { sql, values: values as never, types: types as never };
  }

  async function run(query: SqlQuery) {
    const { sql, values, types } = prepare(query);
    try {
      return await connection.runAndReadAll(sql, values, types);
    } catch (e) {
      throw engineFailure('duckdb', e);
    }
  }

  return {
    dialect: 'duckdb',
    description: `duckdb ${version}`,
    async query<T>(query: SqlQuery): Promise<T[]> {
      const reader = await run(query);
      return reader.getRowObjectsJS().map(normaliseRow) as T[];
    },
    async stream<T>(query: SqlQuery, take: (rows: T[]) => void): Promise<void> {
      const { sql, values, types } = prepare(query);
      try {
        const result = await connection.stream(sql, values, types);
        const names = result.columnNames();
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          const columns = names.map((_, j) => chunk.getColumnValues(j));
          const rows: Record<string, unknown>[] = new Array(chunk.rowCount);
          for (let i = 0; i < chunk.rowCount; i++) {
            const row: Record<string, unknown> = {};
            for (let j = 0; j < names.length; j++) row[names[j]] = normaliseValue(columns[j][i]);
            rows[i] = row;
          }
          take(rows as T[]);
        }
      } catch (e) {
        throw engineFailure('duckdb', e);
      }
    },
    async exec(query: SqlQuery): Promise<void> {
      await run(query);
    },
    async close(): Promise<void> {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** ClickHouse type names used in placeholders, as DuckDB types. */
function duckType(type: string): string {
  const t = type.trim();
  const array = /^Array\((.*)\)$/.exec(t);
  if (array) return `${duckType(array[1])}[]`;
  if (/^U?Int(8|16|32)$/.test(t)) return 'INTEGER';
  if (/^U?Int64$/.test(t)) return 'BIGINT';
  if (/^Float/.test(t)) return 'DOUBLE';
  if (t === 'Date') return 'DATE';
  if (/^DateTime/.test(t)) return 'TIMESTAMPTZ';
  return 'VARCHAR';
}

type DuckApi = typeof import('@duckdb/node-api');

/** The DuckDB logical type a bound value is sent as (the CAST in the SQL gives the final type). */
function duckLogicalType(api: DuckApi, type: string): unknown {
  const array = /^Array\((.*)\)$/.exec(type);
  if (array) return api.LIST(duckLogicalType(api, array[1].trim()) as never);
  if (/^U?Int|^Float/.test(type)) return api.DOUBLE;
  if (type === 'Bool' || type === 'Boolean') return api.BOOLEAN;
  return api.VARCHAR;
}

function duckValue(api: DuckApi, v: SqlValue): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return api.listValue(v.map((x) => (typeof x === 'number' ? x : String(x))));
  return v;
}

/** BigInts become numbers (safe below 2^53, which counts and epoch ms are), dates ISO strings. */
function normaliseRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = normaliseValue(v);
  return out;
}

function normaliseValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(normaliseValue);
  if (v !== null && typeof v === 'object' && 'toDouble' in (v as object))
    return (v as { toDouble(): number }).toDouble();
  return v;
}
