import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { openFile, runCommand, screenshot, waitForFupanController } from './codeServer.js';
import { useWorkbench } from './workbenchSuite.js';

/** Every file under `dir` with its content, to show nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      files[path.relative(dir, file)] = readFileSync(file, 'base64');
    }
  }
  return files;
}

/** Processes running in `dir` whose command line names tslab (Fupan starts a kernel in the notebook's folder). */
function kernelsIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (readlinkSync(`/proc/${pid}/cwd`) === dir && cmdline.includes('tslab'))
        found.push(`${pid} ${cmdline}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/**
 * Workspace trust: in restricted mode no cell runs (VS Code asks, the user declines): no output, no
 * kernel started, no file of the workspace written.
 */
describe('extension e2e: untrusted workspace in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench('untrusted', { trusted: false });

  it('does not execute a cell when the user does not trust the folder', async () => {
    const { page, folder } = workbench();
    const before = snapshot(folder);
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
    assert.deepEqual(kernelsIn(folder), []);
    assert.deepEqual(snapshot(folder), before);
  });
});
