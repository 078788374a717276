/**
 * Screenshots of every HTML export for review by eye (issue 17): each page in notebooks/html/ in headless
 * Chromium, light and dark (prefers-color-scheme), 480 and 1200 px wide, full page, written to
 * test-artifacts/screenshots/<notebook>-<scheme>-<width>.png, and each figure as …-figure<N>.png. Run after `npm run notebooks -- --html`:
 * `npx tsx test/notebooks/runner/screenshot-exports.ts [name …]`.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { withPage } from './chromium.js';
import { ROOT } from './cli-run.js';

async function main(): Promise<void> {
  const pages = join(ROOT, 'notebooks/html');
  const out = join(ROOT, 'test-artifacts/screenshots');
  mkdirSync(out, { recursive: true });
  const only = process.argv.slice(2);
  const files = readdirSync(pages).filter(
    (f) => f.endsWith('.html') && (only.length === 0 || only.some((o) => f.includes(o))),
  );
  for (const file of files) {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [480, 1200]) {
        const png = join(out, `${basename(file, '.html')}-${colorScheme}-${width}.png`);
        await withPage(join(pages, file), { colorScheme, width }, async (page) => {
          await page.screenshot({ path: png, fullPage: true });
          // Each figure on its own too: a full page is too tall to look at closely.
          const figures = page.locator('.figure');
          for (let i = 0; i < (await figures.count()); i++) {
            await figures.nth(i).screenshot({ path: png.replace(/\.png$/, `-figure${i + 1}.png`) });
          }
        });
        console.log(png);
      }
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
