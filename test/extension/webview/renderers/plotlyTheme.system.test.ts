import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { contrastRatio, type Rgb } from '../../../../kernel-lib/src/present/heatColour.js';
import { parseCssColour } from '../../../../extension/webview/table/pageBackground.js';
import { bundleWebview, launchChromium, themedPage, THEMES } from '../themedPage.js';

const FIGURE = {
  data: [{ type: 'bar', x: ['0–4,999', '5,000–19,999'], y: [0.123, 0.184], name: 'usage rate 红包使用率' }],
  layout: { title: { text: 'Usage by tier · 分层使用率' }, yaxis: { tickformat: '.0%' } },
};

function rgb(css: string): Rgb {
  const [r, g, b] = css.match(/[\d.]+/g)!.map(Number);
  return [r, g, b];
}

describe('plotly renderer in Chromium: grid lines follow the theme', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  it('draws grid lines that are visible but do not glare on a dark theme (plotly would draw them near-white)', async () => {
    const page = await themedPage(browser, 'dark', 1280);
    await page.evaluate(
      async ({ source, json }) => {
        const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
        const renderer = (await import(url)).activate({ workspace: { isTrusted: true } });
        const item = { id: '1', mime: 'x', json: () => json, text: () => JSON.stringify(json) };
        await renderer.renderOutputItem(item, document.getElementById('out')!, new AbortController().signal);
      },
      { source: bundleWebview('renderers/plotlyRenderer.ts'), json: FIGURE },
    );
    const strokes = await page.$$eval('.fupan-plotly .ygrid', (lines) =>
      lines.map((l) => getComputedStyle(l).stroke),
    );
    assert.ok(strokes.length > 0, 'the y axis has grid lines');
    const background = parseCssColour(THEMES.dark['--vscode-editor-background'])!;
    for (const stroke of strokes) {
      const ratio = contrastRatio(rgb(stroke), background);
      assert.ok(
        ratio > 1.05 && ratio < 3,
        `grid line ${stroke} on the dark background: ${ratio.toFixed(2)}:1`,
      );
    }
  });
});
