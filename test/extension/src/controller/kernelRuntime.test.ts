import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { kernelRuntime } from '../../../../extension/src/controller/kernelRuntime.js';
import { TslabKernel } from '@fupan/kernel-client';

/**
 * The kernel of a folder with no package.json (issue 15): a notebook in a mkdtemp folder outside the repository
 * runs on the runtime an installed extension carries — tslab, kernel-lib's dist and their light dependencies,
 * copied by extension/runtime.mjs exactly as `npm run package` does, started by the kernel launcher — and cells
 * import and type-check against @fupan/kernel-lib. Needs kernel-lib's dist (`npm test` builds it first).
 */
const repoRoot = path.join(__dirname, '../../../..');

describe('extension kernel runtime: a folder with no node_modules runs on the runtime the .vsix carries', function () {
  this.timeout(120_000);
  let extensionDir: string;
  let folder: string;
  let kernel: TslabKernel | undefined;

  before(async () => {
    extensionDir = mkdtempSync(path.join(tmpdir(), 'fupan-ext-'));
    folder = mkdtempSync(path.join(tmpdir(), 'fupan-nb-'));
    // @ts-expect-error runtime.mjs is the packaging script's plain ES module (no declarations)
    const { copyRuntime, currentTarget } = await import('../../../../extension/runtime.mjs');
    copyRuntime({ repoRoot, extensionDir, target: currentTarget() });
    await build({
      entryPoints: [path.join(repoRoot, 'extension', 'src', 'runtime', 'kernelLauncher.ts')],
      outfile: path.join(extensionDir, 'dist', 'kernelLauncher.js'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
    });
  });
  after(async () => {
    await kernel?.shutdown();
    rmSync(extensionDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  });

  it('a folder inside a project with its own tslab uses that', () => {
    const runtime = kernelRuntime(path.join(repoRoot, 'notebooks'), extensionDir);
    assert.equal(runtime.source, 'workspace');
    assert.equal(runtime.options.tslabCommand, undefined);
  });

  it('an extension without a runtime (a development build) says so for a bare folder', () => {
    assert.throws(() => kernelRuntime(folder, folder), /no tslab kernel for .*no node_modules\/\.bin\/tslab/);
  });

  it('a bare folder runs RFM with @fupan/kernel-lib from the extension, type-checked', async () => {
    const runtime = kernelRuntime(folder, extensionDir);
    assert.equal(runtime.source, 'extension');
    writeFileSync(
      path.join(folder, 'orders.csv'),
      'user_id,ts,amount\nu1,2024-01-02T00:00:00Z,10\nu1,2024-02-01T00:00:00Z,5\nu2,2024-01-20T00:00:00Z,7\n',
    );
    kernel = await TslabKernel.start(runtime.options);
    const loaded = await kernel.execute(
      "import { load, rfm } from '@fupan/kernel-lib';\n" +
        "const orders = await load('orders.csv', { table: 'orders', timeZone: 'UTC' });\n" +
        "const seg = rfm(orders, { asOf: '2024-03-01' });\n" +
        'console.log(seg.users.numRows(), seg.users.columnNames().includes("user_id"))',
    );
    assert.equal(loaded.status, 'ok', loaded.error);
    assert.deepEqual(loaded.outputs, [{ output_type: 'stream', name: 'stdout', text: '2 true\n' }]);
    // Types come from kernel-lib's declarations in the runtime: a wrong argument is a compile error.
    const typed = await kernel.execute("rfm(orders, { asOf: '2024-03-01', scoring: { method: 'nope' } })");
    assert.equal(typed.status, 'error');
    assert.match(typed.error ?? '', /'"nope"' is not assignable/);
  });
});
