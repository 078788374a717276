import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { notebookToHtml } from '../../../notebooks/runner/html-export.js';
import { renderInChromium, withPage } from './chromium.js';
import { ROOT } from './cli-run.js';
import { executedNotebook } from './executedNotebook.js';

describe('notebookToHtml in headless Chromium', function () {
  this.timeout(60_000);

  it('draws the plotly chart offline in headless Chromium', async () => {
    const dir = join(ROOT, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'html-export-demo.html');
    writeFileSync(path, notebookToHtml(executedNotebook()));
    const page = await renderInChromium(path, join(dir, 'html-export-demo.png'));
    assert.deepEqual(page, { figures: 1, figuresDrawn: 1, tables: 1, errors: [] });
  });

  it('follows a dark colour scheme: text, code, table borders and heat cells keep their contrast', async () => {
    const dir = join(ROOT, 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'html-export-dark.html');
    writeFileSync(path, notebookToHtml(executedNotebook()));
    const { pairs, heat } = await withPage(path, { colorScheme: 'dark', width: 480 }, async (page) => {
      await page.screenshot({ path: join(dir, 'html-export-dark.png'), fullPage: true });
      // [text, background] of each element, backgrounds that are transparent read from the page (no named
      // functions inside: tsx would wrap them in a helper the page does not have).
      const colours = await page.evaluate(
        (selectors) =>
          selectors.map(([selector, property]) => {
            const el = getComputedStyle(document.querySelector(selector)!);
            const bg =
              el.backgroundColor === 'rgba(0, 0, 0, 0)'
                ? getComputedStyle(document.body).backgroundColor
                : el.backgroundColor;
            return [el.getPropertyValue(property), bg];
          }),
        [
          ['body', 'color'],
          ['pre.source', 'color'],
          ['pre.stderr', 'color'],
          ['.fupan-table td', 'color'],
          ['.fupan-table td', 'border-bottom-color'],
        ],
      );
      const heat = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.fupan-table td[style]')].map((td) => [
          td.style.color,
          td.style.backgroundColor,
        ]),
      );
      const [text, code, stderr, cell, border] = colours;
      return { pairs: { text, code, stderr, cell, border }, heat };
    });
    assert.equal(pairs.text[1], 'rgb(13, 17, 23)', 'the page is dark');
    for (const [name, [fg, bg]] of Object.entries(pairs)) {
      const least = name === 'border' ? 1.5 : 7;
      assert.ok(contrast(fg, bg) >= least, `${name}: ${fg} on ${bg} is ${contrast(fg, bg).toFixed(2)}:1`);
    }
    assert.equal(heat.length, 2);
    for (const [fg, bg] of heat) assert.ok(contrast(fg, bg) >= 4.5, `heat cell ${fg} on ${bg}`);
  });
});

/** WCAG contrast of two CSS colours `rgb(…)` / `rgba(…)` (alpha over the second, which is opaque). */
function contrast(fg: string, bg: string): number {
  const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
  const [br, bgG, bb] = parse(bg);
  const [r, g, b, a = 1] = parse(fg);
  const over = [r * a + br * (1 - a), g * a + bgG * (1 - a), b * a + bb * (1 - a)];
  const lum = ([x, y, z]: number[]) => {
    const lin = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(x) + 0.7152 * lin(y) + 0.0722 * lin(z);
  };
  const [hi, lo] = [lum(over), lum([br, bgG, bb])].sort((p, q) => q - p);
  return (hi + 0.05) / (lo + 0.05);
}
