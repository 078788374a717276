import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { contrastRatio, type Rgb } from '../../../../kernel-lib/src/present/heatColour.js';
import type { FupanTablePayload } from '../../../../kernel-lib/src/present/fupanTable.js';
import {
  bundleWebview,
  launchChromium,
  renderOutput,
  themedPage,
  THEMES,
  type Theme,
} from '../themedPage.js';

/** An RFM-like table: long English headers, Chinese labels, money in millions, a heat-coloured column. */
const SEGMENTS: FupanTablePayload = {
  version: 1,
  title: 'RFM segments',
  titleZh: 'RFM 客户分群',
  columns: [
    { name: 'segment_zh', label: 'Segment (中文)', labelZh: '客户分群', format: 'string' },
    { name: 'users', label: 'Users', labelZh: '用户数', format: 'integer', heat: true },
    { name: 'share', label: 'Share of users', labelZh: '用户占比', format: 'percent', digits: 1, heat: true },
    {
      name: 'days',
      label: 'Mean days since last purchase',
      labelZh: '平均最近消费间隔(天)',
      format: 'number',
      digits: 1,
    },
    { name: 'total', label: 'Total amount', labelZh: '消费金额合计', format: 'currency', digits: 2 },
  ],
  rows: [
    ['重要价值客户', 1534, 0.354, 21.9, 6_852_316.32],
    ['重要发展客户', 342, 0.079, 33.9, 497_499.3],
    ['重要保持客户', 342, 0.079, 130, 656_688.45],
    ['一般发展客户', 637, 0.147, 34.4, 168_921.97],
    ['一般挽留客户', 965, 0.222, 221.7, 230_456.04],
    ['一般价值客户', 67, 0.015, 26.6, 22_994.64],
  ],
};

/**
 * Cells whose text is wider than their content box (cut on either side, or ellipsised), as
 * "text (text width > room)". The text is measured with a range: a cut on the left leaves no scroll width.
 */
function cutCells(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (cells) =>
    cells.flatMap((c) => {
      const range = document.createRange();
      range.selectNodeContents(c.firstChild ?? c);
      const text = range.getBoundingClientRect().width;
      const style = getComputedStyle(c);
      const room = c.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return text > room + 0.5 ? [`${c.textContent} (${text.toFixed(1)} > ${room})`] : [];
    }),
  );
}

function parseRgb(css: string): Rgb {
  const [r, g, b, a = 1] = css.match(/[\d.]+/g)!.map(Number);
  assert.equal(a, 1, `opaque colour expected, got ${css}`);
  return [r, g, b];
}

