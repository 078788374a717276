import assert from 'node:assert/strict';
import { openFile, runCommand, screenshot, waitForFupanController } from './codeServer.js';
import { useWorkbench } from './workbenchSuite.js';

/** Workspace trust: in restricted mode no cell runs (VS Code asks, the user declines). */
describe('extension e2e: untrusted workspace in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench('untrusted', { trusted: false });

  it('does not execute a cell when the user does not trust the folder', async () => {
    const { page } = workbench();
    await openFile(page, 'compute.ipynb');
    await waitForFupanController(page);
    await runCommand(page, 'Notebook: Run All');
    // VS Code asks first; the user declines, so the cell must not run (and Fupan's own guard stays quiet).
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'Do you trust the authors' });
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Restricted Mode').first().waitFor();
    await page.waitForTimeout(5_000);
    await screenshot(page, 'untrusted-no-execution');
    const editor = page.locator('.notebook-editor >> visible=true').first();
    assert.equal(await editor.locator('.output .output-element, .output-stdout').count(), 0);
    for (const frame of page.frames()) {
      assert.equal(await frame.getByText('42', { exact: true }).count(), 0);
    }
  });
});
