/**
 * Which parts a test run may use. `npm test` runs with what `npm ci` installs (the embedded engines DuckDB and
 * chdb, tslab over zeromq); `npm run test:system` sets `FUPAN_TEST_SCOPE=system` and runs the tests that need
 * system parts (the ClickHouse server, Chromium, Jupyter, code-server). A parity suite shared by both runs
 * compares memory with the engines of its scope, so no engine is tested twice.
 */
export type TestScope = 'embedded' | 'system';

/** The scope of this run (`FUPAN_TEST_SCOPE`, default `embedded`). */
export const testScope: TestScope = process.env.FUPAN_TEST_SCOPE === 'system' ? 'system' : 'embedded';

/** True when this run covers the embedded engines (DuckDB, chdb). */
export const embeddedEngines = testScope === 'embedded';

/** True when this run covers the ClickHouse server cluster. */
export const serverEngines = testScope === 'system';