describe('inline Fupan table in Chromium: layout and colours a reader sees', function () {
  this.timeout(60_000);
  let browser: Browser;
  const renderer = bundleWebview('renderers/fupanTableRenderer.ts');
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  it('shows every header in full at laptop width, with its labels as a tooltip', async () => {
    const page = await themedPage(browser, 'light', 1280);
    await renderOutput(page, renderer, SEGMENTS);
    assert.deepEqual(await cutCells(page, '.fupan-vt-header .fupan-vt-cell'), []);
    const titles = await page.$$eval('.fupan-vt-header .fupan-vt-cell', (cells) =>
      cells.map((c) => (c as HTMLElement).title),
    );
    assert.equal(titles[3], 'Mean days since last purchase · 平均最近消费间隔(天)');
  });

  it('never cuts a number at a narrow width; the rows scroll sideways as one, stripes and all', async () => {
    const page = await themedPage(browser, 'dark', 480);
    await renderOutput(page, renderer, SEGMENTS);
    assert.deepEqual(await cutCells(page, '.fupan-vt-layer .fupan-vt-cell.num'), []);
    const widths = await page.$eval('.fupan-vt', (vt) => ({
      view: vt.clientWidth,
      content: vt.scrollWidth,
      rows: Array.from(vt.querySelectorAll<HTMLElement>('.fupan-vt-row'), (r) => r.offsetWidth),
    }));
    assert.ok(widths.content > widths.view, 'the table is wider than a narrow output and scrolls');
    for (const w of widths.rows) assert.equal(w, widths.content, 'a row spans the whole scrolled width');
  });

  for (const theme of Object.keys(THEMES) as Theme[]) {
    it(`gives heat-coloured cells text readable on them (>= 4.5:1) in the ${theme} theme`, async () => {
      const page = await themedPage(browser, theme, 1280);
      await renderOutput(page, renderer, SEGMENTS);
      const cells = await page.$$eval('.fupan-vt-layer .fupan-vt-cell', (cells) =>
        cells
          .filter((c) => c.style.backgroundColor)
          .map((c) => [c.textContent, getComputedStyle(c).backgroundColor, getComputedStyle(c).color]),
      );
      assert.equal(cells.length, 2 * SEGMENTS.rows.length);
      for (const [text, background, colour] of cells) {
        const ratio = contrastRatio(parseRgb(background!), parseRgb(colour!));
        assert.ok(ratio >= 4.5, `${text}: ${colour} on ${background} is ${ratio.toFixed(2)}:1`);
      }
    });
  }

  it('says so when there are no rows, or none match the filter', async () => {
    const page = await themedPage(browser, 'dark', 1280);
    await renderOutput(page, renderer, { ...SEGMENTS, rows: [] });
    assert.equal(await page.locator('.fupan-vt-empty').innerText(), 'No rows · 无数据');
    const other = await themedPage(browser, 'light', 1280);
    await renderOutput(other, renderer, SEGMENTS);
    assert.equal(await other.locator('.fupan-vt-empty').isVisible(), false);
    await other.locator('input[type=search]').fill('no such segment');
    await other.locator('.fupan-vt-empty', { hasText: 'No rows match the filter · 没有匹配的行' }).waitFor();
  });
});

describe('segment preview in Chromium: what a reader sees', function () {
  this.timeout(60_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  it('right-aligns the numeric summary headers, keeps Chinese names whole and says when a segment is empty', async () => {
    const media = join(__dirname, '../../../../extension/media');
    const css = ['table.css', 'preview.css'].map((f) => readFileSync(join(media, f), 'utf8')).join('\n');
    const page = await themedPage(browser, 'dark', 1280, css);
    await page.evaluate(
      'window.acquireVsCodeApi = () => ({ postMessage: (m) => m.type === "requestRows" && ' +
        'window.postMessage({ type: "rows", requestId: m.requestId, start: m.start, rows: [] }, "*") });',
    );
    await page.addScriptTag({ content: bundleWebview('preview/main.ts', 'iife') });
    const segment = (segment: string, users: number) => ({
      segment,
      labelEn: `${segment} customers`,
      labelZh: '重要价值客户',
      users,
      share: users / 10,
      meanRecency: 12.5,
      meanFrequency: 1,
      meanMonetary: 1_234_567.8,
    });
    const summary = {
      fileName: 'orders.csv',
      strategy: 'quantile',
      orders: 30,
      users: 10,
      asOf: '2024-01-01',
      segments: [segment('importantValue', 10), segment('generalValue', 0)],
      spec: {},
    };
    await page.evaluate((summary) => window.postMessage({ type: 'summary', summary }, '*'), summary);
    await page.locator('#summary tbody tr').first().waitFor();
    const aligned = await page.$$eval('#summary th', (ths) =>
      ths.map((th) => getComputedStyle(th).textAlign),
    );
    assert.deepEqual(aligned, ['left', 'right', 'right', 'right', 'right', 'right']);
    const means = await page.$$eval('#summary tbody tr:nth-child(2) td.num', (tds) =>
      tds.map((td) => td.textContent),
    );
    assert.deepEqual(means, ['10', '100.0%', '12.5', '1.00', '1,234,567.80']);
    await page.setViewportSize({ width: 480, height: 800 });
    const lines = await page.$$eval('#summary .segment-zh', (spans) =>
      spans.map((s) => s.getClientRects().length),
    );
    assert.deepEqual(lines, [1, 1, 1], 'a Chinese segment name stays on one line at 480 px');
    await page.locator('#summary tbody tr[data-segment=generalValue]').click();
    await page
      .locator('#users .fupan-vt-empty', { hasText: 'No users in this segment · 该分群没有用户' })
      .waitFor();
  });
});
