import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { answerDataInputs, answerQuickInput, openFile, runCommand, screenshot } from './codeServer.js';
import { parameterCell } from './savedNotebook.js';
import { useWorkbench } from './workbenchSuite.js';

/** The scaffold from the user's file: only the template's inputs, column mapping, zone, tiers, a new notebook opened. */
describe('extension e2e: scaffold a campaign review notebook in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench('scaffold');

  it('writes campaign-review-2.ipynb from the picked file, asking only for what the template needs, no sample path', async () => {
    const { page, folder } = workbench();
    const existing = path.join(folder, 'campaign-review.ipynb');
    writeFileSync(existing, '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n');
    writeFileSync(path.join(folder, 'coupons.csv'), 'coupon_id,user_id,threshold,reward\nc1,u01,200,10\n');

    await runCommand(page, 'Fupan: New Campaign Review Notebook');
    await answerQuickInput(page, 'Campaign review: your data file', 'orders.csv');
    await answerQuickInput(page, 'Columns of orders.csv'); // accept the guessed mapping
    // Then the template's other inputs: coupons from the folder, the optional ones skipped (a required one,
    // in a template that has no optional inputs, gets the orders file: the notebook is not run here).
    await answerDataInputs(page, 'Columns of orders.csv', { coupons: 'coupons.csv' }, 'orders.csv');
    // Naive timestamps: the zone is asked, UTC preselected.
    await answerQuickInput(page, 'Time zone of orders.csv');
    // Tiers: never the template's article tiers unless picked; the first row is the neutral choice.
    const first = page.locator('.quick-input-list .monaco-list-row').first();
    await page.locator('.quick-input-title', { hasText: 'Tiers' }).first().waitFor({ timeout: 30_000 });
    assert.doesNotMatch((await first.textContent()) ?? '', /Tiers of the template/);
    if (/Type tier bounds/.test((await first.textContent()) ?? '')) {
      await answerQuickInput(page, 'Tiers');
      await page.locator('.quick-input-title', { hasText: 'Tiers: lower bounds' }).first().waitFor();
      await page.locator('.quick-input-widget input').first().fill('0, 100, 1000');
      await answerQuickInput(page, 'Tiers: lower bounds');
      await answerQuickInput(page, 'Coupon table');
    } else {
      await answerQuickInput(page, 'Tiers');
    }

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
    assert.match(parameters, /"coupons": "\.\/coupons\.csv"/);
    assert.doesNotMatch(parameters, /datasets\/|Asia\/Shanghai/);
    assert.match(parameters, /const TIME_ZONE = "UTC"/);
    assert.match(parameters, /"userId": "user_id"/);
    assert.match(parameters, /"amount": "amount"/);
  });

  it('writes an RFM notebook from the active data tab, asking for nothing but the mapping and the zone', async () => {
    const { page, folder } = workbench();
    await openFile(page, 'orders.csv');
    await runCommand(page, 'Fupan: New Analysis Notebook…');
    await answerQuickInput(page, 'New analysis notebook', 'RFM segmentation');
    await answerQuickInput(page, 'Columns of orders.csv');
    await answerQuickInput(page, 'Time zone of orders.csv');
    await page.locator('.tab', { hasText: 'rfm-segmentation.ipynb' }).first().waitFor({ timeout: 60_000 });
    const editor = page.locator('.notebook-editor >> visible=true').first();
    await editor.locator('.view-lines', { hasText: './orders.csv' }).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'scaffold-rfm');
    const parameters = parameterCell(path.join(folder, 'rfm-segmentation.ipynb'));
    assert.match(parameters, /const RFM_SPEC = /);
    assert.match(parameters, /"orders": "\.\/orders\.csv"/);
    assert.match(parameters, /const TIME_ZONE = "UTC"/);
  });
});
