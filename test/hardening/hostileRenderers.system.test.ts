import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  bundleWebview as bundle,
  launchChromium,
  renderItem as render,
} from '../extension/webview/themedPage.js';

/**
 * The extension's notebook renderers (Fupan tables, plotly figures) in headless Chromium, fed a corpus of
 * hostile strings in titles, column names, labels, values, notes, specs, trace names and axis labels,
 * and the segment preview webview fed the same in its file name, segment labels, user ids and messages:
 * markup and script stay text (no element is created from data, no handler runs, no dialog opens),
 * right-to-left overrides, control characters and very long strings are shown as they are, and
 * filtering and sorting on them runs nothing either. The renderers are bundled from source here, as
 * the extension's esbuild does (CSS as text), so the test needs no prior build.
 */

const PWN = "window.__pwned.push('x')";

/** Strings that would run or mislead if a renderer treated data as markup. */
const HOSTILE: readonly string[] = [
  `<img src=x onerror="${PWN}">`,
  `<script>${PWN}</script>`,
  `"><svg onload="${PWN}">`,
  `<iframe srcdoc="<script>parent.${PWN}</script>"></iframe>`,
  `<a href="javascript:${PWN}">click</a>`,
  `'; ${PWN}; '`,
  `{{constructor.constructor("${PWN}")()}}`,
  '\u202Egnp.exe\u202C 用户', // right-to-left override
  'العربية עברית mixed', // right-to-left scripts
  'ctrl \u0000\u0007\u0008\u001b[31m red \u007f end',
  'line\nbreak\r\nand\ttab',
  '=HYPERLINK("http://127.0.0.1/","x")',
  '__proto__',
  'x'.repeat(100_000),
];

interface Probe {
  pwned: unknown[];
  dialogs: string[];
  errors: string[];
}

/** A blank page with a pwn counter, dialogs and errors recorded. */
async function blankPage(browser: Browser): Promise<{ page: Page; probe: Probe }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const probe: Probe = { pwned: [], dialogs: [], errors: [] };
  page.on('dialog', (d) => {
    probe.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => probe.errors.push(e.message));
  await page.setContent('<!doctype html><html><body><div id="out"></div></body></html>');
  // tsx compiles the functions passed to page.evaluate with esbuild's keepNames helper `__name`.
  await page.evaluate('window.__name = (f) => f; window.__pwned = [];');
  return { page, probe };
}

