import { PLACEHOLDER, type SqlEngine, type SqlQuery, type SqlValue } from './engine.js';
import { normaliseClickHouseRow } from './clickhouse.js';
import { optionalPackage } from './optionalPackage.js';

/** What Fupan uses of the `chdb` package. */
interface ChdbModule {
  Session: new (path?: string) => {
    queryBind(sql: string, args: object, format?: string): string;
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
  const version = JSON.parse(session.queryBind('SELECT version() AS v', {}, 'JSON')).data[0].v as string;
  function run(query: SqlQuery, format: string): string {
    const args: Record<string, unknown> = {};
    for (const match of query.sql.matchAll(PLACEHOLDER)) {
      const name = match[1];
      if (!(name in query.params)) throw new Error(`no value bound for {${name}}`);
      args[name] = toArg(query.params[name]);
    }
    return session.queryBind(query.sql, args, format);
  }
  return {
    dialect: 'clickhouse',
    description: `chdb ${version}`,
    async query<T>(query: SqlQuery): Promise<T[]> {
      const text = run(query, 'JSONEachRow');
      return text
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => normaliseClickHouseRow(JSON.parse(l))) as T[];
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
