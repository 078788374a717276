import { duckdb } from '../../../kernel-lib/src/sql/duckdb.js';
import { chdbEngine } from '../../../kernel-lib/src/sql/chdb.js';
import type { SqlEngine } from '../../../kernel-lib/src/sql/engine.js';
import { bindsAndQuotes } from './bindsAndQuotes.js';

describe('SQL engines (embedded: DuckDB, chdb)', function () {
  this.timeout(60_000);
  const engines: Record<string, SqlEngine> = {};
  before(async () => {
    engines.duckdb = await duckdb({ threads: 1 });
    engines.chdb = await chdbEngine();
  });
  after(async () => {
    for (const e of Object.values(engines)) await e.close();
  });
  bindsAndQuotes(['duckdb', 'chdb'], engines);
});
