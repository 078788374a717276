import { clickhouseLiteral } from './quote.js';
import { replacePlaceholders, type SqlEngine, type SqlQuery, type SqlValue } from './engine.js';
import { engineFailure } from './engineError.js';
import { optionalPackage } from './optionalPackage.js';

/** Connection to a ClickHouse server or cluster. Read from the environment when not given. */
export interface ClickHouseOptions {
  /** e.g. `http://127.0.0.1:8123`. @default process.env.FUPAN_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123' */
  url?: string;
  /** @default process.env.FUPAN_CLICKHOUSE_USER ?? 'default' */
  username?: string;
  /** @default process.env.FUPAN_CLICKHOUSE_PASSWORD ?? '' — never printed, never written to notebooks. */
  password?: string;
  /** @default process.env.FUPAN_CLICKHOUSE_DATABASE ?? 'default' */
  database?: string;
  /** Per-query timeout. @default 300000 */
  requestTimeoutMs?: number;
  /**
   * How often the server sends a progress header while a query runs, so idle timeouts of proxies and load
   * balancers in between do not cut long queries. @default 20000
   */
  progressIntervalMs?: number;
}

/**
 * A ClickHouse server (or a cluster behind a `Distributed` table) through `@clickhouse/client`.
 * Values are bound as query parameters on servers that have them (19.11+); on older servers (Debian's
 * 18.16) the engine renders each bound value as an escaped literal of its declared type.
 * @example const engine = await clickhouse(); // FUPAN_CLICKHOUSE_URL, _USER, _PASSWORD from the environment
 */
export async function clickhouse(options: ClickHouseOptions = {}): Promise<SqlEngine> {
  const { createClient } = optionalPackage(
    '@clickhouse/client',
    'clickhouse()',
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('@clickhouse/client') as typeof import('@clickhouse/client'),
  );
  const env = process.env;
  const client = createClient({
    url: options.url ?? env.FUPAN_CLICKHOUSE_URL ?? 'http://127.0.0.1:8123',
    username: options.username ?? env.FUPAN_CLICKHOUSE_USER ?? 'default',
    password: options.password ?? env.FUPAN_CLICKHOUSE_PASSWORD ?? '',
    database: options.database ?? env.FUPAN_CLICKHOUSE_DATABASE ?? 'default',
    request_timeout: options.requestTimeoutMs ?? 300_000,
    // A timeout above a minute without progress headers makes the client warn on every connection (a long
    // query on an idle socket may be cut by a proxy). Progress headers are the remedy it asks for; 20 s keeps
    // a 5-minute query to 15 headers, far below Node's header-size limit. Servers since 1.1 know both settings.
    clickhouse_settings: {
      send_progress_in_http_headers: 1,
      http_headers_progress_interval_ms: String(options.progressIntervalMs ?? 20_000),
      // 64-bit counts come as JSON numbers, so a text value (an id `007`) is never mistaken for one.
      output_format_json_quote_64bit_integers: 0,
    },
    // A notebook's busy event loop can leave a pooled socket idle past its TTL: drop it rather than reuse it
    // (which the client would warn about, and which may meet a reset from the server).
    keep_alive: { eagerly_destroy_stale_sockets: true },
  });
  const versionRows = (await (
    await client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
  ).json()) as { v: string }[];
  const version = versionRows[0].v;
  const [major, minor] = version.split('.').map(Number);
  const hasParams = major > 19 || (major === 19 && minor >= 11);

  function prepare(query: SqlQuery): { sql: string; params?: Record<string, unknown> } {
    if (hasParams) return { sql: query.sql, params: bindable(query.params) };
    return { sql: inlineParams(query) };
  }

  return {
    dialect: 'clickhouse',
    description: `clickhouse ${version}`,
    async query<T>(query: SqlQuery): Promise<T[]> {
      const { sql, params } = prepare(query);
      try {
        const result = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
        return (await result.json()) as T[];
      } catch (e) {
        throw engineFailure('clickhouse', e);
      }
    },
    async stream<T>(query: SqlQuery, take: (rows: T[]) => void): Promise<void> {
      const { sql, params } = prepare(query);
      try {
        const result = await client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
        for await (const rows of result.stream()) take(rows.map((row) => row.json() as T));
      } catch (e) {
        throw engineFailure('clickhouse', e);
      }
    },
    async exec(query: SqlQuery): Promise<void> {
      const { sql, params } = prepare(query);
      try {
        await client.command({ query: sql, query_params: params });
      } catch (e) {
        throw engineFailure('clickhouse', e);
      }
    },
    async close(): Promise<void> {
      await client.close();
    },
  };
}

/** Replaces `{name:Type}` by escaped literals (old servers only). */
export function inlineParams(query: SqlQuery): string {
  return replacePlaceholders(query.sql, 'clickhouse', (name, type) => {
    if (!(name in query.params)) throw new Error(`no value bound for {${name}}`);
    return clickhouseLiteral(query.params[name], type);
  });
}

function bindable(params: Record<string, SqlValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params))
    out[k] = v instanceof Date ? v.toISOString().slice(0, 19).replace('T', ' ') : v;
  return out;
}
