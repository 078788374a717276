import assert from 'node:assert/strict';
import { findInFrames, frameWith, openFile, screenshot } from './codeServer.js';
import { useWorkbench } from './workbenchSuite.js';

/** Inline rendering of saved outputs: no kernel involved, only the renderers. */
describe('extension e2e: notebook renderers in code-server', function () {
  this.timeout(180_000);
  const workbench = useWorkbench('renderer');

  it('renders a saved Fupan table output inline, with hostile text shown as text', async () => {
    const { page } = workbench();
    await openFile(page, 'table-output.ipynb');
    await findInFrames(page, 'RFM segments · RFM 客户分群');
    const hostile = await findInFrames(page, '<img src=x onerror=alert(1)>');
    const frame = await frameWith(page, '.fupan-table-output');
    assert.equal(await frame.locator('.fupan-table-output img').count(), 0);
    assert.equal(await hostile.textContent(), '<img src=x onerror=alert(1)>');
    await findInFrames(page, '24.0%');

    // Filter and sort work inline.
    await frame.locator('.fupan-table-output input[type=search]').fill('lost');
    await frame.locator('.fupan-status', { hasText: '1 / 3 rows' }).waitFor({ timeout: 10_000 });
    await frame.locator('.fupan-table-output input[type=search]').fill('');
    await frame.locator('.fupan-vt-header .fupan-vt-cell', { hasText: 'Users' }).click();
    await frame.locator('.fupan-vt-header .fupan-vt-cell', { hasText: 'Users' }).click(); // descending
    const firstRow = frame.locator('.fupan-vt-layer .fupan-vt-row').first();
    await firstRow.locator('.fupan-vt-cell', { hasText: 'Lost' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'renderer-fupan-table');
  });

  it('renders a saved plotly figure with the bundled plotly.js', async () => {
    const { page } = workbench();
    const frame = await frameWith(page, '.fupan-plotly .main-svg');
    await frame.locator('.fupan-plotly .main-svg').first().waitFor();
    assert.ok(
      await frame
        .locator('.fupan-plotly .gtitle')
        .first()
        .textContent()
        .then((t) => t?.includes('Segment sizes')),
    );
    await screenshot(page, 'renderer-plotly');
  });
});
