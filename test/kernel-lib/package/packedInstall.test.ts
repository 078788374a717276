import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * `@fupan/kernel-lib` as a user gets it: `npm pack`, then `npm install <tarball>` in an empty folder outside
 * the repository, then plain `node` (CommonJS and ESM) and the TypeScript compiler on a user's own files. The
 * engines are optional peer dependencies: absent, `duckdb()` names the package to install; installed, it works.
 */

const ROOT = resolve(__dirname, '../../..');
const LIB = join(ROOT, 'kernel-lib');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** npm in `cwd`, quiet, from the local cache where it can (the registry is the only network here). */
function npm(cwd: string, args: string[]): string {
  return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs a user's script with plain node (no tsx, no loader) and parses the JSON it prints. */
function nodeJson(cwd: string, file: string): unknown {
  return JSON.parse(execFileSync(process.execPath, [file], { cwd, encoding: 'utf8' }));
}

/** Bytes under a folder. */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

const ORDERS = [
  'customer,paid_at,total',
  'u1,2024-01-05,120.50',
  'u1,2024-03-01,80',
  'u2,2024-02-10,15',
  'u3,2023-12-24,300',
  'u3,2024-02-28,42.25',
  'u3,2024-03-02,7',
].join('\n');

/** The same RFM call in each module system: the user's own column names, mapped at load. */
const RFM_BODY = `
  const orders = await load('orders.csv', { table: 'orders', columns: { userId: 'customer', ts: 'paid_at', amount: 'total' } });
  const result = rfm(orders, { asOf: '2024-03-31', scoring: { method: 'mean' } });
  const users = result.users.objects().map((u) => ({ user: u.user_id, frequency: u.frequency, monetary: u.monetary, segment: u.segment }));
  let engineError = '';
  try { await duckdb(); } catch (e) { engineError = e.name + ': ' + e.message; }
  console.log(JSON.stringify({ users, engineError }));
`;

describe('the packed @fupan/kernel-lib installed into an empty folder', function () {
  this.timeout(300_000);
  let dir: string;

  before(function () {
    if (!existsSync(join(LIB, 'dist/index.js')))
      throw new Error('kernel-lib is not built: run npm run build');
    dir = mkdtempSync(join(tmpdir(), 'fupan-user-'));
    const tarball = npm(LIB, ['pack', '--pack-destination', dir]).trim().split('\n').pop()!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-analysis', private: true }));
    npm(dir, ['install', join(dir, tarball)]);
    writeFileSync(join(dir, 'orders.csv'), ORDERS);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('installs light: no engine, a few MB', () => {
    const modules = join(dir, 'node_modules');
    for (const engine of ['chdb', '@duckdb', '@clickhouse'])
      assert.ok(!existsSync(join(modules, engine)), `${engine} was installed`);
    const mb = folderBytes(modules) / 1e6;
    assert.ok(mb < 60, `node_modules is ${mb.toFixed(1)} MB`);
  });

  it('computes RFM on a CSV under plain node, CommonJS and ESM alike; duckdb() names its package', () => {
    writeFileSync(
      join(dir, 'rfm.cjs'),
      `const { load, rfm, duckdb } = require('@fupan/kernel-lib');\n(async () => {${RFM_BODY}})();\n`,
    );
    writeFileSync(
      join(dir, 'rfm.mjs'),
      `import { load, rfm, duckdb } from '@fupan/kernel-lib';\n${RFM_BODY}\n`,
    );
    const cjs = nodeJson(dir, 'rfm.cjs') as {
      users: { user: string; frequency: number }[];
      engineError: string;
    };
    const esm = nodeJson(dir, 'rfm.mjs');
    assert.deepEqual(esm, cjs);
    assert.deepEqual(
      cjs.users.map((u) => [u.user, u.frequency]),
      [
        ['u1', 2],
        ['u2', 1],
        ['u3', 3],
      ],
    );
    assert.match(cjs.engineError, /^MissingPackageError: duckdb\(\) needs the package @duckdb\/node-api/);
    assert.match(cjs.engineError, /npm install @duckdb\/node-api/);
  });

  it('exports the render subpath (webview helpers) and no deep path', () => {
    writeFileSync(
      join(dir, 'render.cjs'),
      [
        "const render = require('@fupan/kernel-lib/render');",
        'let deep = null;',
        "try { require('@fupan/kernel-lib/dist/present/html.js'); } catch (e) { deep = e.code; }",
        "console.log(JSON.stringify({ field: render.csvField('=1,2'), cell: render.formatCell(0.25, 'percent'), deep }));",
      ].join('\n'),
    );
    const out = nodeJson(dir, 'render.cjs') as { field: string; cell: string; deep: string };
    assert.equal(out.field, `"'=1,2"`);
    assert.match(out.cell, /^25(\.0+)?\s?%$/);
    assert.equal(out.deep, 'ERR_PACKAGE_PATH_NOT_EXPORTED');
  });

  it('type-checks a user\u2019s TypeScript against the shipped declarations', () => {
    writeFileSync(
      join(dir, 'check.ts'),
      [
        "import { load, rfm, type RfmResult } from '@fupan/kernel-lib';",
        'export async function segments(): Promise<number> {',
        "  const orders = await load('orders.csv');",
        "  const result: RfmResult = rfm(orders, { asOf: '2024-03-31' });",
        '  return result.users.numRows();',
        '}',
        '// @ts-expect-error: an unknown scoring method is a type error',
        "export const bad = (t: Parameters<typeof rfm>[0]) => rfm(t, { scoring: { method: 'median' } });",
      ].join('\n'),
    );
    execFileSync(
      process.execPath,
      [TSC, '--noEmit', '--strict', '--skipLibCheck', '--module', 'node16', '--target', 'es2022', 'check.ts'],
      { cwd: dir, encoding: 'utf8' },
    );
  });

  it('runs duckdb() once the user installs @duckdb/node-api beside it', () => {
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const version = lock.packages['node_modules/@duckdb/node-api'].version as string;
    npm(dir, ['install', `@duckdb/node-api@${version}`]);
    writeFileSync(
      join(dir, 'engine.cjs'),
      `const { duckdb } = require('@fupan/kernel-lib');
(async () => {
  const engine = await duckdb({ threads: 1 });
  const rows = await engine.query({ sql: "SELECT count(*)::INTEGER AS n FROM read_csv('orders.csv')", params: {} });
  await engine.close();
  console.log(JSON.stringify(rows));
})();
`,
    );
    assert.deepEqual(nodeJson(dir, 'engine.cjs'), [{ n: 6 }]);
  });
});