/** Elements and attributes that data must never create. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('#out *'))) {
      const tag = el.tagName.toLowerCase();
      if (['script', 'iframe', 'img', 'object', 'embed'].includes(tag)) found.push(tag);
      for (const a of Array.from(el.attributes)) {
        if (/^on/i.test(a.name)) found.push(`${tag}[${a.name}]`);
        if (/^\s*javascript:/i.test(a.value)) found.push(`${tag}[${a.name}=${a.value.slice(0, 30)}]`);
      }
    }
    return found;
  });
}

describe('hardening/extension renderers and webview: hostile strings are shown as text, never run', function () {
  this.timeout(120_000);
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  it('the Fupan table renderer: title, notes, column names, labels, values and spec', async () => {
    const { page, probe } = await blankPage(browser);
    const n = HOSTILE.length;
    const payload = {
      version: 1,
      title: HOSTILE[0],
      titleZh: HOSTILE[7],
      columns: [
        { name: HOSTILE[2], label: HOSTILE[1], labelZh: HOSTILE[8] },
        { name: 'users', label: HOSTILE[4], format: 'integer', heat: true },
        { name: HOSTILE[12], label: HOSTILE[9] },
      ],
      rows: HOSTILE.map((h, i) => [h, i, HOSTILE[n - 1 - i]]),
      notes: HOSTILE.slice(0, 6),
      spec: { [HOSTILE[1]]: HOSTILE[0], nested: { [HOSTILE[6]]: HOSTILE[3] } },
    };
    await render(page, bundle('renderers/fupanTableRenderer.ts'), payload);
    const text = await page.locator('#out').innerText();
    // Markup came out as the characters it was written with.
    assert.ok(text.includes(`${HOSTILE[0]} · ${HOSTILE[7]}`), 'title');
    for (const h of [HOSTILE[1], HOSTILE[4], HOSTILE[9]]) assert.ok(text.includes(h), `header ${h}`);
    const firstCell = await page
      .locator('#out .fupan-vt-layer .fupan-vt-row')
      .first()
      .locator('.fupan-vt-cell')
      .first()
      .textContent();
    assert.equal(firstCell, HOSTILE[0]);
    const notes = await page.locator('#out .fupan-note').allTextContents();
    assert.deepEqual(notes, HOSTILE.slice(0, 6));
    assert.ok((await page.locator('#out pre').textContent())!.includes(JSON.stringify(HOSTILE[1])));
    // Filtering by hostile text and sorting on a hostile column run nothing either.
    await page.locator('#out input[type=search]').fill('<script>');
    const matching = payload.rows.filter((r) => `${r[0]} ${r[2]}`.toLowerCase().includes('<script>'));
    const status = await page.locator('#out .fupan-status').first().textContent();
    assert.equal(status, `${matching.length} / ${n} rows 行`);
    await page.locator('#out input[type=search]').fill('');
    await page.locator('#out .fupan-vt-header .fupan-vt-cell').first().click();
    await page.locator('#out .fupan-vt-header .fupan-vt-cell').nth(2).click();
    await page.waitForTimeout(200);
    assert.deepEqual(await injected(page), []);
    assert.deepEqual(await page.evaluate(() => (window as any).__pwned), []);
    assert.deepEqual(probe.dialogs, []);
    assert.deepEqual(probe.errors, []);
    await page.close();
  });

  it('the plotly renderer: titles, trace names, axis labels and hover text', async () => {
    const { page, probe } = await blankPage(browser);
    const figure = {
      data: [
        {
          type: 'bar',
          name: HOSTILE[0],
          x: HOSTILE.slice(0, 8).map((h) => h.slice(0, 200)),
          y: [1, 2, 3, 4, 5, 6, 7, 8],
          text: HOSTILE.slice(0, 8).map((h) => h.slice(0, 200)),
          hovertext: HOSTILE.slice(0, 8).map((h) => h.slice(0, 200)),
        },
        { type: 'scatter', name: HOSTILE[4], x: [1, 2], y: [3, 4] },
      ],
      layout: {
        title: { text: `${HOSTILE[1]} ${HOSTILE[4]}` },
        xaxis: { title: { text: HOSTILE[2] } },
        yaxis: { title: { text: HOSTILE[7] } },
        annotations: [{ text: HOSTILE[3], x: 0, y: 0 }],
      },
    };
    await render(page, bundle('renderers/plotlyRenderer.ts'), figure);
    await page.waitForSelector('#out svg.main-svg');
    await page.hover('#out .bars path', { timeout: 5000 }).catch(() => undefined);
    await page.waitForTimeout(300);
    assert.deepEqual(await injected(page), []);
    assert.deepEqual(await page.evaluate(() => (window as any).__pwned), []);
    assert.deepEqual(probe.dialogs, []);
    assert.deepEqual(probe.errors, []);
    // The legend shows the hostile trace name as text.
    const legend = await page.locator('#out .legendtext').allTextContents();
    assert.ok(
      legend.some((t) => t.includes('<img')),
      legend.join(' | '),
    );
    await page.close();
  });
  it('the segment preview webview: file name, segment labels, user ids, spec, status and errors', async () => {
    const { page, probe } = await blankPage(browser);
    await page.setContent('<!doctype html><html><body><div id="app"></div></body></html>');
    await page.evaluate(
      'window.__name = (f) => f; window.__pwned = []; window.__posted = [];' +
        'window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m) });',
    );
    await page.addScriptTag({ content: bundle('preview/main.ts', 'iife') });
    const fileName = `${HOSTILE[0]}${HOSTILE[7]}.csv`;
    await page.evaluate((fileName) => window.postMessage({ type: 'loading', fileName }, '*'), fileName);
    const segments = HOSTILE.slice(0, 8).map((h, k) => ({
      segment: HOSTILE[k],
      labelEn: h,
      labelZh: HOSTILE[(k + 7) % HOSTILE.length],
      users: k + 1,
      share: (k + 1) / 36,
      meanRecency: 1,
      meanFrequency: 2,
      meanMonetary: 3,
    }));
    const summary = {
      fileName,
      strategy: 'quantile',
      orders: 100,
      users: 36,
      asOf: HOSTILE[2],
      segments,
      spec: { [HOSTILE[1]]: HOSTILE[3] },
    };
    await page.evaluate((summary) => window.postMessage({ type: 'summary', summary }, '*'), summary);
    // Answer the table's row requests with hostile user ids.
    await page.waitForFunction(() => (window as any).__posted.some((m: any) => m.type === 'requestRows'));
    await page.evaluate((hostile) => {
      for (const m of (window as any).__posted.filter((x: any) => x.type === 'requestRows')) {
        const rows = [];
        for (let i = m.start; i < m.end; i++)
          rows.push([hostile[i % hostile.length], 1, 2, 3.5, 1, 2, 3, hostile[i % 8]]);
        window.postMessage({ type: 'rows', requestId: m.requestId, start: m.start, rows }, '*');
      }
    }, HOSTILE);
    await page.waitForSelector('#users .fupan-vt-layer .fupan-vt-cell');
    const firstUser = await page
      .locator('#users .fupan-vt-layer .fupan-vt-row')
      .first()
      .locator('.fupan-vt-cell')
      .first();
    assert.equal(await firstUser.textContent(), HOSTILE[0]);
    assert.equal(
      await page.locator('h2.fupan-title').textContent(),
      `RFM segments · RFM 客户分群 — ${fileName}`,
    );
    assert.equal(await page.locator('#summary tbody tr .segment-en').nth(1).textContent(), HOSTILE[0]);
    // Selecting a segment whose id is markup, then host status and error messages with markup.
    await page.locator('#summary tbody tr').nth(2).click();
    await page.evaluate((text) => window.postMessage({ type: 'status', text }, '*'), HOSTILE[2]);
    await page.evaluate((message) => window.postMessage({ type: 'error', message }, '*'), HOSTILE[3]);
    assert.equal(await page.locator('#status').textContent(), `Error 错误: ${HOSTILE[3]}`);
    await page.waitForTimeout(200);
    const found = await page.evaluate(() => {
      const out: string[] = [];
      for (const el of Array.from(document.querySelectorAll('#app *'))) {
        const tag = el.tagName.toLowerCase();
        if (['script', 'iframe', 'img', 'object', 'embed'].includes(tag)) out.push(tag);
        for (const a of Array.from(el.attributes)) if (/^on/i.test(a.name)) out.push(`${tag}[${a.name}]`);
      }
      return out;
    });
    assert.deepEqual(found, []);
    assert.deepEqual(await page.evaluate(() => (window as any).__pwned), []);
    assert.deepEqual(probe.dialogs, []);
    assert.deepEqual(probe.errors, []);
    await page.close();
  });
});
