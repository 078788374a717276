import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { answerQuickInput, runCommand, screenshot } from './codeServer.js';
import { useWorkbench } from './workbenchSuite.js';

/** The source of the first code cell (the parameter cell) of a notebook the scaffold wrote. */
function parameterCell(notebookFile: string): string {
  const notebook = JSON.parse(readFileSync(notebookFile, 'utf8')) as {
    cells: { cell_type: string; source: string[] }[];
  };
  return notebook.cells.find((c) => c.cell_type === 'code')!.source.join('');
}

/** The campaign-review scaffold: quick picks, column mapping, tiers, coupon table, a new notebook opened. */
describe('extension e2e: scaffold a campaign review notebook in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench('scaffold');

  it('writes campaign-review-2.ipynb next to an existing one, with the picked file and mapping, and opens it', async () => {
    const { page, folder } = workbench();
    const existing = path.join(folder, 'campaign-review.ipynb');
    writeFileSync(existing, '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n');

    await runCommand(page, 'Fupan: New Campaign Review Notebook');
    await answerQuickInput(page, 'Data for "coupons" (1/6)'); // keep the sample
    await answerQuickInput(page, 'Data for "orders" (2/6)', 'orders.csv');
    await answerQuickInput(page, 'Columns of orders.csv'); // accept the guessed mapping
    for (const [i, key] of ['payouts', 'targets', 'users', 'events'].entries()) {
      await answerQuickInput(page, `Data for "${key}" (${i + 3}/6)`);
    }
    await answerQuickInput(page, 'Tiers: lower bounds');
    await answerQuickInput(page, 'Coupon table');

    await page.locator('.tab', { hasText: 'campaign-review-2.ipynb' }).first().waitFor({ timeout: 60_000 });
    const editor = page.locator('.notebook-editor >> visible=true').first();
    // The parameter cell, on screen, reads the picked file.
    await editor.locator('.view-lines', { hasText: './orders.csv' }).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'scaffold-campaign-review');

    assert.equal(
      readFileSync(existing, 'utf8'),
      '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
    );
    const parameters = parameterCell(path.join(folder, 'campaign-review-2.ipynb'));
    assert.match(parameters, /"orders": "\.\/orders\.csv"/);
    assert.match(parameters, /"coupons": "\.\.\/\.\.\/\.\.\/datasets\/p2p\/coupons\.csv\.gz"/);
    assert.match(parameters, /"userId": "user_id"/);
    assert.match(parameters, /"amount": "amount"/);
  });

  it('writes an RFM notebook from the analysis picker with the picked orders file', async () => {
    const { page, folder } = workbench();
    await runCommand(page, 'Fupan: New Analysis Notebook…');
    await answerQuickInput(page, 'New analysis notebook', 'RFM segmentation');
    await answerQuickInput(page, 'Data for "orders" (1/1)', 'orders.csv');
    await answerQuickInput(page, 'Columns of orders.csv');
    await page.locator('.tab', { hasText: 'rfm-segmentation.ipynb' }).first().waitFor({ timeout: 60_000 });
    const editor = page.locator('.notebook-editor >> visible=true').first();
    await editor.locator('.view-lines', { hasText: './orders.csv' }).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'scaffold-rfm');
    const parameters = parameterCell(path.join(folder, 'rfm-segmentation.ipynb'));
    assert.match(parameters, /const RFM_SPEC = /);
    assert.match(parameters, /"orders": "\.\/orders\.csv"/);
  });
});
