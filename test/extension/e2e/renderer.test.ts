import assert from 'node:assert/strict';
import {
  findInFrames,
  frameWith,
  openFile,
  screenshot,
  startWorkbench,
  type Workbench,
} from './codeServer.js';

/** Inline rendering of saved outputs: no kernel involved, only the renderers. */
describe('extension e2e: notebook renderers in code-server', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async function () {
    wb = await startWorkbench('renderer');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb)
      await screenshot(wb.page, `failed-${this.currentTest.title}`);
  });
  after(async () => wb?.close());

  it('renders a saved Fupan table output inline, with hostile text shown as text', async () => {
    const { page } = wb;
    await openFile(page, 'table-output.ipynb');
    await findInFrames(page, 'RFM segments · RFM 客户分群');
    const hostile = await findInFrames(page, '<img src=x onerror=alert(1)>');
    const frame = await frameWith(page, '.fupan-table-output');
    assert.equal(await frame.locator('.fupan-table-output img').count(), 0);
    assert.equal(await hostile.textContent(), '<img src=x onerror=alert(1)>');
    await findInFrames(page, '24.0%');
    await screenshot(page, 'renderer-fupan-table');
  });
});
