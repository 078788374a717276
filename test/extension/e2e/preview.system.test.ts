import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findInFrames, frameWith, openFile, runCommand, screenshot } from './codeServer.js';
import { useWorkbench } from './workbenchSuite.js';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** The segment preview webview on the hand-made fixture (fixtures/ws/README.md gives the expected counts). */
describe('extension e2e: segment preview in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench('preview');

  it('shows the expected segment counts with mean thresholds, and a hostile user name as text', async () => {
    const { page } = workbench();
    await openFile(page, 'orders.csv');
    await runCommand(page, 'Fupan: Preview Segments');
    await findInFrames(page, 'RFM segments · RFM 客户分群 — orders.csv');
    const frame = await frameWith(page, '#strategy');
    await frame.locator('#strategy').selectOption('mean');
    const count = (segment: string) =>
      frame.locator(`#summary tr[data-segment="${segment}"] .segment-count`).textContent();
    // The summary table names the strategy of the numbers the host sent back.
    await frame.locator('#summary[data-strategy="mean"]').waitFor({ timeout: 30_000 });
    const expected: Record<string, string> = {
      importantValue: '2',
      importantDevelopment: '1',
      importantRetention: '1',
      importantWinBack: '1',
      generalValue: '1',
      generalDevelopment: '1',
      generalRetention: '1',
      generalWinBack: '2',
    };
    for (const [segment, n] of Object.entries(expected)) assert.equal(await count(segment), n, segment);
    await findInFrames(page, '重要价值客户');

    await frame.locator('#summary tr[data-segment="generalWinBack"]').click();
    const hostile = frame.locator('#users .fupan-vt-cell', { hasText: HOSTILE }).first();
    await hostile.waitFor({ timeout: 30_000 });
    assert.equal(await hostile.textContent(), HOSTILE);
    assert.equal(await frame.locator('#users img').count(), 0);
    await screenshot(page, 'preview-segments');

    // Export asks where to save (VS Code's own save dialog) and writes only after the user confirms.
    const exported = path.join(workbench().folder, 'orders-generalWinBack-users.csv');
    await frame.locator('button', { hasText: 'Export General win-back users' }).click();
    const dialogInput = page.locator('.quick-input-widget input').first();
    await dialogInput.waitFor({ timeout: 30_000 });
    assert.equal(existsSync(exported), false);
    await dialogInput.press('Enter');
    await findInFrames(page, 'Exported 2 users');
    assert.equal(
      readFileSync(exported, 'utf8'),
      'user_id,recency,frequency,monetary,r,f,m,segment,segment_zh\n' +
        'u09,59,1,50,1,1,1,generalWinBack,一般挽留客户\n' +
        `${HOSTILE},59,1,50,1,1,1,generalWinBack,一般挽留客户\n`,
    );
  });
});
