/**
 * Manual check of the packaged extension (not part of `npm test`: packaging takes a while): installs
 * `extension/fupan-vscode.vsix` into a fresh code-server, runs `6 * 7` with the Fupan TypeScript controller
 * (zeromq from the package's own `dist/node_modules`) and opens the segment preview of the fixture.
 *
 * Usage: `npm run package && flock /tmp/cpu.lock npx tsx test/extension/e2e/checkVsix.ts`
 */
import path from 'node:path';
import {
  findInFrames,
  frameWith,
  openFile,
  repoRoot,
  runCommand,
  screenshot,
  startWorkbench,
  waitForFupanController,
} from './codeServer.js';

async function main(): Promise<void> {
  const wb = await startWorkbench('vsix', { vsix: path.join(repoRoot, 'extension', 'fupan-vscode.vsix') });
  try {
    const { page } = wb;
    await openFile(page, 'compute.ipynb');
    await waitForFupanController(page);
    await runCommand(page, 'Notebook: Run All');
    await findInFrames(page, '42', 120_000, true);
    await openFile(page, 'orders.csv');
    await runCommand(page, 'Fupan: Preview Segments');
    await findInFrames(page, 'RFM segments · RFM 客户分群 — orders.csv');
    const frame = await frameWith(page, '#users');
    await frame.locator('#users .fupan-vt-layer .fupan-vt-row').nth(9).waitFor({ timeout: 30_000 });
    await screenshot(page, 'vsix-installed');
    console.log('the packaged extension runs a cell and previews segments');
  } finally {
    await wb.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
