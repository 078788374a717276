import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  findInFrames,
  frameWith,
  openFile,
  runCommand,
  screenshot,
  waitForFupanController,
} from './codeServer.js';
import { useWorkbench } from './workbenchSuite.js';

/** The "Fupan TypeScript" controller runs a cell through a real tslab kernel inside code-server. */
describe('extension e2e: Fupan TypeScript notebook controller in code-server', function () {
  this.timeout(240_000);
  const workbench = useWorkbench('controller');

  it('runs 6 * 7 and shows 42, without saving the notebook', async () => {
    const { page, folder } = workbench();
    const file = path.join(folder, 'compute.ipynb');
    const before = readFileSync(file, 'utf8');
    await openFile(page, 'compute.ipynb');
    await page.locator('.notebook-editor >> visible=true').first().waitFor({ timeout: 60_000 });
    await runCommand(page, 'Notebook: Select Notebook Kernel');
    const controllerRow = page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Fupan TypeScript' })
      .first();
    await controllerRow.waitFor({ timeout: 60_000 });
    await controllerRow.click();
    // The notebook toolbar names the selected kernel.
    await waitForFupanController(page, 30_000);
    await runCommand(page, 'Notebook: Run All');
    await findInFrames(page, '42', 120_000, true);
    await screenshot(page, 'controller-6x7');
    // The outputs are in the editor only: the file changes when the user saves, not when a cell runs.
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('shows a Fupan table displayed by kernel-lib in a cell with the inline renderer', async () => {
    const { page } = workbench();
    await openFile(page, 'display.ipynb');
    await page.locator('.tab.active', { hasText: 'display.ipynb' }).waitFor({ timeout: 30_000 });
    await waitForFupanController(page, 30_000);
    await runCommand(page, 'Notebook: Run All');
    await findInFrames(page, 'From the kernel', 120_000);
    const frame = await frameWith(page, '.fupan-table-output');
    await frame.locator('.fupan-vt-cell', { hasText: 'Lost' }).first().waitFor();
    await screenshot(page, 'controller-fupan-table');
  });
});
