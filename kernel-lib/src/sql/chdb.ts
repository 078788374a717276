import { placeholdersOf, type SqlEngine, type SqlQuery, type SqlValue } from './engine.js';
import { engineFailure } from './engineError.js';
import { optionalPackage } from './optionalPackage.js';

/** What Fupan uses of the `chdb` package. */
interface ChdbModule {
  Session: new (path?: string) => {
    queryBind(sql: string, args: object, format?: string): string;
    queryStreamBind(
      sql: string,
      args: object,
      options: { format: string },
    ): AsyncIterable<{ rows<T>(): T[] }>;
    cleanup?(): void;
  };
}

/** Options of {@link chdbEngine}. */
export interface ChdbOptions {
  /** A folder for the session's tables; a temporary session when omitted. */
  path?: string;
}

/**
 * ClickHouse embedded in Node (`chdb`, a current ClickHouse): the ClickHouse dialect without a server.
 * Reads Parquet / CSV through the `file()` table function; parameters bound server-side (`{name:Type}`).
 * @example const engine = await chdbEngine(); await rfmSql(engine, { file: 'orders.parquet' }, spec)
 */
export async function chdbEngine(options: ChdbOptions = {}): Promise<SqlEngine> {
  // A 500 MB native engine, loaded on first use.
  const chdb = optionalPackage(
    'chdb',
    'chdbEngine()',
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('chdb') as ChdbModule,
  );
  const session = options.path ? new chdb.Session(options.path) : new chdb.Session();
  // Naive timestamps in text are UTC, as in memory, not in the zone of the machine (TZ).
  session.queryBind("SET session_timezone = 'UTC'", {}, 'CSV');
  // CSV columns are read as text, as written: ClickHouse's guess would make the id `007` the number 7 and
  // read `05/06/2020` in an order of its own; the metrics give each column its type.
  session.queryBind('SET input_format_csv_use_best_effort_in_schema_inference = 0', {}, 'CSV');
  // 64-bit counts come as JSON numbers, so a text value (an id `007`) is never mistaken for one.
  session.queryBind('SET output_format_json_quote_64bit_integers = 0', {}, 'CSV');
  const version = JSON.parse(session.queryBind('SELECT version() AS v', {}, 'JSON')).data[0].v as string;
  function argsOf(query: SqlQuery): Record<string, unknown> {
    const args: Record<string, unknown> = {};
    for (const name of placeholdersOf(query.sql, 'clickhouse').keys()) {
      if (!(name in query.params)) throw new Error(`no value bound for {${name}}`);
      args[name] = toArg(query.params[name]);
    }
    return args;
  }
  function run(query: SqlQuery, format: string): string {
    const args = argsOf(query);
    try {
      return session.queryBind(query.sql, args, format);
    } catch (e) {
      throw engineFailure('chdb', e);
    }
  }
  return {
    dialect: 'clickhouse',
    description: `chdb ${version}`,
    async query<T>(query: SqlQuery): Promise<T[]> {
      const text = run(query, 'JSONEachRow');
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l)) as T[];
    },
    async stream<T>(query: SqlQuery, take: (rows: T[]) => void): Promise<void> {
      const args = argsOf(query);
      try {
        for await (const chunk of session.queryStreamBind(query.sql, args, { format: 'JSONEachRow' }))
          take(chunk.rows<T>());
      } catch (e) {
        throw engineFailure('chdb', e);
      }
    },
    async exec(query: SqlQuery): Promise<void> {
      run(query, 'CSV');
    },
    async close(): Promise<void> {
      session.cleanup?.();
    },
  };
}

function toArg(v: SqlValue): unknown {
  if (v instanceof Date) return v.toISOString().slice(0, 19).replace('T', ' ');
  return v;
}
